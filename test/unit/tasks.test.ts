import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { TASK_INFO, TASK_KINDS, type Architecture, type TaskKind } from '../../src/spec/taskKinds';
import { buildDataset, describeSample, inputSideOf } from '../../src/tasks/buildDataset';
import { checkInputs } from '../../src/tasks/checkInputs';
import {
  END,
  PAD,
  START,
  type Dataset,
  type RealDataset,
  type SymbolDataset,
  type SymbolSample,
} from '../../src/tasks/dataset';
import { inputSpaceProblems, taskInputSpace } from '../../src/tasks/inputSpace';
import type { LoadedData } from '../../src/tasks/loadedData';
import { countWithoutMotif } from '../../src/tasks/motifTask';
import { SINE_BOUND } from '../../src/tasks/sineTask';
import { ADDING_BASELINE_MSE } from '../../src/tasks/addingTask';
import { decodeSymbols, encodeSymbols } from '../../src/tasks/vocabulary';

const TEXT =
  'A recurrent network reads one symbol at a time and keeps a summary of the past in its ' +
  'hidden state. The same weights serve every step, so one rule updates the memory again and ' +
  'again, whatever the length of the sequence. Gates decide what to keep and what to forget.';

const EXAMPLES = Array.from({ length: 40 }, (_, i) => {
  const word = ['cat', 'dog', 'bird', 'fish', 'tree'][i % 5] + 'abcdefgh'.slice(0, 1 + (i % 8));
  return { input: `${word}${i}`, target: [...`${word}${i}`].reverse().join('') };
});

type TaskFields = Partial<Spec['task']>;

function specOf(
  kind: TaskKind,
  task: TaskFields = {},
  model: Spec['model'] = {},
  train: Spec['train'] = {},
): ResolvedSpec {
  const inline: TaskFields =
    kind === 'text'
      ? { text: TEXT, length: [5, 12] }
      : kind === 'examples'
        ? { examples: EXAMPLES }
        : {};
  return resolveSpec({
    name: 'test',
    task: { kind, samples: 300, testSamples: 50, ...inline, ...task },
    model,
    train,
  } as Spec);
}

/** `series` and `audio` read files: their sequences, as `loadTaskData` would hand them over. */
function dataOf(kind: TaskKind): LoadedData | undefined {
  if (kind !== 'series' && kind !== 'audio') return undefined;
  const sequences = Array.from({ length: 30 }, (_, i) => ({
    name: `s${i}`,
    values: Array.from({ length: 80 + i }, (_, t) => [Math.sin(t / 5 + i), Math.cos(t / 3 - i)]),
    ...(kind === 'audio' ? { label: i % 2 === 0 ? 'even' : 'odd' } : {}),
  }));
  return { series: { channels: ['a', 'b'], sequences } };
}

function symbols(dataset: Dataset): SymbolDataset {
  assert.equal(dataset.type, 'symbols');
  return dataset as SymbolDataset;
}

function real(dataset: Dataset): RealDataset {
  assert.equal(dataset.type, 'real');
  return dataset as RealDataset;
}

/** Input and target of every sample as text (for symbolic datasets). */
function texts(dataset: SymbolDataset, split: 'train' | 'test' = 'train') {
  return dataset[split].map((s) => describeSample(dataset, s));
}

function inputKey(sample: { input: unknown }): string {
  return JSON.stringify(sample.input);
}

describe('buildDataset: determinism', () => {
  for (const kind of TASK_KINDS) {
    it(`${kind}: the same seed gives the same samples, another seed others`, () => {
      const a = buildDataset(specOf(kind, {}, {}, { seed: 7 }), dataOf(kind));
      const b = buildDataset(specOf(kind, {}, {}, { seed: 7 }), dataOf(kind));
      assert.deepEqual(a, b);
      // JSON-serialisable, unchanged by a round trip.
      assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
      const c = buildDataset(specOf(kind, {}, {}, { seed: 8 }), dataOf(kind));
      assert.notDeepEqual(c.train, a.train);
    });
  }

  it('pins the first samples of seed 1, so that a change of generator is noticed', () => {
    // Runs in Node and in the webview must agree on the data: these values must never drift.
    const reverse = symbols(buildDataset(specOf('reverse', {}, {}, { seed: 1 })));
    assert.deepEqual(
      texts(reverse, 'test')
        .slice(0, 3)
        .map((s) => s.input),
      ['cgdfhefd', 'agfhdc', 'dadeaagg'],
    );
    const sine = real(buildDataset(specOf('sine', { length: 3, testSamples: 1 }, {}, { seed: 1 })));
    assert.deepEqual(sine.test[0], {
      input: [[-0.374912], [-0.216427], [-0.157915]],
      target: [[-0.216427], [-0.157915], [-0.14719]],
    });
  });
});

