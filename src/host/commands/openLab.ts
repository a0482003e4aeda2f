/**
 * `rnnLab.openLab`: the lab beside a spec; from a hover's link (`{ runId, focus }`) also on one of
 * the workspace's runs and one gate.
 */
import * as vscode from 'vscode';
import { isRunId, type GateFocus } from '../../protocol';
import { readRunSpec } from '../../node/specRunLookup';
import { findSpecNamed } from '../specFiles';
import { text, type CommandFactory } from './hostContext';
import { showCompareOfRun } from './sweep';

/** `[{ runId, focus }]` of a hover link, checked (links are text anyone could write). */
interface LabLink {
  runId?: string;
  focus?: GateFocus;
}

function asLabLink(value: unknown): LabLink | undefined {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri) return undefined;
  const v = value as { runId?: unknown; focus?: { layer?: unknown; gate?: unknown } };
  const link: LabLink = {};
  if (isRunId(v.runId)) link.runId = v.runId;
  const layer = v.focus?.layer;
  const gate = v.focus?.gate;
  if (
    typeof layer === 'string' &&
    typeof gate === 'string' &&
    layer.length < 40 &&
    gate.length < 8
  ) {
    link.focus = { layer, gate };
  }
  return link;
}

export const openLab: CommandFactory = (ctx) => async (arg?: unknown) => {
  const { lab, runs, specs, log } = ctx;
  const link = asLabLink(arg);
  let spec = specs.resolve(arg);
  let runId: string | undefined;
  if (link?.runId && vscode.workspace.isTrusted) {
    const dir = await runs.find(link.runId, spec);
    if (!dir) {
      void vscode.window.showWarningMessage(text().noRun(link.runId));
      return;
    }
    const runSpec = await readRunSpec(dir);
    if (!runSpec) {
      // A run cut short before its spec.json was written: its numbers still explain, but the
      // lab cannot rebuild its model.
      log.warn(`run ${link.runId} cannot be loaded into the lab: no readable spec.json`);
      void vscode.window.showWarningMessage(text().runUnreadable(link.runId));
    } else {
      // The lab shows a run under its own spec's title (the spec file that declares its name).
      spec = (await findSpecNamed(runSpec.name, spec)) ?? spec;
      runId = link.runId;
    }
  }
  const opened = await lab.open({
    ...(spec ? { spec } : {}),
    ...(runId !== undefined ? { runId } : {}),
  });
  // A Compare cell's run (the side bar's point under its sweep): its Compare comes along.
  if (opened && runId !== undefined) await showCompareOfRun(ctx, runId);
  if (opened && link?.focus) {
    lab.post({
      type: 'showGate',
      focus: link.focus,
      ...(runId ? { runId } : {}),
    });
  }
};

/** Opens the lab on a run of the side bar. */
export async function openLabOnRun(runId: string): Promise<void> {
  await vscode.commands.executeCommand('rnnLab.openLab', { runId });
}
