/**
 * Weight sharing (engine/weightSharing.ts), measured on real models: unrolled over 1 to 64 steps,
 * the first layer reads the same parameters at every length (its U, W and b, as many as the
 * cell's own count), while one set of weights per step would grow with T.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createModel } from '../../src/engine/seqModel';
import { weightSharing } from '../../src/engine/weightSharing';
import { resolveSpec } from '../../src/spec/resolveSpec';
import type { CellKind } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('weight sharing', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as CellKind[]) {
    it(`${cell}: the unrolled steps read one set of weights, whatever the length`, () => {
      const spec = resolveSpec({
        name: 'share',
        task: { kind: 'copy', length: 5, vocab: 'abcd', samples: 16, testSamples: 4 },
        model: { cell, hidden: 7, embedding: 3, architecture: 'many-to-many' },
      });
      const model = createModel(spec, buildDataset(spec));
      try {
        const before = tf.memory().numTensors;
        const sharing = weightSharing(model, [1, 3, 10, 40]);
        assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
        const layer = model.layers[0];
        assert.ok(layer);
        assert.equal(sharing.layer, 'layer 1');
        assert.deepEqual(
          sharing.weights.map((w) => w.symbol),
          cell === 'gru' ? ['U', 'W', 'b', 'b_h'] : ['U', 'W', 'b'],
        );
        const blocks = { rnn: 1, lstm: 4, gru: 3 }[cell];
        assert.deepEqual(sharing.weights[0]?.shape, [3, blocks * 7], 'U: embedding → gates');
        assert.deepEqual(sharing.weights[1]?.shape, [7, blocks * 7], 'W: hidden → gates');
        const counts = sharing.byLength.map((l) => l.used);
        assert.deepEqual(
          counts,
          counts.map(() => layer.cell.paramCount()),
          'flat, all of it',
        );
        assert.deepEqual(
          sharing.byLength.map((l) => l.perStepWeights),
          [1, 3, 10, 40].map((t) => t * layer.cell.paramCount()),
        );
      } finally {
        model.dispose();
      }
    });
  }
});
