/**
 * The fused recurrent kernels against the plain tfjs ops of the cells, on whatever backend is
 * active: one forward and backward pass with every input differentiable (weights, input, initial
 * state, hidden probes), the captured steps, and 50 Adam steps from the same weights. Shared by
 * the unit tests (CPU, WASM in Node) and the browser tests (WebGL, WASM in Chromium), so every
 * backend is held to the same checks. No Node or DOM APIs here.
 */
import * as tf from '@tensorflow/tfjs';
import { createCell } from '../../src/engine/cells/createCell';
import type { CellState, RecurrentCell } from '../../src/engine/cells/recurrentCell';
import { fusedKernelsEnabled, setFusedKernels } from '../../src/engine/fused/fusedSwitch';
import { FusedAdam } from '../../src/engine/fused/fusedAdam';
import { denseMatMul } from '../../src/engine/fused/layerMatMul';
import { makeBatches } from '../../src/engine/batches';
import type { Sample } from '../../src/engine/encoderRun';
import { forward } from '../../src/engine/forward';
import { runLayer } from '../../src/engine/recurrentLayer';
import { createModel } from '../../src/engine/seqModel';
import { resolveSpec } from '../../src/spec/resolveSpec';
import { buildDataset } from '../../src/tasks/buildDataset';

export interface Variant {
  label: string;
  kind: 'rnn' | 'lstm' | 'gru';
  activation?: 'tanh' | 'relu';
}

export const VARIANTS: Variant[] = [
  { label: 'rnn tanh', kind: 'rnn' },
  { label: 'rnn relu', kind: 'rnn', activation: 'relu' },
  { label: 'lstm', kind: 'lstm' },
  { label: 'gru', kind: 'gru' },
];

const B = 3;
const T = 5;
const I = 4;
export const HIDDEN = 6;
const PROBES = 3;

export interface Comparison {
  label: string;
  /** max |fused − plain| of each compared quantity. */
  diffs: Record<string, number>;
  /** The smallest max |∂loss/∂h_t| over the probed steps (the probe check is not empty). */
  probeGradient: number;
}

function makeCell(v: Variant, seed: number): RecurrentCell {
  return createCell(v.kind, {
    inputSize: I,
    hidden: HIDDEN,
    seed,
    name: `fused_${v.label.replace(' ', '_')}_${seed}`,
    ...(v.activation ? { activation: v.activation } : {}),
  });
}

function withFused<T>(on: boolean, f: () => T): T {
  const was = fusedKernelsEnabled();
  setFusedKernels(on);
  try {
    return f();
  } finally {
    setFusedKernels(was);
  }
}

function maxAbs(t: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0] ?? NaN);
}

/** Every quantity of one pass, as plain arrays by name. */
function pass(cell: RecurrentCell): Record<string, tf.Tensor> {
  return tf.tidy(() => {
    const x = tf.randomNormal<tf.Rank.R3>([B, T, I], 0, 1, 'float32', 1);
    const h0 = tf.randomNormal<tf.Rank.R2>([B, HIDDEN], 0, 0.5, 'float32', 2);
    const c0 = tf.randomNormal<tf.Rank.R2>([B, HIDDEN], 0, 0.5, 'float32', 3);
    const probes = Array.from({ length: PROBES }, () => tf.zeros<tf.Rank.R2>([B, HIDDEN]));
    const rOut = tf.randomNormal<tf.Rank.R3>([B, T, HIDDEN], 0, 1, 'float32', 4);
    const rH = tf.randomNormal<tf.Rank.R2>([B, HIDDEN], 0, 1, 'float32', 5);
    const rC = tf.randomNormal<tf.Rank.R2>([B, HIDDEN], 0, 1, 'float32', 6);
    const initialOf = (h: tf.Tensor2D, c: tf.Tensor2D): CellState =>
      cell.kind === 'lstm' ? { h, c } : { h };
    const f = (...args: tf.Tensor[]): tf.Scalar => {
      const [xi, hi, ci, ...ps] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, ...tf.Tensor2D[]];
      const run = runLayer(cell, xi, { initial: initialOf(hi, ci), hiddenProbes: ps });
      let loss = tf.add(tf.sum(tf.mul(run.outputs, rOut)), tf.sum(tf.mul(run.final.h, rH)));
      if (run.final.c) loss = tf.add(loss, tf.sum(tf.mul(run.final.c, rC)));
      // c0 must take part in every variant (valueAndGrads wants a path from each input).
      return tf.add(loss, tf.mul(0, tf.sum(ci)));
    };
    const inputs = [x, h0, c0, ...probes];
    const { value, grads } = tf.valueAndGrads(f)(inputs);
    const weights = cell.variables();
    const weightGrads = tf.variableGrads(() => f(...inputs), weights).grads;
    const run = runLayer(cell, x, { initial: initialOf(h0, c0), capture: true });
    const out: Record<string, tf.Tensor> = {
      loss: value,
      outputs: run.outputs,
      'final h': run.final.h,
    };
    if (run.final.c) out['final c'] = run.final.c;
    ['x', 'h0', 'c0', ...probes.map((_, k) => `probe${k}`)].forEach((name, k) => {
      const g = grads[k];
      if (g) out[`d${name}`] = g;
    });
    for (const w of weights) {
      const g = weightGrads[w.name];
      if (g) out[`d${w.name}`] = g;
    }
    (run.steps ?? []).forEach((s, t) => {
      out[`step${t} h`] = s.state.h;
      if (s.state.c) out[`step${t} c`] = s.state.c;
      for (const [gate, value] of Object.entries(s.gates)) out[`step${t} ${gate}`] = value;
    });
    return out;
  });
}