describe('buildDataset: train and test never share an input', () => {
  for (const kind of TASK_KINDS) {
    it(kind, () => {
      const dataset = buildDataset(specOf(kind), dataOf(kind));
      const testKeys = new Set(dataset.test.map(inputKey));
      // The user's data decides its own counts; the generators give what the spec asks.
      if (kind !== 'examples' && kind !== 'series' && kind !== 'audio') {
        assert.equal(testKeys.size, dataset.test.length, 'test inputs are distinct');
        assert.equal(dataset.test.length, 50);
        assert.equal(dataset.train.length, 300);
      }
      for (const sample of dataset.train) assert.ok(!testKeys.has(inputKey(sample)));
    });
  }

  it('holds on a small input space (parity of length 3 to 5, 56 strings)', () => {
    const dataset = buildDataset(specOf('parity', { length: [3, 5], testSamples: 28 }));
    const testKeys = new Set(dataset.test.map(inputKey));
    assert.equal(testKeys.size, 28);
    for (const sample of dataset.train) assert.ok(!testKeys.has(inputKey(sample)));
  });
});

describe('buildDataset: shapes and vocabularies', () => {
  const symbolic = TASK_KINDS.filter((k) => !TASK_INFO[k].realValued);
  for (const kind of symbolic) {
    for (const architecture of TASK_INFO[kind].architectures) {
      it(`${kind} as ${architecture}`, () => {
        const spec = specOf(kind, {}, { architecture });
        const dataset = symbols(buildDataset(spec));
        assert.equal(dataset.architecture, architecture);
        const { inputVocab, outputVocab } = dataset;
        assert.equal(inputVocab.tokens[0], PAD);
        assert.equal(inputVocab.pad, 0);
        if (architecture === 'seq2seq') {
          assert.deepEqual(outputVocab.tokens.slice(0, 3), [PAD, START, END]);
          assert.deepEqual([outputVocab.pad, outputVocab.start, outputVocab.end], [0, 1, 2]);
        } else if (architecture === 'many-to-many') {
          assert.equal(outputVocab.tokens[0], PAD);
          assert.equal(outputVocab.start, undefined);
        } else {
          assert.ok(!outputVocab.tokens.some((t) => [PAD, START, END].includes(t)));
          assert.equal(outputVocab.pad, undefined);
        }
        const firstOutput =
          architecture === 'seq2seq' ? 3 : architecture === 'many-to-many' ? 1 : 0;
        let maxInput = 0;
        let maxTarget = 0;
        for (const sample of [...dataset.train, ...dataset.test]) {
          assert.ok(sample.input.length > 0);
          for (const id of sample.input) assert.ok(id >= 1 && id < inputVocab.tokens.length);
          for (const id of sample.target)
            assert.ok(id >= firstOutput && id < outputVocab.tokens.length);
          if (architecture === 'many-to-many')
            assert.equal(sample.target.length, sample.input.length);
          if (architecture === 'many-to-one') assert.equal(sample.target.length, 1);
          maxInput = Math.max(maxInput, sample.input.length);
          maxTarget = Math.max(maxTarget, sample.target.length);
        }
        assert.equal(dataset.maxInputLength, maxInput);
        assert.equal(dataset.maxTargetLength, maxTarget);
      });
    }
  }

  for (const kind of ['copy', 'reverse', 'sort', 'parity', 'text'] as const) {
    it(`${kind}: input lengths stay within task.length and cover it`, () => {
      const dataset = symbols(buildDataset(specOf(kind, { length: [3, 6] })));
      const lengths = new Set([...dataset.train, ...dataset.test].map((s) => s.input.length));
      assert.deepEqual([...lengths].sort(), [3, 4, 5, 6]);
    });
  }

  it('rejects an architecture the task cannot produce', () => {
    assert.throws(
      () => buildDataset(specOf('addition', {}, { architecture: 'many-to-one' })),
      /task "addition" cannot be learned as many-to-one; use model.architecture "seq2seq"/,
    );
  });
});

