/**
 * Truncated backpropagation through time (`train.tbptt`, engine/truncatedBackprop.ts), on the
 * fused kernels and on the plain ops, for each cell:
 * - with tbptt ≥ T every gradient equals full BPTT's exactly (the same numbers, not close ones);
 * - with k < T the gradients are those of a reference built without the engine's cut: the sequence
 *   split into blocks of k steps counted back from the last, each block run from its start state
 *   as a constant, the blocks' losses summed;
 * - the gradient that reaches h_t is zero beyond the last k steps of a many-to-one loss, in the
 *   layer and in a whole model (engine/gradientReach.ts `truncated`), while the reach view's
 *   measure (full BPTT, a property of the weights) is not cut, its event records k and its verdict
 *   is `truncated`, as is the heatmap's on training's gradient; and training with tbptt ≥ T
 *   follows full BPTT's losses exactly.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createCell } from '../../src/engine/cells/createCell';
import type { CellState, RecurrentCell } from '../../src/engine/cells/recurrentCell';
import { fusedKernelsEnabled, setFusedKernels } from '../../src/engine/fused/fusedSwitch';
import {
  gradientReach,
  reachEvent,
  reachOfNorms,
  reachVerdict,
} from '../../src/engine/gradientReach';
import { runLayer } from '../../src/engine/recurrentLayer';
import { createModel } from '../../src/engine/seqModel';
import { trainModel } from '../../src/engine/trainRun';
import { cutsBefore } from '../../src/engine/truncatedBackprop';
import { resolveSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';

const B = 3;
const T = 9;
const I = 4;
const H = 6;

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function withFused<R>(on: boolean, f: () => R): R {
  const was = fusedKernelsEnabled();
  setFusedKernels(on);
  try {
    return f();
  } finally {
    setFusedKernels(was);
  }
}

type Loss = 'many-to-one' | 'many-to-many';

interface Inputs {
  x: tf.Tensor3D;
  h0: tf.Tensor2D;
  c0: tf.Tensor2D;
  rOut: tf.Tensor3D;
  rH: tf.Tensor2D;
  rC: tf.Tensor2D;
}

function inputs(): Inputs {
  return {
    x: tf.randomNormal([B, T, I], 0, 1, 'float32', 1),
    h0: tf.randomNormal([B, H], 0, 0.5, 'float32', 2),
    c0: tf.randomNormal([B, H], 0, 0.5, 'float32', 3),
    rOut: tf.randomNormal([B, T, H], 0, 1, 'float32', 4),
    rH: tf.randomNormal([B, H], 0, 1, 'float32', 5),
    rC: tf.randomNormal([B, H], 0, 1, 'float32', 6),
  };
}

const stateOf = (cell: RecurrentCell, h: tf.Tensor2D, c: tf.Tensor2D): CellState =>
  cell.kind === 'lstm' ? { h, c } : { h };

/** The loss on a run's outputs from step `from` on and (if it ends the sequence) its final state. */
function lossOf(
  kind: Loss,
  run: { outputs: tf.Tensor3D; final: CellState },
  inp: Inputs,
  from: number,
  last: boolean,
): tf.Scalar {
  const steps = run.outputs.shape[1];
  let loss = tf.scalar(0);
  if (kind === 'many-to-many') {
    loss = tf.sum(tf.mul(run.outputs, tf.slice(inp.rOut, [0, from, 0], [B, steps, H])));
  }
  if (last) {
    loss = tf.add(loss, tf.sum(tf.mul(run.final.h, inp.rH)));
    if (run.final.c) loss = tf.add(loss, tf.sum(tf.mul(run.final.c, inp.rC)));
  }
  return loss as tf.Scalar;
}

/** Gradients of every weight and of x, through the engine with `tbptt`, by name. */
function engineGradients(cell: RecurrentCell, kind: Loss, tbptt: number | undefined) {
  return tf.tidy(() => {
    const inp = inputs();
    const f = (x: tf.Tensor3D) => {
      const run = runLayer(cell, x, {
        initial: stateOf(cell, inp.h0, inp.c0),
        ...(tbptt !== undefined ? { tbptt } : {}),
      });
      return lossOf(kind, run, inp, 0, true);
    };
    const { grads } = tf.variableGrads(() => f(inp.x), cell.variables());
    const dx = tf.grad((x: tf.Tensor) => f(x as tf.Tensor3D))(inp.x);
    return { ...grads, dx } as Record<string, tf.Tensor>;
  });
}

/**
 * The reference: blocks of k steps counted back from the last step, each run from the state at
 * its start as a constant (read from a forward pass outside the differentiated function).
 */
