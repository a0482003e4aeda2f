/**
 * `rnnlab compare SPEC --cells rnn,lstm,gru`: the same task, data, sizes and seed trained with
 * each cell, side by side: parameters, final test loss and accuracy, seconds. The study note's
 * comparisons (a plain RNN forgets over long lags; GRU has fewer parameters than LSTM) as one
 * command. Runs are kept in memory only; `rnnlab train` writes run folders.
 */
import { createModel } from '../../engine/seqModel';
import { trainModel, type TrainResult } from '../../engine/trainRun';
import { CELLS, type CellKind } from '../../spec/specSchema';
import { CliError, EXIT, type CliCommand } from '../command';
import { stopSignal, stoppedExitCode } from '../interrupt';
import { prepareTraining } from '../trainOptions';
import { createProgress } from '../trainProgress';

/** One row of the comparison (also the `--json` output's `results`). */
export interface CompareRow {
  cell: CellKind;
  status: TrainResult['status'] | 'skipped';
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

function parseCells(value: unknown): CellKind[] {
  if (value === undefined) return [...CELLS];
  const cells = String(value)
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const unknown = cells.filter((c) => !(CELLS as readonly string[]).includes(c));
  if (cells.length === 0 || unknown.length > 0) {
    throw new CliError(`--cells must list cells from ${CELLS.join(', ')} (got ${String(value)})`);
  }
  return [...new Set(cells)] as CellKind[];
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
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const width = widths[i] ?? 0;
        return i === 0 || i === cells.length - 1 ? c.padEnd(width) : c.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
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
    const cells = parseCells(values.cells);
    const json = values.json === true;
    const { spec: base, backend, dataset: data } = await prepareTraining(file, values, io);
    const rows: CompareRow[] = [];
    let interrupted = false;
    const signal = stopSignal(io);
    for (const cell of cells) {
      const spec = { ...base, model: { ...base.model, cell } };
      const model = createModel(spec, data);
      const params = model.paramCounts().total;
      if (signal.aborted) {
        rows.push({ cell, status: 'skipped', params, epochs: 0, loss: null, seconds: 0 });
        model.dispose();
        continue;
      }
      const progress = createProgress(io, { quiet: json, label: cell });
      let result: TrainResult;
      try {
        result = await trainModel({
          spec,
          dataset: data,
          model,
          signal,
          onEvent: progress.onEvent,
        });
      } finally {
        progress.stop();
        model.dispose();
      }
      if (result.status === 'stopped') interrupted = true;
      const m = result.metrics;
      rows.push({
        cell,
        status: result.status,
        params,
        epochs: Math.max(0, result.epoch),
        loss: m?.loss ?? null,
        ...(m?.accuracy !== undefined ? { accuracy: m.accuracy } : {}),
        ...(m?.sequenceAccuracy !== undefined ? { sequenceAccuracy: m.sequenceAccuracy } : {}),
        ...(m?.mse !== undefined ? { mse: m.mse } : {}),
        seconds: Number(result.seconds.toFixed(3)),
        ...(result.message !== undefined ? { message: result.message } : {}),
      });
    }
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
