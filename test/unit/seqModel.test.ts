/**
 * The model: output shapes and losses for every architecture, parameter counts (independent of
 * sequence length; lstm > gru > rnn), seeded weights, the embedding lookup without gather, and
 * `inspectSequence` (steps, gates per cell, attention rows that sum to 1, no leaked tensors).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { Attention } from '../../src/engine/attention';
import { makeBatches } from '../../src/engine/batches';
import { embedInputs, runEncoder, type Sample } from '../../src/engine/encoderRun';
import { forward, makeProbes } from '../../src/engine/forward';
import { inspectSequence } from '../../src/engine/inspectSequence';
import { greedyDecode } from '../../src/engine/seq2seq';
import { createModel, type SeqModel } from '../../src/engine/seqModel';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';
import type { Dataset } from '../../src/tasks/dataset';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function specOf(spec: Omit<Spec, 'name'>): ResolvedSpec {
  return resolveSpec({ name: 'test', ...spec });
}

function build(spec: ResolvedSpec): { dataset: Dataset; model: SeqModel } {
  const dataset = buildDataset(spec);
  return { dataset, model: createModel(spec, dataset) };
}

/** The first batch of the training split (one input length). */
function firstBatch(dataset: Dataset, size = 4): Sample[] {
  return makeBatches(dataset.train as Sample[], size)[0] ?? [];
}

/** xs[i], failing the test when it is missing (the lint forbids `!`). */
function at<T>(xs: readonly T[] | undefined, i: number): T {
  const x = xs?.[i];
  if (x === undefined) throw new Error(`no element ${i}`);
  return x;
}

const small = { hidden: 6, embedding: 4 };

describe('SeqModel shapes and losses', () => {
  it('many-to-one: one output per sequence over the output vocabulary', () => {
    const { dataset, model } = build(
      specOf({
        task: { kind: 'delayed-recall', lag: 5, samples: 40, testSamples: 10 },
        model: small,
      }),
    );
    const batch = firstBatch(dataset);
    tf.tidy(() => {
      const out = forward(model, batch);
      assert.deepEqual(out.outputs.shape, [batch.length, 1, model.outputSize]);
      assert.equal(out.count, batch.length);
      assert.ok(Number.isFinite(out.loss.dataSync()[0]));
    });
    model.dispose();
  });

  it('many-to-many: one output per input step', () => {
    const { dataset, model } = build(
      specOf({
        task: { kind: 'parity', length: [4, 6], samples: 60, testSamples: 10 },
        model: { ...small, architecture: 'many-to-many', layers: 2 },
      }),
    );
    const batch = firstBatch(dataset);
    const time = at(batch, 0).input.length;
    tf.tidy(() => {
      const out = forward(model, batch, { capture: true });
      assert.deepEqual(out.outputs.shape, [batch.length, time, model.outputSize]);
      assert.equal(out.steps?.length, 2);
      assert.equal(out.steps?.[1]?.length, time);
    });
    model.dispose();
  });

  for (const attention of ['none', 'additive', 'dot'] as const) {
    it(`seq2seq (${attention}): decoder steps = longest target + 1, attention [B, Td, Te]`, () => {
      const { dataset, model } = build(
        specOf({
          task: { kind: 'reverse', length: [3, 5], samples: 60, testSamples: 10 },
          model: { ...small, cell: 'gru', attention },
        }),
      );
      const batch = firstBatch(dataset);
      const te = at(batch, 0).input.length;
      const td = Math.max(...batch.map((s) => s.target.length)) + 1;
      tf.tidy(() => {
        const out = forward(model, batch, { capture: true });
        assert.deepEqual(out.outputs.shape, [batch.length, td, model.outputSize]);
        assert.ok(Number.isFinite(out.loss.dataSync()[0]));
        // Encoder layer then decoder layer, each with its own number of steps.
        assert.deepEqual(
          out.steps?.map((s) => s.length),
          [te, td],
        );
        if (attention === 'none') assert.equal(out.attention, undefined);
        else assert.deepEqual(out.attention?.shape, [batch.length, td, te]);
      });
      model.dispose();
    });
  }

  it('seq2seq with teacher forcing < 1 draws its coin and still gives a finite loss', () => {
    const { dataset, model } = build(
      specOf({
        task: { kind: 'copy', length: [3, 4], samples: 40, testSamples: 10 },
        model: { ...small, cell: 'lstm', layers: 2 },
        train: { teacherForcing: 0.5 },
      }),
    );
    let draws = 0;
    const random = {
      next: () => (draws++ % 2 === 0 ? 0.9 : 0.1),
    } as unknown as import('../../src/tasks/seededRandom').SeededRandom;
    tf.tidy(() => {
      const out = forward(model, firstBatch(dataset), { teacherForcing: 0.5, random });
      assert.ok(Number.isFinite(out.loss.dataSync()[0]));
    });
    assert.ok(draws > 0);
    model.dispose();
  });

  it('real-valued many-to-many (sine): values out, mean squared error', () => {
    const { dataset, model } = build(
      specOf({
        task: { kind: 'sine', length: 12, samples: 20, testSamples: 5 },
        model: { hidden: 5 },
      }),
    );
    assert.equal(model.inputEmbedding, undefined);
    const batch = firstBatch(dataset);
    tf.tidy(() => {
      const out = forward(model, batch);
      assert.deepEqual(out.outputs.shape, [batch.length, 12, model.outputSize]);
      const loss = at(Array.from(out.loss.dataSync()), 0);
      assert.ok(Number.isFinite(loss) && loss >= 0);
    });
    model.dispose();
  });

  it('greedy decoding stops at </s> or after maxTargetLength + 2 steps', () => {
    const { dataset, model } = build(
      specOf({
        task: { kind: 'reverse', length: [3, 5], samples: 40, testSamples: 10 },
        model: small,
      }),
    );
    tf.tidy(() => {
      const encoder = runEncoder(model, embedInputs(model, firstBatch(dataset)));
      const decoding = greedyDecode(model, encoder);
      const limit = dataset.type === 'symbols' ? dataset.maxTargetLength + 2 : 0;
      assert.ok(decoding.steps <= limit);
      decoding.ids.forEach((ids, b) => {
        if (!decoding.ended[b]) assert.equal(ids.length, decoding.steps);
      });
    });
    model.dispose();
  });

  it('the embedding is a one-hot matMul: no gather, so the WASM backend can train it', () => {
    const { dataset, model } = build(
      specOf({
        task: { kind: 'reverse', length: [3, 4], samples: 20, testSamples: 5 },
        model: small,
      }),
    );
    const batch = firstBatch(dataset);
    const variables = model.weights().map((w) => w.variable);
    return tf
      .profile(() => {
        tf.tidy(() => {
          const { grads } = tf.engine().gradients(() => forward(model, batch).loss, variables);
          assert.equal(grads.length, variables.length);
        });
      })
      .then((info) => {
        for (const kernel of ['GatherV2', 'UnsortedSegmentSum']) {
          assert.ok(!info.kernelNames.includes(kernel), `${kernel} was used`);
        }
        model.dispose();
      });
  });
});

