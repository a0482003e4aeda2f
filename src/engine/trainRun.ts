/**
 * The training loop: seeded batches, one optimizer step per batch with global-norm (and optional
 * value) clipping, validation and gate statistics after each epoch, checkpoints into a run store,
 * and a stream of `TrainEvent`s.
 *
 * It yields to the event loop before every batch, so an `AbortSignal` (Ctrl-C, a Stop button) or a
 * UI message gets in within one batch. A non-finite loss or gradient stops the run with a `failed`
 * event before that step is applied; the checkpoint on disk is the last good epoch's.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { Dataset } from '../tasks/dataset';
import { createRandom } from '../tasks/seededRandom';
import { countBatches, makeBatches } from './batches';
import type { Sample } from './encoderRun';
import { evaluate, gateStatistics } from './evaluate';
import { forward, makeProbes, trainingCut } from './forward';
import { reachEvent, reachSamples } from './gradientReach';
import { accuracyByLength } from './lengthAccuracy';
import { createOptimizer, setLearningRate, type Optimizer } from './optimizer';
import { appendMetrics, saveCheckpoint, writeRunHeader, type RunStore } from './runStore';
import type { SeqModel } from './seqModel';
import type {
  EpochEvent,
  FailureReason,
  FinalMetrics,
  LayerGradient,
  TrainEvent,
} from './trainEvents';
import { failureMessage } from './divergenceMessage';
import { yieldToEventLoop } from './yieldToEventLoop';

export { yieldToEventLoop };

/**
 * Settings a UI may change while training runs; read at the start of every epoch. Create with
 * `createTrainControl(spec)` and keep a reference to change them.
 */
export interface TrainControl {
  learningRate: number;
  /** Seq2Seq: probability per decoder step of feeding the true previous token. */
  teacherForcing: number;
}

export function createTrainControl(spec: ResolvedSpec): TrainControl {
  return { learningRate: spec.train.learningRate, teacherForcing: spec.train.teacherForcing };
}

export interface TrainOptions {
  spec: ResolvedSpec;
  dataset: Dataset;
  /** From `createModel(spec, dataset)` or `loadRun` (to continue training). */
  model: SeqModel;
  /** Every event, in order; also appended to the store's `metrics.jsonl`. */
  onEvent: (event: TrainEvent) => void;
  /** Stops between batches; the run ends with a `stopped` event. */
  signal?: AbortSignal;
  /** Where `spec.json`, `dataset.json`, `metrics.jsonl` and the weights go; none = memory only. */
  store?: RunStore;
  /**
   * Number of the first epoch to train (1-based; default 1). Continuing a run that completed
   * epochs 1…k passes k + 1: shuffling depends on the epoch number, so the batches are those an
   * uninterrupted run would have seen (the optimizer's moments start afresh).
   */
  startEpoch?: number;
  /** Epochs to train in this call. Default: up to `spec.train.epochs` (at least one). */
  epochs?: number;
  /** Learning rate and teacher forcing, changeable between epochs. Default: the spec's. */
  control?: TrainControl;
  /** Samples used for the gate statistics (the first ones of the test split). Default 64. */
  gateSamples?: number;
  /**
   * Test samples (of one length) whose gradient reach is measured before the first epoch and after
   * the last (`reach` events). Default 32; 0: not measured.
   */
  reachSamples?: number;
}

export interface TrainResult {
  status: 'done' | 'stopped' | 'failed';
  /** Last completed epoch (startEpoch - 1 when none completed). */
  epoch: number;
  /** Test metrics after the last completed epoch (absent when none completed). */
  metrics?: FinalMetrics;
  /** Every `epoch` event of this call. */
  epochs: EpochEvent[];
  /** `failed` only: what went wrong, and what kind of failure it was. */
  message?: string;
  reason?: FailureReason;
  seconds: number;
  backend: string;
}

interface StepOutcome {
  loss: number;
  globalNorm: number;
  /** With gradients requested: per weight, and per layer per step. */
  weightNorms?: number[];
  layerNorms?: number[][];
}

