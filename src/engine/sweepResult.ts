/**
 * A sweep's record: every point's outcome and, per point of the grid, the mean and spread of its
 * metrics over the seeds. Plain JSON throughout, what a run store would keep as `sweep.json`.
 */
import type { SweepAxis } from '../spec/sweepGrid';
import type { SweepValue } from '../spec/sweepSchema';
import type { FailureReason, FinalMetrics } from './trainEvents';
import type { ChanceLevel } from '../tasks/chanceLevel';

export const SWEEP_FORMAT = 'rnnlab-sweep';

/** How one training of a sweep ended (`skipped`: the sweep was stopped before it began). */
export type PointStatus = 'done' | 'stopped' | 'failed' | 'skipped';

export interface SweepPointResult<M = unknown> {
  index: number;
  /** The value of each axis, then `train.seed`. */
  point: Record<string, SweepValue>;
  /** The grid point without its seed that this training belongs to (`SweepGroup.group`). */
  group: number;
  status: PointStatus;
  /** Epochs completed. */
  epochs: number;
  /** Trainable numbers of the model. */
  params?: number;
  /** Test metrics after the last completed epoch. */
  metrics?: FinalMetrics;
  seconds: number;
  backend?: string;
  /** Where the caller kept the run (the lab's run id), when it did. */
  runId?: string;
  /** `failed` only. */
  message?: string;
  reason?: FailureReason;
  /** What the caller measured on the trained model (`SweepOptions.measure`). */
  measures?: M;
}

/** Mean and spread of one metric over the seeds of a grid point. */
export interface Spread {
  mean: number;
  /** Sample standard deviation (0 for a single seed). */
  std: number;
  min: number;
  max: number;
  /** Seeds that gave a value. */
  n: number;
}

export type SpreadMetric = 'loss' | 'accuracy' | 'sequenceAccuracy' | 'mse';

export interface SweepGroup {
  group: number;
  /** The value of each axis (no seed). */
  point: Record<string, SweepValue>;
  /** Indices of its trainings in `SweepResult.points`, one per seed. */
  points: number[];
  /** Over the seeds whose training finished (`done`). */
  metrics: Partial<Record<SpreadMetric, Spread>>;
  seconds: Spread;
}

export interface SweepResult<M = unknown> {
  format: typeof SWEEP_FORMAT;
  version: 1;
  /** `spec.name` of the spec swept. */
  spec: string;
  axes: SweepAxis[];
  /** The seeds each point trained with. */
  seeds: number[];
  /** `stopped` when the sweep was stopped before every point trained. */
  status: 'done' | 'stopped';
  points: SweepPointResult<M>[];
  groups: SweepGroup[];
  /** What a model that learned nothing scores, when every point shares one level (the chart's reference line). */
  chance?: ChanceLevel;
  /** ISO time the sweep started. */
  started: string;
  seconds: number;
}

/** Mean, sample standard deviation, min and max; undefined for no values. */
export function spreadOf(values: readonly number[]): Spread | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values), n };
}

const METRICS: readonly SpreadMetric[] = ['loss', 'accuracy', 'sequenceAccuracy', 'mse'];

/** One group per grid point, in grid order, over the trainings that finished. */
export function groupResults<M>(
  points: readonly SweepPointResult<M>[],
  seedField: string,
): SweepGroup[] {
  const byGroup = new Map<number, SweepPointResult<M>[]>();
  for (const p of points) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);
  return [...byGroup.entries()]
    .sort(([a], [b]) => a - b)
    .map(([group, members]) => {
      const done = members.filter((p) => p.status === 'done' && p.metrics);
      const metrics: SweepGroup['metrics'] = {};
      for (const name of METRICS) {
        const values = done.flatMap((p) => {
          const v = p.metrics?.[name];
          return v !== undefined && Number.isFinite(v) ? [v] : [];
        });
        const spread = spreadOf(values);
        if (spread) metrics[name] = spread;
      }
      const first = members[0]?.point ?? {};
      const point = Object.fromEntries(Object.entries(first).filter(([f]) => f !== seedField));
      return {
        group,
        point,
        points: members.map((p) => p.index),
        metrics,
        seconds: spreadOf(done.map((p) => p.seconds)) ?? { mean: 0, std: 0, min: 0, max: 0, n: 0 },
      };
    });
}
