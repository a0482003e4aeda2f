/**
 * The lesson of examples/truncated-bptt.rnnlab.json, run through the sweep engine as shipped:
 * truncated backpropagation through time limits the memory span to what the gradient reaches.
 * Delayed recall at lag 20 has inputs of 21 steps, the symbol to recall at the first. With
 * `train.tbptt` below 21 no gradient reaches the step that reads it and the GRU stays near chance
 * (25 %, four symbols); with 21 (full BPTT) it learns the task. On every one of seeds 1, 2, 3.
 *
 * Measured (WASM, as the CLI; `node dist/cli.js sweep examples/truncated-bptt.rnnlab.json`), test
 * accuracy for seeds 1 / 2 / 3: tbptt 5: 0.350 / 0.295 / 0.425; 10: 0.410 / 0.315 / 0.405;
 * 20: 0.325 / 0.245 / 0.255; 21: 1.000 / 1.000 / 1.000. Above chance below 21: the shared
 * weights that learn to hold the last steps' state also carry a little of the first symbol.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { useBackend } from '../../src/engine/backend';
import { runSweep } from '../../src/engine/sweep';
import { validateSpecText } from '../../src/spec/validateSpec';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'truncated-bptt.rnnlab.json');
/** Steps of a delayed-recall input at lag 20: the symbol, then 20 distractors. */
const STEPS = 21;
/** Far above the measured 0.425, far below what learning the task gives. */
const NOT_LEARNED = 0.5;
const LEARNED = 0.9;

before(async () => {
  await useBackend('wasm');
});

it('tbptt below the 21 steps of lag 20 cannot learn delayed recall, 21 can, on seeds 1-3', async (t) => {
  const checked = validateSpecText(readFileSync(EXAMPLE, 'utf8'));
  assert.deepEqual(
    checked.problems.map((p) => p.message),
    [],
  );
  const plan = checked.sweep;
  assert.ok(plan, 'the example has a sweep');
  assert.deepEqual(plan.axes, [{ field: 'train.tbptt', values: [5, 10, 20, STEPS] }]);
  const record = await runSweep({ plan });
  assert.equal(record.status, 'done');
  assert.deepEqual(record.seeds, [1, 2, 3]);
  const rows = record.points.map((p) => ({
    tbptt: p.point['train.tbptt'] as number,
    seed: p.point['train.seed'] as number,
    accuracy: p.metrics?.accuracy ?? NaN,
  }));
  t.diagnostic(rows.map((r) => `tbptt ${r.tbptt} seed ${r.seed}: ${r.accuracy}`).join('; '));
  assert.equal(rows.length, 12);
  for (const r of rows) {
    if (r.tbptt < STEPS) {
      assert.ok(r.accuracy < NOT_LEARNED, `tbptt ${r.tbptt}, seed ${r.seed}: ${r.accuracy}`);
    } else {
      assert.ok(r.accuracy >= LEARNED, `tbptt ${r.tbptt}, seed ${r.seed}: ${r.accuracy}`);
    }
  }
});
