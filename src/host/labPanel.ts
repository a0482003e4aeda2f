/**
 * The lab: one webview panel (`rnnLab.lab`) beside the spec. It holds the page built from
 * `webview/lab/` and speaks `src/protocol` with it: nothing is posted before the page's `ready`,
 * replies are matched by id, and a restored panel (after a reload) comes back on the spec it
 * showed.
 *
 * What the page shows belongs to one spec. A page that starts on a spec (a new panel, a panel
 * restored after a reload, a page reloaded for another spec or language) gets the spec and then
 * its newest run (curves, trained weights, the inspector on them); opening the lab on another
 * spec reloads the page, so nothing of the previous spec (Compare results, the inspector's input)
 * stays under the new title. While the lab trains, the user is asked before that happens.
 */
import * as vscode from 'vscode';
import {
  PROTOCOL_VERSION,
  ReadyGate,
  Requester,
  isRunId,
  isWebviewToHost,
  type HostRequestReplies,
  type HostToWebview,
  type InitMessage,
  type RequestBody,
  type RequestOptions,
  type RunSnapshot,
  type SpecSnapshot,
  type WebviewToHost,
} from '../protocol';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { sameSpec } from '../spec/specIdentity';
import type { LabController, LabOpenOptions } from './labController';
import { Disposable, DisposableStore } from './disposable';
import { hostText } from './hostText';
import { explanationLang } from './settings';
import { specFileName } from './specDocuments';
import { localResourceRoots, pageAssets } from './webviewAssets';
import { makeNonce, renderShell } from './webviewHtml';

export const LAB_VIEW_TYPE = 'rnnLab.lab';
const LAST_SPEC_KEY = 'rnnLab.lab.specUri';

export interface LabPanelDeps {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** `init`: language, backend, trust. */
  init(): InitMessage;
  /** The spec as the lab should see it (checked, with its data when trusted). */
  snapshot(uri: vscode.Uri): Promise<SpecSnapshot>;
  /** A run of the workspace as the lab loads it (`loadRun`); undefined when it is gone. */
  runSnapshot(runId: string, spec: vscode.Uri | undefined): Promise<RunSnapshot | undefined>;
  /** The newest run of this very spec (same name and content), as `runSnapshot` reads it. */
  latestRun(uri: vscode.Uri, spec: ResolvedSpec): Promise<RunSnapshot | undefined>;
  /** Whether the page is training now (a reload would stop it). */
  isTraining(): boolean;
}

/** What a restored panel's page stored with `vscode.setState` (the page writes `specUri`). */
interface PanelState {
  specUri?: string;
  runId?: string;
}

export class LabPanel extends Disposable implements LabController {
  private panel: vscode.WebviewPanel | undefined;
  /** The open panel's listeners, freed when it closes. */
  private readonly panelListeners = this._register(new DisposableStore());
  private readonly gate: ReadyGate<HostToWebview>;
  private readonly requester: Requester<HostToWebview, HostRequestReplies>;
  private readonly received = this._register(new vscode.EventEmitter<WebviewToHost>());
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  private readonly readied = this._register(new vscode.EventEmitter<void>());
  private readonly pageReset = this._register(new vscode.EventEmitter<void>());
  /** Whether this panel's page has said `ready` before (a second `ready` is a reload). */
  private pageSeen = false;
  private spec: vscode.Uri | undefined;
  /**
   * The run the next page shows instead of the spec's newest: the one a restored panel showed,
   * or the one a command asked for while the page reloads.
   */
  private pendingRun: { id: string; explicit: boolean } | undefined;
  /** The page reloads once the lab stops training (the language changed meanwhile). */
  private reloadWhenIdle = false;

  readonly onDidReceiveMessage = this.received.event;
  readonly onDidClose = this.closed.event;
  /** The page was reloaded: whatever it trained has stopped. */
  readonly onDidResetPage = this.pageReset.event;

