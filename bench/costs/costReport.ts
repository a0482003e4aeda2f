/**
 * The numbers and the Markdown of `npm run bench:costs` (bench/results/costs.md), from the
 * measured cases alone, so the unit test can check them on given inputs: medians, the GRU / LSTM
 * ratios, the least-squares line of step time against T, and the tables.
 */
import { median } from '../benchCore';
import { TBPTT_EXAMPLE, type CostPlan } from './costCases';
import type { ParamCount, SideResult } from './sideBySide';
import type { FinalMetrics } from '../../src/engine/trainEvents';
import type { CellKind } from '../../src/spec/specSchema';

/** The first steps of a model allocate its buffers (and tfjs its kernels): left out of medians. */
export const WARMUP_STEPS = 2;

/**
 * One training as the report keeps it: the side-by-side result with its step times reduced to
 * their median (the rest is the result's own fields, not restated).
 */
export interface CaseSummary extends Omit<SideResult, 'stepMs'> {
  /** Median milliseconds of one training step, the first `WARMUP_STEPS` left out. */
  stepMs: number;
  /** How many steps the median is over. */
  stepCount: number;
}

export interface CostsReport {
  started: string;
  finished: string;
  seconds: number;
  /** The command line that wrote it (with `nice` when the process ran niced). */
  command: string;
  backend: string;
  machine: { cpus: number; model: string; node: string };
  /** 1, 5 and 15 minute load averages at the start and the end; the 1-minute one sampled during. */
  load: { start: number[]; end: number[]; meanDuring: number; maxDuring: number };
  small: boolean;
  about: CostPlan['about'];
  cells: CaseSummary[];
  length: CaseSummary[];
  tbptt: CaseSummary[];
}

export function summarize(r: SideResult): CaseSummary {
  const timed = r.stepMs.length > WARMUP_STEPS ? r.stepMs.slice(WARMUP_STEPS) : r.stepMs;
  return {
    id: r.id,
    cell: r.cell,
    seed: r.seed,
    steps: r.steps,
    ...(r.tbptt !== undefined ? { tbptt: r.tbptt } : {}),
    batchSize: r.batchSize,
    params: r.params,
    stepMs: median(timed),
    stepCount: timed.length,
    epochMs: r.epochMs,
    metrics: r.metrics,
    status: r.status,
    ...(r.message !== undefined ? { message: r.message } : {}),
    ...(r.peakBytes !== undefined ? { peakBytes: r.peakBytes } : {}),
  };
}

/** Least squares y ≈ intercept + slope · x, with R². */
export function linearFit(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; intercept: number; r2: number } {
  const n = Math.min(xs.length, ys.length);
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? NaN) - mx;
    const dy = (ys[i] ?? NaN) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}

/** The test metric a case is judged on: MSE for real-valued answers, else accuracy. */
export function metricOf(m: FinalMetrics): { name: 'MSE' | 'accuracy'; value: number } {
  return m.mse !== undefined
    ? { name: 'MSE', value: m.mse }
    : { name: 'accuracy', value: m.accuracy ?? NaN };
}

export interface CellFinding {
  cell: CellKind;
  params: ParamCount;
  seeds: number[];
  /** Per seed: the median of its epochs' training milliseconds. */
  epochMs: number[];
  /** Per seed: this cell's epoch time over the LSTM's of the same seed (run beside it). */
  overLstm: number[];
  stepMs: number[];
  metric: { name: 'MSE' | 'accuracy'; values: number[] };
  epochs: number;
}

export interface CostFindings {
  cells: CellFinding[];
  /** GRU against LSTM: recurrent parameters, and the median over seeds of the epoch-time ratio. */
  gruOverLstm: { params: number; epochTime: number };
  length: {
    points: { steps: number; stepMs: number; peakBytes?: number }[];
    fit: { slope: number; intercept: number; r2: number };
    /** At the longest T: each `train.tbptt` against full backpropagation, run beside it. */
    truncated: {
      tbptt: number;
      steps: number;
      stepMs: number;
      overFull: number;
      peakBytes?: number;
    }[];
  };
  span: {
    steps: number;
    rows: {
      tbptt: number;
      seeds: number[];
      accuracy: number[];
      stepMs: number;
      overFull: number;
    }[];
  };
}

function byCell(cases: readonly CaseSummary[], cell: CellKind): CaseSummary[] {
  return cases.filter((c) => c.cell === cell).sort((a, b) => a.seed - b.seed);
}

