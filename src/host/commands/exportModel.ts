/**
 * `rnnLab.exportModel`: copies the newest checkpoint of a spec's runs (its verified files) to a
 * folder the user picks.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { modelFiles } from '../../node/checkpointFiles';
import { text, type CommandFactory } from './hostContext';
import { requireTrust } from './specForCommand';

export const exportModel: CommandFactory = (ctx) => async (arg?: unknown) => {
  if (!(await requireTrust())) return;
  const t = text();
  const uri = ctx.specs.resolve(arg);
  let name: string | undefined;
  if (uri) {
    const document = await vscode.workspace.openTextDocument(uri);
    name = (await ctx.diagnostics.check(document)).spec?.name;
  }
  const found = await ctx.runs.newestCheckpoint(uri, name);
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
  ctx.log.info(`exported run ${found.summary.id} to ${target.toString()}`);
  void vscode.window.showInformationMessage(
    t.exported(vscode.workspace.asRelativePath(target, true), copied),
  );
};
