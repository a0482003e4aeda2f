/** `rnnLab.stop`: asks the lab to stop training after the current batch. */
import * as vscode from 'vscode';
import { text, type CommandFactory } from './hostContext';

export const stop: CommandFactory = (ctx) => () => {
  if (!ctx.session.isTraining || !ctx.lab.isOpen) {
    void vscode.window.showInformationMessage(text().notTraining);
    return;
  }
  ctx.lab.post({ type: 'stop' });
};
