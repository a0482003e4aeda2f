/**
 * The side bar's "Runs" view (`rnnLab.training`): the runs of this workspace and the live
 * curves of the active run, drawn by the page built from `webview/sidebar/`.
 */
import * as vscode from 'vscode';
import {
  PROTOCOL_VERSION,
  ReadyGate,
  isWebviewToHost,
  type HostToWebview,
  type InitMessage,
  type RunSummary,
  type SweepSummary,
  type WebviewToHost,
} from '../protocol';
import type { TrainEvent } from '../engine/trainEvents';
import { Disposable, DisposableStore } from './disposable';
import { hostText } from './hostText';
import { explanationLang } from './settings';
import { localResourceRoots, pageAssets } from './webviewAssets';
import { makeNonce, renderShell } from './webviewHtml';

export const TRAINING_VIEW_ID = 'rnnLab.training';

export interface SidebarDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  init(): InitMessage;
  /** The runs to list, newest first, with the one training now marked `running`. */
  runs(): Promise<RunSummary[]>;
  /** The sweeps to list, newest first (each one entry with its points). */
  sweeps(): Promise<SweepSummary[]>;
  activeRunId(): string | undefined;
}

export class TrainingViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private readonly gate: ReadyGate<HostToWebview>;
  private readonly received = this._register(new vscode.EventEmitter<WebviewToHost>());
  /** The current view's listeners (a view can be resolved again after it was disposed). */
  private readonly viewListeners = this._register(new DisposableStore());
  readonly onDidReceiveMessage = this.received.event;

  constructor(private readonly deps: SidebarDeps) {
    super();
    this.gate = new ReadyGate((message) => {
      void this.view?.webview.postMessage(message);
    });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewListeners.clear();
    this.view = view;
    this.viewListeners.add(
      view.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
    this.viewListeners.add(
      view.onDidDispose(() => {
        this.view = undefined;
        this.gate.reset(false);
      }),
    );
    this.render(view);
  }

  /** The explanation language changed: the page again, in it (its curves come with `runs`). */
  relocalize(): void {
    if (this.view) this.render(this.view);
  }

  /** The run list changed: the page gets `runs`. */
  async refresh(): Promise<void> {
    if (this.view && this.gate.isReady) this.gate.post(await this.runsMessage());
  }

  /** Posts to the page (held until it is ready); replies to its requests go this way. */
  post(message: HostToWebview): void {
    if (this.view) this.gate.post(message);
  }

  /** A training event of the lab, for the live curves. */
  mirror(runId: string, event: TrainEvent): void {
    if (this.view && this.gate.isReady) {
      this.gate.post({ type: 'trainEvent', runId, event });
    }
  }

  private async runsMessage(): Promise<HostToWebview> {
    const activeRunId = this.deps.activeRunId();
    const [runs, sweeps] = await Promise.all([this.deps.runs(), this.deps.sweeps()]);
    return {
      type: 'runs',
      runs,
      sweeps,
      ...(activeRunId ? { activeRunId } : {}),
    };
  }

  private render(view: vscode.WebviewView): void {
    const lang = explanationLang();
    const assets = pageAssets(this.deps.extensionUri, 'sidebar');
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: localResourceRoots(this.deps.extensionUri),
    };
    this.gate.reset(false);
    view.title = hostText(lang).runsViewTitle;
    view.webview.html = renderShell({
      view: 'sidebar',
      lang,
      title: hostText(lang).labTitle(),
      cspSource: view.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: view.webview.asWebviewUri(assets.script).toString(),
      styleUri: view.webview.asWebviewUri(assets.style).toString(),
    });
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.deps.log.warn('the training view sent a message the host does not understand');
      return;
    }
    if (message.type === 'ready') {
      if (message.protocol !== PROTOCOL_VERSION) {
        this.deps.log.error(`the training view speaks protocol ${message.protocol}: rebuild it`);
      }
      void this.runsMessage().then((runs) => this.gate.markReady(this.deps.init(), runs));
      return;
    }
    this.received.fire(message);
  }
}
