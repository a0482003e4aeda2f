/**
 * `rnnlab compare SPEC --cells rnn,lstm,gru`: the same task, data, sizes and seed trained with
 * each cell, side by side: parameters, final test loss and accuracy, seconds. The study note's
 * comparisons (a plain RNN forgets over long lags; GRU has fewer parameters than LSTM) as one
 * command: a sweep over `model.cell` (engine/sweep.ts), as `rnnlab sweep` runs any grid. Runs are
 * kept in memory only; `rnnlab train` writes run folders.
 */
import { comparePlan } from '../../engine/experiments';
import { createModel } from '../../engine/seqModel';
import { runSweep } from '../../engine/sweep';
import type { PointStatus, SweepPointResult } from '../../engine/sweepResult';
import type { ResolvedSpec } from '../../spec/resolveSpec';
import { CELLS, type CellKind } from '../../spec/specSchema';
import type { Dataset } from '../../tasks/dataset';
import { CliError, EXIT, type CliCommand } from '../command';
import { stopSignal, stoppedExitCode } from '../interrupt';
import { parseChoices } from '../listOption';
import { createSweepProgress } from '../sweepProgress';
import { textTable } from '../textTable';
import { prepareTraining } from '../trainOptions';

/** Trainable numbers of the spec's model, without training it. */
function countParams(spec: ResolvedSpec, dataset: Dataset): number {
  const model = createModel(spec, dataset);
  try {
    return model.paramCounts().total;
  } finally {
    model.dispose();
  }
}

/** One row of the comparison (also the `--json` output's `results`). */
export interface CompareRow {
  cell: CellKind;
  status: PointStatus;
  params: number;
  /** Epochs completed. */
  epochs: number;
  loss: number | null;
  accuracy?: number;
  sequenceAccuracy?: number;
  mse?: number;
  seconds: number;
  message?: string;
}

function table(rows: readonly CompareRow[]): string {
  const real = rows.some((r) => r.mse !== undefined);
  const header = real
    ? ['cell', 'params', 'loss', 'mse', 'seconds', 'status']
    : ['cell', 'params', 'loss', 'accuracy', 'sequence', 'seconds', 'status'];
  const pct = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
  const body = rows.map((r) => {
    const loss = r.loss === null ? '-' : r.loss.toFixed(4);
    const metrics = real
      ? [r.mse === undefined ? '-' : r.mse.toFixed(5)]
      : [pct(r.accuracy), pct(r.sequenceAccuracy)];
    return [r.cell, String(r.params), loss, ...metrics, r.seconds.toFixed(1), r.status];
  });
  return textTable(header, body);
}

/** A compare row from a point of the sweep over `model.cell`. */
function rowOf(result: SweepPointResult, params: number): CompareRow {
  const m = result.metrics;
  return {
    cell: result.point['model.cell'] as CellKind,
    status: result.status,
    params,
    epochs: result.epochs,
    loss: m?.loss ?? null,
    ...(m?.accuracy !== undefined ? { accuracy: m.accuracy } : {}),
    ...(m?.sequenceAccuracy !== undefined ? { sequenceAccuracy: m.sequenceAccuracy } : {}),
    ...(m?.mse !== undefined ? { mse: m.mse } : {}),
    seconds: result.seconds,
    ...(result.message !== undefined ? { message: result.message } : {}),
  };
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary:
    'Train the same spec with each cell (rnn, lstm, gru) and compare parameters and accuracy.',
  usage: 'compare SPEC [--cells rnn,lstm,gru] [--epochs N] [--backend cpu|wasm] [--json]',
  interruptible: true,
  options: {
    cells: { type: 'string' },
    epochs: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0) {
      throw new CliError(`usage: rnnlab ${compareCommand.usage}`);
    }
    const cells = parseChoices('cells', values.cells, CELLS);
    const json = values.json === true;
    const { spec: base, backend, dataset: data } = await prepareTraining(file, values, io);
    // The lab's Compare: a sweep over model.cell, the same task, data, sizes and seed for every cell.
    const plan = comparePlan(base, cells);
    const progress = createSweepProgress(io, {
      quiet: json,
      label: (point) => String(point['model.cell']),
    });
    const signal = stopSignal(io);
    let record;
    try {
      record = await runSweep({ plan, dataset: () => data, signal, onEvent: progress.onEvent });
    } finally {
      progress.stop();
    }
    const rows = record.points.map((point) => {
      // A cell the stop came before never trained: its size still compares.
      const params =
        point.params ??
        countParams(
          { ...base, model: { ...base.model, cell: point.point['model.cell'] as CellKind } },
          data,
        );
      return rowOf(point, params);
    });
    const interrupted = record.status === 'stopped';
    for (const row of rows) {
      if (row.status === 'failed') io.stderr(`${row.cell}: ${row.message ?? 'training failed'}\n`);
    }
    if (json) {
      io.stdout(
        `${JSON.stringify({ spec: base.name, task: base.task.kind, epochs: base.train.epochs, seed: base.train.seed, backend, results: rows })}\n`,
      );
    } else {
      io.stdout(
        `${base.name}: ${base.task.kind}, ${data.architecture}, hidden ${base.model.hidden}, ` +
          `${base.train.epochs} epoch(s), seed ${base.train.seed}, ${backend}\n${table(rows)}\n`,
      );
    }
    if (interrupted || signal.aborted) return stoppedExitCode(signal);
    return rows.some((r) => r.status === 'failed') ? EXIT.failed : EXIT.ok;
  },
};