export function findings(report: CostsReport): CostFindings {
  const cellKinds = [...new Set(report.cells.map((c) => c.cell))];
  const lstm = byCell(report.cells, 'lstm');
  const lstmEpoch = (seed: number) => median(lstm.find((c) => c.seed === seed)?.epochMs ?? []);
  const cells: CellFinding[] = cellKinds.map((cell) => {
    const runs = byCell(report.cells, cell);
    const first = runs[0];
    if (!first) throw new Error(`no ${cell} case`);
    const epochMs = runs.map((r) => median(r.epochMs));
    return {
      cell,
      params: first.params,
      seeds: runs.map((r) => r.seed),
      epochMs,
      overLstm: runs.map((r, i) => (epochMs[i] ?? NaN) / lstmEpoch(r.seed)),
      stepMs: runs.map((r) => r.stepMs),
      metric: {
        name: metricOf(first.metrics).name,
        values: runs.map((r) => metricOf(r.metrics).value),
      },
      epochs: first.epochMs.length,
    };
  });
  const gru = cells.find((c) => c.cell === 'gru');
  const lstmFinding = cells.find((c) => c.cell === 'lstm');
  const gruOverLstm = {
    params: (gru?.params.recurrent ?? NaN) / (lstmFinding?.params.recurrent ?? NaN),
    epochTime: median(gru?.overLstm ?? []),
  };

  const full = report.length.filter((c) => c.tbptt === undefined).sort((a, b) => a.steps - b.steps);
  const points = full.map((c) => ({
    steps: c.steps,
    stepMs: c.stepMs,
    ...(c.peakBytes !== undefined ? { peakBytes: c.peakBytes } : {}),
  }));
  const fit = linearFit(
    points.map((p) => p.steps),
    points.map((p) => p.stepMs),
  );
  const fullAt = (steps: number) => full.find((c) => c.steps === steps)?.stepMs ?? NaN;
  const truncated = report.length
    .filter((c) => c.tbptt !== undefined)
    .map((c) => ({
      tbptt: c.tbptt ?? NaN,
      steps: c.steps,
      stepMs: c.stepMs,
      overFull: c.stepMs / fullAt(c.steps),
      ...(c.peakBytes !== undefined ? { peakBytes: c.peakBytes } : {}),
    }));

  const spanSteps = report.tbptt[0]?.steps ?? 0;
  const values = [...new Set(report.tbptt.map((c) => c.tbptt ?? spanSteps))].sort((a, b) => a - b);
  /** Full backpropagation: the value that cuts nothing (at least the input's length). */
  const fullSpan = report.tbptt.filter((c) => (c.tbptt ?? spanSteps) >= c.steps);
  const fullStep = median(fullSpan.map((c) => c.stepMs));
  const rows = values.map((k) => {
    const runs = report.tbptt
      .filter((c) => (c.tbptt ?? spanSteps) === k)
      .sort((a, b) => a.seed - b.seed);
    const stepMs = median(runs.map((r) => r.stepMs));
    return {
      tbptt: k,
      seeds: runs.map((r) => r.seed),
      accuracy: runs.map((r) => r.metrics.accuracy ?? NaN),
      stepMs,
      overFull: stepMs / fullStep,
    };
  });
  return {
    cells,
    gruOverLstm,
    length: { points, fit, truncated },
    span: { steps: spanSteps, rows },
  };
}

const CELL_NAMES: Record<CellKind, string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const mb = (bytes: number | undefined) =>
  bytes === undefined ? '–' : (bytes / 2 ** 20).toFixed(2);
const ratio = (x: number) => `×${x.toFixed(2)}`;
const metric = (name: 'MSE' | 'accuracy', x: number) =>
  name === 'MSE' ? x.toFixed(4) : x.toFixed(3);
const slash = (xs: readonly string[]) => xs.join(' / ');
const loads = (xs: readonly number[]) => xs.map((x) => x.toFixed(2)).join(', ');

