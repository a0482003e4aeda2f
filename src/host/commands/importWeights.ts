/** `rnnLab.importWeights`: PyTorch RNN/LSTM/GRU weights (JSON) into the lab's step inspector. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { text, type CommandFactory } from './hostContext';
import { requireTrust } from './specForCommand';

export const importWeights: CommandFactory = (ctx) => async () => {
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
    const { parseTorchWeights } = await import('../../engine/torchImport');
    weights = parseTorchWeights(raw);
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    void vscode.window.showErrorMessage(t.importFailed(reason));
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
