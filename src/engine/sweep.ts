/**
 * The experiment engine: trains every point of a sweep (a grid of variants of one spec × seeds)
 * one after another and reports each point's metrics, then the mean and spread over the seeds.
 * The CLI's `sweep` and `compare`, and the lab's Compare and Bottleneck, are all this loop.
 *
 * - Events stream as it goes: the sweep's points, each point's start, every training event
 *   tagged with its point, each point's result, the whole record at the end.
 * - An `AbortSignal` stops it: the point training then stops after its batch (and keeps what it
 *   finished), the points not begun are `skipped`, and every finished point stays in the record.
 * - Who trains a point is the caller's choice (`train`: the lab trains on its page's backend and
 *   keeps each point as a run); by default it is `trainModel` on a fresh model.
 * - `measure` runs after a point trained, on its model (the Bottleneck's accuracy by length).
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import { SEED_FIELD, sweepPoints, type SweepPlan, type SweepPoint } from '../spec/sweepGrid';
import { buildDataset } from '../tasks/buildDataset';
import { sharedChanceLevel, type ChanceLevel } from '../tasks/chanceLevel';
import type { Dataset } from '../tasks/dataset';
import type { LoadedData } from '../tasks/loadedData';
import { createModel, type SeqModel } from './seqModel';
import { SWEEP_FORMAT, groupResults, type SweepPointResult, type SweepResult } from './sweepResult';
import type { TrainEvent } from './trainEvents';
import { trainModel, type TrainResult } from './trainRun';
import { yieldToEventLoop } from './yieldToEventLoop';

/** Where a sweep is, as it goes. Plain JSON (a view of any sweep draws from these). */
export type SweepEvent<M = unknown> =
  | {
      type: 'sweep-start';
      spec: string;
      axes: SweepPlan['axes'];
      seeds: number[];
      chance?: ChanceLevel;
      /** Every point the sweep will train, in order. */
      points: { index: number; group: number; point: SweepPoint['values'] }[];
      time: string;
    }
  | { type: 'point-start'; index: number; of: number; point: SweepPoint['values'] }
  | { type: 'point-train'; index: number; event: TrainEvent }
  | { type: 'point-done'; of: number; result: SweepPointResult<M> }
  | { type: 'sweep-done'; result: SweepResult<M> };

/** What a trainer hands back: how the training ended, the trained model and where it is kept. */
export interface TrainedPoint {
  result: TrainResult;
  /** The caller's model after training (`measure` reads it; the sweep disposes it). */
  model: SeqModel;
  runId?: string;
}

export interface PointTraining {
  point: SweepPoint;
  dataset: Dataset;
  signal: AbortSignal | undefined;
  /** Every training event, in order (the sweep tags it with the point). */
  onEvent(event: TrainEvent): void;
}

export type PointTrainer = (training: PointTraining) => Promise<TrainedPoint>;

export interface MeasureContext {
  point: SweepPoint;
  dataset: Dataset;
  model: SeqModel;
  result: TrainResult;
}

export interface SweepOptions<M> {
  plan: SweepPlan;
  /** What `task.file` held, for the points' datasets. */
  data?: LoadedData;
  /** A point's dataset; default `buildDataset(spec, data)`, shared by points with the same data. */
  dataset?: (spec: ResolvedSpec) => Dataset;
  /** Trains one point; default: a fresh `createModel` trained by `trainModel`. */
  train?: PointTrainer;
  /** After a point trained to the end: what to measure on its model. */
  measure?: (context: MeasureContext) => Promise<M | undefined>;
  signal?: AbortSignal;
  onEvent?: (event: SweepEvent<M>) => void;
}

/** The default trainer: a fresh model from the point's spec, trained by `trainModel`. */
export const trainFreshModel: PointTrainer = async ({ point, dataset, signal, onEvent }) => {
  const model = createModel(point.spec, dataset);
  try {
    const result = await trainModel({
      spec: point.spec,
      dataset,
      model,
      onEvent,
      ...(signal ? { signal } : {}),
    });
    return { result, model };
  } catch (error) {
    model.dispose();
    throw error;
  }
};

/** Datasets depend on the task and the seed only: points that share them share one. */
function datasetCache(
  data: LoadedData | undefined,
  build: ((spec: ResolvedSpec) => Dataset) | undefined,
): (spec: ResolvedSpec) => Dataset {
  if (build) return build;
  const cache = new Map<string, Dataset>();
  return (spec) => {
    const key = JSON.stringify([spec.task, spec.train.seed, spec.model.architecture]);
    let dataset = cache.get(key);
    if (!dataset) {
      dataset = buildDataset(spec, data);
      cache.set(key, dataset);
    }
    return dataset;
  };
}

