/**
 * The small configurations of `npm run bench:tasks` (bench/tasks/taskRows.ts), trained by the
 * engine with asserted accuracies: the Keras addition recipe (decoderInput context, reverseInput,
 * task.distinct) learns 2-digit addition, and the table is written from what was trained.
 * Thresholds sit below what was measured (docs/seq2seq-recipes.md), so a regression fails them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { useBackend } from '../../src/engine/backend';
import { renderTable, toTarget } from '../../bench/tasks/taskReport';
import {
  benchRows,
  copyMemoryBaseline,
  copyMemoryExamples,
  runOurs,
  type EpochPoint,
} from '../../bench/tasks/taskRows';

// WASM, as the bench and the CLI: the plain cpu backend is several times slower on LSTM 128.
before(async () => {
  await useBackend('wasm');
});

/** Below the 37.8 % measured after 6 epochs, far above the ~9 % of guessing. */
const MIN_TOKENS = 0.3;

const ROWS = benchRows(join(import.meta.dirname, '..', '..'), true);

function row(id: string) {
  const found = ROWS.find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

/** The row's first `epochs` epochs (CI keeps to a few minutes). */
async function train(id: string, epochs: number): Promise<EpochPoint[]> {
  const r = row(id);
  if (!r.spec) throw new Error(`row ${id} has no spec`);
  const spec = { ...r.spec, train: { ...r.spec.train, epochs } };
  return runOurs({ ...r, spec }, () => ({ afterEpoch() {}, close() {} }));
}

describe('bench:tasks rows', () => {
  it('copy memory: 10 symbols, T − 1 blanks, the delimiter, 10 blanks; the symbols at the end', () => {
    const [pair] = copyMemoryExamples(100, 1, 1);
    assert.ok(pair);
    assert.equal(pair.input.length, 120);
    assert.equal(pair.target.length, 120);
    assert.equal(pair.input[109], ':');
    assert.equal(pair.target.slice(110), pair.input.slice(0, 10));
    assert.match(pair.target.slice(0, 110), /^-+$/);
    assert.ok(Math.abs(copyMemoryBaseline(100) - (10 * Math.log(8)) / 120) < 1e-12);
  });

  it('targets: copy memory 1 % below the memoryless baseline, the adding problem an MSE far below 1/6', () => {
    const copy = row('copy-memory');
    assert.deepEqual(
      { metric: copy.target?.metric, value: copy.target?.value },
      { metric: 'testLoss', value: 0.99 * copyMemoryBaseline(20) },
    );
    const adding = row('adding');
    assert.equal(adding.spec?.task.kind, 'adding');
    assert.equal(adding.torch?.recipe, 'adding');
    const points = (losses: number[]): EpochPoint[] =>
      losses.map((testLoss, i) => ({ epoch: i + 1, seconds: 2, testLoss }));
    // A loss target is reached strictly below the value; at the baseline is not beating it.
    assert.deepEqual(toTarget(points([0.3, 0.2, 0.005]), adding.target), { epoch: 3, seconds: 6 });
    assert.equal(toTarget(points([0.9, copyMemoryBaseline(20)]), copy.target), undefined);
  });

  it(
    'Keras addition recipe, 2 digits, small: well above chance',
    { timeout: 900_000 },
    async () => {
      const points = await train('addition-2', 6);
      const first = points[0];
      const last = points[points.length - 1];
      assert.ok(first && last?.accuracy !== undefined);
      // Measured (seed 1, 12 epochs of 1500 on WASM): 43 % tokens, test loss 1.94 -> 1.4; chance is
      // about 1 in 11 per token. See docs/seq2seq-recipes.md.
      assert.ok(last.accuracy >= MIN_TOKENS, `tokens ${last.accuracy}`);
      assert.ok(last.testLoss < 0.8 * first.testLoss, `loss ${first.testLoss} -> ${last.testLoss}`);
      const table = renderTable({
        started: 'test',
        backend: 'cpu',
        torch: false,
        meanLoad: 0,
        results: [{ row: row('addition-2'), ours: points, torch: [] }],
      });
      assert.match(table, /Keras addition_rnn, 2 digits/);
      const hit = toTarget(points, { metric: 'accuracy', value: MIN_TOKENS });
      assert.ok(hit && hit.epoch <= points.length);
    },
  );
});