/** One optimizer step on one batch; returns the numbers, or non-finite ones without stepping. */
function trainStep(
  model: SeqModel,
  optimizer: Optimizer,
  batch: readonly Sample[],
  settings: { teacherForcing: number; random: ReturnType<typeof createRandom> },
  clip: { norm?: number; value?: number },
  withGradients: boolean,
): StepOutcome {
  const weights = model.weights();
  const variables = weights.map((w) => w.variable);
  let outcome: StepOutcome = { loss: NaN, globalNorm: NaN };
  tf.tidy(() => {
    const probes = withGradients ? makeProbes(model, batch) : undefined;
    const xs: tf.Tensor[] = [...variables, ...(probes?.flat() ?? [])];
    const { value, grads } = tf.engine().gradients(
      () =>
        forward(model, batch, {
          teacherForcing: settings.teacherForcing,
          random: settings.random,
          ...(probes ? { probes } : {}),
        }).loss,
      xs,
      undefined,
      true,
    );
    // A weight the batch never reached (possible for a decoder embedding row) has no gradient.
    const varGrads = variables.map((v, i) => grads[i] ?? tf.zerosLike(v));
    const weightNorms = tf.stack(varGrads.map((g) => tf.norm(g)));
    const globalNorm = tf.sqrt(tf.sum(tf.square(weightNorms)));
    const parts: tf.Tensor[] = [value.reshape([1]), globalNorm.reshape([1])];
    if (withGradients) parts.push(weightNorms);
    let offset = variables.length;
    const stepCounts: number[] = [];
    for (const layerProbes of probes ?? []) {
      const layerGrads = layerProbes.map((p, t) => grads[offset + t] ?? tf.zerosLike(p));
      offset += layerProbes.length;
      stepCounts.push(layerGrads.length);
      // Norm over units per sample, then the batch mean: [T].
      if (layerGrads.length > 0) {
        parts.push(tf.mean(tf.sqrt(tf.sum(tf.square(tf.stack(layerGrads)), 2)), 1));
      }
    }
    const read = tf.concat(parts).dataSync();
    const loss = read[0] ?? NaN;
    const norm = read[1] ?? NaN;
    outcome = { loss, globalNorm: norm };
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) return;
    if (withGradients) {
      let k = 2;
      outcome.weightNorms = variables.map(() => read[k++] ?? NaN);
      outcome.layerNorms = stepCounts.map((n) => Array.from({ length: n }, () => read[k++] ?? NaN));
    }
    let clipped = varGrads;
    if (clip.norm !== undefined && norm > clip.norm) {
      const scale = clip.norm / norm;
      clipped = clipped.map((g) => tf.mul(g, scale));
    }
    if (clip.value !== undefined) {
      const limit = clip.value;
      clipped = clipped.map((g) => tf.clipByValue(g, -limit, limit));
    }
    optimizer.applyGradients(
      variables.map((v, i) => ({ name: v.name, tensor: clipped[i] ?? tf.zerosLike(v) })),
    );
  });
  return outcome;
}

