/**
 * `rnnLab.importWeights` ("Import Weights…"): PyTorch weights into the lab.
 *
 * - A whole model (`"format": "rnnlab-pytorch"`: the `weights.json` an exported project's
 *   `train.py` writes, alone or under `torchrun`) becomes a run of its spec in the workspace's runs
 *   folder (`src/node/torchRunImport.ts`), with the events of the training beside it, and the lab
 *   opens on that run: inspector, gates, curves, as for a run trained in the lab.
 * - A single `nn.RNN`/`nn.LSTM`/`nn.GRU` module's weights (`engine/torchImport.ts`) go to the lab's
 *   step inspector, as before.
 *
 * A whole model is refused with a message, nothing written, when the spec in the editor is another
 * one, or when its weights do not fit the model its spec describes (the key and shape named).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TorchModelFile } from '../../engine/torchModel';
import { specDifferences, sameSpec } from '../../spec/specIdentity';
import { isSpecDocument } from '../specDocuments';
import { LOCK_HOLDER } from '../runIndex';
import { text, type CommandFactory, type HostContext } from './hostContext';
import { openLabOnRun } from './openLab';
import { requireTrust } from './specForCommand';

/** The weights file: a `.json` the command was given (Explorer), else one the user picks. */
async function weightsFile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && arg.path.endsWith('.json')) return arg;
  const t = text();
  const picked = await vscode.window.showOpenDialog({
    title: t.importTitle,
    canSelectMany: false,
    filters: { 'PyTorch weights (JSON)': ['json'] },
    ...(vscode.workspace.workspaceFolders?.[0]
      ? { defaultUri: vscode.workspace.workspaceFolders[0].uri }
      : {}),
  });
  return picked?.[0];
}

/** Why these weights do not belong to the spec in the editor, or undefined when they may. */
async function otherSpec(
  ctx: HostContext,
  fileName: string,
  file: TorchModelFile,
): Promise<string | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !isSpecDocument(document)) return undefined;
  const spec = (await ctx.diagnostics.check(document)).spec;
  if (!spec) return undefined;
  let same = false;
  try {
    same = sameSpec(spec, file.spec);
  } catch {
    // A spec in the file that no longer resolves is not the editor's.
  }
  if (same) return undefined;
  let differences: string;
  try {
    differences = specDifferences(spec, file.spec).join(', ');
  } catch {
    differences = 'model';
  }
  return text().importOtherSpec(fileName, file.spec.name, spec.name, differences);
}

/** A whole model's weights as a new run, then the lab on it. */
async function importWholeModel(ctx: HostContext, uri: vscode.Uri, raw: unknown): Promise<void> {
  const t = text();
  const fileName = path.posix.basename(uri.path);
  const { TorchImportError } = await import('../../engine/torchImport');
  const { parseTorchModelFile } = await import('../../engine/torchModel');
  const { importTorchRun, readMetricsBeside, trainingEvents } =
    await import('../../node/torchRunImport');
  let file: TorchModelFile;
  try {
    file = parseTorchModelFile(raw);
  } catch (error) {
    if (!(error instanceof TorchImportError)) throw error;
    void vscode.window.showErrorMessage(t.importFailed(error.message));
    return;
  }
  const refused = await otherSpec(ctx, fileName, file);
  if (refused) {
    void vscode.window.showErrorMessage(t.importFailed(refused));
    return;
  }
  const editor = vscode.window.activeTextEditor?.document;
  const specUri = editor && isSpecDocument(editor) ? editor.uri : undefined;
  const root = ctx.runs.rootForNewRun(specUri);
  if (!root) {
    void vscode.window.showWarningMessage(t.noWorkspace);
    return;
  }
  const events = trainingEvents(await readMetricsBeside(uri.fsPath), file);
  let imported;
  try {
    imported = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: t.importing },
      async () => {
        const { useBackend } = await import('../../engine/backend');
        await useBackend('cpu', { quiet: true });
        return importTorchRun(root, file, { events, lockHolder: LOCK_HOLDER });
      },
    );
  } catch (error) {
    // A stateDict that does not fit the spec's model (a key or shape named): nothing was written.
    if (!(error instanceof TorchImportError)) throw error;
    void vscode.window.showErrorMessage(t.importFailed(error.message));
    return;
  }
  ctx.runs.invalidate();
  ctx.log.info(
    `imported ${uri.toString()} as run ${imported.runId} (${imported.events} events of its training)`,
  );
  const said = t.importedRun(fileName, file.spec.name, file.epoch, imported.runId);
  void vscode.window.showInformationMessage(
    imported.events > 0 ? said : `${said} ${t.importedNoEvents}`,
  );
  await openLabOnRun(imported.runId);
}

export const importWeights: CommandFactory = (ctx) => async (arg?: unknown) => {
  if (!(await requireTrust())) return;
  const t = text();
  const file = await weightsFile(arg);
  if (!file) return;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    void vscode.window.showErrorMessage(t.importFailed(reason));
    return;
  }
  const { isTorchModelFile } = await import('../../engine/torchModel');
  if (isTorchModelFile(raw)) {
    await importWholeModel(ctx, file, raw);
    return;
  }
  let weights;
  try {
    // Loaded on first use: the importer brings TensorFlow.js, which activation does not need.
    const { parseTorchWeights } = await import('../../engine/torchImport');
    weights = parseTorchWeights(raw);
  } catch (error) {
    void vscode.window.showErrorMessage(t.importFailed((error as Error).message));
    return;
  }
  const fileName = path.posix.basename(file.path);
  ctx.log.info(`imported PyTorch weights from ${file.toString()}`);
  void vscode.window.showInformationMessage(
    t.imported(fileName, weights.cell, weights.numLayers, weights.hiddenSize),
  );
  await ctx.lab.open();
  ctx.lab.post({ type: 'importTorch', fileName, weights });
};
