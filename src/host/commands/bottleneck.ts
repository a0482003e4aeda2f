/**
 * `rnnLab.bottleneck`: Seq2Seq without and with attention on the spec's task in the lab, accuracy
 * against input length (the fixed context vector's bottleneck).
 */
import * as vscode from 'vscode';
import { text, type CommandFactory } from './hostContext';
import { runInLab } from './labProgress';
import { trustedCheckedSpec } from './specForCommand';

export const bottleneck: CommandFactory = (ctx) => async (arg?: unknown) => {
  const checked = await trustedCheckedSpec(ctx, arg);
  if (!checked) return;
  const t = text();
  const { architecture, attention } = checked.spec.model;
  if (architecture !== 'seq2seq') {
    void vscode.window.showWarningMessage(t.bottleneckNeedsSeq2seq(architecture));
    return;
  }
  const attentions = ['none', attention === 'none' ? 'additive' : attention] as const;
  await runInLab(ctx, checked, {
    title: t.bottleneck,
    runs: attentions.length,
    async run() {
      await ctx.lab.request({ type: 'bottleneck', attentions: [...attentions] }, { timeoutMs: 0 });
      void vscode.window.showInformationMessage(t.finished(t.bottleneck));
    },
  });
};