describe('buildDataset: every task computes the right target', () => {
  it('copy: target equals input', () => {
    for (const { input, target } of texts(symbols(buildDataset(specOf('copy'))))) {
      assert.equal(target, input);
    }
  });

  it('reverse: target is the input reversed (both architectures)', () => {
    for (const architecture of ['seq2seq', 'many-to-many'] as const) {
      const dataset = symbols(buildDataset(specOf('reverse', {}, { architecture })));
      for (const { input, target } of texts(dataset)) {
        assert.equal(target, [...input].reverse().join(''));
      }
    }
  });

  it('sort: target is the input sorted in vocab order', () => {
    const vocab = 'zyxw';
    const dataset = symbols(buildDataset(specOf('sort', { vocab })));
    for (const { input, target } of texts(dataset)) {
      const expected = [...input].sort((a, b) => vocab.indexOf(a) - vocab.indexOf(b)).join('');
      assert.equal(target, expected);
    }
    assert.deepEqual(dataset.inputVocab.tokens, [PAD, 'z', 'y', 'x', 'w']);
  });

  it('addition: sums are right, operands have the digits task.length asks for', () => {
    const dataset = symbols(
      buildDataset(specOf('addition', { digits: 5, length: [2, 4], samples: 500 })),
    );
    assert.deepEqual(dataset.inputVocab.tokens, [PAD, ...'0123456789+']);
    assert.deepEqual(dataset.outputVocab.tokens, [PAD, START, END, ...'0123456789']);
    const digitCounts = new Set<number>();
    for (const { input, target } of [...texts(dataset), ...texts(dataset, 'test')]) {
      const match = /^(\d+)\+(\d+)$/.exec(input);
      assert.ok(match, input);
      const [a, b] = [match[1] ?? '', match[2] ?? ''];
      for (const operand of [a, b]) {
        assert.ok(operand.length >= 2 && operand.length <= 4, input);
        assert.ok(!operand.startsWith('0'), `no leading zero in ${input}`);
        digitCounts.add(operand.length);
      }
      assert.equal(target, String(Number(a) + Number(b)));
    }
    assert.deepEqual([...digitCounts].sort(), [2, 3, 4]);
  });

  it('addition: task.length is clamped to 1..digits', () => {
    const dataset = symbols(buildDataset(specOf('addition', { digits: 2, length: [1, 3] })));
    for (const { input } of texts(dataset)) {
      for (const operand of input.split('+')) assert.ok(operand.length <= 2, input);
    }
  });

  it('parity: the class is the parity of the 1s; many-to-many gives the running parity', () => {
    const odd = (bits: string) => [...bits].filter((b) => b === '1').length % 2 === 1;
    const whole = symbols(buildDataset(specOf('parity')));
    assert.deepEqual(whole.outputVocab.tokens, ['0', '1']);
    for (const { input, target } of texts(whole)) {
      assert.match(input, /^[01]+$/);
      assert.equal(target, odd(input) ? '1' : '0');
    }
    const running = symbols(buildDataset(specOf('parity', {}, { architecture: 'many-to-many' })));
    for (const { input, target } of texts(running)) {
      const expected = [...input].map((_, t) => (odd(input.slice(0, t + 1)) ? '1' : '0')).join('');
      assert.equal(target, expected);
    }
  });

  it('delayed-recall: the class is the first symbol, inputs have 1 + lag symbols', () => {
    const dataset = symbols(buildDataset(specOf('delayed-recall', { vocab: 'abcd', lag: 15 })));
    assert.deepEqual(dataset.outputVocab.tokens, ['a', 'b', 'c', 'd']);
    const seen = new Set<string>();
    for (const { input, target } of texts(dataset)) {
      assert.equal(input.length, 16);
      assert.match(input, /^[abcd]+$/);
      assert.equal(target, input[0]);
      seen.add(target);
    }
    assert.equal(seen.size, 4);
  });

  it('motif: the label agrees with includes(motif), classes are balanced', () => {
    const motif = 'TATA';
    const dataset = symbols(buildDataset(specOf('motif', { motif, samples: 1000 })));
    assert.deepEqual(dataset.outputVocab.tokens, ['absent', 'present']);
    let present = 0;
    const all = [...texts(dataset), ...texts(dataset, 'test')];
    for (const { input, target } of all) {
      assert.match(input, /^[ACGT]+$/);
      assert.ok(input.length >= 12 && input.length <= 24);
      assert.equal(target, input.includes(motif) ? 'present' : 'absent');
      if (target === 'present') present++;
    }
    const share = present / all.length;
    assert.ok(share > 0.4 && share < 0.6, `present share ${share}`);
  });

  it('motif: counts of sequences without the motif match brute force', () => {
    for (const motif of ['A', 'AA', 'TAT', 'ACG']) {
      for (let length = 0; length <= 6; length++) {
        let count = 0;
        for (let code = 0; code < 4 ** length; code++) {
          let s = '';
          for (let i = 0, c = code; i < length; i++, c = Math.floor(c / 4)) s += 'ACGT'[c % 4];
          if (!s.includes(motif)) count++;
        }
        assert.equal(countWithoutMotif(motif, length), count, `${motif} length ${length}`);
      }
    }
  });

  it('text: the target is the input shifted by one, and both come from the text', () => {
    const dataset = symbols(buildDataset(specOf('text')));
    assert.deepEqual(dataset.inputVocab.tokens.slice(1), [...new Set(TEXT)].sort());
    for (const { input, target } of texts(dataset)) {
      assert.equal(target.length, input.length);
      assert.equal(target.slice(0, -1), input.slice(1));
      assert.ok(TEXT.includes(input + target.slice(-1)));
    }
  });

  it('text: a symbol is a code point (Hangul and emoji are one token each)', () => {
    const text = '순환 신경망은 한 번에 한 글자씩 읽는다 🙂 '.repeat(10);
    const dataset = symbols(buildDataset(specOf('text', { text, length: 6, testSamples: 10 })));
    assert.ok(dataset.inputVocab.tokens.includes('🙂'));
    for (const sample of dataset.train) assert.equal(sample.input.length, 6);
  });

  it('sine: bounded values, the target is the next value', () => {
    const spec = specOf('sine', { length: 30, noise: 0.1 });
    const dataset = real(buildDataset(spec));
    assert.equal(dataset.features, 1);
    assert.equal(dataset.maxInputLength, 30);
    let spread = 0;
    for (const { input, target } of [...dataset.train, ...dataset.test]) {
      assert.equal(input.length, 30);
      assert.equal(target.length, 30);
      for (const step of [...input, ...target]) {
        assert.equal(step.length, 1);
        assert.ok(Number.isFinite(step[0]) && Math.abs(step[0] ?? 0) <= SINE_BOUND);
        spread = Math.max(spread, Math.abs(step[0] ?? 0));
      }
      for (let t = 0; t + 1 < input.length; t++) assert.equal(target[t]?.[0], input[t + 1]?.[0]);
    }
    assert.ok(spread > 0.5, 'the signal is not flat');
    // many-to-one draws the same signals: its one target is the last many-to-many target.
    const single = real(
      buildDataset(specOf('sine', { length: 30, noise: 0.1 }, { architecture: 'many-to-one' })),
    );
    single.test.forEach((sample, i) => {
      assert.deepEqual(sample.input, dataset.test[i]?.input);
      assert.deepEqual(sample.target, [dataset.test[i]?.target[29]]);
    });
  });

  it('adding: a value and a marker per step, two markers (one per half), the target their sum', () => {
    const dataset = real(buildDataset(specOf('adding', { length: 41, samples: 2000 })));
    assert.equal(dataset.features, 2);
    assert.equal(dataset.outputs, 1);
    assert.deepEqual(dataset.channels, ['value', 'marker']);
    assert.equal(dataset.maxInputLength, 41);
    let baseline = 0;
    const all = [...dataset.train, ...dataset.test];
    for (const { input, target } of all) {
      assert.equal(input.length, 41);
      const marked = input.flatMap((step, t) => (step[1] === 1 ? [t] : []));
      assert.equal(marked.length, 2, 'exactly two marked steps');
      assert.ok((marked[0] ?? 99) < 20 && (marked[1] ?? 0) >= 20, `one per half: ${marked}`);
      for (const step of input) {
        assert.ok((step[0] ?? -1) >= 0 && (step[0] ?? 2) < 1 + 1e-9);
        assert.ok(step[1] === 0 || step[1] === 1);
      }
      const sum = (input[marked[0] ?? 0]?.[0] ?? 0) + (input[marked[1] ?? 0]?.[0] ?? 0);
      assert.deepEqual(target.length, 1);
      assert.ok(Math.abs((target[0]?.[0] ?? NaN) - sum) < 1e-3);
      baseline += ((target[0]?.[0] ?? 0) - 1) ** 2;
    }
    // Answering 1 whatever the input: the MSE is the variance of the sum, 1/6.
    assert.ok(
      Math.abs(baseline / all.length - ADDING_BASELINE_MSE) < 0.015,
      `${baseline / all.length}`,
    );
    assert.deepEqual(inputSideOf(specOf('adding')), { type: 'real', features: 2 });
    // The inspector's input format: a step's channels in parentheses.
    assert.deepEqual(checkInputs(dataset, ['(0.3 1), (0.9 0), (0.5 1)']), []);
  });

  it('sine: a range of lengths uses its maximum', () => {
    const dataset = real(buildDataset(specOf('sine', { length: [10, 20] })));
    for (const sample of dataset.train) assert.equal(sample.input.length, 20);
  });
});

