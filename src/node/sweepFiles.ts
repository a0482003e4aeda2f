/**
 * Sweeps in the run store: one folder per sweep beside the run folders of its points
 * (`<spec name>-sweep-<stamp>/`), holding `sweep.json` (the engine's `SweepRecord`, which names each
 * point's run) and, while the sweep trains, the folder's lock. The record is replaced as a whole
 * after every point (`writeFileAtomic`: temp file, flush, rename), so a crash leaves the record of
 * the last finished point, never half a file. Free of `vscode`; tested in Node.
 */
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isSweepRecord, type SweepRecord } from '../engine/sweepRecord';
import type { TrainEvent } from '../engine/trainEvents';
import type { SweepSummary } from '../protocol/messages';
import { describePoint } from '../spec/sweepGrid';
import { createRunFolder, readRunEvents, tidyIdleRunFolder, writeFileAtomic } from './runFiles';
import { acquireRunLock, liveLockHolder, type RunLock } from './runLock';

export const SWEEP_FILE = 'sweep.json';

/** A sweep folder being written: its record replaced atomically, its lock held until the end. */
export class SweepFolder {
  private constructor(
    readonly id: string,
    readonly dir: string,
    private lock: RunLock | undefined,
  ) {}

  /** A new folder under `root`, locked by `holder`. */
  static async create(
    root: string,
    name: string,
    holder: string,
    purpose = 'sweep',
  ): Promise<SweepFolder> {
    const id = await createRunFolder(root, name, { purpose });
    const dir = path.join(root, id);
    return new SweepFolder(id, dir, await acquireRunLock(dir, holder));
  }

  /** Takes over an existing sweep folder (a page that outlived a host restart). */
  static async reopen(dir: string, holder: string): Promise<SweepFolder> {
    return new SweepFolder(path.basename(dir), dir, await acquireRunLock(dir, holder));
  }

  get isOpen(): boolean {
    return this.lock !== undefined;
  }

  /** Replaces `sweep.json`; a record that has ended releases the folder. */
  async write(record: SweepRecord): Promise<void> {
    if (!isSweepRecord(record)) throw new Error('not a sweep record');
    await writeFileAtomic(path.join(this.dir, SWEEP_FILE), `${JSON.stringify(record, null, 1)}\n`);
    if (record.status !== 'running') await this.close();
  }

  async close(): Promise<void> {
    const lock = this.lock;
    this.lock = undefined;
    await lock?.release();
  }
}

/** The record of a sweep folder; throws when it has none or it is not a record. */
export async function readSweepRecord(dir: string): Promise<SweepRecord> {
  const value: unknown = JSON.parse(await readFile(path.join(dir, SWEEP_FILE), 'utf8'));
  if (!isSweepRecord(value)) throw new Error(`${SWEEP_FILE} of ${dir} is not a sweep record`);
  return value;
}

/** The events a saved Compare redraws from: its curves per epoch, its reach, how each run ended. */
const REPLAYED: ReadonlySet<TrainEvent['type']> = new Set([
  'start',
  'epoch',
  'reach',
  'done',
  'stopped',
  'failed',
]);

/**
 * Each point run's events that a saved experiment's view redraws from (`REPLAYED`; not the
 * per-batch ones), by run id; `find` locates a run's folder (a point whose run is gone is left
 * out, and its row keeps the record's numbers).
 */
export async function readPointEvents(
  record: SweepRecord,
  find: (runId: string) => Promise<string | undefined>,
): Promise<Record<string, TrainEvent[]>> {
  const out: Record<string, TrainEvent[]> = {};
  for (const point of record.points) {
    if (point.runId === undefined) continue;
    const dir = await find(point.runId);
    if (!dir) continue;
    const events = (await readRunEvents(dir)).filter((e) => REPLAYED.has(e.type));
    if (events.length > 0) out[point.runId] = events;
  }
  return out;
}

const percentMetric = (p: SweepRecord['points'][number]) => p.metrics?.accuracy;

/** What the side bar shows of a sweep: one entry, its points each linking to its run. */
export function summarizeSweep(
  id: string,
  folder: string,
  record: SweepRecord,
  writing: boolean,
): SweepSummary {
  const status = record.status === 'running' && !writing ? 'interrupted' : record.status;
  return {
    id,
    name: record.spec,
    folder,
    started: record.started,
    status,
    planned: record.planned,
    finished: record.points.filter((p) => p.status !== 'skipped').length,
    axes: record.axes.map((a) => a.field),
    ...(record.experiment ? { experiment: record.experiment } : {}),
    points: record.points.map((p) => {
      const accuracy = percentMetric(p);
      return {
        index: p.index,
        label: describePoint(p.point),
        point: p.point,
        status: p.status,
        ...(p.runId !== undefined ? { runId: p.runId } : {}),
        ...(accuracy !== undefined ? { accuracy } : {}),
        ...(p.metrics ? { loss: p.metrics.loss } : {}),
      };
    }),
  };
}

/** Every sweep folder under `root` (folders with a readable `sweep.json`), newest first. */
export async function listSweeps(
  root: string,
  label: (dir: string) => string = (dir) => dir,
): Promise<SweepSummary[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  const sweeps: SweepSummary[] = [];
  for (const entry of entries) {
    const dir = path.join(root, entry);
    let record: SweepRecord;
    try {
      record = await readSweepRecord(dir);
    } catch {
      continue;
    }
    const writing = (await liveLockHolder(dir)) !== undefined;
    // A killed writer's temp file: nobody's work in progress when no live process holds the lock.
    if (!writing) await tidyIdleRunFolder(dir);
    sweeps.push(summarizeSweep(entry, label(dir), record, writing));
  }
  return sweeps.sort((a, b) => (b.started ?? '').localeCompare(a.started ?? ''));
}