describe('attention', () => {
  it('additive: softmax_j vᵀ tanh(W_q s + W_k h_j); dot: softmax_j s·h_j; context Σ α_j h_j', () => {
    const [B, Te, H] = [2, 3, 4];
    tf.tidy(() => {
      const values = tf.randomNormal([B, Te, H], 0, 1, 'float32', 1) as tf.Tensor3D;
      const query = tf.randomNormal([B, H], 0, 1, 'float32', 2) as tf.Tensor2D;
      const hs = values.arraySync() as number[][][];
      const s = query.arraySync() as number[][];
      const softmax = (xs: number[]) => {
        const m = Math.max(...xs);
        const e = xs.map((x) => Math.exp(x - m));
        const z = e.reduce((a, b) => a + b, 0);
        return e.map((x) => x / z);
      };
      for (const kind of ['additive', 'dot'] as const) {
        const attention = new Attention({ kind, hidden: H, seed: 7, name: `t-${kind}` });
        const step = attention.attend(attention.prepare(values), query);
        const weights = step.weights.arraySync() as number[][];
        const context = step.context.arraySync() as number[][];
        const named: Record<string, number[][] | undefined> = Object.fromEntries(
          attention.namedWeights().map((w) => [w.name, w.variable.arraySync() as number[][]]),
        );
        for (let b = 0; b < B; b++) {
          const scores = at(hs, b).map((h) => {
            if (kind === 'dot') return h.reduce((sum, x, k) => sum + x * at(at(s, b), k), 0);
            let score = 0;
            for (let a = 0; a < H; a++) {
              let pre = 0;
              for (let k = 0; k < H; k++) {
                pre +=
                  at(at(s, b), k) * at(at(named.query, k), a) + at(h, k) * at(at(named.key, k), a);
              }
              score += Math.tanh(pre) * at(at(named.score, a), 0);
            }
            return score;
          });
          const want = softmax(scores);
          want.forEach((w, j) =>
            assert.ok(Math.abs(w - at(at(weights, b), j)) < 1e-5, `${kind} α`),
          );
          for (let k = 0; k < H; k++) {
            const c = want.reduce((sum, w, j) => sum + w * at(at(at(hs, b), j), k), 0);
            assert.ok(Math.abs(c - at(at(context, b), k)) < 1e-5, `${kind} context`);
          }
        }
        attention.dispose();
      }
    });
  });
});

