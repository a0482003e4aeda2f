/**
 * `rnnLab.sweep` ("RNN Lab: Run Sweep"): trains every point of the spec's `sweep` in the lab (each
 * point a run of its own, the sweep's record saved as it goes), with its progress as a cancellable
 * notification; Cancel stops the sweep after the current batch and keeps the points that ended.
 * `showSavedSweep` brings a saved sweep back into the lab's Sweep view (the side bar's entry).
 */
import * as vscode from 'vscode';
import { readPointEvents, readSweepRecord } from '../../node/sweepFiles';
import type { SavedSweep } from '../../protocol';
import { trainingCount } from '../../spec/sweepGrid';
import { specFileName } from '../specDocuments';
import { findSpecNamed } from '../specFiles';
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

/** The saved sweep `sweepId` as the lab shows it (a Compare with its cells' run events). */
async function savedSweep(
  runs: HostContext['runs'],
  sweepId: string,
  near: vscode.Uri | undefined,
): Promise<{ sweep: SavedSweep; spec: vscode.Uri | undefined }> {
  const dir = await runs.find(sweepId, near);
  if (!dir) throw new Error('not found');
  const record = await readSweepRecord(dir);
  // Under its own spec's title (the spec file that declares its name), as a run opens: the lab
  // reloads for another spec, and a sweep of one spec is never shown under another's.
  const spec = (await findSpecNamed(record.spec, near)) ?? near;
  // A Compare's curves live in its cells' own runs; sweep.json holds their final numbers.
  const runEvents =
    record.experiment === 'compare'
      ? await readPointEvents(record, (runId) => runs.find(runId, spec))
      : undefined;
  const sweep = { id: sweepId, folder: runs.label(dir), record };
  return { sweep: runEvents ? { ...sweep, runEvents } : sweep, spec };
}

/** Opens the lab and shows the saved sweep `sweepId` in its view (Compare, Bottleneck, Sweep). */
export async function showSavedSweep(
  ctx: Pick<HostContext, 'lab' | 'runs' | 'log'>,
  sweepId: string,
) {
  if (!vscode.workspace.isTrusted) return;
  let found;
  try {
    found = await savedSweep(ctx.runs, sweepId, ctx.lab.specUri);
  } catch (error) {
    ctx.log.warn(`sweep ${sweepId} cannot be shown`, error);
    void vscode.window.showWarningMessage(text().noSweepFolder(sweepId));
    return;
  }
  if (!(await ctx.lab.open(found.spec ? { spec: found.spec } : {}))) return;
  ctx.lab.post({ type: 'showSweep', sweep: found.sweep });
}

/**
 * After the lab opened a run that is a cell of a saved Compare (the side bar's point under it):
 * the Compare view shows that comparison, not the placeholder the run's loading left, and the
 * tab stays where it is.
 */
export async function showCompareOfRun(
  ctx: Pick<HostContext, 'lab' | 'runs' | 'log'>,
  runId: string,
): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  const spec = ctx.lab.specUri;
  const owner = (await ctx.runs.sweeps(spec)).find(
    (s) => s.experiment === 'compare' && s.points.some((p) => p.runId === runId),
  );
  if (!owner) return;
  try {
    const { sweep } = await savedSweep(ctx.runs, owner.id, spec);
    ctx.lab.post({ type: 'showSweep', sweep, keepTab: true });
  } catch (error) {
    ctx.log.warn(`the compare of run ${runId} cannot be shown`, error);
  }
}