/** Trains `model` on `dataset` as `spec.train` says. Never throws for a diverging run. */
export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  const { spec, dataset, model, store, signal } = options;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const backend = tf.getBackend();
  const control = options.control ?? createTrainControl(spec);
  const firstEpoch = options.startEpoch ?? 1;
  const epochCount = options.epochs ?? Math.max(1, spec.train.epochs - firstEpoch + 1);
  const lastEpoch = firstEpoch + epochCount - 1;
  const train = dataset.train as readonly Sample[];
  const test = dataset.test as readonly Sample[];
  const batchSize = spec.train.batchSize;
  const batchesPerEpoch = countBatches(train, batchSize);
  const gateSample = test.slice(0, options.gateSamples ?? 64);
  const reachSample = reachSamples(test, options.reachSamples ?? 32);
  const clip = {
    ...(spec.train.clipNorm !== undefined ? { norm: spec.train.clipNorm } : {}),
    ...(spec.train.clipValue !== undefined ? { value: spec.train.clipValue } : {}),
  };
  const epochs: EpochEvent[] = [];
  let metrics: FinalMetrics | undefined;

  /** The epoch of the store's checkpoint: the last one this call saved, or the one it began from. */
  const keptEpoch = () =>
    store ? (epochs[epochs.length - 1]?.epoch ?? firstEpoch - 1) : undefined;

  const emit = async (event: TrainEvent) => {
    options.onEvent(event);
    if (store) await appendMetrics(store, event);
  };

  if (store) await writeRunHeader(store, spec, dataset);
  const tbptt = trainingCut(model);
  await emit({
    type: 'start',
    spec: spec.name,
    backend,
    params: model.paramCounts(),
    trainSamples: train.length,
    testSamples: test.length,
    batchesPerEpoch,
    epochs: epochCount,
    firstEpoch,
    time: new Date().toISOString(),
    ...(tbptt !== undefined ? { tbptt } : {}),
  });

  const optimizer = createOptimizer(spec, control.learningRate);
  let step = 0;
  let epoch = firstEpoch;
  let batchIndex = 0;
  try {
    // The starting point of the reach picture: an untrained model's only when training begins at
    // epoch 1 (a continued run starts from trained weights, which the `trained` event shows).
    if (firstEpoch === 1) await emitReach('init', 0);
    for (; epoch <= lastEpoch; epoch++) {
      const epochStart = performance.now();
      setLearningRate(optimizer, control.learningRate);
      const teacherForcing = control.teacherForcing;
      const learningRate = control.learningRate;
      const batches = makeBatches(
        train,
        batchSize,
        createRandom(spec.train.seed, `shuffle:${epoch}`),
      );
      const coin = createRandom(spec.train.seed, `teacher-forcing:${epoch}`);
      let lossSum = 0;
      let sampleCount = 0;
      let trainSeconds = 0;
      batchIndex = 0;
      for (const batch of batches) {
        await yieldToEventLoop();
        if (signal?.aborted) {
          await emit({
            type: 'stopped',
            epoch,
            batch: batchIndex,
            ...(metrics ? { metrics } : {}),
            seconds: seconds(),
          });
          return result('stopped');
        }
        batchIndex++;
        const withGradients = step % spec.train.gradientEvery === 0;
        const t0 = performance.now();
        const outcome = trainStep(
          model,
          optimizer,
          batch,
          { teacherForcing, random: coin },
          clip,
          withGradients,
        );
        trainSeconds += (performance.now() - t0) / 1000;
        step++;
        if (!Number.isFinite(outcome.loss) || !Number.isFinite(outcome.globalNorm)) {
          const what = Number.isFinite(outcome.loss) ? 'gradient' : 'loss';
          const message = failureMessage(spec, epoch, batchIndex, what, keptEpoch());
          await emit({
            type: 'failed',
            epoch,
            batch: batchIndex,
            reason: 'diverged',
            message,
            seconds: seconds(),
          });
          return result('failed', message, 'diverged');
        }
        lossSum += outcome.loss * batch.length;
        sampleCount += batch.length;
        await emit({
          type: 'batch',
          epoch,
          batch: batchIndex,
          batches: batches.length,
          loss: outcome.loss,
          meanLoss: lossSum / sampleCount,
          stepsPerSecond: batchIndex / Math.max(trainSeconds, 1e-9),
        });
        if (outcome.weightNorms && outcome.layerNorms) {
          const weightNames = model.weights().map((w) => w.name);
          const layers: LayerGradient[] = model.layers.map((layer, l) => ({
            layer: layer.label,
            norms: outcome.layerNorms?.[l] ?? [],
          }));
          await emit({
            type: 'gradients',
            epoch,
            batch: batchIndex,
            layers,
            weights: weightNames.map((name, i) => ({ name, norm: outcome.weightNorms?.[i] ?? 0 })),
            globalNorm: outcome.globalNorm,
          });
        }
      }
      metrics = await evaluate(model, test);
      const event: EpochEvent = {
        type: 'epoch',
        epoch,
        lastEpoch,
        trainLoss: lossSum / Math.max(sampleCount, 1),
        testLoss: metrics.loss,
        ...(metrics.accuracy !== undefined ? { accuracy: metrics.accuracy } : {}),
        ...(metrics.sequenceAccuracy !== undefined
          ? { sequenceAccuracy: metrics.sequenceAccuracy }
          : {}),
        ...(metrics.mse !== undefined ? { mse: metrics.mse } : {}),
        ...(metrics.mseByHorizon ? { mseByHorizon: metrics.mseByHorizon } : {}),
        gates: await gateStatistics(model, gateSample),
        learningRate,
        teacherForcing,
        seconds: (performance.now() - epochStart) / 1000,
      };
      if (!Number.isFinite(event.testLoss)) {
        const message = failureMessage(spec, epoch, batchIndex, 'test loss', keptEpoch());
        await emit({
          type: 'failed',
          epoch,
          batch: batchIndex,
          reason: 'diverged',
          message,
          seconds: seconds(),
        });
        return result('failed', message, 'diverged');
      }
      epochs.push(event);
      await emit(event);
      if (store) {
        const files = await saveCheckpoint(store, model, { epoch, metrics });
        await emit({ type: 'checkpoint', epoch, files });
      }
    }
    // Length generalisation: the same weights on test lengths the model may never have seen.
    const lengths =
      spec.task.testLength && dataset.type === 'symbols'
        ? {
            trained: lengthRangeOf(train),
            byLength: await accuracyByLength(model, test),
          }
        : undefined;
    await emitReach('trained', lastEpoch);
    await emit({
      type: 'done',
      epoch: lastEpoch,
      metrics: metrics ?? { loss: NaN },
      seconds: seconds(),
      ...(lengths ? { lengths } : {}),
    });
    return result('done');
  } catch (error) {
    const message = `Training failed at epoch ${epoch}, batch ${batchIndex}: ${
      error instanceof Error ? error.message : String(error)
    }`;
    await emit({
      type: 'failed',
      epoch,
      batch: batchIndex,
      reason: 'error',
      message,
      seconds: seconds(),
    });
    return result('failed', message, 'error');
  } finally {
    optimizer.dispose();
  }

  async function emitReach(when: 'init' | 'trained', at: number): Promise<void> {
    const event = reachEvent(model, reachSample, when, at);
    if (event) await emit(event);
  }

  function result(
    status: TrainResult['status'],
    message?: string,
    reason?: FailureReason,
  ): TrainResult {
    const last = epochs[epochs.length - 1];
    return {
      status,
      epoch: last ? last.epoch : firstEpoch - 1,
      ...(metrics && last ? { metrics } : {}),
      epochs,
      ...(message !== undefined ? { message } : {}),
      ...(reason !== undefined ? { reason } : {}),
      seconds: seconds(),
      backend,
    };
  }
}

/** Shortest and longest input of `samples`. */
function lengthRangeOf(samples: readonly Sample[]): [number, number] {
  let min = Infinity;
  let max = 0;
  for (const s of samples) {
    min = Math.min(min, s.input.length);
    max = Math.max(max, s.input.length);
  }
  return [Number.isFinite(min) ? min : 0, max];
}
