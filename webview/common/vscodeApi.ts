/**
 * The page's line to the extension host. Inside VS Code that is `acquireVsCodeApi()` (callable
 * once per page); in a plain browser page (tests, a designer opening `dist/` by hand) it is a fake
 * host in the same page, so every page loads and works without VS Code.
 *
 * Host → page messages arrive as `message` events on `window` in both cases (VS Code delivers them
 * that way; the fake host dispatches its replies the same way, and a test may post its own with
 * `window.postMessage`).
 */
import {
  PROTOCOL_VERSION,
  okReply,
  type HostToWebview,
  type InitMessage,
  type SpecSnapshot,
  type ViewKind,
  type WebviewToHost,
} from '../../src/protocol';

/** What `acquireVsCodeApi()` returns (VS Code's webview API). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * A test's hook, defined on `window` before the page's script runs (Playwright `addInitScript`).
 * Its presence is what "test mode" means: only then does a page expose its own test handles. In a
 * plain page the fake host answers through it; inside VS Code (the end-to-end tests) the page
 * talks to the real host and only the hook's presence counts.
 */
export interface TestHostHook {
  /** Every message the page posts; return true when the test answers it itself. */
  receive?(message: WebviewToHost): boolean | undefined;
  /** Fields of the `init` the fake host sends after `ready`. */
  init?: Partial<InitMessage>;
  /** Posted as `loadSpec` right after `init`. */
  snapshot?: SpecSnapshot;
}

export const TEST_HOOK_NAME = 'rnnLabTestHost';

declare global {
  interface Window {
    acquireVsCodeApi?: () => VsCodeApi;
    rnnLabTestHost?: TestHostHook;
  }
}

export interface HostApi extends VsCodeApi {
  /** True inside VS Code; false with the fake host. */
  readonly inVsCode: boolean;
  /** The test hook, when a test loaded the page. */
  readonly testHook: TestHostHook | undefined;
}

/**
 * Answers the page like a host that stores nothing: `init` after `ready`, a run id for
 * `startRun` and `saveSweep`, success for checkpoints and files. Enough for the page to train and show results.
 */
class FakeHost implements VsCodeApi {
  private state: unknown;
  private runs = 0;

  constructor(
    private readonly view: ViewKind,
    private readonly hook: TestHostHook | undefined,
  ) {}

  postMessage(message: unknown): void {
    const m = message as WebviewToHost;
    if (this.hook?.receive?.(m) === true) return;
    switch (m.type) {
      case 'ready':
        this.deliver(this.initMessage());
        if (this.hook?.snapshot) this.deliver({ type: 'loadSpec', snapshot: this.hook.snapshot });
        return;
      case 'startRun': {
        this.runs += 1;
        const runId = `fake-${this.runs}-${m.purpose ?? m.spec.name}`;
        this.deliver(okReply(m.requestId, { runId, folder: `.rnnlab/runs/${runId}` }));
        return;
      }
      case 'saveCheckpoint':
        this.deliver(okReply(m.requestId, { written: m.files.map((f) => f.name) }));
        return;
      case 'saveFile':
        this.deliver(okReply(m.requestId, {}));
        return;
      case 'saveSweep': {
        const sweepId = m.sweepId ?? `fake-sweep-${m.record.spec}`;
        this.deliver(okReply(m.requestId, { sweepId, folder: `.rnnlab/runs/${sweepId}` }));
        return;
      }
      default:
        return;
    }
  }

  getState(): unknown {
    return this.state;
  }

  setState(state: unknown): void {
    this.state = state;
  }

  private initMessage(): InitMessage {
    const lang = document.body.dataset['lang'] === 'ko' ? 'ko' : 'en';
    return {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      view: this.view,
      lang,
      backend: 'auto',
      trusted: true,
      ...this.hook?.init,
    };
  }

  /** As a host would: asynchronously, as a `message` event on the window. */
  private deliver(message: HostToWebview): void {
    setTimeout(() => window.postMessage(message, '*'), 0);
  }
}

let api: HostApi | undefined;

/** The page's host API (one per page: VS Code allows `acquireVsCodeApi` to be called once). */
export function hostApi(view: ViewKind): HostApi {
  if (api) return api;
  const hook = window.rnnLabTestHost;
  const vscode = window.acquireVsCodeApi?.();
  const inner = vscode ?? new FakeHost(view, hook);
  api = {
    inVsCode: vscode !== undefined,
    testHook: hook,
    postMessage: (message) => inner.postMessage(message),
    getState: () => inner.getState(),
    setState: (state) => inner.setState(state),
  };
  return api;
}
