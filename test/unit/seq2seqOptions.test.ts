/**
 * The recipe options of issue 12: `model.decoderInput` (what the decoder reads at each step),
 * `model.reverseInput` (the encoder reads last symbol first) and `task.distinct` (no training
 * input twice): defaults, validation, the data they make and what the model computes with them.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { embedInputs, runEncoder } from '../../src/engine/encoderRun';
import { forward } from '../../src/engine/forward';
import { inspectSequence } from '../../src/engine/inspectSequence';
import { greedyDecode } from '../../src/engine/seq2seq';
import { createModel } from '../../src/engine/seqModel';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { validateSpecText } from '../../src/spec/validateSpec';
import { buildDataset } from '../../src/tasks/buildDataset';
import type { SymbolDataset, SymbolSample } from '../../src/tasks/dataset';
import { inputSpaceProblems } from '../../src/tasks/inputSpace';
import { createRandom } from '../../src/tasks/seededRandom';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function specOf(spec: Omit<Spec, 'name'>): ResolvedSpec {
  return resolveSpec({ name: 'options', ...spec });
}

function symbols(spec: ResolvedSpec): SymbolDataset {
  const dataset = buildDataset(spec);
  assert.equal(dataset.type, 'symbols');
  return dataset as SymbolDataset;
}

const ADDITION = { kind: 'addition', digits: 2, samples: 200, testSamples: 50 } as const;

describe('recipe options: spec', () => {
  it('defaults to the note: previous token, input in order, training inputs may repeat', () => {
    const spec = specOf({ task: { kind: 'addition' } });
    assert.equal(spec.model.decoderInput, 'previous');
    assert.equal(spec.model.reverseInput, false);
    assert.equal(spec.task.distinct, false);
  });

  it('refuses decoderInput and reverseInput outside seq2seq, naming the field', () => {
    for (const field of ['decoderInput', 'reverseInput']) {
      const value = field === 'decoderInput' ? '"context"' : 'true';
      const text = `{"name":"p","task":{"kind":"parity"},"model":{"${field}":${value}}}`;
      const problem = validateSpecText(text).problems.find((p) => p.path === `model.${field}`);
      assert.ok(problem, `${field}: no problem`);
      assert.equal(problem.severity, 'error');
      assert.match(problem.message, /seq2seq/);
    }
  });

  it('warns that teacher forcing plays no part when the decoder reads the context only', () => {
    const text =
      '{"name":"p","task":{"kind":"addition"},"model":{"decoderInput":"context"},"train":{"teacherForcing":0.5}}';
    const result = validateSpecText(text);
    assert.ok(result.spec, 'a warning only');
    const problem = result.problems.find((p) => p.path === 'train.teacherForcing');
    assert.equal(problem?.severity, 'warning');
  });

  it('rejects an unknown decoderInput with the allowed values', () => {
    const text = '{"name":"p","task":{"kind":"addition"},"model":{"decoderInput":"repeat"}}';
    const problem = validateSpecText(text).problems.find((p) => p.path === 'model.decoderInput');
    assert.match(problem?.message ?? '', /previous\+context/);
  });
});

describe('recipe options: task.distinct', () => {
  it('draws every training input once, none of them a test input', () => {
    const dataset = symbols(specOf({ task: { ...ADDITION, distinct: true } }));
    const keys = dataset.train.map((s) => s.input.join(','));
    assert.equal(new Set(keys).size, keys.length);
    const test = new Set(dataset.test.map((s) => s.input.join(',')));
    assert.ok(keys.every((k) => !test.has(k)));
  });

  it('without it, training inputs repeat on a small space (the default is unchanged)', () => {
    const dataset = symbols(
      specOf({ task: { ...ADDITION, digits: 1, samples: 80, testSamples: 10 } }),
    );
    const keys = dataset.train.map((s) => s.input.join(','));
    assert.ok(new Set(keys).size < keys.length);
  });

  it('reports at task.samples when training and test inputs do not fit in the task', () => {
    // 1-digit operands: 100 distinct sums.
    const spec = specOf({
      task: { ...ADDITION, digits: 1, samples: 80, testSamples: 30, distinct: true },
    });
    const problems = inputSpaceProblems(spec, undefined);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'task.samples');
    assert.match(problems[0]?.message ?? '', /at most 70/);
    const fits = specOf({
      task: { ...ADDITION, digits: 1, samples: 70, testSamples: 30, distinct: true },
    });
    assert.deepEqual(inputSpaceProblems(fits, undefined), []);
    assert.equal(symbols(fits).train.length, 70);
  });
});

describe('recipe options: the model', () => {
  const base = { task: ADDITION, model: { hidden: 8, embedding: 4 }, train: { seed: 3 } } as const;

  it('sizes the decoder input by decoderInput; context mode has no decoder embedding', () => {
    const sizes = (['previous', 'previous+context', 'context'] as const).map((decoderInput) => {
      const spec = specOf({ ...base, model: { ...base.model, decoderInput } });
      const model = createModel(spec, buildDataset(spec));
      try {
        return {
          input: model.decoder[0]?.cell.inputSize,
          embedding: model.decoderEmbedding !== undefined,
        };
      } finally {
        model.dispose();
      }
    });
    assert.deepEqual(sizes, [
      { input: 4, embedding: true },
      { input: 4 + 8, embedding: true },
      { input: 8, embedding: false },
    ]);
  });

  it('context mode: teacher forcing changes nothing, and training computes what decoding does', () => {
    const spec = specOf({ ...base, model: { ...base.model, decoderInput: 'context' } });
    const dataset = symbols(spec);
    const model = createModel(spec, dataset);
    try {
      const batch = dataset.test.filter((s) => s.input.length === dataset.test[0]?.input.length);
      const losses = [1, 0].map((teacherForcing) =>
        tf.tidy(
          () =>
            forward(model, batch, {
              teacherForcing,
              random: createRandom(1, 'coin'),
            }).loss.dataSync()[0],
        ),
      );
      assert.equal(losses[0], losses[1]);
      // The forced logits' argmax is what greedy decoding emits, step by step.
      tf.tidy(() => {
        const forced = forward(model, batch).outputs;
        const argmax = tf.argMax(forced, 2).arraySync() as number[][];
        const decoded = greedyDecode(model, runEncoder(model, embedInputs(model, batch)), {
          maxSteps: forced.shape[1],
        });
        decoded.ids.forEach((ids, b) => {
          assert.deepEqual(ids, argmax[b]?.slice(0, ids.length));
        });
      });
    } finally {
      model.dispose();
    }
  });

  it('reverseInput: the encoder reads the input last symbol first, and the inspector says so', () => {
    const plain = specOf(base);
    const reversed = specOf({ ...base, model: { ...base.model, reverseInput: true } });
    const dataset = symbols(plain);
    const a = createModel(plain, dataset);
    const b = createModel(reversed, dataset);
    try {
      const sample = dataset.test.find((s) => s.input.length >= 4) as SymbolSample;
      const flipped: SymbolSample = { input: [...sample.input].reverse(), target: sample.target };
      tf.tidy(() => {
        const want = embedInputs(a, [flipped]).arraySync();
        assert.deepEqual(embedInputs(b, [sample]).arraySync(), want);
      });
      const text = sample.input.map((id) => dataset.inputVocab.tokens[id] ?? '?').join('');
      const seen = inspectSequence(b, dataset, text);
      assert.deepEqual(seen.inputTokens, [...text].reverse());
      assert.deepEqual(inspectSequence(a, dataset, text).inputTokens, [...text]);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
