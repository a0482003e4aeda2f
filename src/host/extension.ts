/**
 * The extension's entry point: creates the log, the spec checks, the run index, the lab panel,
 * the side bar, hovers, CodeLenses and commands, and wires the lab's messages to the run store.
 * No telemetry: nothing leaves the machine.
 */
import * as vscode from 'vscode';
import {
  PROTOCOL_VERSION,
  type InitMessage,
  type RunSnapshot,
  type SpecSnapshot,
  type ViewKind,
} from '../protocol';
import { SpecCodeLensProvider } from './codeLens';
import { COMMAND_IDS, openLabOnRun, registerCommands, showSavedSweep } from './commands';
import { SpecDiagnostics } from './diagnostics';
import { registerHovers } from './hovers';
import { registerQuickFixes } from './quickFixes';
import type { LabController } from './labController';
import { LAB_VIEW_TYPE, LabPanel } from './labPanel';
import { LabSession, TRAINING_CONTEXT_KEY } from './labSession';
import { readRunSnapshot } from '../node/runListing';
import { RunIndex } from './runIndex';
import { hostText } from './hostText';
import { explanationLang, readSettings } from './settings';
import { SpecTracker, specFileName } from './specDocuments';
import { SPECS_VIEW_ID, SpecTreeProvider } from './specTree';
import { TrainingStatusBar } from './statusBar';
import { TRAINING_VIEW_ID, TrainingViewProvider } from './sidebarView';
import { openWalkthroughOnce, setLanguageContext } from './walkthrough';
import { registerEditorSchema } from './editorSchema';

/** What `activate` returns: for the integration tests, and for other extensions that want it. */
export interface RnnLabApi {
  readonly commands: readonly string[];
  readonly lab: LabController;
  readonly session: LabSession;
  readonly runs: RunIndex;
  readonly diagnostics: SpecDiagnostics;
}