describe('buildDataset: user examples', () => {
  it('seq2seq: characters as tokens, every example used once, a fifth at most for testing', () => {
    const dataset = symbols(buildDataset(specOf('examples', { testSamples: 200 })));
    assert.equal(dataset.architecture, 'seq2seq');
    assert.equal(dataset.test.length, 8);
    assert.equal(dataset.train.length, 32);
    const seen = [...texts(dataset), ...texts(dataset, 'test')]
      .map((e) => JSON.stringify(e))
      .sort();
    assert.deepEqual(seen, EXAMPLES.map((e) => JSON.stringify(e)).sort());
  });

  it('many-to-one: the whole target is one class; equal inputs stay on one side', () => {
    const examples = [
      ...Array.from({ length: 20 }, (_, i) => ({
        input: `a${i}b`,
        target: i % 3 === 0 ? 'third' : 'other',
      })),
      { input: 'a0b', target: 'other' },
    ];
    const dataset = symbols(
      buildDataset(
        specOf('examples', { examples, testSamples: 3 }, { architecture: 'many-to-one' }),
      ),
    );
    assert.deepEqual(dataset.outputVocab.tokens, ['other', 'third']);
    assert.equal(dataset.train.length + dataset.test.length, 21);
    assert.equal(dataset.test.length === 3 || dataset.test.length === 4, true);
    const testKeys = new Set(dataset.test.map(inputKey));
    for (const sample of dataset.train) assert.ok(!testKeys.has(inputKey(sample)));
  });

  it('uses task.vocab as the input vocabulary when given, and refuses unknown symbols', () => {
    const examples = [
      { input: 'abba', target: 'x' },
      { input: 'ba', target: 'y' },
    ];
    const dataset = symbols(
      buildDataset(specOf('examples', { examples, vocab: 'cba' }, { architecture: 'many-to-one' })),
    );
    assert.deepEqual(dataset.inputVocab.tokens, [PAD, 'c', 'b', 'a']);
    assert.throws(
      () =>
        buildDataset(
          specOf('examples', { examples: [{ input: 'abz', target: 'q' }], vocab: 'ab' }),
        ),
      /task\.examples\[0\]\.input: the input uses symbols not in task\.vocab: "z"/,
    );
  });

  it('many-to-many needs targets as long as their inputs', () => {
    assert.throws(
      () =>
        buildDataset(
          specOf(
            'examples',
            { examples: [{ input: 'abc', target: 'ab' }] },
            { architecture: 'many-to-many' },
          ),
        ),
      /one target symbol per input symbol/,
    );
  });
});

