/**
 * `rnnLab.sweep` ("RNN Lab: Run Sweep"): trains every point of the spec's `sweep` in the lab (each
 * point a run of its own, the sweep's record saved as it goes), with its progress as a cancellable
 * notification; Cancel stops the sweep after the current batch and keeps the points that ended.
 * `showSavedSweep` brings a saved sweep back into the lab's Sweep view (the side bar's entry).
 */
import * as vscode from 'vscode';
import { readSweepRecord } from '../../node/sweepFiles';
import { trainingCount } from '../../spec/sweepGrid';
import { specFileName } from '../specDocuments';
import { text, type CommandFactory, type HostContext } from './hostContext';
import { runInLab } from './labProgress';
import { trustedCheckedSpec } from './specForCommand';

export const sweep: CommandFactory = (ctx) => async (arg?: unknown) => {
  const checked = await trustedCheckedSpec(ctx, arg);
  if (!checked) return;
  const t = text();
  const plan = checked.check.sweep;
  if (!plan) {
    void vscode.window.showWarningMessage(t.noSweep(specFileName(checked.uri)));
    return;
  }
  await runInLab(ctx, checked, {
    title: t.sweeping(checked.spec.name),
    runs: trainingCount(plan),
    async run() {
      const result = await ctx.lab.request({ type: 'sweep' }, { timeoutMs: 0 });
      const finished = result.points.filter((p) => p.status !== 'skipped').length;
      const saved = (await ctx.runs.sweeps(checked.uri)).find(
        (s) => s.started === result.started && s.name === result.spec,
      );
      void vscode.window.showInformationMessage(
        t.sweepSummary(finished, result.points.length, saved?.folder),
      );
    },
  });
};

/** Opens the lab and shows the saved sweep `sweepId` in its Sweep view. */
export async function showSavedSweep(
  ctx: Pick<HostContext, 'lab' | 'runs' | 'log'>,
  sweepId: string,
) {
  if (!vscode.workspace.isTrusted) return;
  const dir = await ctx.runs.find(sweepId, ctx.lab.specUri);
  let record;
  try {
    if (!dir) throw new Error('not found');
    record = await readSweepRecord(dir);
  } catch (error) {
    ctx.log.warn(`sweep ${sweepId} cannot be shown`, error);
    void vscode.window.showWarningMessage(text().noSweepFolder(sweepId));
    return;
  }
  await ctx.lab.open({});
  ctx.lab.post({
    type: 'showSweep',
    sweep: { id: sweepId, folder: ctx.runs.label(dir), record },
  });
}