  constructor(private readonly deps: LabPanelDeps) {
    super();
    this.gate = new ReadyGate((message) => this.send(message));
    this.requester = new Requester((message) => this.gate.post(message));
    const last = deps.workspaceState.get<string>(LAST_SPEC_KEY);
    if (last) this.spec = vscode.Uri.parse(last);
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get isReady(): boolean {
    return this.gate.isReady;
  }

  get specUri(): vscode.Uri | undefined {
    return this.spec;
  }

  async open(options: LabOpenOptions = {}): Promise<boolean> {
    const { spec, runId } = options;
    if (this.panel) {
      const panel = this.panel;
      if (spec && this.spec?.toString() !== spec.toString()) {
        // Another spec: a fresh page, so nothing of this one is shown under the other's title.
        if (!(await this.confirmReload(spec))) {
          panel.reveal(undefined, options.preserveFocus ?? false);
          return false;
        }
        this.setSpec(spec);
        this.pendingRun = runId !== undefined ? { id: runId, explicit: true } : undefined;
        panel.reveal(undefined, options.preserveFocus ?? false);
        this.reloadPage();
        return true;
      }
      panel.reveal(undefined, options.preserveFocus ?? false);
      if (!this.gate.isReady) {
        if (runId !== undefined) this.pendingRun = { id: runId, explicit: true };
        return true;
      }
      // Always the latest text (unsaved edits included) before a command acts on it.
      if (spec) await this.postSpec();
      if (runId !== undefined) await this.postRun(runId);
      return true;
    }
    if (spec) this.setSpec(spec);
    if (runId !== undefined) this.pendingRun = { id: runId, explicit: true };
    const panel = vscode.window.createWebviewPanel(
      LAB_VIEW_TYPE,
      hostText(explanationLang()).labTitle(this.spec && specFileName(this.spec)),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      {
        enableScripts: true,
        // Training runs inside the page: hiding the tab must not stop it.
        retainContextWhenHidden: true,
        localResourceRoots: localResourceRoots(this.deps.extensionUri),
      },
    );
    await this.attach(panel);
    return true;
  }

  /**
   * A fresh page on the same spec (its newest run comes back): after the explanation language
   * changed. While the lab trains it waits until the training ends.
   */
  reload(): void {
    if (!this.panel) return;
    if (this.deps.isTraining()) {
      this.reloadWhenIdle = true;
      return;
    }
    this.reloadPage();
  }

  /** Takes over a panel VS Code restored after a reload. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = (state ?? {}) as PanelState;
    if (typeof saved.specUri === 'string') this.setSpec(vscode.Uri.parse(saved.specUri));
    if (this.panel) {
      // Only one lab: a second restored panel is closed.
      panel.dispose();
      return;
    }
    if (isRunId(saved.runId)) this.pendingRun = { id: saved.runId, explicit: false };
    await this.attach(panel);
  }

  whenReady(timeoutMs: number, token?: vscode.CancellationToken): Promise<boolean> {
    if (this.gate.isReady) return Promise.resolve(true);
    if (!this.panel) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiting = new DisposableStore();
      const finish = (value: boolean) => {
        clearTimeout(timer);
        waiting.dispose();
        resolve(value);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      waiting.add(this.readied.event(() => finish(true)));
      waiting.add(this.closed.event(() => finish(false)));
      if (token) waiting.add(token.onCancellationRequested(() => finish(false)));
    });
  }

  post(message: HostToWebview): void {
    this.gate.post(message);
  }

  request<B extends RequestBody<HostToWebview>>(
    body: B,
    options?: RequestOptions,
  ): Promise<HostRequestReplies[B['type']]> {
    return this.requester.request(body, options);
  }

  /** Re-sends the spec (after it was saved, or trust was granted). */
  async reloadSpec(): Promise<void> {
    if (this.gate.isReady) await this.postSpec();
  }

  /** Whether a page training now may be replaced by one on `next` (asks the user). */
  private async confirmReload(next: vscode.Uri): Promise<boolean> {
    if (!this.deps.isTraining()) return true;
    const text = hostText(explanationLang());
    const current = this.spec ? specFileName(this.spec) : '';
    const choice = await vscode.window.showWarningMessage(
      text.switchWhileTraining(current, specFileName(next)),
      { modal: true },
      text.switchSpec,
    );
    return choice === text.switchSpec;
  }

  private reloadPage(): void {
    if (!this.panel) return;
    this.reloadWhenIdle = false;
    // Replies the old page owed will never come.
    this.requester.rejectAll('the lab page reloaded');
    this.pageSeen = false;
    this.panel.title = hostText(explanationLang()).labTitle(this.spec && specFileName(this.spec));
    this.render(this.panel);
    this.pageReset.fire();
  }

  private setSpec(uri: vscode.Uri): void {
    this.spec = uri;
    void this.deps.workspaceState.update(LAST_SPEC_KEY, uri.toString());
    if (this.panel) {
      this.panel.title = hostText(explanationLang()).labTitle(specFileName(uri));
    }
  }

  private async attach(panel: vscode.WebviewPanel): Promise<void> {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'rnnlab.svg');
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: localResourceRoots(this.deps.extensionUri),
    };
    this.panelListeners.add(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
    this.panelListeners.add(panel.onDidDispose(() => this.detach()));
    this.render(panel);
  }