describe('input space', () => {
  it('counts distinct inputs per task', () => {
    const count = (spec: ResolvedSpec) => taskInputSpace(spec, undefined, 1e9)?.distinct;
    assert.equal(count(specOf('parity', { length: 4 })), 16);
    assert.equal(count(specOf('copy', { length: [1, 2], vocab: 'abc' })), 3 + 9);
    assert.equal(count(specOf('addition', { digits: 2, length: [1, 2] })), 100 * 100);
    assert.equal(count(specOf('delayed-recall', { vocab: 'ab', lag: 3 })), 16);
    assert.equal(count(specOf('sine')), undefined);
  });

  it('reports a test split the space cannot hold, and buildDataset stops instead of looping', () => {
    const spec = specOf('parity', { length: 4, testSamples: 200 });
    const [problem, ...rest] = inputSpaceProblems(spec, undefined);
    assert.equal(rest.length, 0);
    assert.equal(problem?.path, 'task.testSamples');
    assert.match(problem?.message ?? '', /only 16 distinct inputs exist.*at most 8.*task\.length/);
    assert.throws(() => buildDataset(spec), /distinct test inputs/);
    assert.deepEqual(
      inputSpaceProblems(specOf('parity', { length: 4, testSamples: 8 }), undefined),
      [],
    );
  });

  it('finds the limit for delayed-recall with no lag', () => {
    const spec = specOf('delayed-recall', { vocab: 'abcd', lag: 0, testSamples: 3 });
    assert.match(inputSpaceProblems(spec, undefined)[0]?.message ?? '', /only 4 distinct inputs/);
  });
});