export function renderCosts(report: CostsReport): string {
  const f = findings(report);
  const seeds = slash(report.about.seeds.map(String));
  const epochs = f.cells[0]?.epochs ?? 0;
  const metricName = f.cells[0]?.metric.name ?? 'MSE';
  const longest = Math.max(...f.length.points.map((p) => p.steps));
  const lines = [
    "# The note's costs",
    '',
    `Run ${report.started} to ${report.finished} (${report.seconds.toFixed(0)} s), tfjs ${report.backend}, ` +
      `Node ${report.machine.node}, ${report.machine.cpus} × ${report.machine.model}. Load average (1, 5, 15 min) ` +
      `at the start ${loads(report.load.start)}, at the end ${loads(report.load.end)}; during the run the 1-minute ` +
      `one averaged ${report.load.meanDuring.toFixed(2)} (at most ${report.load.maxDuring.toFixed(2)}).`,
    '',
    `Command: \`${report.command}\`. Written by \`bench/costs/benchCosts.ts\`. Every group of runs below trained ` +
      "side by side with the engine's own loop (`trainModel`, as the lab and the CLI), one batch of each in turn, " +
      'so a busy moment of this shared machine slows them alike: the ratios are the claim, not the absolute times. ' +
      "Times are of the training steps only (forward, backward, clipping, Adam; the engine's gradient record every " +
      `10th batch included), not of evaluation; a step's median leaves out each run's first ${WARMUP_STEPS} steps.`,
    '',
    '## GRU against LSTM, with a plain RNN for reference',
    '',
    `${report.about.cellsSpec}; seeds ${seeds}, the three cells of a seed side by side for ${epochs} epochs. ` +
      'Parameters counted from the model’s weight tensors (the recurrent layer’s by formula beside: ' +
      'blocks × H × (I + H) + blocks × H per bias, blocks 1 / 4 / 3, the GRU with a second bias).',
    '',
    `| cell | recurrent params (formula) | all params | ms per epoch, median of ${epochs}, seeds ${seeds} | × LSTM (per seed) | ms per step | test ${metricName} after ${epochs} epochs, seeds ${seeds} |`,
    '| --- | ---: | ---: | --- | --- | --- | --- |',
    ...f.cells.map(
      (c) =>
        `| ${CELL_NAMES[c.cell]} | ${c.params.recurrent} (${c.params.formula}) | ${c.params.total} | ` +
        `${slash(c.epochMs.map(ms))} | ${slash(c.overLstm.map((x) => x.toFixed(2)))} | ` +
        `${slash(c.stepMs.map(ms))} | ${slash(c.metric.values.map((x) => metric(c.metric.name, x)))} |`,
    ),
    '',
    `GRU / LSTM: recurrent parameters ${ratio(f.gruOverLstm.params)}, time per epoch ${ratio(f.gruOverLstm.epochTime)} ` +
      '(median over the seeds of the ratio within each seed).',
    '',
    '## Time per training step against T (LSTM)',
    '',
    `The same task and training, LSTM, batch ${report.length[0]?.batchSize ?? '–'}, every length side by side; ` +
      'peak MB: the transient memory of one batch’s forward and backward pass (`tf.profile` peak bytes minus the ' +
      'bytes held before), measured after training, one model at a time.',
    '',
    '| T | ms per step (median) | ms per step / T | peak MB |',
    '| ---: | ---: | ---: | ---: |',
    ...f.length.points.map(
      (p) =>
        `| ${p.steps} | ${ms(p.stepMs)} | ${(p.stepMs / p.steps).toFixed(3)} | ${mb(p.peakBytes)} |`,
    ),
    '',
    `Least squares: ms per step ≈ ${f.length.fit.intercept.toFixed(2)} + ${f.length.fit.slope.toFixed(3)} × T ` +
      `(R² = ${f.length.fit.r2.toFixed(4)}).`,
    '',
    '## Truncated backpropagation through time',
    '',
    `At T = ${longest}, beside the runs above (\`train.tbptt\` = k: the gradient of the carried state is cut every ` +
      'k steps counted back from the last, `src/engine/truncatedBackprop.ts`):',
    '',
    '| train.tbptt | ms per step (median) | × full BPTT | peak MB |',
    '| ---: | ---: | ---: | ---: |',
    `| none (full) | ${ms(f.length.points.find((p) => p.steps === longest)?.stepMs ?? NaN)} | ×1.00 | ${mb(f.length.points.find((p) => p.steps === longest)?.peakBytes)} |`,
    ...f.length.truncated.map(
      (t) => `| ${t.tbptt} | ${ms(t.stepMs)} | ${ratio(t.overFull)} | ${mb(t.peakBytes)} |`,
    ),
    '',
    `Memory span: \`examples/${TBPTT_EXAMPLE}\` (delayed recall, inputs of ${f.span.steps} steps, ` +
      'the symbol to recall at the first) over its sweep’s `train.tbptt` values, the values of a seed side by ' +
      'side; test accuracy (four symbols: chance 0.25).',
    '',
    `| train.tbptt | test accuracy, seeds ${slash((f.span.rows[0]?.seeds ?? []).map(String))} | ms per step (median over seeds) | × full BPTT |`,
    '| ---: | --- | ---: | ---: |',
    ...f.span.rows.map(
      (r) =>
        `| ${r.tbptt}${r.tbptt >= f.span.steps ? ' (full)' : ''} | ${slash(r.accuracy.map((x) => x.toFixed(3)))} | ` +
        `${ms(r.stepMs)} | ${ratio(r.overFull)} |`,
    ),
  ];
  const failed = [...report.cells, ...report.length, ...report.tbptt].filter(
    (c) => c.status !== 'done',
  );
  if (failed.length > 0) {
    lines.push(
      '',
      ...failed.map((c) => `- ${c.id}: ${c.status}${c.message ? `: ${c.message}` : ''}`),
    );
  }
  return lines.join('\n') + '\n';
}
