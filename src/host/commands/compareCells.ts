/** `rnnLab.compareCells`: RNN, LSTM and GRU on the spec's task in the lab, then their numbers. */
import * as vscode from 'vscode';
import type { FinalMetrics } from '../../engine/trainEvents';
import { CELLS } from '../../spec/specSchema';
import type { HostText } from '../hostText';
import { text, type CommandFactory } from './hostContext';
import { runInLab } from './labProgress';
import { trustedCheckedSpec } from './specForCommand';

function describeMetrics(metrics: FinalMetrics | undefined, t: HostText): string {
  if (!metrics) return '–';
  if (metrics.accuracy !== undefined)
    return `${t.accuracy} ${(metrics.accuracy * 100).toFixed(1)} %`;
  return `${t.loss} ${metrics.loss.toFixed(4)}`;
}

export const compareCells: CommandFactory = (ctx) => async (arg?: unknown) => {
  const checked = await trustedCheckedSpec(ctx, arg);
  if (!checked) return;
  const t = text();
  await runInLab(ctx, checked, {
    title: t.comparing,
    runs: CELLS.length,
    async run() {
      const result = await ctx.lab.request(
        { type: 'compare', cells: [...CELLS] },
        { timeoutMs: 0 },
      );
      const parts = result.runs.map(
        (r) => `${r.cell.toUpperCase()} ${describeMetrics(r.metrics, t)}`,
      );
      void vscode.window.showInformationMessage(t.compareSummary(parts));
    },
  });
};
