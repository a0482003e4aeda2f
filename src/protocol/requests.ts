/**
 * Request/reply over `postMessage`, and the `ready` handshake. A request carries a `requestId`;
 * the other side answers with a `reply` of the same id. Replies with an id nobody waits for (a
 * late answer after a timeout, a reply meant for a previous page) are ignored.
 */
import type { Reply } from './messages';

/** A request of `Out`: a message that carries a `requestId` and is not itself a reply. */
type RequestMessage<Out extends { type: string }> = Exclude<
  Extract<Out, { requestId: number }>,
  { type: 'reply' }
>;

type RequestType<Out extends { type: string }> = RequestMessage<Out>['type'];

/** `Omit` applied to each member of a union (plain `Omit` would merge them). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A request without its id, as callers of `Requester.request` write it. */
export type RequestBody<Out extends { type: string }> = DistributiveOmit<
  RequestMessage<Out>,
  'requestId'
>;

export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
}

/** The other side answered with `ok: false`. */
export class RequestFailedError extends Error {
  override readonly name = 'RequestFailedError';
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
  type: string;
}

export interface RequestOptions {
  /** Milliseconds before the request fails with `RequestTimeoutError`; 0 waits forever. */
  timeoutMs?: number;
}

/**
 * Sends requests of the union `Out` and matches the replies. `Replies` maps each request type
 * to the type of its reply's value.
 */
export class Requester<
  Out extends { type: string },
  Replies extends { [K in RequestType<Out>]: unknown },
> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly post: (message: Out) => void,
    private readonly defaultTimeoutMs = 30_000,
  ) {}

  request<B extends RequestBody<Out>>(
    body: B,
    options: RequestOptions = {},
  ): Promise<Replies[B['type'] & keyof Replies]> {
    const requestId = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const type: string = body.type;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(requestId);
              reject(new RequestTimeoutError(`no reply to "${type}" within ${timeoutMs} ms`));
            }, timeoutMs)
          : undefined;
      this.pending.set(requestId, {
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
        type,
      });
      try {
        this.post({ ...body, requestId } as unknown as Out);
      } catch (error) {
        this.settle(requestId);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /**
   * Settles the request a reply answers. Returns false (and does nothing) for anything that is
   * not a reply to a pending request of this requester.
   */
  handleReply(message: unknown): boolean {
    if (!isReply(message)) return false;
    const pending = this.settle(message.requestId);
    if (!pending) return false;
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new RequestFailedError(`"${pending.type}" failed: ${message.error}`));
    return true;
  }

  /** Requests still waiting for their reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Fails every pending request (the page went away). */
  rejectAll(reason: string): void {
    for (const [id, pending] of [...this.pending]) {
      this.settle(id);
      pending.reject(new RequestFailedError(`"${pending.type}" was abandoned: ${reason}`));
    }
  }

  private settle(requestId: number): Pending | undefined {
    const pending = this.pending.get(requestId);
    if (!pending) return undefined;
    this.pending.delete(requestId);
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    return pending;
  }
}

export function okReply(requestId: number, value?: unknown): Reply {
  return value === undefined
    ? { type: 'reply', requestId, ok: true }
    : { type: 'reply', requestId, ok: true, value };
}

export function errorReply(requestId: number, error: unknown): Reply {
  const text = error instanceof Error ? error.message : String(error);
  return { type: 'reply', requestId, ok: false, error: text };
}

/**
 * Answers one request: runs `work` and posts its value as the reply, or its error's message.
 * Never rejects, so a handler cannot leave an unhandled rejection behind.
 */
export async function answer<T>(
  post: (reply: Reply) => void,
  requestId: number,
  work: () => T | Promise<T>,
): Promise<void> {
  let reply: Reply;
  try {
    reply = okReply(requestId, await work());
  } catch (error) {
    reply = errorReply(requestId, error);
  }
  try {
    post(reply);
  } catch {
    // The page is gone; nobody is left to answer.
  }
}

export function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.type === 'reply' &&
    typeof v.requestId === 'number' &&
    Number.isInteger(v.requestId) &&
    (v.ok === true || (v.ok === false && typeof v.error === 'string'))
  );
}

/**
 * Holds messages until the page has said `ready`, then sends them in order. `reset` when the
 * page goes away or reloads: messages wait again for the next `ready`.
 */
export class ReadyGate<M> {
  private ready = false;
  private queue: M[] = [];

  constructor(private readonly send: (message: M) => void) {}

  get isReady(): boolean {
    return this.ready;
  }

  post(message: M): void {
    if (this.ready) this.send(message);
    else this.queue.push(message);
  }

  /** The page is ready: `first` goes out before the queued messages (e.g. `init`). */
  markReady(...first: M[]): void {
    this.ready = true;
    const queued = this.queue;
    this.queue = [];
    for (const message of [...first, ...queued]) this.send(message);
  }

  /** The page is gone or reloading; `keepQueued` false also drops what waits. */
  reset(keepQueued = true): void {
    this.ready = false;
    if (!keepQueued) this.queue = [];
  }

  get queuedCount(): number {
    return this.queue.length;
  }
}
