/** `rnnLab.newSpec`: a commented example spec for a task kind the user picks, opened. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TASK_INFO, TASK_KINDS, type TaskKind } from '../../spec/taskKinds';
import { SPEC_SUFFIX } from '../specDocuments';
import { specNameFrom, specTemplate } from '../specTemplates';
import { text, type CommandFactory } from './hostContext';

/** Whether a file exists (stat succeeds). */
async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the new spec goes: the user names it (proposed: `<kind>`, then `<kind>-2`… when taken) in
 * the workspace folder, or picks a file in a save dialog without one.
 */
async function newSpecTarget(kind: TaskKind): Promise<vscode.Uri | undefined> {
  const t = text();
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick() : folders[0];
  if (!folder) {
    if (folders.length > 1) return undefined; // the pick was cancelled
    return vscode.window.showSaveDialog({
      title: t.newSpec,
      filters: { 'RNN Lab spec': ['json'] },
    });
  }
  const fileOf = (name: string) => vscode.Uri.joinPath(folder.uri, `${name}${SPEC_SUFFIX}`);
  let proposed: string = kind;
  for (let k = 2; await exists(fileOf(proposed)); k++) proposed = `${kind}-${k}`;
  const name = await vscode.window.showInputBox({
    title: t.newSpec,
    prompt: t.specNamePrompt,
    value: proposed,
    valueSelection: [0, proposed.length],
    validateInput: async (typed) => {
      if (!/[A-Za-z0-9]/.test(typed)) return t.specNameEmpty;
      const file = fileOf(specNameFrom(typed));
      return (await exists(file)) ? t.specNameTaken(path.posix.basename(file.path)) : undefined;
    },
  });
  return name === undefined ? undefined : fileOf(specNameFrom(name));
}

export const newSpec: CommandFactory = () => async () => {
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
};
