/**
 * The host's side of what the webviews ask and report: new runs and their events go to the run
 * store as they arrive (so a closed panel or a reload loses at most the current batch), checkpoints
 * are written atomically, exports go through a save dialog, problems are revealed in the spec, and
 * the status bar, the side bar and the `rnnLab.training` context key follow the training.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainEvent } from '../engine/trainEvents';
import { answer, type Payload, type Reply, type WebviewToHost } from '../protocol';
import { payloadBytes } from '../protocol/payload';
import type { ViewKind } from '../protocol/messages';
import { Disposable } from './disposable';
import { hostText } from './hostText';
import { LOCK_HOLDER, type RunIndex } from './runIndex';
import { refusal, RunWriter } from './runWriter';
import { SweepWriter } from './sweepWriter';
import { explanationLang } from './settings';
import { isSpecUri } from './specDocuments';

export const TRAINING_CONTEXT_KEY = 'rnnLab.training';

export interface SessionDeps {
  log: vscode.LogOutputChannel;
  runs: RunIndex;
  /** The spec new runs belong to (the lab's). */
  specUri(): vscode.Uri | undefined;
  /** Opens the lab on a run (the side bar asked). */
  openRun(runId: string): Promise<void>;
  /** Shows a saved sweep in the lab (the side bar asked). */
  openSweep(sweepId: string): Promise<void>;
  /** Workspace Trust, asked for every message: the host never takes the page's word for it. */
  isTrusted(): boolean;
}

export interface SessionTrainEvent {
  runId: string;
  event: TrainEvent;
}

/** Bytes of a payload; base64 through Node's decoder, which is fast on megabytes of weights. */
export function decodePayload(payload: Payload): Uint8Array {
  return payload.encoding === 'base64'
    ? Buffer.from(payload.data, 'base64')
    : payloadBytes(payload);
}

const SAVE_FILTERS: Record<'png' | 'csv' | 'json', Record<string, string[]>> = {
  png: { PNG: ['png'] },
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
};

export class LabSession extends Disposable {
  private readonly writer: RunWriter;
  private readonly sweeps: SweepWriter;
  private training: string | undefined;
  private busy = false;
  private readonly events = this._register(new vscode.EventEmitter<SessionTrainEvent>());
  /** Every training event, after it was appended to the run's `metrics.jsonl`. */
  readonly onTrainEvent = this.events.event;

  constructor(private readonly deps: SessionDeps) {
    super();
    this.writer = new RunWriter({
      create: async (spec, dataset, purpose) =>
        deps.runs.create(deps.specUri(), spec, dataset, purpose),
      reopen: async (runId) => {
        const dir = await deps.runs.find(runId, deps.specUri());
        return dir ? { dir, store: (await deps.runs.open(dir, { lock: true })).store } : undefined;
      },
    });
    this.sweeps = new SweepWriter({
      root: () => {
        const root = deps.runs.rootForNewRun(deps.specUri());
        if (!root) throw new Error('sweeps are saved in a workspace folder on disk: open a folder');
        return root;
      },
      find: (sweepId) => deps.runs.find(sweepId, deps.specUri()),
      label: (dir) => deps.runs.label(dir),
      holder: LOCK_HOLDER,
    });
  }

  /** The run training now, if any. */
  get activeRunId(): string | undefined {
    return this.training;
  }

  /** Whether the lab is training (or paused in the middle of it). */
  get isTraining(): boolean {
    return this.busy;
  }

  /** The lab was closed: whatever it trained has stopped. */
  labClosed(): void {
    if (this.busy) this.setTraining(false);
  }

