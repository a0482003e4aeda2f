/**
 * `rnnLab.exportPytorch` ("Export to PyTorch…"): the spec's newest run (or another run of it, or
 * its untrained start) as a self-contained PyTorch project, through the same code as `rnnlab
 * export --to pytorch` (`src/node/pytorchExport.ts`). From the palette or a spec's row it works on
 * the spec; from a run's context menu in the Runs view (`{ webviewSection: 'run', runId }`) on
 * that run. The folder is a new one beside the spec by default; a chosen folder that is not empty
 * is refused before anything is written.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRunId, type RunSummary } from '../../protocol';
import { ExportFolderError, checkExportFolder } from '../../node/exportFolder';
import type { ExportSource } from '../../node/pytorchExport';
import { readRunSpec } from '../../node/specRunLookup';
import type { ResolvedSpec } from '../../spec/resolveSpec';
import { sameSpec } from '../../spec/specIdentity';
import { findSpecNamed } from '../specFiles';
import { createWorkspaceDataReader } from '../workspaceReader';
import { text, type CommandFactory, type HostContext } from './hostContext';
import { checkedSpec, requireTrust, type CheckedSpec } from './specForCommand';

/** The run of a Runs-view context menu (`data-vscode-context` of its row). */
function runOfArgument(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return undefined;
  const runId = (arg as { runId?: unknown }).runId;
  return isRunId(runId) ? runId : undefined;
}

/** What to build the export from, once the user chose. */
type Choice =
  | { kind: 'initial'; checked: CheckedSpec }
  | { kind: 'run'; runId: string; dir: string; specUri: vscode.Uri; specName: string };

interface SourceItem extends vscode.QuickPickItem {
  choice: Choice;
}

function percent(x: number | undefined): string | undefined {
  return x === undefined ? undefined : `${(x * 100).toFixed(1)} %`;
}

/** The runs of this very spec with trained weights, newest first (the lab's choice first). */
async function runsOfSpec(
  ctx: HostContext,
  uri: vscode.Uri,
  spec: ResolvedSpec,
): Promise<{ summary: RunSummary; dir: string }[]> {
  const found: { summary: RunSummary; dir: string }[] = [];
  for (const summary of await ctx.runs.list(uri)) {
    if (summary.name !== spec.name || !summary.hasCheckpoint) continue;
    const dir = await ctx.runs.find(summary.id, uri);
    const runSpec = dir ? await readRunSpec(dir) : undefined;
    let same = false;
    try {
      same = runSpec !== undefined && sameSpec(spec, runSpec);
    } catch {
      // A spec.json that no longer resolves is not this spec's.
    }
    if (dir && same) found.push({ summary, dir });
  }
  return found;
}

async function chooseSource(ctx: HostContext, arg: unknown): Promise<Choice | undefined> {
  const t = text();
  const runId = runOfArgument(arg);
  if (runId !== undefined) {
    const dir = await ctx.runs.find(runId);
    if (!dir) {
      void vscode.window.showWarningMessage(t.noRun(runId));
      return undefined;
    }
    const runSpec = await readRunSpec(dir);
    if (!runSpec) {
      void vscode.window.showWarningMessage(t.runUnreadable(runId));
      return undefined;
    }
    const specUri = await findSpecNamed(runSpec.name, ctx.specs.resolve());
    if (!specUri) {
      void vscode.window.showWarningMessage(t.pytorchNoSpecForRun(runId, runSpec.name));
      return undefined;
    }
    return { kind: 'run', runId, dir, specUri, specName: runSpec.name };
  }
  const check = await checkedSpec(ctx, arg);
  if (!check) return undefined;
  const runs = await runsOfSpec(ctx, check.uri, check.spec);
  const initial: SourceItem = {
    label: `$(circle-outline) ${t.pytorchInitial}`,
    detail: t.pytorchInitialDetail(check.spec.train.seed),
    choice: { kind: 'initial', checked: check },
  };
  if (runs.length === 0) return initial.choice;
  const items: SourceItem[] = runs.map(({ summary, dir }, k) => ({
    label: `$(history) ${summary.id}`,
    ...(k === 0 ? { description: t.pytorchNewestRun } : {}),
    detail: t.pytorchRunDetail(summary.epoch ?? 0, percent(summary.accuracy)),
    choice: { kind: 'run', runId: summary.id, dir, specUri: check.uri, specName: check.spec.name },
  }));
  items.push(initial);
  const picked = await vscode.window.showQuickPick(items, {
    title: t.pytorchSourceTitle,
    matchOnDetail: true,
  });
  return picked?.choice;
}

