/**
 * The measuring half of the bench, the same code in Node and in the bench page (no Node modules,
 * no DOM): builds ours and tf.layers with the same weights on the active tfjs backend, times their
 * training steps in alternation, counts kernels (tf.profile) and, on WebGL, shader draws, and
 * measures the transient memory of a step and the backend's large-matMul GFLOP/s.
 *
 * Variants of one row: ours with the fused kernels (`setFusedKernels(true)`), ours unfused, tf.layers,
 * and ours fused with `capture: true` (every step's state and gates kept, as the lab does).
 */
import * as tf from '@tensorflow/tfjs';
import { createCell } from '../src/engine/cells/createCell';
import type { RecurrentCell } from '../src/engine/cells/recurrentCell';
import { cellWeightValues, toLayersWeights } from '../src/engine/cells/weightFormats';
import { makeBatches } from '../src/engine/batches';
import type { Sample } from '../src/engine/encoderRun';
import { forward } from '../src/engine/forward';
import { createAdam } from '../src/engine/fused/fusedAdam';
import { fusedKernelsEnabled, setFusedKernels } from '../src/engine/fused/fusedSwitch';
import { denseMatMul } from '../src/engine/fused/layerMatMul';
import { runLayer } from '../src/engine/recurrentLayer';
import { createModel } from '../src/engine/seqModel';
import { resolveSpec } from '../src/spec/resolveSpec';
import { buildDataset } from '../src/tasks/buildDataset';
import {
  GATES,
  trainingFlops,
  type BenchModel,
  type BenchRow,
  type PerVariant,
  type StepShape,
} from './report';

export interface CaseConfig {
  model: BenchModel;
  time: number;
  batch: number;
  input: number;
  hidden: number;
  /** Warm-up rounds (at least 2: a plain one, which counts WebGL draws, then a profiled one). */
  warmup: number;
  /** Timed rounds, at most; fewer when a round takes longer than `roundBudgetMs`. */
  timed: number;
  /** Rounds after the warm-up stop at `minTimed` once this much time is spent. */
  roundBudgetMs: number;
  minTimed: number;
}

type Variant = 'fused' | 'unfused' | 'layers' | 'capture';

interface Runnable {
  /** Runs one training step and returns its loss (a scalar the caller reads back and frees). */
  step: () => tf.Scalar;
  /** Sets the engine's switches this variant needs before its step. */
  setup: () => void;
}

/** tf.train.adam with epsilon explicit (WebGL misreports its float precision): tf.layers' Adam. */
function adam(): tf.Optimizer {
  return tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
}

/**
 * The engine's Adam (`createAdam`): one fused kernel per weight when fused kernels are on,
 * tf.train.adam when they are off, so "unfused" stays the plain tfjs path throughout.
 */
function engineAdam(fused: boolean): tf.Optimizer {
  const was = fusedKernelsEnabled();
  setFusedKernels(fused);
  try {
    return createAdam(1e-3, 1e-7);
  } finally {
    setFusedKernels(was);
  }
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const at = (k: number) => s[k] ?? NaN;
  return s.length % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
}

/** One step, its loss read back so that the work is really done. */
function runOnce(v: Runnable): number {
  v.setup();
  const t0 = performance.now();
  const loss = v.step();
  loss.dataSync();
  const ms = performance.now() - t0;
  loss.dispose();
  return ms;
}

interface Gpgpu {
  executeProgram: () => void;
}

/** WebGL: counts the shader programs run (each a draw call) while `f` runs. */
function countDraws(f: () => void): number | undefined {
  const gpgpu = (tf.backend() as unknown as { gpgpu?: Gpgpu }).gpgpu;
  if (tf.getBackend() !== 'webgl' || !gpgpu || typeof gpgpu.executeProgram !== 'function') {
    f();
    return undefined;
  }
  const original = gpgpu.executeProgram;
  let draws = 0;
  gpgpu.executeProgram = function (this: Gpgpu) {
    draws++;
    original.call(this);
  };
  try {
    f();
  } finally {
    gpgpu.executeProgram = original;
  }
  return draws;
}

interface Profiled {
  kernels: number;
  peakBytes: number;
}

async function profileStep(v: Runnable): Promise<Profiled> {
  v.setup();
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => v.step());
  tf.dispose(info.result as tf.Tensor);
  return { kernels: info.kernels.length, peakBytes: info.peakBytes - before };
}

