/**
 * Nothing of a model outlives it: after building, training, comparing, saving, loading,
 * inspecting and disposing, `tf.memory()` is back where it began (tensors and bytes), on the cpu
 * backend and on WASM (the CLI's). The lab page is held to the same in test/browser/lab.test.ts.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/engine/backend';
import { buildModel } from '../../src/engine/buildModel';
import { inspectSequence } from '../../src/engine/inspectSequence';
import { loadRun, MemoryRunStore } from '../../src/engine/runStore';
import { createModel } from '../../src/engine/seqModel';
import { trainModel } from '../../src/engine/trainRun';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';

const spec = (s: Omit<Spec, 'name'>): ResolvedSpec => resolveSpec({ name: 'memory', ...s });

const SPECS: [string, ResolvedSpec, string][] = [
  [
    'parity LSTM (many-to-one, one-hot)',
    spec({
      task: { kind: 'parity', length: [2, 5], samples: 40, testSamples: 8 },
      model: { cell: 'lstm', hidden: 8, embedding: 0 },
      train: { epochs: 1, batchSize: 20 },
    }),
    '1011',
  ],
  [
    'Seq2Seq GRU with additive attention and embeddings',
    spec({
      task: { kind: 'reverse', length: [3, 4], vocab: 'abc', samples: 40, testSamples: 8 },
      model: { cell: 'gru', hidden: 6, embedding: 4, attention: 'additive', layers: 2 },
      train: { epochs: 1, batchSize: 20 },
    }),
    'abca',
  ],
  [
    'sine RNN (many-to-many, real values)',
    spec({
      task: { kind: 'sine', length: [6, 6], samples: 40, testSamples: 8 },
      model: { cell: 'rnn', hidden: 5 },
      train: { epochs: 1, batchSize: 20 },
    }),
    '0.1 0.2 0.3',
  ],
];

const usage = () => {
  const m = tf.memory();
  return { tensors: m.numTensors, bytes: m.numBytes };
};

/** Everything a lab or CLI session does with a spec, ending with every model disposed. */
async function cycle(s: ResolvedSpec, input: string): Promise<void> {
  const dataset = buildDataset(s);
  // Build (both ways) and dispose.
  createModel(s, dataset).dispose();
  (await buildModel(s, dataset)).dispose();
  // Train into a store, load it back, inspect, continue, dispose.
  const store = new MemoryRunStore();
  const model = createModel(s, dataset);
  const trained = await trainModel({ spec: s, dataset, model, store, onEvent: () => undefined });
  assert.equal(trained.status, 'done', trained.message);
  model.dispose();
  const run = await loadRun(store);
  inspectSequence(run.model, run.datasetMeta, input);
  await trainModel({
    spec: s,
    dataset,
    model: run.model,
    store,
    startEpoch: run.epoch + 1,
    epochs: 1,
    onEvent: () => undefined,
  });
  run.model.dispose();
  // Compare: the same spec with each cell, no store.
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    const variant = { ...s, model: { ...s.model, cell } };
    const m = createModel(variant, dataset);
    await trainModel({ spec: variant, dataset, model: m, onEvent: () => undefined });
    m.dispose();
  }
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`tensor memory on ${backend}`, () => {
    after(() => tf.setBackend('cpu'));

    for (const [what, s, input] of SPECS) {
      it(`returns to its level after a build/train/load/compare/dispose cycle: ${what}`, async () => {
        await useBackend(backend, { quiet: true });
        // Once first, so what a backend allocates once (kernels, caches) is in the baseline.
        await cycle(s, input);
        const before = usage();
        await cycle(s, input);
        assert.deepEqual(usage(), before);
        // And a model alone: every tensor it made goes with it.
        const dataset = buildDataset(s);
        const empty = usage();
        const model = createModel(s, dataset);
        assert.equal(usage().tensors - empty.tensors, model.weights().length);
        model.dispose();
        assert.deepEqual(usage(), empty);
      });
    }
  });
}