describe('symbols, samples and inspect inputs', () => {
  it('encodes and decodes, naming unknown symbols', () => {
    const dataset = symbols(buildDataset(specOf('reverse', { vocab: 'abc' })));
    const ids = encodeSymbols(dataset.inputVocab, 'cab');
    assert.deepEqual(ids, [3, 1, 2]);
    assert.deepEqual(encodeSymbols(dataset.inputVocab, 'cxbyx'), { unknown: ['x', 'y'] });
    assert.deepEqual(encodeSymbols(dataset.inputVocab, '<pad>'), { unknown: ['<', 'p', 'd', '>'] });
    assert.equal(decodeSymbols(dataset.inputVocab, [3, 1, 2]), 'cab');
    const out = dataset.outputVocab;
    assert.equal(decodeSymbols(out, [out.start ?? -1, 3, 4, out.end ?? -1, 5]), 'ab');
  });

  it('describes real samples with three decimals', () => {
    const dataset = real(buildDataset(specOf('sine', { length: 5 })));
    const sample = { input: [[0.12345], [-0.00001], [2]], target: [[1.5]] };
    assert.deepEqual(describeSample(dataset, sample), {
      input: '0.123, 0.000, 2.000',
      target: '1.500',
    });
  });

  it('checks inspect.inputs against the input vocabulary', () => {
    const dataset = symbols(buildDataset(specOf('reverse', { vocab: 'abc' })));
    const problems = checkInputs(dataset, ['abc', 'abd', '']);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['inspect.inputs[1]', 'inspect.inputs[2]'],
    );
    assert.match(problems[0]?.message ?? '', /"d"/);
    const sine = real(buildDataset(specOf('sine', { length: 5 })));
    assert.deepEqual(checkInputs(sine, ['0.1, 0.5 0.9']), []);
    assert.match(checkInputs(sine, ['0.1, x'])[0]?.message ?? '', /not numbers: "x"/);
  });

  it('keeps ids and samples consistent with the vocabulary of each architecture', () => {
    for (const architecture of ['seq2seq', 'many-to-many'] as Architecture[]) {
      const dataset = symbols(buildDataset(specOf('copy', { vocab: 'ab' }, { architecture })));
      const sample = dataset.train[0] as SymbolSample;
      const { input, target } = describeSample(dataset, sample);
      assert.equal(input, target);
    }
  });
});

describe('inputSideOf', () => {
  it('gives the same input vocabulary as the dataset, without generating it', () => {
    for (const kind of TASK_KINDS) {
      const spec = specOf(kind);
      const dataset = buildDataset(spec, dataOf(kind));
      const side = inputSideOf(spec, dataOf(kind));
      if (dataset.type === 'real') {
        assert.deepEqual(side, { type: 'real', features: dataset.features });
      } else assert.deepEqual(side, { type: 'symbols', inputVocab: dataset.inputVocab });
    }
  });
});