function perVariant(values: Partial<Record<Variant, number>>, scale = 1): PerVariant {
  const out: PerVariant = {
    fused: (values.fused ?? NaN) / scale,
    unfused: (values.unfused ?? NaN) / scale,
  };
  if (values.layers !== undefined) out.layers = values.layers / scale;
  return out;
}

/**
 * Times the variants in alternation: warm-up rounds (the first counts WebGL draws, the second runs
 * under tf.profile), then timed rounds; the medians come back with the counts.
 */
async function measure(
  variants: Partial<Record<Variant, Runnable>>,
  config: CaseConfig,
  log: (line: string) => void,
): Promise<{
  ms: Partial<Record<Variant, number>>;
  kernels: Partial<Record<Variant, number>>;
  draws: Partial<Record<Variant, number>>;
  peakBytes: Partial<Record<Variant, number>>;
  failed: Partial<Record<Variant, string>>;
  timed: number;
}> {
  let entries = Object.entries(variants) as [Variant, Runnable][];
  const draws: Partial<Record<Variant, number>> = {};
  const kernels: Partial<Record<Variant, number>> = {};
  const peakBytes: Partial<Record<Variant, number>> = {};
  const failed: Partial<Record<Variant, string>> = {};
  const times: Partial<Record<Variant, number[]>> = {};
  /** A variant that throws is dropped from the row (its columns say so); the others go on. */
  const attempt = async (name: Variant, f: () => Promise<void> | void) => {
    try {
      await f();
    } catch (error) {
      failed[name] = (error as Error).message.split('\n')[0] ?? String(error);
      log(`  ${config.model} T=${config.time}: ${name} failed: ${failed[name]}`);
      entries = entries.filter(([n]) => n !== name);
    }
  };
  for (let round = 0; round < Math.max(config.warmup, 2); round++) {
    for (const [name, v] of entries) {
      await attempt(name, async () => {
        if (round === 1 && name !== 'capture') {
          const p = await profileStep(v);
          kernels[name] = p.kernels;
          peakBytes[name] = p.peakBytes;
        } else {
          const n = countDraws(() => runOnce(v));
          if (round === 0 && n !== undefined) draws[name] = n;
        }
      });
    }
  }
  const start = performance.now();
  let timed = 0;
  while (timed < config.timed && entries.length > 0) {
    if (timed >= config.minTimed && performance.now() - start > config.roundBudgetMs) break;
    for (const [name, v] of entries) {
      await attempt(name, () => {
        (times[name] ??= []).push(runOnce(v));
      });
    }
    timed++;
  }
  const ms: Partial<Record<Variant, number>> = {};
  for (const name of Object.keys(variants) as Variant[]) {
    ms[name] = failed[name] ? NaN : median(times[name] ?? []);
  }
  log(
    `  ${config.model} T=${config.time}: ` +
      Object.entries(ms)
        .map(([name, t]) => `${name} ${Number.isFinite(t) ? `${t.toFixed(1)} ms` : 'failed'}`)
        .join(', ') +
      ` (${timed} timed rounds)`,
  );
  return { ms, kernels, draws, peakBytes, failed, timed };
}

function failures(failed: Partial<Record<Variant, string>>): { failed?: Record<string, string> } {
  return Object.keys(failed).length > 0 ? { failed: { ...failed } } : {};
}

