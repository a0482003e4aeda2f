/**
 * The commands of the "RNN Lab" category. Commands that need the lab (train, stop, inspect,
 * compare, bottleneck) go through `LabController`; the rest work in the host alone. Every command
 * that reads data files or trains asks for workspace trust first.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FinalMetrics } from '../engine/trainEvents';
import { isRunId, type GateFocus } from '../protocol';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { TASK_INFO, TASK_KINDS, type TaskKind } from '../spec/taskKinds';
import { checkInputs, inputSideOf } from '../tasks';
import type { SpecDiagnostics } from './diagnostics';
import { hostText, type HostText } from './hostText';
import type { LabController } from './labController';
import type { LabSession, SessionTrainEvent } from './labSession';
import { modelFiles } from '../node/checkpointFiles';
import { readRunSnapshot } from '../node/runListing';
import type { RunIndex } from './runIndex';
import { explanationLang } from './settings';
import type { SpecCheck } from '../tasks/checkSpecAndData';
import { SPEC_SUFFIX, specFileName, type SpecTracker } from './specDocuments';
import { specNameFrom, specTemplate } from './specTemplates';

/** The ten commands of the manifest (plus `rnnLab.openExample`, used by the walkthrough). */
export const COMMAND_IDS = [
  'rnnLab.newSpec',
  'rnnLab.openLab',
  'rnnLab.train',
  'rnnLab.stop',
  'rnnLab.inspect',
  'rnnLab.compareCells',
  'rnnLab.bottleneck',
  'rnnLab.exportModel',
  'rnnLab.importWeights',
  'rnnLab.showLog',
] as const;

export interface HostContext {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  specs: SpecTracker;
  diagnostics: SpecDiagnostics;
  lab: LabController;
  session: LabSession;
  runs: RunIndex;
}

/** How long the lab page may take to say `ready` after the panel opens. */
const READY_TIMEOUT_MS = 30_000;

const text = (): HostText => hostText(explanationLang());

/** `[{ runId, focus }]` of a hover link, checked (links are text anyone could write). */
interface LabLink {
  runId?: string;
  focus?: GateFocus;
}

function asLabLink(value: unknown): LabLink | undefined {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri) return undefined;
  const v = value as { runId?: unknown; focus?: { layer?: unknown; gate?: unknown } };
  const link: LabLink = {};
  if (isRunId(v.runId)) link.runId = v.runId;
  const layer = v.focus?.layer;
  const gate = v.focus?.gate;
  if (
    typeof layer === 'string' &&
    typeof gate === 'string' &&
    layer.length < 40 &&
    gate.length < 8
  ) {
    link.focus = { layer, gate };
  }
  return link;
}

