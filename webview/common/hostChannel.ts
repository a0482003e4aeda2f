/**
 * The typed protocol (src/protocol) on the page's side: post `WebviewToHost` messages, request and
 * await the host's replies, hear `HostToWebview` messages (anything else that arrives as a
 * `message` event is ignored, so a stray `postMessage` cannot drive the page).
 */
import {
  PROTOCOL_VERSION,
  Requester,
  isHostToWebview,
  type HostToWebview,
  type RequestBody,
  type RequestOptions,
  type ViewKind,
  type WebviewRequestReplies,
  type WebviewToHost,
} from '../../src/protocol';
import { hostApi, type HostApi } from './vscodeApi';

export class HostChannel {
  readonly api: HostApi;
  private readonly requester: Requester<WebviewToHost, WebviewRequestReplies>;
  private readonly listeners = new Set<(message: HostToWebview) => void>();

  constructor(readonly view: ViewKind) {
    this.api = hostApi(view);
    this.requester = new Requester((message) => this.api.postMessage(message));
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data;
      if (!isHostToWebview(message)) return;
      if (message.type === 'reply') {
        this.requester.handleReply(message);
        return;
      }
      for (const listener of [...this.listeners]) listener(message);
    });
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  request<B extends RequestBody<WebviewToHost>>(
    body: B,
    options?: RequestOptions,
  ): Promise<WebviewRequestReplies[B['type']]> {
    return this.requester.request(body, options);
  }

  onMessage(listener: (message: HostToWebview) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The handshake: the host posts nothing before this. Call once the listeners are in place. */
  ready(): void {
    this.post({ type: 'ready', view: this.view, protocol: PROTOCOL_VERSION });
  }

  /** A line in the host's log (the "RNN Lab" output channel). */
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.post({ type: 'log', level, message });
  }
}