  /**
   * Handles one message of a webview (`from` says which: the host knows whose channel it came
   * through); `reply` posts an answer back to that webview. Messages the host refuses (see
   * `runWriter.ts`) are logged and, when they asked for an answer, answered with the reason.
   */
  handle(message: WebviewToHost, reply: (message: Reply) => void, from: ViewKind): void {
    const refused = refusal(message, from, this.deps.isTrusted());
    if (refused !== undefined) {
      this.deps.log.warn(`refused a message of the ${from} view: ${refused}`);
      if ('requestId' in message && message.type !== 'reply') {
        void answer(reply, message.requestId, () => Promise.reject(new Error(refused)));
      }
      return;
    }
    switch (message.type) {
      case 'startRun':
        void answer(reply, message.requestId, async () => {
          const opened = await this.writer.startRun(message.spec, message.dataset, message.purpose);
          this.deps.log.info(`run ${opened.runId} started in ${opened.folder}`);
          return { runId: opened.runId, folder: opened.folder };
        });
        return;
      case 'trainEvent':
        void this.record(message.runId, message.event);
        return;
      case 'saveCheckpoint':
        void answer(reply, message.requestId, async () => {
          const files = message.files.map((f) => ({
            name: f.name,
            data: decodePayload(f.payload),
          }));
          const written = await this.writer.saveCheckpoint(message.runId, files);
          this.deps.runs.invalidate();
          return { written };
        });
        return;
      case 'saveFile':
        void answer(reply, message.requestId, () => this.saveFile(message));
        return;
      case 'revealProblem':
        void this.revealProblem(message);
        return;
      case 'log':
        this.logFromPage(message.level, message.message);
        return;
      case 'status':
        if (message.state === 'idle') this.setTraining(false);
        else this.setTraining(true, message.runId ?? this.training);
        return;
      case 'openRun':
        void this.deps.openRun(message.runId).catch((error: unknown) => {
          this.deps.log.error(`opening run ${message.runId} failed`, error);
        });
        return;
      case 'openSweep':
        void this.deps.openSweep(message.sweepId).catch((error: unknown) => {
          this.deps.log.error(`opening sweep ${message.sweepId} failed`, error);
        });
        return;
      case 'saveSweep':
        void answer(reply, message.requestId, async () => {
          const saved = await this.sweeps.save(message.sweepId, message.record);
          if (message.sweepId === undefined) {
            this.deps.log.info(`sweep ${saved.sweepId} started in ${saved.folder}`);
          }
          this.deps.runs.invalidate();
          return saved;
        });
        return;
      case 'ready':
      case 'reply':
        // Consumed by the panel and the view themselves.
        return;
    }
  }

  /** Waits for every event given so far to be on disk (tests, deactivation). */
  async flush(): Promise<void> {
    await this.writer.flush();
    await this.sweeps.flush();
  }

  private async record(runId: string, event: TrainEvent): Promise<void> {
    try {
      await this.writer.recordEvent(runId, event);
    } catch (error) {
      this.deps.log.error(`could not save a "${event.type}" event of run ${runId}`, error);
    }
    if (event.type === 'start') this.setTraining(true, runId);
    if (event.type === 'done' || event.type === 'stopped' || event.type === 'failed') {
      if (this.training === runId) this.setTraining(false);
      if (event.type === 'failed') this.deps.log.error(`run ${runId} failed: ${event.message}`);
      else this.deps.log.info(`run ${runId} ${event.type} at epoch ${event.epoch}`);
    }
    if (event.type === 'epoch' || event.type === 'start' || event.type === 'checkpoint') {
      this.deps.runs.invalidate();
    }
    this.events.fire({ runId, event });
  }

  private setTraining(busy: boolean, runId?: string): void {
    this.busy = busy;
    this.training = busy ? runId : undefined;
    void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT_KEY, busy);
  }

  private async saveFile(message: Extract<WebviewToHost, { type: 'saveFile' }>) {
    const text = hostText(explanationLang());
    const name =
      path.basename(message.suggestedName.replace(/\\/g, '/')) || `export.${message.kind}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: text.saveFileTitle,
      filters: SAVE_FILTERS[message.kind],
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return {};
    await vscode.workspace.fs.writeFile(target, decodePayload(message.payload));
    const shown = vscode.workspace.asRelativePath(target, true);
    void vscode.window.showInformationMessage(text.savedFile(shown));
    return { saved: target.toString() };
  }

  private async revealProblem(message: Extract<WebviewToHost, { type: 'revealProblem' }>) {
    const uri = vscode.Uri.parse(message.uri);
    // The page may only point into specs, not open arbitrary files.
    if (!isSpecUri(uri)) return;
    const line = Math.max(0, message.line - 1);
    const start = new vscode.Position(line, Math.max(0, message.column - 1));
    const end = start.translate(0, Math.max(0, message.length ?? 0));
    const editor = await vscode.window.showTextDocument(uri, {
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(start, end),
    });
    editor.revealRange(
      new vscode.Range(start, end),
      vscode.TextEditorRevealType.InCenterIfOutsideViewport,
    );
  }

  private logFromPage(level: string, text: string): void {
    const line = `[lab] ${text}`;
    switch (level) {
      case 'trace':
        this.deps.log.trace(line);
        break;
      case 'debug':
        this.deps.log.debug(line);
        break;
      case 'warn':
        this.deps.log.warn(line);
        break;
      case 'error':
        this.deps.log.error(line);
        break;
      default:
        this.deps.log.info(line);
    }
  }

  override dispose(): void {
    super.dispose();
    // Releases the run folders' locks once their last writes are done.
    void this.writer.dispose();
    void this.sweeps.dispose();
  }
}
