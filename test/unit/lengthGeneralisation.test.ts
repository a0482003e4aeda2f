/**
 * Length generalisation (weight sharing's claim that the same weights handle new lengths):
 * `task.testLength` in the one spec definition, checked with positions; the test split drawn at
 * its own lengths; and the lesson, measured on 3 seeds through `rnnlab train --json`: a GRU
 * trained on running parity over inputs of 2–10 bits keeps its accuracy on 11–30 bits, lengths it
 * never saw (measured here: 100 % per step and per sequence at every length, each seed, in about
 * 7 s a seed on WASM).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CliIO } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import type { TrainSummary } from '../../src/cli/commands/train';
import { formatProblem } from '../../src/spec/problems';
import { validateSpecText } from '../../src/spec/validateSpec';
import { buildDataset } from '../../src/tasks/buildDataset';

const problemsOf = (text: string) =>
  validateSpecText(text).problems.map((p) => formatProblem('s.rnnlab.json', p));

describe('task.testLength', () => {
  it('is checked at its line: a reversed range, a task that has no length to vary, a bad value', () => {
    assert.deepEqual(
      problemsOf('{\n  "name": "p",\n  "task": { "kind": "parity", "testLength": [30, 11] }\n}'),
      [
        's.rnnlab.json:3:45 task.testLength: the range [min, max] has min 30 greater than max 11; write [11, 30]',
      ],
    );
    const recall = problemsOf(
      '{\n  "name": "r",\n  "task": { "kind": "delayed-recall", "testLength": 40 }\n}',
    );
    assert.equal(recall.length, 1);
    assert.match(
      recall[0] ?? '',
      /^s\.rnnlab\.json:3:[0-9]+ task\.testLength: warning: "testLength" is not used by the "delayed-recall" task \(only by "copy", "reverse", "sort", "parity"\)/,
    );
    assert.match(
      problemsOf('{ "name": "p", "task": { "kind": "copy", "testLength": 0 } }').join('\n'),
      /task\.testLength/,
    );
  });

  it('draws the test split at its own lengths, the training split at task.length', () => {
    const checked = validateSpecText(
      JSON.stringify({
        name: 'p',
        task: { kind: 'parity', length: [2, 4], testLength: [6, 8], samples: 50, testSamples: 40 },
        model: { architecture: 'many-to-many' },
      }),
    );
    assert.ok(checked.spec);
    assert.deepEqual(checked.spec.task.testLength, [6, 8]);
    const dataset = buildDataset(checked.spec);
    const lengths = (samples: readonly { input: ArrayLike<unknown> }[]) =>
      [...new Set(samples.map((s) => s.input.length))].sort((a, b) => a - b);
    assert.deepEqual(lengths(dataset.train), [2, 3, 4]);
    assert.deepEqual(lengths(dataset.test), [6, 7, 8]);
  });
});

describe(
  'the lesson: shared weights run inputs longer than any trained on',
  { timeout: 300_000 },
  () => {
    for (const seed of [1, 2, 3]) {
      it(`parity, GRU, trained on 2–10 bits: ≥ 95 % at every length 11–30 (seed ${seed})`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'rnnlab-lengths-'));
        writeFileSync(
          join(dir, 'p.rnnlab.json'),
          JSON.stringify({
            name: `parity-lengths-${seed}`,
            task: {
              kind: 'parity',
              length: [2, 10],
              testLength: [11, 30],
              samples: 600,
              testSamples: 120,
            },
            model: { cell: 'gru', hidden: 12, embedding: 4, architecture: 'many-to-many' },
            train: { epochs: 6, batchSize: 32, learningRate: 0.02, clipNorm: 1, seed },
          }),
        );
        let stdout = '';
        const io: CliIO = {
          stdout: (t) => void (stdout += t),
          stderr: () => {},
          isTTY: false,
          cwd: dir,
        };
        const code = await runCli(['train', 'p.rnnlab.json', '--json'], io);
        assert.equal(code, 0);
        const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as TrainSummary;
        const lengths = summary.lengths;
        assert.ok(lengths, 'the summary has accuracy by length');
        assert.deepEqual(lengths.trained, [2, 10]);
        const tested = lengths.byLength.map((g) => g.length);
        assert.ok(tested.length >= 15, `${tested.length} test lengths`);
        assert.ok(
          tested.every((n) => n >= 11 && n <= 30),
          'none of them trained on',
        );
        for (const g of lengths.byLength) {
          assert.ok(g.accuracy >= 0.95, `length ${g.length}: ${(g.accuracy * 100).toFixed(1)} %`);
        }
      });
    }
  },
);
