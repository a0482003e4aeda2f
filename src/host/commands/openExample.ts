/**
 * `rnnLab.openExample` (the walkthrough's links): copies an example spec of the extension into
 * the workspace, once, and opens it beside the walkthrough, so the walkthrough's tab stays.
 */
import * as vscode from 'vscode';
import { text, type CommandFactory } from './hostContext';

export const openExample: CommandFactory = (ctx) => async (fileName?: unknown) => {
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
  // From the walkthrough (no text editor active) the example opens beside it, keeping its tab.
  const beside = vscode.window.activeTextEditor === undefined;
  const where: vscode.TextDocumentShowOptions = beside
    ? { viewColumn: vscode.ViewColumn.Beside, preview: false }
    : {};
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    await vscode.window.showTextDocument(source, where);
    void vscode.window.showInformationMessage(t.openFolderToTrain);
    return;
  }
  const target = vscode.Uri.joinPath(folder.uri, fileName);
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  }
  await vscode.window.showTextDocument(target, where);
};