export function compareFusedWithPlain(v: Variant): Comparison {
  const cell = makeCell(v, 11);
  try {
    const fused = withFused(true, () => pass(cell));
    const plain = withFused(false, () => pass(cell));
    const diffs: Record<string, number> = {};
    for (const name of new Set([...Object.keys(fused), ...Object.keys(plain)])) {
      const a = fused[name];
      const b = plain[name];
      diffs[name] =
        a && b && a.shape.join() === b.shape.join()
          ? tf.tidy(() => maxAbs(tf.sub(a, b)))
          : Infinity;
    }
    const probeGradient = Math.min(
      ...Array.from({ length: PROBES }, (_, k) => {
        const g = fused[`dprobe${k}`];
        return g ? maxAbs(g) : 0;
      }),
    );
    tf.dispose([...Object.values(fused), ...Object.values(plain)]);
    return { label: v.label, diffs, probeGradient };
  } finally {
    cell.dispose();
  }
}

/** The training loss after 50 Adam steps from the same weights, fused and plain. */
export function trainBothWays(kind: 'lstm' | 'gru', steps = 50): { fused: number; plain: number } {
  const run = (fused: boolean) =>
    withFused(fused, () => {
      const cell = makeCell({ label: kind, kind }, 5);
      const head = tf.variable(tf.randomNormal([HIDDEN, 1], 0, 0.3, 'float32', 9));
      const optimizer = tf.train.adam(0.01);
      const x = tf.randomNormal<tf.Rank.R3>([8, 12, I], 0, 1, 'float32', 21);
      // Sum of the first step's features: an answer the model must carry through 12 steps.
      const y = tf.tidy(() =>
        tf.reshape(tf.sum(tf.slice(x, [0, 0, 0], [8, 1, I]), [1, 2]), [8, 1]),
      );
      let last = NaN;
      try {
        for (let step = 0; step < steps; step++) {
          const loss = optimizer.minimize(
            () => {
              const out = runLayer(cell, x);
              return tf.losses.meanSquaredError(y, tf.matMul(out.final.h, head)) as tf.Scalar;
            },
            true,
            [...cell.variables(), head],
          );
          last = loss?.dataSync()[0] ?? NaN;
          loss?.dispose();
        }
      } finally {
        tf.dispose([x, y, head]);
        optimizer.dispose();
        cell.dispose();
      }
      return last;
    });
  return { fused: run(true), plain: run(false) };
}

/**
 * FusedAdam against tf.train.adam: the same weights and gradients for 20 steps; returns the
 * largest difference of the weights after each step.
 */
