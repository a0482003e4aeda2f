/**
 * The runs of this workspace: where they live (`rnnLab.runsFolder` in each workspace folder, and
 * `.rnnlab/runs` beside a spec, where the CLI puts them), what is in them, and new ones for the
 * lab. File work goes through `runFiles.ts` (Node fs: the extension host runs where the files are;
 * virtual workspaces are declared unsupported in the manifest).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainEvent } from '../engine/trainEvents';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { RunSummary, SweepSummary } from '../protocol/messages';
import { FileRunStore, createRunFolder, readRunEvents, type Recovery } from '../node/runFiles';
import { findLiveGates, listRuns, type LiveGates } from '../node/runListing';
import { listSweeps } from '../node/sweepFiles';
import { newestRunOfSpec, type RunCandidate } from '../node/specRunLookup';
import { Disposable, DisposableStore } from './disposable';
import { readSettings } from './settings';
import { RUN_FILES } from '../engine/runFileNames';

/** How the lock of a folder the extension writes names its holder. */
export const LOCK_HOLDER = 'the RNN Lab extension';

export interface OpenedRun {
  runId: string;
  dir: string;
  store: FileRunStore;
  /** Workspace-relative folder, for people. */
  folder: string;
}

export class RunIndex extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires (debounced) when a run folder changes on disk or a run is created. */
  readonly onDidChange = this.changed.event;
  private readonly watchers = this._register(new DisposableStore());
  private liveCache = new Map<string, Promise<LiveGates | undefined>>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.watch();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rewatch()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rnnLab.runsFolder')) this.rewatch();
      }),
    );
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /** The configured runs folder of each workspace folder (file system paths). */
  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => path.resolve(f.uri.fsPath, readSettings(f.uri).runsFolder));
  }

  /** Where runs of a spec may be: the configured folder, and the CLI's `.rnnlab/runs` beside it. */
  rootsFor(specUri?: vscode.Uri): string[] {
    const roots = this.roots();
    if (specUri?.scheme === 'file') {
      const beside = path.join(path.dirname(specUri.fsPath), '.rnnlab', 'runs');
      if (!roots.includes(beside)) roots.push(beside);
    }
    return roots;
  }

  /** The runs folder new runs of a spec go to. */
  rootForNewRun(specUri?: vscode.Uri): string | undefined {
    const folder =
      (specUri && vscode.workspace.getWorkspaceFolder(specUri)) ??
      vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    return path.resolve(folder.uri.fsPath, readSettings(folder.uri).runsFolder);
  }

  label(dir: string): string {
    return vscode.workspace.asRelativePath(dir, true);
  }

  async list(specUri?: vscode.Uri): Promise<RunSummary[]> {
    const all = await Promise.all(
      this.rootsFor(specUri).map((root) => listRuns(root, (dir) => this.label(dir))),
    );
    return all.flat();
  }

  /** The sweeps (folders with a `sweep.json`), newest first. */
  async sweeps(specUri?: vscode.Uri): Promise<SweepSummary[]> {
    const all = await Promise.all(
      this.rootsFor(specUri).map((root) => listSweeps(root, (dir) => this.label(dir))),
    );
    return all.flat().sort((a, b) => (b.started ?? '').localeCompare(a.started ?? ''));
  }

  /** The folder of a run id (or a sweep's), searching every root. */
  async find(runId: string, specUri?: vscode.Uri): Promise<string | undefined> {
    for (const root of this.rootsFor(specUri)) {
      const dir = path.join(root, runId);
      if (path.dirname(dir) !== root) continue;
      try {
        await vscode.workspace.fs.stat(vscode.Uri.file(dir));
        return dir;
      } catch {
        // Not under this root.
      }
    }
    return undefined;
  }

  async events(dir: string): Promise<TrainEvent[]> {
    return readRunEvents(dir);
  }

  /** The newest run with a complete checkpoint; runs of `preferName` first. */
  async newestCheckpoint(
    specUri?: vscode.Uri,
    preferName?: string,
  ): Promise<{ dir: string; summary: RunSummary } | undefined> {
    const runs = (await this.list(specUri)).filter((r) => r.hasCheckpoint);
    const chosen = runs.find((r) => r.name === preferName) ?? runs[0];
    if (!chosen) return undefined;
    const dir = await this.find(chosen.id, specUri);
    return dir ? { dir, summary: chosen } : undefined;
  }

  /**
   * The newest run of this very spec (same name and content), with a checkpoint when one has
   * one: what a lab opened on the spec brings back. `skip`: a run not to offer (training now).
   */
  async newestOfSpec(
    specUri: vscode.Uri | undefined,
    spec: ResolvedSpec,
    skip?: string,
  ): Promise<RunCandidate | undefined> {
    const candidates: RunCandidate[] = [];
    for (const summary of await this.list(specUri)) {
      if (summary.name !== spec.name) continue;
      const dir = await this.find(summary.id, specUri);
      if (dir) candidates.push({ summary, dir });
    }
    return newestRunOfSpec(candidates, spec, skip !== undefined ? { skip } : {});
  }

  /** Live gate numbers for hovers (cached until a run changes). */
  liveGates(specUri?: vscode.Uri, preferName?: string): Promise<LiveGates | undefined> {
    const roots = this.rootsFor(specUri);
    const key = `${roots.join('|')}#${preferName ?? ''}`;
    let cached = this.liveCache.get(key);
    if (!cached) {
      cached = findLiveGates(roots, preferName).catch(() => undefined);
      this.liveCache.set(key, cached);
    }
    return cached;
  }

  /** A new run folder with `spec.json` (and `dataset.json`) written, ready for events. */
  async create(
    specUri: vscode.Uri | undefined,
    spec: ResolvedSpec,
    dataset: unknown,
    purpose?: string,
  ): Promise<OpenedRun> {
    const root = this.rootForNewRun(specUri);
    if (!root) throw new Error('runs are saved in a workspace folder on disk: open a folder first');
    const runId = await createRunFolder(root, spec.name, purpose ? { purpose } : {});
    const dir = path.join(root, runId);
    const { store } = await FileRunStore.open(dir, { lock: LOCK_HOLDER });
    await store.writeFile(RUN_FILES.spec, `${JSON.stringify(spec, null, 2)}\n`);
    if (dataset !== undefined) {
      await store.writeFile(RUN_FILES.dataset, `${JSON.stringify(dataset, null, 2)}\n`);
    }
    this.invalidate();
    return { runId, dir, store, folder: this.label(dir) };
  }

  /**
   * Opens an existing run for writing, after repairing what a crash may have left; with `lock`,
   * under the folder's lock (rejects while another live process writes it).
   */
  async open(
    dir: string,
    options: { lock?: boolean } = {},
  ): Promise<{ store: FileRunStore; recovery: Recovery }> {
    const opened = await FileRunStore.open(dir, options.lock ? { lock: LOCK_HOLDER } : {});
    const { removedTempFiles, tornBytes } = opened.recovery;
    if (removedTempFiles.length > 0 || tornBytes > 0) {
      this.log.warn(
        `recovered ${dir}: removed ${removedTempFiles.length} temp file(s), cut ${tornBytes} byte(s) of a torn metrics line`,
      );
    }
    return opened;
  }

  /** Something changed: drop caches and tell listeners (debounced). */
  invalidate(): void {
    this.liveCache = new Map();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), 250);
  }

  private watch(): void {
    for (const root of this.roots()) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(root), '**/*.{jsonl,json}'),
      );
      const onChange = () => this.invalidate();
      this.watchers.add(watcher);
      this.watchers.add(watcher.onDidChange(onChange));
      this.watchers.add(watcher.onDidCreate(onChange));
      this.watchers.add(watcher.onDidDelete(onChange));
    }
  }

  private rewatch(): void {
    this.watchers.clear();
    this.watch();
    this.invalidate();
  }
}
