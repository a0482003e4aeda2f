/**
 * Reading a workspace's runs for people: what the side bar lists (status, epochs, losses), the
 * newest gate statistics for hovers, and a whole run for the lab (spec, events, a verified
 * checkpoint). Readers never repair a folder (writers do, `runFiles.ts`); listing one clears what
 * a killed writer left when no live process writes it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { GateStat, TrainEvent } from '../engine/trainEvents';
import type { RunModel, RunSnapshot, RunStatus, RunSummary } from '../protocol/messages';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { hasCheckpointFiles, readCheckpointFiles } from './checkpointFiles';
import { readRunEvents, safeRunName, tidyIdleRunFolder } from './runFiles';
import { RUN_FILES } from '../engine/runFileNames';

const TERMINAL: Partial<Record<TrainEvent['type'], RunStatus>> = {
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
};

/**
 * What the side bar shows of a run, from its events. A run whose last event is not `done`,
 * `stopped` or `failed` was cut short (`interrupted`) unless the caller knows it is still running.
 */
export function summarizeRun(
  id: string,
  folder: string,
  events: readonly TrainEvent[],
  hasCheckpoint: boolean,
  fallbackName = id,
): RunSummary {
  const summary: RunSummary = {
    id,
    name: fallbackName,
    folder,
    status: 'interrupted',
    hasCheckpoint,
  };
  for (const event of events) {
    switch (event.type) {
      case 'start':
        summary.name = event.spec;
        summary.started ??= event.time;
        summary.epochs = event.firstEpoch + event.epochs - 1;
        summary.status = 'interrupted';
        break;
      case 'epoch':
        summary.epoch = event.epoch;
        summary.trainLoss = event.trainLoss;
        summary.testLoss = event.testLoss;
        if (event.accuracy !== undefined) summary.accuracy = event.accuracy;
        break;
      default: {
        const status = TERMINAL[event.type];
        if (status) summary.status = status;
      }
    }
  }
  return summary;
}

/** A run folder's summary; `folderLabel` is how people see its folder (workspace-relative). */
export async function readRunSummary(dir: string, folderLabel: string): Promise<RunSummary> {
  const events = await readRunEvents(dir);
  const id = path.basename(dir);
  const summary = summarizeRun(id, folderLabel, events, await hasCheckpointFiles(dir));
  try {
    const spec = (await readJsonFile(path.join(dir, RUN_FILES.spec))) as ResolvedSpec;
    const model = runModelOf(spec);
    if (model) summary.model = model;
  } catch {
    // No readable spec.json (yet): the label names the spec only.
  }
  const purpose = runPurpose(id, summary.name);
  if (purpose) summary.purpose = purpose;
  return summary;
}

/** The model facts of a run's spec snapshot, when it has them. */
export function runModelOf(spec: ResolvedSpec | undefined): RunModel | undefined {
  const m = spec?.model;
  if (!m || typeof m.cell !== 'string' || typeof m.architecture !== 'string') return undefined;
  return {
    cell: m.cell,
    architecture: m.architecture,
    hidden: m.hidden,
    ...(m.architecture === 'seq2seq' ? { attention: m.attention } : {}),
  };
}

/**
 * The purpose in a run folder's name (`createRunFolder`: `<name>[-<purpose>]-<stamp>[-k]`), or
 * undefined for a plain run.
 */
export function runPurpose(id: string, name: string): string | undefined {
  const stem = id.replace(/-\d{8}-\d{6}(-\d+)?$/, '');
  const prefix = `${safeRunName(name) || 'run'}-`;
  if (stem === id || !stem.startsWith(prefix)) return undefined;
  return stem.slice(prefix.length) || undefined;
}

/** Every run folder under `root` (folders with a `metrics.jsonl` or a `spec.json`), newest first. */
export async function listRuns(
  root: string,
  label: (dir: string) => string = (dir) => dir,
): Promise<RunSummary[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  const runs: { summary: RunSummary; time: number }[] = [];
  for (const entry of entries) {
    const dir = path.join(root, entry);
    let time: number | undefined;
    for (const file of [RUN_FILES.metrics, RUN_FILES.spec]) {
      try {
        time = Math.max(time ?? 0, (await stat(path.join(dir, file))).mtimeMs);
      } catch {
        // Not there: try the other.
      }
    }
    if (time === undefined) continue;
    await tidyIdleRunFolder(dir);
    runs.push({ summary: await readRunSummary(dir, label(dir)), time });
  }
  return runs.sort((a, b) => b.time - a.time).map((r) => r.summary);
}

/** The newest gate statistics of a run: the last `epoch` event that has any. */
export function newestGateStats(
  events: readonly TrainEvent[],
): { epoch: number; gates: GateStat[] } | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.type === 'epoch' && Array.isArray(event.gates) && event.gates.length > 0) {
      return { epoch: event.epoch, gates: event.gates };
    }
  }
  return undefined;
}

/** Live numbers for hovers: which run, which epoch, which gates. */
export interface LiveGates {
  runId: string;
  /** `spec.name` of the run. */
  runName: string;
  epoch: number;
  gates: GateStat[];
}

/**
 * The newest run under any of `roots` that has gate statistics (by `metrics.jsonl` time); with
 * `preferName`, a run of that spec name wins over newer runs of other specs.
 */
export async function findLiveGates(
  roots: readonly string[],
  preferName?: string,
): Promise<LiveGates | undefined> {
  const candidates: { dir: string; time: number }[] = [];
  for (const root of roots) {
    let entries: string[];
    try {
      entries = await readdir(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const dir = path.join(root, entry);
      try {
        const info = await stat(path.join(dir, RUN_FILES.metrics));
        candidates.push({ dir, time: info.mtimeMs });
      } catch {
        // No metrics: not a run, or a run that never started.
      }
    }
  }
  candidates.sort((a, b) => b.time - a.time);
  let fallback: LiveGates | undefined;
  for (const { dir } of candidates) {
    const events = await readRunEvents(dir);
    const stats = newestGateStats(events);
    if (!stats) continue;
    const start = events.find((e) => e.type === 'start');
    const live: LiveGates = {
      runId: path.basename(dir),
      runName: start?.type === 'start' ? start.spec : path.basename(dir),
      ...stats,
    };
    if (preferName === undefined || live.runName === preferName) return live;
    fallback ??= live;
  }
  return fallback;
}

async function readJsonFile(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/**
 * Everything the lab needs to show a finished run (and continue it): spec, dataset meta, events
 * and the checkpoint. Throws when the run has no readable `spec.json`.
 */
export async function readRunSnapshot(dir: string, folderLabel: string): Promise<RunSnapshot> {
  const spec = (await readJsonFile(path.join(dir, RUN_FILES.spec))) as ResolvedSpec;
  const events = await readRunEvents(dir);
  const summary = await readRunSummary(dir, folderLabel);
  if (!events.some((e) => e.type === 'start')) summary.name = spec.name;
  const snapshot: RunSnapshot = { summary, spec, events };
  try {
    snapshot.dataset = await readJsonFile(path.join(dir, RUN_FILES.dataset));
  } catch {
    // Older or interrupted runs may lack it; the lab then cannot rebuild the model.
  }
  if (summary.hasCheckpoint) {
    try {
      // Verified (size, checksum): the lab never loads weights its manifest does not describe.
      const { file, bytes } = await readCheckpointFiles(dir);
      // Buffer's encoder: fast on megabytes of weights.
      const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      snapshot.weights = { manifest: file, data: { encoding: 'base64', data } };
    } catch {
      // A damaged checkpoint: show the run without weights.
      summary.hasCheckpoint = false;
    }
  }
  return snapshot;
}
