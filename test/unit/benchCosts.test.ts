/**
 * `npm run bench:costs` without its timing claims (timing is not a test): the parameter counts
 * it reports (tensors against the formula, GRU against LSTM), its arithmetic and Markdown on given
 * numbers, and a tiny run of every part (`costPlan(true)`) that must give well-formed results.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { costPlan } from '../../bench/costs/costCases';
import {
  findings,
  linearFit,
  renderCosts,
  summarize,
  type CaseSummary,
  type CostsReport,
} from '../../bench/costs/costReport';
import {
  cellParamFormula,
  countParams,
  trainSideBySide,
  type SideResult,
} from '../../bench/costs/sideBySide';
import { useBackend } from '../../src/engine/backend';
import { createModel } from '../../src/engine/seqModel';
import { resolveSpec } from '../../src/spec/resolveSpec';
import type { CellKind } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';

before(async () => {
  await useBackend('wasm');
});

function paramsOf(cell: CellKind, hidden: number) {
  const spec = resolveSpec({
    name: 'params',
    task: { kind: 'adding', length: 5, samples: 4, testSamples: 2 },
    model: { cell, hidden, architecture: 'many-to-one' },
  });
  const model = createModel(spec, buildDataset(spec));
  try {
    return { counted: countParams(model), cell: model.layers[0]?.cell };
  } finally {
    model.dispose();
  }
}

describe('parameter counts', () => {
  it('the tensors of each cell hold what the formula says (adding: 2 input channels)', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      for (const hidden of [3, 32]) {
        const { counted, cell: layer } = paramsOf(cell, hidden);
        assert.equal(layer?.inputSize, 2);
        assert.equal(counted.recurrent, counted.formula, `${cell} ${hidden}`);
        assert.equal(counted.recurrent, layer?.paramCount(), `${cell} ${hidden}`);
        // The head: dense hidden -> 1.
        assert.equal(counted.total, counted.recurrent + hidden + 1, `${cell} ${hidden}`);
      }
    }
    assert.equal(cellParamFormula('lstm', 2, 32), 4 * 32 * (2 + 32) + 4 * 32);
    assert.equal(cellParamFormula('gru', 2, 32), 3 * 32 * (2 + 32) + 2 * 3 * 32);
    assert.equal(cellParamFormula('rnn', 2, 32), 32 * (2 + 32) + 32);
  });

  it("GRU's kernels are 3/4 of LSTM's at the same sizes; its second bias adds 3H", () => {
    for (const hidden of [4, 16, 32]) {
      const lstm = paramsOf('lstm', hidden).counted.recurrent;
      const gru = paramsOf('gru', hidden).counted.recurrent;
      const lstmBias = 4 * hidden;
      const gruBiases = 2 * 3 * hidden;
      assert.equal((gru - gruBiases) / (lstm - lstmBias), 3 / 4, `hidden ${hidden}`);
    }
    assert.equal(
      paramsOf('gru', 32).counted.recurrent / paramsOf('lstm', 32).counted.recurrent,
      3456 / 4480,
    );
  });
});

describe('the report on given numbers', () => {
  it('fits a line exactly and measures its R²', () => {
    const fit = linearFit([10, 20, 40, 80], [3.5, 6, 11, 21]);
    assert.ok(Math.abs(fit.slope - 0.25) < 1e-12);
    assert.ok(Math.abs(fit.intercept - 1) < 1e-12);
    assert.ok(Math.abs(fit.r2 - 1) < 1e-12);
    assert.ok(linearFit([1, 2, 3], [1, 3, 2]).r2 < 0.5);
  });

  it('summarizes a run: median step without the warm-up steps', () => {
    const run: SideResult = {
      id: 'x',
      cell: 'lstm',
      seed: 1,
      steps: 10,
      batchSize: 32,
      params: { total: 1, recurrent: 1, formula: 1 },
      stepMs: [100, 50, 4, 2, 3],
      epochMs: [159],
      metrics: { loss: 1, mse: 1 },
      status: 'done',
    };
    const s = summarize(run);
    assert.equal(s.stepMs, 3);
    assert.equal(s.stepCount, 3);
  });

  const at = (
    id: string,
    cell: CellKind,
    seed: number,
    fields: Partial<CaseSummary>,
  ): CaseSummary => ({
    id,
    cell,
    seed,
    steps: 50,
    batchSize: 32,
    params: { total: 0, recurrent: 0, formula: 0 },
    stepMs: 1,
    stepCount: 10,
    epochMs: [1],
    metrics: { loss: 0, mse: 0 },
    status: 'done',
    ...fields,
  });
  const params = {
    rnn: { total: 1153, recurrent: 1120, formula: 1120 },
    lstm: { total: 4513, recurrent: 4480, formula: 4480 },
    gru: { total: 3489, recurrent: 3456, formula: 3456 },
  };
  const report: CostsReport = {
    started: '2026-12-03T12:00:00.000Z',
    finished: '2026-12-03T12:10:00.000Z',
    seconds: 600,
    command: 'nice -n 10 npm run bench:costs',
    backend: 'wasm',
    machine: { cpus: 2, model: 'CPU', node: 'v20' },
    load: { start: [1, 2, 3], end: [4, 5, 6], meanDuring: 2.5, maxDuring: 7 },
    small: false,
    about: {
      cellsSpec: 'examples/adding.rnnlab.json at task.length 50',
      lengths: [10, 20],
      lengthTbptt: [5],
      tbpttValues: [5, 21],
      seeds: [1, 2],
    },
    cells: [1, 2].flatMap((seed) => [
      at(`rnn ${seed}`, 'rnn', seed, {
        params: params.rnn,
        epochMs: [300, 200, 250],
        metrics: { loss: 0.16, mse: 0.16 },
      }),
      at(`lstm ${seed}`, 'lstm', seed, {
        params: params.lstm,
        epochMs: seed === 1 ? [1000, 1000, 900] : [2000, 2000, 2000],
        stepMs: 20,
        metrics: { loss: 0.0005, mse: 0.0005 },
      }),
      at(`gru ${seed}`, 'gru', seed, {
        params: params.gru,
        epochMs: seed === 1 ? [800, 800, 700] : [1400, 1400, 1400],
        stepMs: 15,
        metrics: { loss: 0.0002, mse: 0.0002 },
      }),
    ]),
    length: [
      at('T 10', 'lstm', 1, { steps: 10, stepMs: 4, peakBytes: 2 ** 20 }),
      at('T 20', 'lstm', 1, { steps: 20, stepMs: 7, peakBytes: 2 * 2 ** 20 }),
      at('T 20 tbptt 5', 'lstm', 1, { steps: 20, tbptt: 5, stepMs: 7.7, peakBytes: 2 * 2 ** 20 }),
    ],
    tbptt: [1, 2].flatMap((seed) => [
      at(`5 ${seed}`, 'gru', seed, {
        steps: 21,
        tbptt: 5,
        stepMs: 4,
        metrics: { loss: 1, accuracy: 0.3 + seed / 100 },
      }),
      at(`21 ${seed}`, 'gru', seed, {
        steps: 21,
        tbptt: 21,
        stepMs: 5,
        metrics: { loss: 0, accuracy: 1 },
      }),
    ]),
  };

  it('reads the ratios and the line off the cases', () => {
    const f = findings(report);
    assert.deepEqual(
      f.cells.map((c) => c.cell),
      ['rnn', 'lstm', 'gru'],
    );
    const gru = f.cells.find((c) => c.cell === 'gru');
    assert.deepEqual(gru?.epochMs, [800, 1400]);
    assert.deepEqual(gru?.overLstm, [0.8, 0.7]);
    assert.equal(f.gruOverLstm.epochTime, 0.75);
    assert.equal(f.gruOverLstm.params, 3456 / 4480);
    assert.ok(Math.abs(f.length.fit.slope - 0.3) < 1e-12);
    assert.ok(Math.abs(f.length.fit.intercept - 1) < 1e-12);
    assert.ok(Math.abs((f.length.truncated[0]?.overFull ?? NaN) - 1.1) < 1e-12);
    assert.deepEqual(
      f.span.rows.map((r) => [r.tbptt, r.accuracy, r.overFull]),
      [
        [5, [0.31, 0.32], 0.8],
        [21, [1, 1], 1],
      ],
    );
  });

  it('renders the tables with those numbers, the load and the command', () => {
    const md = renderCosts(report);
    assert.match(md, /^# The note's costs/);
    assert.match(md, /Command: `nice -n 10 npm run bench:costs`/);
    assert.match(md, /at the start 1\.00, 2\.00, 3\.00, at the end 4\.00, 5\.00, 6\.00/);
    assert.match(
      md,
      /\| GRU \| 3456 \(3456\) \| 3489 \| 800 \/ 1400 \| 0\.80 \/ 0\.70 \| 15\.0 \/ 15\.0 \| 0\.0002 \/ 0\.0002 \|/,
    );
    assert.match(md, /\| LSTM \| 4480 \(4480\) \| 4513 \| 1000 \/ 2000 \| 1\.00 \/ 1\.00 \|/);
    assert.match(md, /GRU \/ LSTM: recurrent parameters ×0\.77, time per epoch ×0\.75/);
    assert.match(md, /\| 20 \| 7\.0 \| 0\.350 \| 2\.00 \|/);
    assert.match(md, /ms per step ≈ 1\.00 \+ 0\.300 × T \(R² = 1\.0000\)/);
    assert.match(md, /\| 5 \| 7\.7 \| ×1\.10 \| 2\.00 \|/);
    assert.match(md, /\| 21 \(full\) \| 1\.000 \/ 1\.000 \| 5\.0 \| ×1\.00 \|/);
    assert.match(md, /\| 5 \| 0\.310 \/ 0\.320 \| 4\.0 \| ×0\.80 \|/);
    assert.doesNotMatch(md, /NaN/);
  });
});

describe('a tiny bench run', () => {
  it('trains every part side by side and gives well-formed results', async () => {
    const plan = costPlan(true);
    assert.deepEqual(
      plan.cells.map((g) => g.map((c) => c.spec.model?.cell)),
      [['rnn', 'lstm', 'gru']],
    );
    const cells = (await trainSideBySide(plan.cells[0] ?? [])).map(summarize);
    const length = (await trainSideBySide(plan.length, { memory: true })).map(summarize);
    const tbptt = (await trainSideBySide(plan.tbptt[0] ?? [])).map(summarize);
    for (const c of [...cells, ...length, ...tbptt]) {
      assert.equal(c.status, 'done', c.id);
      const spec = [...plan.cells.flat(), ...plan.length, ...plan.tbptt.flat()].find(
        (s) => s.id === c.id,
      )?.spec;
      const epochs = spec?.train?.epochs ?? NaN;
      const batches = Math.ceil((spec?.task.samples ?? NaN) / c.batchSize);
      assert.equal(c.epochMs.length, epochs, c.id);
      assert.ok(c.stepCount > 0 && c.stepCount <= epochs * batches, `${c.id}: ${c.stepCount}`);
      assert.ok(Number.isFinite(c.stepMs) && c.stepMs > 0, `${c.id}: ${c.stepMs}`);
      assert.ok(
        c.epochMs.every((ms) => Number.isFinite(ms) && ms > 0),
        c.id,
      );
      assert.ok(Number.isFinite(c.metrics.loss), c.id);
      assert.equal(c.params.recurrent, c.params.formula, c.id);
    }
    assert.deepEqual(
      length.map((c) => [c.steps, c.tbptt]),
      [
        [4, undefined],
        [8, undefined],
        [8, 2],
      ],
    );
    // Full backpropagation keeps every step's activations: twice the steps, more memory.
    const peak = length.map((c) => c.peakBytes ?? NaN);
    assert.ok((peak[1] ?? NaN) > (peak[0] ?? NaN), `peak bytes ${peak.join(', ')}`);
    assert.deepEqual(
      tbptt.map((c) => c.tbptt),
      [2, 5],
    );
    assert.ok(tbptt.every((c) => c.metrics.accuracy !== undefined && c.steps === 5));
    const report: CostsReport = {
      started: 'a',
      finished: 'b',
      seconds: 1,
      command: 'npm run bench:costs -- --small',
      backend: 'wasm',
      machine: { cpus: 1, model: 'x', node: 'v' },
      load: { start: [0, 0, 0], end: [0, 0, 0], meanDuring: 0, maxDuring: 0 },
      small: true,
      about: plan.about,
      cells,
      length,
      tbptt,
    };
    const md = renderCosts(report);
    assert.doesNotMatch(md, /NaN|undefined/);
    assert.match(md, /\| GRU \| 96 \(96\) \|/);
  });
});