  private render(panel: vscode.WebviewPanel): void {
    const lang = explanationLang();
    const assets = pageAssets(this.deps.extensionUri, 'lab');
    this.gate.reset();
    panel.webview.html = renderShell({
      view: 'lab',
      lang,
      title: hostText(lang).labTitle(this.spec && specFileName(this.spec)),
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(assets.script).toString(),
      styleUri: panel.webview.asWebviewUri(assets.style).toString(),
    });
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.deps.log.warn('the lab sent a message the host does not understand', message);
      return;
    }
    switch (message.type) {
      case 'ready':
        void this.onReady(message.protocol);
        return;
      case 'status':
        this.received.fire(message);
        if (message.state === 'idle' && this.reloadWhenIdle) this.reloadPage();
        return;
      case 'reply':
        if (!this.requester.handleReply(message)) {
          this.deps.log.debug(`ignored a reply to unknown request ${message.requestId}`);
        }
        return;
      default:
        this.received.fire(message);
    }
  }

  private async onReady(protocol: number): Promise<void> {
    if (protocol !== PROTOCOL_VERSION) {
      this.deps.log.error(
        `the lab page speaks protocol ${protocol}, the host ${PROTOCOL_VERSION}: rebuild (npm run build)`,
      );
    }
    // A page that reloads starts over: replies owed by the old page will never come. (Requests
    // queued before the first `ready` are still waiting to be sent, so they stay.)
    if (this.pageSeen) this.requester.rejectAll('the lab page reloaded');
    this.pageSeen = true;
    const first: HostToWebview[] = [this.deps.init()];
    let snapshot: SpecSnapshot | undefined;
    if (this.spec) {
      try {
        snapshot = await this.deps.snapshot(this.spec);
        first.push({ type: 'loadSpec', snapshot });
      } catch (error) {
        this.deps.log.error(`could not load ${this.spec.toString()} into the lab`, error);
      }
    }
    const run = await this.runToShow(snapshot);
    if (run) first.push({ type: 'loadRun', run });
    this.gate.markReady(...first);
    this.readied.fire();
  }

  /**
   * The run a starting page shows: the one asked for, the one a restored panel showed (when it
   * is of this spec), else the spec's newest run.
   */
  private async runToShow(snapshot: SpecSnapshot | undefined): Promise<RunSnapshot | undefined> {
    const pending = this.pendingRun;
    this.pendingRun = undefined;
    try {
      if (pending) {
        const run = await this.deps.runSnapshot(pending.id, this.spec);
        const spec = snapshot?.spec;
        if (run && (pending.explicit || !spec || sameSpec(spec, run.spec)))
          return this.asOf(run, snapshot);
      }
      if (this.spec && snapshot?.spec) {
        const latest = await this.deps.latestRun(this.spec, snapshot.spec);
        if (latest)
          this.deps.log.info(
            `the lab shows run ${latest.summary.id}, the newest of ${specFileName(this.spec)}`,
          );
        return latest && this.asOf(latest, snapshot);
      }
    } catch (error) {
      this.deps.log.warn(
        `could not bring a run of ${this.spec?.toString() ?? '?'} back into the lab`,
        error,
      );
    }
    return undefined;
  }

  /**
   * A run of the spec as written now: the same model and data, so the file's epochs and inputs
   * to inspect (which do not change the model) are the ones shown.
   */
  private asOf(run: RunSnapshot, snapshot: SpecSnapshot | undefined): RunSnapshot {
    const spec = snapshot?.spec;
    return spec && sameSpec(spec, run.spec) ? { ...run, spec } : run;
  }

  private async postRun(runId: string): Promise<void> {
    const run = await this.deps.runSnapshot(runId, this.spec);
    if (run) this.gate.post({ type: 'loadRun', run });
  }

  private async postSpec(): Promise<void> {
    if (!this.spec) return;
    this.gate.post({ type: 'loadSpec', snapshot: await this.deps.snapshot(this.spec) });
  }

  private send(message: HostToWebview): void {
    if (!this.panel) return;
    this.panel.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.deps.log.debug(`the lab did not take "${message.type}"`);
      },
      (error: unknown) => this.deps.log.error(`posting "${message.type}" failed`, error),
    );
  }

  private detach(): void {
    this.panelListeners.clear();
    this.panel = undefined;
    this.pageSeen = false;
    this.pendingRun = undefined;
    this.reloadWhenIdle = false;
    this.gate.reset(false);
    this.requester.rejectAll('the lab was closed');
    this.closed.fire();
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