function outcome<M>(
  point: SweepPoint,
  trained: TrainedPoint,
  params: number | undefined,
  measures: M | undefined,
): SweepPointResult<M> {
  const { result } = trained;
  return {
    index: point.index,
    point: point.values,
    group: point.group,
    status: result.status,
    epochs: Math.max(0, result.epoch),
    ...(params !== undefined ? { params } : {}),
    ...(result.metrics ? { metrics: result.metrics } : {}),
    seconds: Number(result.seconds.toFixed(3)),
    backend: result.backend,
    ...(trained.runId !== undefined ? { runId: trained.runId } : {}),
    ...(result.message !== undefined ? { message: result.message } : {}),
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    ...(measures !== undefined ? { measures } : {}),
  };
}

function failedPoint<M>(point: SweepPoint, error: unknown): SweepPointResult<M> {
  return {
    index: point.index,
    point: point.values,
    group: point.group,
    status: 'failed',
    epochs: 0,
    seconds: 0,
    message: `Training failed: ${error instanceof Error ? error.message : String(error)}`,
    reason: 'error',
  };
}

/** Trains every point of `plan` in order; never throws for a point that fails (it is recorded). */
export async function runSweep<M = undefined>(options: SweepOptions<M>): Promise<SweepResult<M>> {
  const { plan, signal } = options;
  const emit = (event: SweepEvent<M>) => options.onEvent?.(event);
  const points = sweepPoints(plan);
  const datasetOf = datasetCache(options.data, options.dataset);
  const train = options.train ?? trainFreshModel;
  const started = performance.now();
  const time = new Date().toISOString();
  const seeds = [...new Set(points.map((p) => Number(p.values[SEED_FIELD])))];
  const specName = points[0]?.spec.name ?? '';
  const chance = sharedChanceLevel(points.map((p) => p.spec));
  emit({
    type: 'sweep-start',
    spec: specName,
    axes: plan.axes,
    seeds,
    ...(chance ? { chance } : {}),
    points: points.map((p) => ({ index: p.index, group: p.group, point: p.values })),
    time,
  });
  const results: SweepPointResult<M>[] = [];
  let stopped = false;
  for (const point of points) {
    if (stopped || signal?.aborted) {
      stopped = true;
      const skipped: SweepPointResult<M> = {
        index: point.index,
        point: point.values,
        group: point.group,
        status: 'skipped',
        epochs: 0,
        seconds: 0,
      };
      results.push(skipped);
      emit({ type: 'point-done', of: points.length, result: skipped });
      continue;
    }
    emit({ type: 'point-start', index: point.index, of: points.length, point: point.values });
    let params: number | undefined;
    let dataset: Dataset;
    let trained: TrainedPoint;
    try {
      dataset = datasetOf(point.spec);
      trained = await train({
        point,
        dataset,
        signal,
        onEvent: (event) => {
          if (event.type === 'start') params = event.params.total;
          emit({ type: 'point-train', index: point.index, event });
        },
      });
    } catch (error) {
      // A point that cannot even start (its data, its model) is a failed point, not the end.
      const failed = failedPoint<M>(point, error);
      results.push(failed);
      emit({ type: 'point-done', of: points.length, result: failed });
      continue;
    }
    let measures: M | undefined;
    try {
      if (trained.result.status === 'done' && options.measure) {
        // The page can paint the point's last epoch before the measuring starts.
        await yieldToEventLoop();
        measures = await options.measure({
          point,
          dataset,
          model: trained.model,
          result: trained.result,
        });
      }
    } finally {
      trained.model.dispose();
    }
    const result = outcome(point, trained, params, measures);
    results.push(result);
    emit({ type: 'point-done', of: points.length, result });
    if (trained.result.status === 'stopped') stopped = true;
  }
  const record: SweepResult<M> = {
    format: SWEEP_FORMAT,
    version: 1,
    spec: specName,
    axes: plan.axes,
    seeds,
    status: stopped ? 'stopped' : 'done',
    points: results,
    groups: groupResults(results, SEED_FIELD),
    ...(chance ? { chance } : {}),
    started: time,
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
  emit({ type: 'sweep-done', result: record });
  return record;
}
