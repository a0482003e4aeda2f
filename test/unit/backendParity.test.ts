/**
 * The same trained model must compute the same numbers on every backend Node has: the `cpu`
 * backend and the WASM backend (the CLI's default). A tfjs kernel defect on one backend (WASM's
 * `OneHot` ignored its float32 dtype, so greedy decoding fed the decoder near-zero inputs and the
 * test accuracy collapsed) shows up here as a difference. WebGL is checked in the browser tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/engine/backend';
import { evaluate } from '../../src/engine/evaluate';
import { inspectSequence } from '../../src/engine/inspectSequence';
import { createModel, type SeqModel } from '../../src/engine/seqModel';
import { trainModel } from '../../src/engine/trainRun';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';
import type { Dataset } from '../../src/tasks/dataset';

function maxDiff(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) =>
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (b[i]?.[j] ?? NaN))))),
  );
  return worst;
}

async function trained(spec: ResolvedSpec): Promise<{ model: SeqModel; dataset: Dataset }> {
  const dataset = buildDataset(spec);
  const model = createModel(spec, dataset);
  const result = await trainModel({ spec, dataset, model, onEvent: () => undefined });
  assert.equal(result.status, 'done', result.message);
  return { model, dataset };
}

const copy = (attention: 'none' | 'dot'): ResolvedSpec =>
  resolveSpec({
    name: `parity-copy-${attention}`,
    task: { kind: 'copy', length: [3, 5], vocab: 'abcd', samples: 300, testSamples: 60 },
    model: { cell: 'gru', hidden: 12, embedding: 6, architecture: 'seq2seq', attention },
    train: { epochs: 3, batchSize: 16, learningRate: 0.03, seed: 4 },
  } satisfies Spec);

describe('cpu and wasm backends agree', () => {
  before(async () => {
    await useBackend('cpu');
  });
  after(async () => {
    await useBackend('cpu');
  });

  for (const attention of ['none', 'dot'] as const) {
    it(`seq2seq (${attention} attention): greedy decoding, metrics and every state`, async () => {
      const { model, dataset } = await trained(copy(attention));
      const onCpu = await evaluate(model, dataset.test);
      const seenCpu = inspectSequence(model, dataset, 'abcad');
      assert.equal(await useBackend('wasm'), 'wasm');
      const onWasm = await evaluate(model, dataset.test);
      const seenWasm = inspectSequence(model, dataset, 'abcad');
      await useBackend('cpu');
      assert.ok(Math.abs(onCpu.loss - onWasm.loss) < 1e-4, `loss ${onCpu.loss} vs ${onWasm.loss}`);
      assert.equal(onWasm.accuracy, onCpu.accuracy);
      assert.equal(onWasm.sequenceAccuracy, onCpu.sequenceAccuracy);
      assert.deepEqual(seenWasm.seq2seq?.decoded, seenCpu.seq2seq?.decoded);
      const layers = (i: typeof seenCpu) => [...i.layers, ...(i.seq2seq?.decoder ?? [])];
      layers(seenCpu).forEach((layer, l) => {
        const other = layers(seenWasm)[l];
        assert.ok(other);
        assert.ok(maxDiff(layer.h, other.h) < 1e-4, `${layer.label} h`);
        for (const [gate, values] of Object.entries(layer.gates)) {
          const theirs = other.gates[gate as keyof typeof other.gates] ?? [];
          assert.ok(maxDiff(values, theirs) < 1e-4, `${layer.label} gate ${gate}`);
        }
      });
      if (attention !== 'none') {
        assert.ok(
          maxDiff(seenCpu.seq2seq?.attention ?? [], seenWasm.seq2seq?.attention ?? []) < 1e-4,
        );
      }
      model.dispose();
    });
  }

  it('a training step gives the same loss on both (same weights, same batch)', async () => {
    const spec = resolveSpec({
      name: 'parity-step',
      task: { kind: 'delayed-recall', lag: 4, samples: 64, testSamples: 16 },
      model: { cell: 'lstm', hidden: 8, embedding: 4 },
      train: { epochs: 1, batchSize: 64, learningRate: 0.01, seed: 9 },
    } satisfies Spec);
    const losses: number[] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      const dataset = buildDataset(spec);
      const model = createModel(spec, dataset);
      let loss = NaN;
      await trainModel({
        spec,
        dataset,
        model,
        onEvent: (e) => {
          if (e.type === 'batch') loss = e.loss;
        },
      });
      losses.push(loss);
      model.dispose();
    }
    await useBackend('cpu');
    const [cpu = NaN, wasm = NaN] = losses;
    assert.ok(Math.abs(cpu - wasm) < 1e-4, `cpu ${cpu} vs wasm ${wasm}`);
    assert.equal(tf.getBackend(), 'cpu');
  });
});