export function activate(context: vscode.ExtensionContext): RnnLabApi {
  const log = vscode.window.createOutputChannel('RNN Lab', { log: true });
  const specs = new SpecTracker();
  const diagnostics = new SpecDiagnostics(log);
  const runs = new RunIndex(log);
  const statusBar = new TrainingStatusBar();

  const init = (view: ViewKind): InitMessage => ({
    type: 'init',
    protocol: PROTOCOL_VERSION,
    view,
    lang: explanationLang(),
    backend: readSettings().backend,
    trusted: vscode.workspace.isTrusted,
  });

  const snapshot = async (uri: vscode.Uri): Promise<SpecSnapshot> => {
    const document = await vscode.workspace.openTextDocument(uri);
    const check = await diagnostics.check(document);
    const result: SpecSnapshot = {
      uri: uri.toString(),
      fileName: specFileName(uri),
      text: document.getText(),
      problems: check.problems,
      dataLoaded: check.dataChecked,
    };
    if (check.spec) result.spec = check.spec;
    if (check.sweep) result.sweep = check.sweep;
    if (check.data) result.data = check.data;
    return result;
  };

  const lab: LabPanel = new LabPanel({
    extensionUri: context.extensionUri,
    workspaceState: context.workspaceState,
    log,
    init: () => init('lab'),
    snapshot,
    runSnapshot: async (runId, spec) => {
      if (!vscode.workspace.isTrusted) return undefined;
      const dir = await runs.find(runId, spec);
      return dir ? readRunSnapshot(dir, runs.label(dir)) : undefined;
    },
    latestRun: async (uri, spec): Promise<RunSnapshot | undefined> => {
      if (!vscode.workspace.isTrusted) return undefined;
      const newest = await runs.newestOfSpec(uri, spec, session.activeRunId);
      return newest ? readRunSnapshot(newest.dir, runs.label(newest.dir)) : undefined;
    },
    isTraining: (): boolean => session.isTraining,
  });
  const session: LabSession = new LabSession({
    log,
    runs,
    specUri: () => lab.specUri,
    openRun: openLabOnRun,
    openSweep: (sweepId) => showSavedSweep({ lab, runs, log }, sweepId),
    isTrusted: () => vscode.workspace.isTrusted,
  });
  const sidebar = new TrainingViewProvider({
    extensionUri: context.extensionUri,
    log,
    init: () => init('sidebar'),
    activeRunId: () => session.activeRunId,
    runs: async () => {
      // Untrusted: nothing of the workspace is read but the specs' text.
      if (!vscode.workspace.isTrusted) return [];
      const active = session.activeRunId;
      return (await runs.list()).map((run) =>
        run.id === active ? { ...run, status: 'running' as const } : run,
      );
    },
    sweeps: async () => (vscode.workspace.isTrusted ? runs.sweeps() : []),
  });
  const codeLenses = new SpecCodeLensProvider();
  const editorSchema = registerEditorSchema(context.extensionUri, explanationLang);
  const specsView = vscode.window.createTreeView(SPECS_VIEW_ID, {
    treeDataProvider: new SpecTreeProvider(),
  });
  specsView.title = hostText(explanationLang()).specsViewTitle;
  // Per-batch events reach the workbench at most every 250 ms, in one go: a page that trains
  // fast must not flood it (in a browser the lab shares the workbench's thread).
  const trainEvents = new Throttled(250, (runId, event) => {
    statusBar.update(runId, event);
    sidebar.mirror(runId, event);
  });

  context.subscriptions.push(
    log,
    specs,
    diagnostics,
    runs,
    statusBar,
    lab,
    session,
    sidebar,
    codeLenses,
    editorSchema.provider,
    editorSchema.registration,
    lab.onDidReceiveMessage((message) =>
      session.handle(message, (reply) => lab.post(reply), 'lab'),
    ),
    lab.onDidClose(() => session.labClosed()),
    lab.onDidResetPage(() => session.labClosed()),
    sidebar.onDidReceiveMessage((message) =>
      session.handle(message, (reply) => sidebar.post(reply), 'sidebar'),
    ),
    session.onTrainEvent(({ runId, event }) => trainEvents.add(runId, event)),
    trainEvents,
    runs.onDidChange(() => void sidebar.refresh()),
    vscode.window.registerWebviewPanelSerializer(LAB_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => lab.restore(panel, state),
    }),
    vscode.window.registerWebviewViewProvider(TRAINING_VIEW_ID, sidebar),
    specsView,
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.rnnlab.json' }, codeLenses),
    registerHovers(runs),
    registerQuickFixes(diagnostics),
    ...registerCommands({
      extensionUri: context.extensionUri,
      log,
      specs,
      diagnostics,
      lab,
      session,
      runs,
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void lab.reloadSpec();
      void sidebar.refresh();
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (lab.specUri?.toString() === document.uri.toString()) void lab.reloadSpec();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Everything that speaks follows the language at once, both ways: the views' titles, the
      // side bar's and the lab's pages (reloaded: the lab comes back on its spec's newest run,
      // after the training when one is under way), the CodeLenses, the walkthrough's steps, the
      // schema's docs in VS Code's JSON hovers.
      if (e.affectsConfiguration('rnnLab.explanationLanguage')) {
        specsView.title = hostText(explanationLang()).specsViewTitle;
        void setLanguageContext(explanationLang());
        editorSchema.provider.refresh();
        codeLenses.refresh();
        sidebar.relocalize();
        lab.reload();
      }
    }),
  );
  void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT_KEY, false);
  // The walkthrough's steps show in the language of this key: set it before opening it.
  const lang = explanationLang();
  void setLanguageContext(lang).then(() => openWalkthroughOnce(context));
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  log.info(
    vscode.workspace.isTrusted
      ? `RNN Lab ${version} activated in a trusted workspace`
      : `RNN Lab ${version} activated in an untrusted workspace: no data files are read, nothing is trained`,
  );
  return { commands: COMMAND_IDS, lab, session, runs, diagnostics };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; appends already on their way finish on their own.
}

type TrainEventOf = Parameters<TrainingStatusBar['update']>[1];

/**
 * Passes train events on in order, but the per-batch ones (`batch`, `gradients`) at most every
 * `ms`, all waiting ones in one go (one message to the workbench rather than one per batch);
 * any other event goes at once, after those waiting.
 */
class Throttled implements vscode.Disposable {
  private pending: [string, TrainEventOf][] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly ms: number,
    private readonly send: (runId: string, event: TrainEventOf) => void,
  ) {}
  add(runId: string, event: TrainEventOf): void {
    this.pending.push([runId, event]);
    if (event.type !== 'batch' && event.type !== 'gradients') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.ms);
  }
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [runId, event] of this.pending.splice(0)) this.send(runId, event);
  }
  dispose(): void {
    // The status bar and the side bar may be gone already: drop what waits.
    clearTimeout(this.timer);
    this.pending = [];
  }
}