describe('parameter counts', () => {
  const counts = (cell: 'rnn' | 'lstm' | 'gru', length: number) => {
    const spec = specOf({
      task: { kind: 'copy', length, samples: 30, testSamples: 5 },
      model: { cell, hidden: 8, embedding: 4, architecture: 'many-to-many' },
    });
    const { model } = build(spec);
    const result = model.paramCounts();
    model.dispose();
    return result;
  };

  it('do not depend on the sequence length (weight sharing)', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      assert.deepEqual(counts(cell, 3), counts(cell, 12));
    }
  });

  it('follow the cell equations, and lstm > gru > rnn', () => {
    const layer = (cell: 'rnn' | 'lstm' | 'gru') =>
      counts(cell, 4).parts.find((p) => p.name === 'layer 1')?.count;
    const I = 4;
    const H = 8;
    assert.equal(layer('rnn'), I * H + H * H + H);
    assert.equal(layer('lstm'), 4 * (I * H + H * H + H));
    // PyTorch's GRU: input and recurrent biases are separate (b_hn sits inside r ⊙ (…)).
    assert.equal(layer('gru'), 3 * (I * H + H * H + 2 * H));
    const total = (cell: 'rnn' | 'lstm' | 'gru') => counts(cell, 4).total;
    assert.ok(total('lstm') > total('gru') && total('gru') > total('rnn'));
  });

  it('seq2seq counts encoder, decoder, attention and head separately', () => {
    const spec = specOf({
      task: { kind: 'reverse', length: 4, samples: 30, testSamples: 5 },
      model: { cell: 'gru', hidden: 8, embedding: 4, layers: 2, attention: 'additive' },
    });
    const { model } = build(spec);
    const names = model.paramCounts().parts.map((p) => p.name);
    assert.deepEqual(names, [
      'encoder embedding',
      'encoder 1',
      'encoder 2',
      'decoder embedding',
      'decoder 1',
      'decoder 2',
      'attention',
      'head',
    ]);
    const sum = model.paramCounts().parts.reduce((s, p) => s + p.count, 0);
    assert.equal(model.paramCounts().total, sum);
    // The head reads [decoder state; attention context].
    assert.deepEqual(model.head.kernel.shape, [16, model.outputSize]);
    model.dispose();
  });
});

describe('seeded weights', () => {
  const values = (seed: number) => {
    const spec = specOf({
      task: { kind: 'reverse', length: 4, samples: 30, testSamples: 5 },
      model: { ...small, attention: 'additive' },
      train: { seed },
    });
    const { model } = build(spec);
    const out = model
      .weights()
      .map((w) => ({ name: w.name, values: Array.from(w.variable.dataSync()) }));
    model.dispose();
    return out;
  };

  it('the same seed gives the same weights, another seed other weights', () => {
    const a = values(3);
    assert.deepEqual(a, values(3));
    const b = values(4);
    assert.deepEqual(
      a.map((w) => w.name),
      b.map((w) => w.name),
    );
    assert.notDeepEqual(a, b);
  });

  it('two live models of one spec keep separate variables', () => {
    const spec = specOf({
      task: { kind: 'copy', length: 3, samples: 30, testSamples: 5 },
      model: small,
    });
    const { model: a } = build(spec);
    const { model: b } = build(spec);
    const namesA = a.weights().map((w) => w.variable.name);
    const namesB = b.weights().map((w) => w.variable.name);
    assert.equal(new Set([...namesA, ...namesB]).size, namesA.length + namesB.length);
    a.dispose();
    b.dispose();
  });
});

describe('gradient probes', () => {
  it('give one gradient per layer and step, encoder and decoder', () => {
    const { dataset, model } = build(
      specOf({ task: { kind: 'reverse', length: 4, samples: 30, testSamples: 5 }, model: small }),
    );
    const batch = firstBatch(dataset);
    tf.tidy(() => {
      const probes = makeProbes(model, batch);
      assert.deepEqual(
        probes.map((p) => p.length),
        [4, 5],
      );
      const { grads } = tf
        .engine()
        .gradients(() => forward(model, batch, { probes }).loss, probes.flat());
      // The last encoder step feeds the decoder through the context vector: non-zero gradient.
      const last = at(grads, 3);
      assert.ok(at(Array.from(tf.norm(last).dataSync()), 0) > 0);
    });
    model.dispose();
  });
});

