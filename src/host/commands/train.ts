/** `rnnLab.train`: trains the spec in the lab, with its progress as a cancellable notification. */
import * as vscode from 'vscode';
import { text, type CommandFactory } from './hostContext';
import { runInLab } from './labProgress';
import { trustedCheckedSpec } from './specForCommand';

export const train: CommandFactory = (ctx) => async (arg?: unknown) => {
  const checked = await trustedCheckedSpec(ctx, arg);
  if (!checked) return;
  const t = text();
  await runInLab(ctx, checked, {
    title: t.training(checked.spec.name),
    runs: 1,
    async run(following) {
      ctx.lab.post({ type: 'train' });
      const [last] = await following.ended;
      if (last?.event.type === 'failed') {
        void vscode.window.showErrorMessage(t.failed(checked.spec.name, last.event.message));
      }
    },
  });
};