/** One recurrent layer + dense(1): ours (fused, unfused, capture) against tf.layers. */
async function benchCell(
  kind: 'rnn' | 'lstm' | 'gru',
  config: CaseConfig,
  log: (line: string) => void,
): Promise<BenchRow> {
  const shape: StepShape = {
    batch: config.batch,
    time: config.time,
    input: config.input,
    hidden: config.hidden,
  };
  const x = tf.randomNormal(
    [shape.batch, shape.time, shape.input],
    0,
    1,
    'float32',
    1,
  ) as tf.Tensor3D;
  const y = tf.randomNormal([shape.batch, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
  const cell = createCell(kind, {
    inputSize: shape.input,
    hidden: shape.hidden,
    seed: 1,
    name: 'bench',
  });
  const wd = tf.variable(tf.randomNormal([shape.hidden, 1], 0, 0.1, 'float32', 3), true);
  const bd = tf.variable(tf.zeros([1]), true);
  const oursVars = [...cell.variables(), wd, bd];
  const layers = layersModel(kind, cell, [wd, bd], shape);
  const optimizers: tf.Optimizer[] = [];
  const ours = (fused: boolean, capture: boolean): Runnable => {
    const optimizer = engineAdam(fused);
    optimizers.push(optimizer);
    return {
      setup: () => setFusedKernels(fused),
      step: () =>
        optimizer.minimize(
          () => {
            const { final } = runLayer(cell, x, { capture });
            // The head as the engine's dense layer computes it (`denseMatMul` when fused).
            const pred = fused
              ? denseMatMul(final.h, wd as tf.Tensor2D, bd as tf.Tensor1D)
              : tf.add(tf.matMul(final.h, wd), bd);
            return tf.losses.meanSquaredError(y, pred);
          },
          true,
          oursVars,
        ) as tf.Scalar,
    };
  };
  const layersOptimizer = adam();
  optimizers.push(layersOptimizer);
  const layersVars = layers.trainableWeights.map((w) => w.read() as tf.Variable);
  try {
    const m = await measure(
      {
        fused: ours(true, false),
        unfused: ours(false, false),
        layers: {
          setup: () => undefined,
          step: () =>
            layersOptimizer.minimize(
              () =>
                tf.losses.meanSquaredError(y, layers.apply(x, { training: true }) as tf.Tensor2D),
              true,
              layersVars,
            ) as tf.Scalar,
        },
        capture: ours(true, true),
      },
      config,
      log,
    );
    const row: BenchRow = {
      model: kind,
      time: shape.time,
      steps: shape.time,
      warmup: Math.max(config.warmup, 2),
      timed: m.timed,
      ms: perVariant(m.ms),
      captureMs: m.ms.capture ?? NaN,
      kernelsPerStep: perVariant(m.kernels, shape.time),
      peakBytes: perVariant(m.peakBytes),
      flops: trainingFlops(GATES[kind], shape),
      ...failures(m.failed),
    };
    if (Object.keys(m.draws).length > 0) row.drawsPerStep = perVariant(m.draws, shape.time);
    return row;
  } finally {
    setFusedKernels(true);
    for (const o of optimizers) o.dispose();
    layers.dispose();
    cell.dispose();
    tf.dispose([x, y, wd, bd]);
  }
}

/** `tf.sequential([tf.layers.X, dense(1)])` with our cell's weights and head. */
function layersModel(
  kind: 'rnn' | 'lstm' | 'gru',
  cell: RecurrentCell,
  head: tf.Tensor[],
  shape: StepShape,
): tf.Sequential {
  const common = {
    units: shape.hidden,
    inputShape: [shape.time, shape.input],
    // Zeros, not tf.layers' orthogonal default (a slow tensor-op QR); setWeights follows anyway.
    recurrentInitializer: 'zeros' as const,
  };
  const rnnLayer =
    kind === 'rnn'
      ? tf.layers.simpleRNN({ ...common, activation: 'tanh' })
      : kind === 'lstm'
        ? tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' })
        : tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  const dense = tf.layers.dense({ units: 1 });
  const model = tf.sequential({ layers: [rnnLayer, dense] });
  tf.tidy(() => {
    const [kernel, recurrentKernel, bias] = toLayersWeights(kind, cellWeightValues(cell));
    if (!kernel || !recurrentKernel || !bias) throw new Error('three weight arrays expected');
    // tf.layers' GRU has a [3H] input bias only (reset-before): same shapes, the kernels kept.
    rnnLayer.setWeights([
      kernel,
      recurrentKernel,
      kind === 'gru' ? (tf.unstack(bias)[0] ?? bias) : bias,
    ]);
    dense.setWeights(head);
  });
  return model;
}

/**
 * Our Seq2Seq with additive attention (the `reverse` task, every sequence `time` symbols, one
 * batch): LSTM encoder and decoder, embedding 32. tf.layers has no attention layer, so only ours
 * (fused, unfused, capture) is timed.
 */
async function benchSeq2Seq(config: CaseConfig, log: (line: string) => void): Promise<BenchRow> {
  const embedding = 32;
  const spec = resolveSpec({
    name: 'bench-seq2seq',
    task: {
      kind: 'reverse',
      length: config.time,
      vocab: 'abcdefgh',
      samples: 2 * config.batch + 20,
      testSamples: 20,
    },
    model: {
      cell: 'lstm',
      hidden: config.hidden,
      embedding,
      architecture: 'seq2seq',
      attention: 'additive',
    },
    train: { seed: 1, batchSize: config.batch },
  });
  const dataset = buildDataset(spec);
  const batch = makeBatches(dataset.train as Sample[], config.batch)[0] ?? [];
  if (batch.length !== config.batch) {
    throw new Error(`seq2seq bench: a batch of ${batch.length}, ${config.batch} expected`);
  }
  const decoderSteps = Math.max(...batch.map((s) => s.target.length)) + 1;
  const model = createModel(spec, dataset);
  const vars = model.weights().map((w) => w.variable);
  const optimizers: tf.Optimizer[] = [];
  const ours = (fused: boolean, capture: boolean): Runnable => {
    const optimizer = engineAdam(fused);
    optimizers.push(optimizer);
    return {
      setup: () => setFusedKernels(fused),
      step: () =>
        optimizer.minimize(() => forward(model, batch, { capture }).loss, true, vars) as tf.Scalar,
    };
  };
  try {
    const m = await measure(
      { fused: ours(true, false), unfused: ours(false, false), capture: ours(true, true) },
      config,
      log,
    );
    const steps = config.time + decoderSteps;
    const flops =
      trainingFlops(GATES.lstm, { ...config, input: embedding }) +
      trainingFlops(GATES.lstm, { ...config, time: decoderSteps, input: embedding });
    const row: BenchRow = {
      model: 'seq2seq',
      time: config.time,
      steps,
      warmup: Math.max(config.warmup, 2),
      timed: m.timed,
      ms: perVariant(m.ms),
      captureMs: m.ms.capture ?? NaN,
      kernelsPerStep: perVariant(m.kernels, steps),
      peakBytes: perVariant(m.peakBytes),
      flops,
      ...failures(m.failed),
      note:
        `Seq2Seq: ours only (tf.layers has no attention layer): LSTM encoder (${config.time} steps) and decoder ` +
        `(${decoderSteps} steps, previous token embedded, ${embedding}), additive attention, softmax head over the output vocabulary, ` +
        'one-hot embeddings; per-step columns divide by encoder + decoder steps; GFLOP/s counts the two recurrent layers only (a lower bound).',
    };
    if (Object.keys(m.draws).length > 0) row.drawsPerStep = perVariant(m.draws, steps);
    return row;
  } finally {
    setFusedKernels(true);
    for (const o of optimizers) o.dispose();
    model.dispose();
  }
}

export function benchCase(config: CaseConfig, log: (line: string) => void): Promise<BenchRow> {
  return config.model === 'seq2seq'
    ? benchSeq2Seq(config, log)
    : benchCell(config.model, config, log);
}

/**
 * The backend's matMul peak: the best median GFLOP/s of an n×n by n×n matMul (its sum read back)
 * over `sizes`. Several sizes, because the largest is not always the fastest per FLOP (on
 * SwiftShader a 1024³ matMul is one huge draw that runs slower than mid-sized ones).
 */
export function matMulPeak(
  sizes: readonly number[],
  warmup: number,
  timed: number,
): { n: number; gflops: number; bySize: Record<string, number> } {
  const bySize: Record<string, number> = {};
  let best = { n: 0, gflops: 0 };
  for (const n of sizes) {
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 4) as tf.Tensor2D;
    const b = tf.randomNormal([n, n], 0, 1, 'float32', 5) as tf.Tensor2D;
    const once = () => {
      const t0 = performance.now();
      const s = tf.tidy(() => tf.sum(tf.matMul(a, b)));
      s.dataSync();
      s.dispose();
      return performance.now() - t0;
    };
    for (let k = 0; k < warmup; k++) once();
    const gflops = (2 * n ** 3) / median(Array.from({ length: timed }, once)) / 1e6;
    tf.dispose([a, b]);
    bySize[String(n)] = gflops;
    if (gflops > best.gflops) best = { n, gflops };
  }
  return { ...best, bySize };
}

/** WebGL's unmasked renderer string ('' on other backends). */
export function webglRenderer(): string {
  if (tf.getBackend() !== 'webgl') return '';
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: GlLike } }).gpgpu?.gl;
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info') as {
    UNMASKED_RENDERER_WEBGL: number;
  } | null;
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : 0x1f01));
}

/** The two calls made on a WebGL context (no DOM types here). */
interface GlLike {
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
}