describe('inspectSequence', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}: T steps per layer, the cell's gates, outputs per step, no leaks`, () => {
      const spec = specOf({
        task: { kind: 'copy', length: [3, 6], vocab: 'abcd', samples: 30, testSamples: 5 },
        model: { cell, hidden: 5, embedding: 3, layers: 2, architecture: 'many-to-many' },
      });
      const { dataset, model } = build(spec);
      const before = tf.memory().numTensors;
      const inspection = inspectSequence(model, dataset, 'abcda');
      assert.equal(tf.memory().numTensors, before);
      assert.deepEqual(inspection.inputTokens, ['a', 'b', 'c', 'd', 'a']);
      assert.equal(inspection.layers.length, 2);
      const gates = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] }[cell];
      for (const layer of inspection.layers) {
        assert.equal(layer.h.length, 5);
        assert.equal(layer.h[0]?.length, 5);
        assert.deepEqual(Object.keys(layer.gates), gates);
        for (const g of gates) assert.equal(layer.gates[g as 'i']?.length, 5);
        assert.equal(layer.c !== undefined, cell === 'lstm');
      }
      assert.equal(inspection.outputs.length, 5);
      for (const out of inspection.outputs) {
        const total = (out.probs ?? []).reduce((s, p) => s + p, 0);
        assert.ok(Math.abs(total - 1) < 1e-4);
        const probs = out.probs ?? [];
        assert.equal(out.token, inspection.outputVocab?.[probs.indexOf(Math.max(...probs))]);
      }
      model.dispose();
    });
  }

  it('seq2seq with attention: context, decoder steps, attention [Tdec][Tenc] rows sum to 1', () => {
    const spec = specOf({
      task: { kind: 'reverse', length: [3, 6], vocab: 'abcd', samples: 30, testSamples: 5 },
      model: { cell: 'lstm', hidden: 5, embedding: 3, attention: 'dot' },
    });
    const { dataset, model } = build(spec);
    const before = tf.memory().numTensors;
    const inspection = inspectSequence(model, dataset, 'abcd');
    assert.equal(tf.memory().numTensors, before);
    const s2s = inspection.seq2seq;
    assert.ok(s2s);
    assert.equal(inspection.layers[0]?.h.length, 4);
    assert.equal(s2s.context.length, 1);
    assert.equal(s2s.context[0]?.h.length, 5);
    assert.equal(s2s.context[0]?.c?.length, 5);
    const steps = inspection.outputs.length;
    assert.ok(steps >= 1 && steps <= 6 + 2);
    assert.equal(s2s.decoder[0]?.h.length, steps);
    assert.equal(s2s.decoderInputs.length, steps);
    assert.equal(s2s.decoderInputs[0], '<s>');
    assert.equal(s2s.attention?.length, steps);
    for (const row of s2s.attention ?? []) {
      assert.equal(row.length, 4);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    }
    // The context vector is the encoder's last h.
    assert.deepEqual(s2s.context[0]?.h, inspection.layers[0]?.h[3]);
    assert.equal(s2s.decoded.length, s2s.ended ? steps - 1 : steps);
    model.dispose();
  });

  it('real-valued inputs: text of numbers or arrays, predicted values per step', () => {
    const spec = specOf({
      task: { kind: 'sine', length: 8, samples: 10, testSamples: 3 },
      model: { hidden: 4 },
    });
    const { dataset, model } = build(spec);
    const a = inspectSequence(model, dataset, '0.1, 0.2, 0.3');
    const b = inspectSequence(model, dataset, [[0.1], [0.2], [0.3]]);
    assert.deepEqual(a, b);
    assert.equal(a.outputs.length, 3);
    assert.equal(a.outputs[0]?.values?.length, 1);
    assert.throws(() => inspectSequence(model, dataset, 'x, y'), /numbers/);
    model.dispose();
  });

  it('names unknown symbols', () => {
    const spec = specOf({
      task: { kind: 'copy', length: 3, vocab: 'ab', samples: 4, testSamples: 2 },
      model: small,
    });
    const { dataset, model } = build(spec);
    assert.throws(() => inspectSequence(model, dataset, 'abz'), /z/);
    model.dispose();
  });
});
