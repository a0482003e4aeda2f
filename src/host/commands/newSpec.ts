/** `rnnLab.newSpec`: a commented example spec for a task kind the user picks, opened. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TASK_INFO, TASK_KINDS, type TaskKind } from '../../spec/taskKinds';
import { SPEC_SUFFIX } from '../specDocuments';
import { specNameFrom, specTemplate } from '../specTemplates';
import { text, type CommandFactory } from './hostContext';

/** `<kind>.rnnlab.json` (then `<kind>-2…`) in the workspace, or a save dialog without one. */
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