export async function requireTrust(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const t = text();
  const choice = await vscode.window.showWarningMessage(t.untrusted, t.manageTrust);
  if (choice === t.manageTrust) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

function describeMetrics(metrics: FinalMetrics | undefined, t: HostText): string {
  if (!metrics) return '–';
  if (metrics.accuracy !== undefined)
    return `${t.accuracy} ${(metrics.accuracy * 100).toFixed(1)} %`;
  return `${t.loss} ${metrics.loss.toFixed(4)}`;
}

export function registerCommands(ctx: HostContext): vscode.Disposable[] {
  const { lab, session, runs, specs, log } = ctx;

  async function specUriOrAsk(arg: unknown): Promise<vscode.Uri | undefined> {
    const uri = specs.resolve(arg);
    if (uri) return uri;
    const t = text();
    const choice = await vscode.window.showInformationMessage(t.noSpec, t.newSpec);
    if (choice === t.newSpec) await vscode.commands.executeCommand('rnnLab.newSpec');
    return undefined;
  }

  /** The spec checked now; undefined (after saying why) when it has errors. */
  async function checkedSpec(
    arg: unknown,
  ): Promise<{ uri: vscode.Uri; check: SpecCheck; spec: ResolvedSpec } | undefined> {
    const uri = await specUriOrAsk(arg);
    if (!uri) return undefined;
    const t = text();
    const document = await vscode.workspace.openTextDocument(uri);
    const check = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: t.checking },
      () => ctx.diagnostics.check(document),
    );
    const errors = check.problems.filter((p) => p.severity === 'error');
    if (!check.spec || errors.length > 0) {
      const choice = await vscode.window.showWarningMessage(
        t.specHasErrors(specFileName(uri), Math.max(1, errors.length)),
        t.showProblems,
      );
      if (choice === t.showProblems) {
        await vscode.commands.executeCommand('workbench.actions.view.problems');
      }
      return undefined;
    }
    return { uri, check, spec: check.spec };
  }

  /** Opens the lab on the spec and waits for its page; false (after saying why) if it cannot. */
  async function labReady(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<boolean> {
    await lab.open({ spec: uri, preserveFocus: true });
    if (await lab.whenReady(READY_TIMEOUT_MS, token)) return true;
    if (!token?.isCancellationRequested) void vscode.window.showWarningMessage(text().labNotReady);
    return false;
  }

  /**
   * Follows training events until `runsToFinish` runs ended (done, stopped, failed), the lab
   * closed or the user cancelled (which asks the lab to stop). `dispose` stops following early.
   */
  function followTraining(
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
    runsToFinish: number,
  ): { ended: Promise<SessionTrainEvent[]>; dispose(): void } {
    const t = text();
    const ended: SessionTrainEvent[] = [];
    const subscriptions: vscode.Disposable[] = [];
    let finish = () => {};
    const promise = new Promise<SessionTrainEvent[]>((resolve) => {
      finish = () => {
        for (const s of subscriptions.splice(0)) s.dispose();
        resolve(ended);
      };
    });
    let epochs = 1;
    subscriptions.push(
      session.onTrainEvent((item) => {
        const { event } = item;
        if (event.type === 'start') {
          epochs = Math.max(1, event.epochs);
          progress.report({ message: `${event.spec}: ${t.epoch} ${event.firstEpoch}` });
        } else if (event.type === 'epoch') {
          progress.report({
            increment: 100 / (epochs * runsToFinish),
            message: `${t.epoch} ${event.epoch}/${event.lastEpoch} · ${t.loss} ${event.testLoss.toFixed(4)}`,
          });
        } else if (event.type === 'done' || event.type === 'stopped' || event.type === 'failed') {
          ended.push(item);
          if (ended.length >= runsToFinish) finish();
        }
      }),
      lab.onDidClose(() => finish()),
      token.onCancellationRequested(() => {
        lab.post({ type: 'stop' });
        finish();
      }),
    );
    return { ended: promise, dispose: () => finish() };
  }

  async function train(arg?: unknown): Promise<void> {
    if (!(await requireTrust())) return;
    const checked = await checkedSpec(arg);
    if (!checked) return;
    const t = text();
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: t.training(checked.spec.name),
        cancellable: true,
      },
      async (progress, token) => {
        progress.report({ message: t.openingLab });
        if (!(await labReady(checked.uri, token))) return;
        lab.post({ type: 'train' });
        const [last] = await followTraining(progress, token, 1).ended;
        if (last?.event.type === 'failed') {
          void vscode.window.showErrorMessage(t.failed(checked.spec.name, last.event.message));
        }
      },
    );
  }

  async function stop(): Promise<void> {
    if (!session.isTraining || !lab.isOpen) {
      void vscode.window.showInformationMessage(text().notTraining);
      return;
    }
    lab.post({ type: 'stop' });
  }

  async function inspect(arg?: unknown, inputArg?: unknown): Promise<void> {
    if (!(await requireTrust())) return;
    const checked = await checkedSpec(arg);
    if (!checked) return;
    const t = text();
    const problemOf = (value: string): string | undefined => {
      try {
        const side = inputSideOf(checked.spec, checked.check.data);
        return checkInputs(side, [value])[0]?.message;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    };
    let input = typeof inputArg === 'string' ? inputArg : undefined;
    if (input === undefined) {
      input = await vscode.window.showInputBox({
        title: t.inspectPrompt,
        prompt: t.inspectPrompt,
        placeHolder: t.inspectPlaceholder,
        value: checked.spec.inspect.inputs[0] ?? '',
        validateInput: (value) => problemOf(value),
      });
      if (input === undefined) return;
    } else {
      const problem = problemOf(input);
      if (problem) {
        void vscode.window.showErrorMessage(problem);
        return;
      }
    }
    if (!(await labReady(checked.uri))) return;
    lab.post({ type: 'inspect', input });
  }

  async function compareCells(arg?: unknown): Promise<void> {
    if (!(await requireTrust())) return;
    const checked = await checkedSpec(arg);
    if (!checked) return;
    const t = text();
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t.comparing, cancellable: true },
      async (progress, token) => {
        if (!(await labReady(checked.uri, token))) return;
        const following = followTraining(progress, token, 3);
        try {
          const result = await lab.request(
            { type: 'compare', cells: ['rnn', 'lstm', 'gru'] },
            { timeoutMs: 0 },
          );
          const parts = result.runs.map(
            (r) => `${r.cell.toUpperCase()} ${describeMetrics(r.metrics, t)}`,
          );
          void vscode.window.showInformationMessage(t.compareSummary(parts));
        } catch (error) {
          if (!token.isCancellationRequested) {
            void vscode.window.showErrorMessage(t.failed(t.comparing, (error as Error).message));
          }
        }
        following.dispose();
      },
    );
  }

  async function bottleneck(arg?: unknown): Promise<void> {
    if (!(await requireTrust())) return;
    const checked = await checkedSpec(arg);
    if (!checked) return;
    const t = text();
    const { architecture, attention } = checked.spec.model;
    if (architecture !== 'seq2seq') {
      void vscode.window.showWarningMessage(t.bottleneckNeedsSeq2seq(architecture));
      return;
    }
    const attentions = ['none', attention === 'none' ? 'additive' : attention] as const;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t.bottleneck, cancellable: true },
      async (progress, token) => {
        if (!(await labReady(checked.uri, token))) return;
        const following = followTraining(progress, token, attentions.length);
        try {
          await lab.request({ type: 'bottleneck', attentions: [...attentions] }, { timeoutMs: 0 });
          void vscode.window.showInformationMessage(t.finished(t.bottleneck));
        } catch (error) {
          if (!token.isCancellationRequested) {
            void vscode.window.showErrorMessage(t.failed(t.bottleneck, (error as Error).message));
          }
        }
        following.dispose();
      },
    );
  }

  async function openLab(arg?: unknown): Promise<void> {
    const link = asLabLink(arg);
    const spec = specs.resolve(arg);
    await lab.open(spec ? { spec } : {});
    if (!link) return;
    if (link.runId && vscode.workspace.isTrusted) {
      const dir = await runs.find(link.runId, spec);
      if (!dir) {
        void vscode.window.showWarningMessage(text().noRun(link.runId));
        return;
      }
      try {
        lab.post({ type: 'loadRun', run: await readRunSnapshot(dir, runs.label(dir)) });
      } catch (error) {
        // A run cut short before its spec.json was written: its numbers still explain, but the
        // lab cannot rebuild its model.
        log.warn(`run ${link.runId} cannot be loaded into the lab`, error);
        void vscode.window.showWarningMessage(text().runUnreadable(link.runId));
      }
    }
    if (link.focus) {
      lab.post({
        type: 'showGate',
        focus: link.focus,
        ...(link.runId ? { runId: link.runId } : {}),
      });
    }
  }

  async function exportModel(arg?: unknown): Promise<void> {
    if (!(await requireTrust())) return;
    const t = text();
    const uri = specs.resolve(arg);
    let name: string | undefined;
    if (uri) {
      const document = await vscode.workspace.openTextDocument(uri);
      name = (await ctx.diagnostics.check(document)).spec?.name;
    }
    const found = await runs.newestCheckpoint(uri, name);
    if (!found) {
      void vscode.window.showInformationMessage(t.noCheckpoint);
      return;
    }
    const folder =
      (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    const target = await vscode.window.showSaveDialog({
      title: t.exportTitle,
      saveLabel: t.exportLabel,
      ...(folder
        ? { defaultUri: vscode.Uri.joinPath(folder.uri, `${found.summary.name}-model`) }
        : {}),
    });
    if (!target) return;
    let files: string[];
    try {
      files = await modelFiles(found.dir);
    } catch (error) {
      void vscode.window.showErrorMessage((error as Error).message);
      return;
    }
    const copied: string[] = [];
    await vscode.workspace.fs.createDirectory(target);
    for (const file of files) {
      await vscode.workspace.fs.copy(
        vscode.Uri.file(path.join(found.dir, file)),
        vscode.Uri.joinPath(target, file),
        { overwrite: true },
      );
      copied.push(file);
    }
    log.info(`exported run ${found.summary.id} to ${target.toString()}`);
    void vscode.window.showInformationMessage(
      t.exported(vscode.workspace.asRelativePath(target, true), copied),
    );
  }

  async function importWeights(): Promise<void> {
    if (!(await requireTrust())) return;
    const t = text();
    const picked = await vscode.window.showOpenDialog({
      title: t.importTitle,
      canSelectMany: false,
      filters: { 'PyTorch weights (JSON)': ['json'] },
    });
    const file = picked?.[0];
    if (!file) return;
    let weights;
    try {
      const raw: unknown = JSON.parse(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(file)),
      );
      // Loaded on first use: the importer brings TensorFlow.js, which activation does not need.
      const { parseTorchWeights } = await import('../engine/torchImport');
      weights = parseTorchWeights(raw);
    } catch (error) {
      const reason =
        error instanceof SyntaxError
          ? `not valid JSON (${error.message})`
          : (error as Error).message;
      void vscode.window.showErrorMessage(t.importFailed(reason));
      return;
    }
    const fileName = path.posix.basename(file.path);
    log.info(`imported PyTorch weights from ${file.toString()}`);
    void vscode.window.showInformationMessage(
      t.imported(fileName, weights.cell, weights.numLayers, weights.hiddenSize),
    );
    await lab.open();
    lab.post({ type: 'importTorch', fileName, weights });
  }

  async function newSpec(): Promise<void> {
    const t = text();
    const picked = await vscode.window.showQuickPick(
      TASK_KINDS.map((kind) => ({
        label: kind,
        description: TASK_INFO[kind].summary,
        detail: TASK_INFO[kind].shows,
        task: kind,
      })),
      { title: t.newSpec, placeHolder: t.pickTask, matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked) return;
    const target = await newSpecTarget(picked.task);
    if (!target) return;
    const name = specNameFrom(path.posix.basename(target.path));
    await vscode.workspace.fs.writeFile(
      target,
      new TextEncoder().encode(specTemplate(picked.task, name)),
    );
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(
      t.specWritten(vscode.workspace.asRelativePath(target, true)),
    );
  }

  async function newSpecTarget(kind: TaskKind): Promise<vscode.Uri | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick() : folders[0];
    if (!folder) {
      if (folders.length > 1) return undefined; // the pick was cancelled
      return vscode.window.showSaveDialog({
        title: text().newSpec,
        filters: { 'RNN Lab spec': ['json'] },
      });
    }
    for (let k = 1; ; k++) {
      const candidate = vscode.Uri.joinPath(
        folder.uri,
        `${kind}${k === 1 ? '' : `-${k}`}${SPEC_SUFFIX}`,
      );
      try {
        await vscode.workspace.fs.stat(candidate);
      } catch {
        return candidate;
      }
    }
  }

  async function openExample(fileName?: unknown): Promise<void> {
    const t = text();
    if (typeof fileName !== 'string' || !/^[a-z0-9-]+\.rnnlab\.json$/.test(fileName)) return;
    const source = vscode.Uri.joinPath(ctx.extensionUri, 'examples', fileName);
    let content: string;
    try {
      content = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
    } catch {
      void vscode.window.showErrorMessage(t.exampleMissing(fileName));
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      await vscode.window.showTextDocument(source);
      void vscode.window.showInformationMessage(t.openFolderToTrain);
      return;
    }
    const target = vscode.Uri.joinPath(folder.uri, fileName);
    try {
      await vscode.workspace.fs.stat(target);
    } catch {
      // The schema comes from the extension (jsonValidation); the example's relative $schema
      // would point nowhere in the user's folder.
      const adapted = content.replace(/^\s*"\$schema":[^\n]*\n/m, '');
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(adapted));
    }
    await vscode.window.showTextDocument(target);
  }

  const handlers: Record<
    (typeof COMMAND_IDS)[number] | 'rnnLab.openExample',
    (...args: unknown[]) => unknown
  > = {
    'rnnLab.newSpec': newSpec,
    'rnnLab.openLab': openLab,
    'rnnLab.train': train,
    'rnnLab.stop': stop,
    'rnnLab.inspect': inspect,
    'rnnLab.compareCells': compareCells,
    'rnnLab.bottleneck': bottleneck,
    'rnnLab.exportModel': exportModel,
    'rnnLab.importWeights': importWeights,
    'rnnLab.showLog': () => log.show(true),
    'rnnLab.openExample': openExample,
  };
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        log.error(`${id} failed`, error);
        void vscode.window.showErrorMessage(
          text().failed(id, error instanceof Error ? error.message : String(error)),
        );
        return undefined;
      }
    }),
  );
}

/** Opens the lab on a run of the side bar. */
export async function openLabOnRun(runId: string): Promise<void> {
  await vscode.commands.executeCommand('rnnLab.openLab', { runId });
}
