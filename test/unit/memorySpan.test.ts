/**
 * The memory-span lesson (the study note's long-term dependency problem), as the example spec
 * `examples/adding.rnnlab.json` states it with its sweep: on the adding problem every cell learns
 * a short sequence, and at T = 50 the plain RNN stays at the MSE of always answering 1 (1/6) while
 * LSTM and GRU learn it, on each of the seeds 1, 2 and 3.
 *
 * It runs the example's own sweep through the sweep engine, at the shortest and the longest of its
 * lengths (the README's table has every length, measured with `rnnlab sweep`). To keep CI to a few
 * minutes a point that must learn stops at the first epoch whose test MSE is below `LEARNED`; the
 * plain RNN at the longest length trains every epoch of the spec, and none of them may leave the
 * baseline's neighbourhood. Training on WASM is deterministic, so this is not flaky; the
 * thresholds leave margins to what was measured (printed as diagnostics).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { useBackend } from '../../src/engine/backend';
import { createModel } from '../../src/engine/seqModel';
import { runSweep, type PointTrainer } from '../../src/engine/sweep';
import { trainModel } from '../../src/engine/trainRun';
import { sweepPlanOf } from '../../src/spec/sweepGrid';
import { validateSpecText } from '../../src/spec/validateSpec';
import { MEMORY_SPAN } from '../../src/explain/labClaims';
import { ADDING_BASELINE_MSE } from '../../src/tasks/addingTask';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'adding.rnnlab.json');

/**
 * Learned: an MSE well below the baseline's 0.167 (a sum off by about 0.14 at most, typically).
 * At chance: no epoch of the plain RNN at the longest length gets below 0.75 × 1/6. The walkthrough
 * and the hovers quote these numbers from the same registry (src/explain/labClaims.ts).
 */
const LEARNED = MEMORY_SPAN.learnedBelow;
const AT_CHANCE = MEMORY_SPAN.chanceAbove;

before(async () => {
  await useBackend('wasm');
});

/** Test MSE after each epoch of every training, by point index. */
const curves = new Map<number, number[]>();

/** Trains a point; stops once it has learned, unless it is the one expected not to. */
const trainUntilLearned =
  (keepGoing: (cell: unknown, length: unknown) => boolean): PointTrainer =>
  async ({ point, dataset, signal }) => {
    const model = createModel(point.spec, dataset);
    const stop = new AbortController();
    signal?.addEventListener('abort', () => stop.abort());
    const mse: number[] = [];
    curves.set(point.index, mse);
    const full = keepGoing(point.values['model.cell'], point.values['task.length']);
    const result = await trainModel({
      spec: point.spec,
      dataset,
      model,
      signal: stop.signal,
      gateSamples: 0,
      onEvent: (e) => {
        if (e.type !== 'epoch') return;
        mse.push(e.mse ?? NaN);
        if (!full && (e.mse ?? Infinity) < LEARNED) stop.abort();
      },
    });
    // Stopped here because it learned: the point is finished, and the sweep goes on to the next
    // (a `stopped` point would end the sweep, as Stop does).
    const learned = result.status === 'stopped' && !signal?.aborted;
    return { result: learned ? { ...result, status: 'done' } : result, model };
  };

describe('memory span: the adding problem (examples/adding.rnnlab.json)', () => {
  it('every cell learns T = 10; at T = 50 the RNN stays at chance while LSTM and GRU learn, on seeds 1-3', async (t) => {
    const checked = validateSpecText(readFileSync(EXAMPLE, 'utf8'));
    assert.ok(checked.spec, JSON.stringify(checked.problems));
    const plan = sweepPlanOf(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
    assert.ok(plan, 'the example has a sweep');
    const lengths = plan.axes.find((a) => a.field === 'task.length')?.values as number[];
    const cells = plan.axes.find((a) => a.field === 'model.cell')?.values;
    assert.deepEqual(cells, ['rnn', 'lstm', 'gru']);
    assert.equal(plan.seeds, 3);
    const short = Math.min(...lengths);
    const long = Math.max(...lengths);
    assert.deepEqual([short, long], [MEMORY_SPAN.short, MEMORY_SPAN.long], 'the claim names these');
    assert.equal(MEMORY_SPAN.baseline, Number(ADDING_BASELINE_MSE.toFixed(3)));
    assert.equal(AT_CHANCE, 0.75 * ADDING_BASELINE_MSE);
    const reduced = {
      ...plan,
      axes: plan.axes.map((a) => (a.field === 'task.length' ? { ...a, values: [short, long] } : a)),
    };
    const rnnAtLong = (cell: unknown, length: unknown) => cell === 'rnn' && length === long;
    const result = await runSweep({ plan: reduced, train: trainUntilLearned(rnnAtLong) });

    const epochs = checked.spec.train.epochs;
    for (const p of result.points) {
      const cell = p.point['model.cell'];
      const length = p.point['task.length'];
      const seed = p.point['train.seed'];
      const mse = curves.get(p.index) ?? [];
      const label = `${String(cell)} T=${String(length)} seed ${String(seed)}`;
      t.diagnostic(`${label}: test MSE by epoch ${mse.map((m) => m.toFixed(4)).join(' ')}`);
      assert.notEqual(p.status, 'failed', `${label}: ${p.message ?? ''}`);
      if (rnnAtLong(cell, length)) {
        assert.equal(mse.length, epochs, `${label} trains every epoch`);
        assert.ok(
          mse.every((m) => m > AT_CHANCE),
          `${label} stays near the baseline ${ADDING_BASELINE_MSE.toFixed(3)}: ${mse.join(' ')}`,
        );
      } else {
        assert.ok(
          Math.min(...mse) < LEARNED,
          `${label} learns (MSE below ${LEARNED} within ${epochs} epochs): ${mse.join(' ')}`,
        );
      }
    }
    assert.equal(result.points.length, 2 * 3 * 3);
  });
});