function blockGradients(cell: RecurrentCell, kind: Loss, k: number) {
  return tf.tidy(() => {
    const inp = inputs();
    const starts = [0];
    for (let t = 1; t < T; t++) if ((T - t) % k === 0) starts.push(t);
    const full = runLayer(cell, inp.x, { initial: stateOf(cell, inp.h0, inp.c0), capture: true });
    const startState = (t: number): CellState => {
      if (t === 0) return stateOf(cell, inp.h0, inp.c0);
      const s = full.steps?.[t - 1]?.state;
      if (!s) throw new Error('no captured step');
      return {
        h: tf.tensor2d(s.h.dataSync(), [B, H]),
        ...(s.c ? { c: tf.tensor2d(s.c.dataSync(), [B, H]) } : {}),
      };
    };
    const f = (x: tf.Tensor3D) => {
      let loss = tf.scalar(0);
      starts.forEach((s, b) => {
        const e = starts[b + 1] ?? T;
        const run = runLayer(cell, tf.slice(x, [0, s, 0], [B, e - s, I]), {
          initial: startState(s),
        });
        loss = tf.add(loss, lossOf(kind, run, inp, s, e === T));
      });
      return loss as tf.Scalar;
    };
    const { grads } = tf.variableGrads(() => f(inp.x), cell.variables());
    const dx = tf.grad((x: tf.Tensor) => f(x as tf.Tensor3D))(inp.x);
    return { ...grads, dx } as Record<string, tf.Tensor>;
  });
}

/** ∂loss/∂h_t per step (max over batch and units) of a many-to-one loss, through the engine. */
function reachPerStep(cell: RecurrentCell, tbptt: number | undefined): number[] {
  return tf.tidy(() => {
    const inp = inputs();
    const probes = Array.from({ length: T }, () => tf.zeros<tf.Rank.R2>([B, H]));
    const grads = tf.grads((...ps: tf.Tensor[]) => {
      const run = runLayer(cell, inp.x, {
        initial: stateOf(cell, inp.h0, inp.c0),
        hiddenProbes: ps as tf.Tensor2D[],
        ...(tbptt !== undefined ? { tbptt } : {}),
      });
      return tf.sum(tf.mul(run.final.h, inp.rH)) as tf.Scalar;
    })(probes);
    return grads.map((g) => tf.max(tf.abs(g)).dataSync()[0] ?? NaN);
  });
}

function maxDiff(a: Record<string, tf.Tensor>, b: Record<string, tf.Tensor>): number {
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
  let worst = 0;
  for (const [name, g] of Object.entries(a)) {
    const other = b[name];
    assert.ok(other, name);
    worst = Math.max(
      worst,
      tf.tidy(() => tf.max(tf.abs(tf.sub(g, other))).dataSync()[0] ?? NaN),
    );
  }
  return worst;
}

function exactlyEqual(a: Record<string, tf.Tensor>, b: Record<string, tf.Tensor>): void {
  for (const [name, g] of Object.entries(a)) {
    const other = b[name];
    assert.ok(other, name);
    assert.deepEqual(Array.from(g.dataSync()), Array.from(other.dataSync()), name);
  }
}

describe('where truncated backpropagation cuts', () => {
  it('cuts every k steps counted back from the last step, never before step 0', () => {
    const cuts = (steps: number, k: number) =>
      Array.from({ length: steps }, (_, t) => t).filter((t) => cutsBefore(steps, k, t));
    assert.deepEqual(cuts(10, 3), [1, 4, 7]);
    assert.deepEqual(cuts(9, 3), [3, 6]);
    assert.deepEqual(cuts(5, 5), []);
    assert.deepEqual(cuts(5, 8), []);
    assert.deepEqual(cuts(4, 1), [1, 2, 3]);
    assert.equal(cutsBefore(10, undefined, 7), false);
  });
});

for (const fused of [true, false]) {
  describe(`truncated backpropagation, ${fused ? 'fused kernels' : 'plain ops'}`, () => {
    for (const kind of ['rnn', 'lstm', 'gru'] as const) {
      const cell = () =>
        createCell(kind, { inputSize: I, hidden: H, seed: 7, name: `tbptt_${kind}_${fused}` });

      for (const loss of ['many-to-one', 'many-to-many'] as const) {
        it(`${kind}, ${loss}: tbptt ≥ T gives exactly full BPTT's gradients`, () => {
          const c = cell();
          try {
            withFused(fused, () => {
              const full = engineGradients(c, loss, undefined);
              for (const k of [T, T + 5]) {
                const truncated = engineGradients(c, loss, k);
                exactlyEqual(truncated, full);
                tf.dispose(Object.values(truncated));
              }
              tf.dispose(Object.values(full));
            });
          } finally {
            c.dispose();
          }
        });

        it(`${kind}, ${loss}: tbptt 2 and 4 equal blocks run from constant start states`, () => {
          const c = cell();
          try {
            withFused(fused, () => {
              for (const k of [2, 4]) {
                const ours = engineGradients(c, loss, k);
                const reference = blockGradients(c, loss, k);
                const full = engineGradients(c, loss, undefined);
                const d = maxDiff(ours, reference);
                assert.ok(d < 1e-5, `k ${k}: max |engine − blocks| ${d}`);
                // Not a check that cannot fail: truncation changes the gradients.
                assert.ok(maxDiff(ours, full) > 1e-4, `k ${k}: the cut changed nothing`);
                tf.dispose([
                  ...Object.values(ours),
                  ...Object.values(reference),
                  ...Object.values(full),
                ]);
              }
            });
          } finally {
            c.dispose();
          }
        });
      }

      it(`${kind}: a many-to-one loss reaches the last k steps only`, () => {
        const c = cell();
        try {
          withFused(fused, () => {
            const k = 3;
            const reach = reachPerStep(c, k);
            const full = reachPerStep(c, undefined);
            reach.forEach((g, t) => {
              if (t < T - k) assert.equal(g, 0, `step ${t} is ${T - 1 - t} back: ${g}`);
              else assert.ok(g > 1e-6, `step ${t}, within the last ${k}: ${g}`);
            });
            assert.ok(
              full.every((g) => g > 1e-6),
              `full BPTT reaches every step: ${full.join(', ')}`,
            );
          });
        } finally {
          c.dispose();
        }
      });
    }
  });
}