/** `<spec folder>/<name>-pytorch`, or `-2`, `-3`… when taken by anything but an empty folder. */
async function defaultFolder(specUri: vscode.Uri, name: string): Promise<string> {
  const base = path.join(path.dirname(specUri.fsPath), `${name.replace(/[^\w.-]+/g, '-')}-pytorch`);
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? base : `${base}-${k}`;
    try {
      await checkExportFolder(candidate);
      return candidate;
    } catch {
      // Taken: the next.
    }
  }
}

interface FolderItem extends vscode.QuickPickItem {
  folder?: string;
}

async function chooseFolder(specUri: vscode.Uri, name: string): Promise<string | undefined> {
  const t = text();
  const proposed = await defaultFolder(specUri, name);
  const items: FolderItem[] = [
    {
      label: `$(new-folder) ${t.pytorchNewFolder(vscode.workspace.asRelativePath(proposed))}`,
      description: t.pytorchNewFolderDetail,
      folder: proposed,
    },
    { label: `$(folder-opened) ${t.pytorchChooseFolder}` },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: t.pytorchFolderTitle });
  if (!picked) return undefined;
  if (picked.folder) return picked.folder;
  const chosen = await vscode.window.showOpenDialog({
    title: t.pytorchFolderDialog,
    openLabel: t.pytorchFolderLabel,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(path.dirname(specUri.fsPath)),
  });
  return chosen?.[0]?.fsPath;
}

/** The export's source, built from the choice (the CLI's own steps). */
async function buildSource(choice: Choice): Promise<ExportSource> {
  const exporter = await import('../../node/pytorchExport');
  const { useBackend } = await import('../../engine/backend');
  // Capturing the lab's per-step values is a few small forward passes: cpu is exact enough.
  await useBackend('cpu', { quiet: true });
  if (choice.kind === 'initial') {
    const { checked } = choice;
    return exporter.initialSource(
      checked.spec,
      checked.check.data,
      vscode.workspace.asRelativePath(checked.uri),
    );
  }
  const reader = createWorkspaceDataReader(choice.specUri);
  if (!reader) {
    throw new exporter.ExportSourceError(
      `${vscode.workspace.asRelativePath(choice.specUri)} is not inside a workspace folder`,
    );
  }
  return exporter.runFolderSource(
    choice.dir,
    choice.runId,
    reader,
    vscode.workspace.asRelativePath(choice.dir),
  );
}

export const exportPytorch: CommandFactory = (ctx) => async (arg?: unknown) => {
  if (!(await requireTrust())) return;
  const t = text();
  const choice = await chooseSource(ctx, arg);
  if (!choice) return;
  const specUri = choice.kind === 'initial' ? choice.checked.uri : choice.specUri;
  const name = choice.kind === 'initial' ? choice.checked.spec.name : choice.specName;
  const out = await chooseFolder(specUri, name);
  if (!out) return;
  const shownOut = vscode.workspace.asRelativePath(out);
  try {
    await checkExportFolder(out);
  } catch (error) {
    if (!(error instanceof ExportFolderError)) throw error;
    void vscode.window.showErrorMessage(t.pytorchFolderRefused(shownOut, error.message));
    return;
  }
  let files: string[];
  let what: string;
  try {
    ({ files, what } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t.pytorchExporting },
      async () => {
        const source = await buildSource(choice);
        const described =
          source.source.kind === 'run'
            ? t.pytorchWhatRun(source.source.run, source.source.epoch)
            : t.pytorchWhatInitial(source.model.spec.name, source.model.spec.train.seed);
        const { writePytorchExport } = await import('../../node/pytorchExport');
        return { files: await writePytorchExport(out, source), what: described };
      },
    ));
  } catch (error) {
    const { ExportSourceError } = await import('../../node/pytorchExport');
    if (error instanceof ExportFolderError) {
      void vscode.window.showErrorMessage(t.pytorchFolderRefused(shownOut, error.message));
      return;
    }
    if (error instanceof ExportSourceError) {
      void vscode.window.showErrorMessage(t.pytorchRefused(error.message));
      return;
    }
    throw error;
  }
  ctx.log.info(`exported ${what} to PyTorch in ${out} (${files.length} files)`);
  const readme = vscode.Uri.file(path.join(out, 'README.md'));
  const action = await vscode.window.showInformationMessage(
    t.pytorchExported(what, shownOut, files.length),
    t.openReadme,
    t.reveal,
  );
  if (action === t.openReadme) {
    await vscode.window.showTextDocument(readme);
  } else if (action === t.reveal) {
    // The Explorer when the folder is in the workspace; the system's file manager otherwise.
    const inWorkspace = vscode.workspace.getWorkspaceFolder(readme) !== undefined;
    await vscode.commands.executeCommand(
      inWorkspace ? 'revealInExplorer' : 'revealFileInOS',
      vscode.Uri.file(out),
    );
  }
};
