/**
 * The fused recurrent kernels (src/engine/fused) against the plain tfjs ops of the cells on the
 * CPU and WASM backends in Node (the browser suite runs the same checks on WebGL and WASM in
 * Chromium): forward values, final state, captured gates, every gradient (weights, input, initial
 * state, hidden probes), and 50 Adam steps of training from the same weights.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { cellKernelsAvailable } from '../../src/engine/fused/cellKernels';
import { fusedKernelsEnabled } from '../../src/engine/fused/fusedSwitch';
import { layerMatMul } from '../../src/engine/fused/layerMatMul';
import {
  adamBothWays,
  denseBothWays,
  compareFusedWithPlain,
  HIDDEN,
  seq2seqBothWays,
  trainBothWays,
  VARIANTS,
} from '../shared/fusedComparison';

/** Forward values and gradients of float32 programs that sum in different orders. */
const TOL = 2e-5;

it('the fused kernels are on by default', () => {
  assert.equal(fusedKernelsEnabled(), true);
});

describe("the fused layer's own matMul (cpu backend)", () => {
  before(async () => {
    await tf.setBackend('cpu');
  });
  for (const [transposeA, transposeB] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    it(`matches tf.matMul with transposeA ${transposeA}, transposeB ${transposeB}, odd sizes, bias`, () => {
      // m = 7, k = 5, n = 10: a row and two columns outside the 2×4 blocks.
      const [m, k, n] = [7, 5, 10];
      const a = tf.randomNormal<tf.Rank.R2>(transposeA ? [k, m] : [m, k], 0, 1, 'float32', 41);
      const b = tf.randomNormal<tf.Rank.R2>(transposeB ? [n, k] : [k, n], 0, 1, 'float32', 42);
      const bias = tf.randomNormal<tf.Rank.R1>([n], 0, 1, 'float32', 43);
      const ours = layerMatMul(a, b, { transposeA, transposeB, bias });
      const theirs = tf.add(tf.matMul(a, b, transposeA, transposeB), bias);
      const plain = layerMatMul(a, b, { transposeA, transposeB });
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0] ?? NaN);
      const e = tf.tidy(
        () =>
          tf.max(tf.abs(tf.sub(plain, tf.matMul(a, b, transposeA, transposeB)))).dataSync()[0] ??
          NaN,
      );
      assert.ok(d < 1e-5 && e < 1e-5, `max |Δ| ${d}, without bias ${e}`);
      tf.dispose([a, b, bias, ours, theirs, plain]);
    });
  }
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused recurrent kernels on ${backend}`, () => {
    before(async () => {
      assert.ok(await tf.setBackend(backend), `${backend} backend did not start`);
      await tf.ready();
    });

    it('are registered for this backend', () => {
      assert.equal(cellKernelsAvailable(HIDDEN), true);
    });

    for (const v of VARIANTS) {
      it(`${v.label}: forward, captured steps and every gradient match the plain ops`, () => {
        const { diffs, probeGradient } = compareFusedWithPlain(v);
        assert.ok(Object.keys(diffs).length >= 17, 'compares outputs, gradients and steps');
        for (const [name, d] of Object.entries(diffs)) {
          assert.ok(d < (name === 'loss' ? 10 * TOL : TOL), `${name}: max |fused − plain| ${d}`);
        }
        assert.ok(probeGradient > 1e-3, `∂loss/∂h_t is not zero (${probeGradient})`);
      });
    }

    it("denseMatMul gives the value and gradients of tfjs' fused matMul", () => {
      const worst = denseBothWays();
      assert.ok(worst < 1e-5, `max |Δ| ${worst}`);
    });

    for (const cell of ['lstm', 'gru'] as const) {
      it(`a ${cell} Seq2Seq with attention: the same loss and gradients fused and plain`, () => {
        const { loss, gradients } = seq2seqBothWays(cell);
        assert.ok(loss < 1e-5 && gradients < TOL, `loss Δ ${loss}, gradient Δ ${gradients}`);
      });
    }

    it('FusedAdam takes the same steps as tf.train.adam', () => {
      const worst = adamBothWays();
      assert.ok(worst < 1e-5, `max |fused − tf.train.adam| over 20 steps: ${worst}`);
    });

    for (const kind of ['lstm', 'gru'] as const) {
      it(`${kind}: 50 Adam steps fused and plain end at the same loss (1e-4)`, () => {
        const { fused, plain } = trainBothWays(kind);
        assert.ok(Number.isFinite(fused) && Number.isFinite(plain), `${fused} ${plain}`);
        assert.ok(
          Math.abs(fused - plain) < 1e-4,
          `loss after 50 steps: fused ${fused}, plain ${plain}`,
        );
      });
    }
  });
}