describe('train.tbptt in a whole model', () => {
  const spec = (tbptt?: number): Spec => ({
    name: 'tbptt',
    task: { kind: 'delayed-recall', lag: 11, vocab: 'abcd', samples: 64, testSamples: 16 },
    model: { cell: 'lstm', hidden: 8, embedding: 4 },
    train: { epochs: 2, batchSize: 16, seed: 2, ...(tbptt !== undefined ? { tbptt } : {}) },
  });

  it("training's gradient with tbptt 4 is zero beyond 4 steps back; the reach view's is not", () => {
    const resolved = resolveSpec(spec(4));
    const dataset = buildDataset(resolved);
    const model = createModel(resolved, dataset);
    try {
      const batch = dataset.train.slice(0, 16);
      const training = gradientReach(model, batch, { truncated: true }).reach;
      const full = gradientReach(model, batch).reach;
      assert.equal(training.length, 12);
      training.forEach((r, d) => {
        if (d < 4) assert.ok(r > 1e-4, `${d} back: ${r}`);
        else assert.equal(r, 0, `${d} back: ${r}`);
      });
      // Full BPTT: the same inside the cut (the same paths), more than nothing beyond it.
      full.forEach((r, d) => {
        if (d < 4) assert.ok(Math.abs(r - (training[d] ?? NaN)) < 1e-5, `${d} back: ${r}`);
        else assert.ok(r > 1e-6, `${d} back, full BPTT: ${r}`);
      });

      // The event says where training stops; both verdicts say `truncated`, not `vanishing`.
      const event = reachEvent(model, batch, 'init', 0);
      assert.equal(event?.tbptt, 4);
      assert.deepEqual(event?.reach, full);
      const view = reachVerdict(full, undefined, { steps: 4, measure: 'full' });
      assert.equal(view?.kind, 'truncated');
      assert.equal(view?.farthest, full[11]);
      assert.deepEqual(view?.cut?.within?.distance, 3);
      const heatmap = reachVerdict(training, 0.2, { steps: 4, measure: 'training' });
      assert.equal(heatmap?.kind, 'truncated');
      assert.equal(heatmap?.farthest, 0);
      assert.equal(heatmap?.learnedAnyway, false);
      assert.equal(reachVerdict(training)?.kind, 'vanishing', 'blind to the cut, it would lie');
      // A cut at or past the farthest step cuts nothing: the size words stand.
      assert.notEqual(
        reachVerdict(full, undefined, { steps: 12, measure: 'full' })?.kind,
        'truncated',
      );
      assert.equal(
        reachVerdict(reachOfNorms([0, 0, 0.5, 1]), undefined, { steps: 1, measure: 'training' })
          ?.cut?.within,
        undefined,
      );
    } finally {
      model.dispose();
    }
  });

  it('tbptt at least the sequence length leaves the reach event without a cut', () => {
    const resolved = resolveSpec(spec(12));
    const dataset = buildDataset(resolved);
    const model = createModel(resolved, dataset);
    try {
      assert.equal(reachEvent(model, dataset.train.slice(0, 8), 'init', 0)?.tbptt, undefined);
    } finally {
      model.dispose();
    }
  });

  it('training with tbptt ≥ T follows full BPTT loss for loss, and tbptt 3 does not', async () => {
    const losses = async (tbptt?: number) => {
      const resolved = resolveSpec(spec(tbptt));
      const dataset = buildDataset(resolved);
      const model = createModel(resolved, dataset);
      try {
        const result = await trainModel({ spec: resolved, dataset, model, onEvent: () => {} });
        assert.equal(result.status, 'done');
        return result.epochs.map((e) => [e.trainLoss, e.testLoss]);
      } finally {
        model.dispose();
      }
    };
    const full = await losses();
    assert.deepEqual(await losses(12), full);
    assert.notDeepEqual(await losses(3), full);
  });
});
