/**
 * A sweep's record as it grows: what a run store keeps as `sweep.json` while the sweep trains and
 * once it has ended. `SweepRecorder` folds the engine's sweep events (`sweep.ts`) into it, so the
 * record written after every point is the same shape as the finished one: a sweep cut short (a
 * closed window, a crash) still shows every point that finished. Plain JSON throughout.
 */
import type { SweepExperiment } from './experiments';
import type { SweepEvent } from './sweep';
import { SWEEP_FORMAT, groupResults, type SweepPointResult, type SweepResult } from './sweepResult';
import { SEED_FIELD } from '../spec/sweepGrid';

/** `running` while the sweep trains (on disk with no live writer: it was cut short). */
export type SweepRecordStatus = 'running' | 'done' | 'stopped';

export interface SweepRecord<M = unknown> extends Omit<SweepResult<M>, 'status'> {
  status: SweepRecordStatus;
  /** Compare (over `model.cell`) or Bottleneck (over `model.attention`, by length); absent: the
   * spec's own `sweep`. The lab shows a saved experiment in its own view. */
  experiment?: SweepExperiment;
  /** Every training the sweep planned (grid points × seeds); `points` holds those that ended. */
  planned: number;
}

export class SweepRecorder<M = unknown> {
  private current: SweepRecord<M> | undefined;
  private startedAt = 0;

  constructor(private readonly experiment?: SweepExperiment) {}

  private get kind(): { experiment?: SweepExperiment } {
    return this.experiment ? { experiment: this.experiment } : {};
  }

  /** The record so far (undefined before `sweep-start`). */
  get record(): SweepRecord<M> | undefined {
    return this.current;
  }

  /** Folds one event in; returns the record when the event changed it (start, a point, the end). */
  add(event: SweepEvent<M>): SweepRecord<M> | undefined {
    switch (event.type) {
      case 'sweep-start':
        this.startedAt = Date.now();
        this.current = {
          format: SWEEP_FORMAT,
          version: 1,
          spec: event.spec,
          axes: event.axes,
          seeds: event.seeds,
          ...(event.chance ? { chance: event.chance } : {}),
          status: 'running',
          planned: event.points.length,
          points: [],
          groups: [],
          started: event.time,
          seconds: 0,
          ...this.kind,
        };
        return this.current;
      case 'point-done': {
        const record = this.current;
        if (!record) return undefined;
        const points: SweepPointResult<M>[] = [
          ...record.points.filter((p) => p.index !== event.result.index),
          event.result,
        ].sort((a, b) => a.index - b.index);
        this.current = {
          ...record,
          points,
          groups: groupResults(points, SEED_FIELD),
          seconds: Number(((Date.now() - this.startedAt) / 1000).toFixed(3)),
        };
        return this.current;
      }
      case 'sweep-done':
        this.current = { ...event.result, planned: event.result.points.length, ...this.kind };
        return this.current;
      default:
        return undefined;
    }
  }
}

/** Whether a parsed `sweep.json` has the shape of a record (what a reader relies on). */
export function isSweepRecord(value: unknown): value is SweepRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.format === SWEEP_FORMAT &&
    v.version === 1 &&
    typeof v.spec === 'string' &&
    Array.isArray(v.axes) &&
    Array.isArray(v.points) &&
    Array.isArray(v.groups) &&
    (v.status === 'running' || v.status === 'done' || v.status === 'stopped') &&
    typeof v.planned === 'number' &&
    (v.experiment === undefined || v.experiment === 'compare' || v.experiment === 'bottleneck')
  );
}