export function adamBothWays(steps = 20): number {
  const start = [
    tf.randomNormal([7, 10], 0, 1, 'float32', 31),
    tf.randomNormal([10], 0, 1, 'float32', 32),
  ];
  const target = tf.randomNormal([3, 10], 0, 1, 'float32', 33);
  const input = tf.randomNormal([3, 7], 0, 1, 'float32', 34);
  const make = (tag: string) =>
    start.map((t, k) => tf.variable(t.clone(), true, `adam_${tag}_${k}`));
  const ours = make('fused');
  const theirs = make('tfjs');
  const fusedAdam = new FusedAdam(0.05, 0.9, 0.999, 1e-7);
  const tfAdam = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
  const loss = (w: tf.Variable[]) => () => {
    const [k, b] = w as [tf.Variable, tf.Variable];
    return tf.losses.meanSquaredError(target, tf.add(tf.matMul(input, k), b)) as tf.Scalar;
  };
  let worst = 0;
  try {
    for (let s = 0; s < steps; s++) {
      fusedAdam.minimize(loss(ours), false, ours);
      tfAdam.minimize(loss(theirs), false, theirs);
      ours.forEach((v, k) => {
        const other = theirs[k];
        if (other)
          worst = Math.max(
            worst,
            tf.tidy(() => maxAbs(tf.sub(v, other))),
          );
      });
    }
  } finally {
    fusedAdam.dispose();
    tfAdam.dispose();
    tf.dispose([...start, target, input, ...ours, ...theirs]);
  }
  return worst;
}

/** denseMatMul (value and the gradients of x, W, b) against tfjs' fused matMul: max |Δ|. */
export function denseBothWays(): number {
  return tf.tidy(() => {
    const x = tf.randomNormal<tf.Rank.R2>([9, 6], 0, 1, 'float32', 51);
    const w = tf.randomNormal<tf.Rank.R2>([6, 11], 0, 1, 'float32', 52);
    const b = tf.randomNormal<tf.Rank.R1>([11], 0, 1, 'float32', 53);
    const r = tf.randomNormal<tf.Rank.R2>([9, 11], 0, 1, 'float32', 54);
    const loss = (f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D) =>
      tf.valueAndGrads((...args: tf.Tensor[]) => {
        const [xi, wi, bi] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        return tf.sum(tf.mul(tf.tanh(f(xi, wi, bi)), r)) as tf.Scalar;
      })([x, w, b]);
    const ours = loss((xi, wi, bi) => denseMatMul(xi, wi, bi));
    const theirs = loss((xi, wi, bi) => tf.fused.matMul({ a: xi, b: wi, bias: bi }) as tf.Tensor2D);
    const diffs = [
      maxAbs(tf.sub(ours.value, theirs.value)),
      ...ours.grads.map((g, k) => maxAbs(tf.sub(g, theirs.grads[k] as tf.Tensor))),
    ];
    return Math.max(...diffs);
  });
}

/**
 * A whole Seq2Seq model with attention (encoder layer, one-step decoder layers, dense head) on one
 * batch, fused and plain: the loss and every weight's gradient, max |Δ|.
 */
export function seq2seqBothWays(cell: 'lstm' | 'gru'): { loss: number; gradients: number } {
  const spec = resolveSpec({
    name: 'fused-seq2seq',
    task: { kind: 'reverse', length: 5, vocab: 'abcd', samples: 24, testSamples: 4 },
    model: { cell, hidden: HIDDEN, embedding: 4, architecture: 'seq2seq', attention: 'additive' },
    train: { seed: 3, batchSize: 8 },
  });
  const dataset = buildDataset(spec);
  const batch = makeBatches(dataset.train as readonly Sample[], 8)[0] ?? [];
  const model = createModel(spec, dataset);
  try {
    const vars = model.weights().map((w) => w.variable);
    const run = (fused: boolean) =>
      withFused(fused, () => tf.variableGrads(() => forward(model, batch).loss, vars));
    const fused = run(true);
    const plain = run(false);
    const loss = tf.tidy(() => maxAbs(tf.sub(fused.value, plain.value)));
    const gradients = Math.max(
      ...vars.map((v) => {
        const a = fused.grads[v.name];
        const b = plain.grads[v.name];
        return a && b ? tf.tidy(() => maxAbs(tf.sub(a, b))) : Infinity;
      }),
    );
    tf.dispose([
      fused.value,
      plain.value,
      ...Object.values(fused.grads),
      ...Object.values(plain.grads),
    ]);
    return { loss, gradients };
  } finally {
    model.dispose();
  }
}
