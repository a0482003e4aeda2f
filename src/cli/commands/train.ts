/**
 * `rnnlab train SPEC`: trains the spec's model on the CLI's backend and writes a run folder
 * (docs/run-folder.md). Ctrl-C stops after the current batch and keeps the run (exit 130); a
 * diverging run (NaN loss) exits 1 with the reason, keeping the last good checkpoint.
 */
import * as path from 'node:path';
import { createModel } from '../../engine/seqModel';
import { trainModel, type TrainResult } from '../../engine/trainRun';
import { CliError, EXIT, type CliCommand } from '../command';
import { newRunFolder, openRunFolder } from '../runFolder';
import { displayPath } from '../specFile';
import { createProgress, formatMetrics, prepareTraining, withInterrupt } from '../trainSession';

/** The last stdout line of `train --json`. */
export interface TrainSummary {
  status: TrainResult['status'];
  run: string;
  /** Epochs completed. */
  epochs: number;
  loss: number | null;
  accuracy?: number;
  sequenceAccuracy?: number;
  mse?: number;
  seconds: number;
  backend: string;
  /** `failed` only. */
  message?: string;
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: "Train a spec's model and save the run (spec, metrics, weights) in a run folder.",
  usage: 'train SPEC [--epochs N] [--backend cpu|wasm] [--out DIR] [--json]',
  options: {
    epochs: { type: 'string' },
    backend: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0) {
      throw new CliError(`usage: rnnlab ${trainCommand.usage}`);
    }
    const json = values.json === true;
    const { checked, spec, backend, dataset } = await prepareTraining(file, values, io);
    const folder =
      typeof values.out === 'string'
        ? await openRunFolder(path.resolve(io.cwd, values.out))
        : await newRunFolder(checked.specPath, spec.name);
    const runPath = displayPath(io, folder.dir);
    const model = createModel(spec, dataset);
    const progress = createProgress(io, { quiet: json });
    let result: TrainResult;
    try {
      result = await withInterrupt((signal) =>
        trainModel({ spec, dataset, model, store: folder, signal, onEvent: progress.onEvent }),
      );
    } finally {
      progress.stop();
      model.dispose();
    }
    const metrics = result.metrics;
    const summary: TrainSummary = {
      status: result.status,
      run: folder.dir,
      epochs: Math.max(0, result.epoch),
      loss: metrics?.loss ?? null,
      ...(metrics?.accuracy !== undefined ? { accuracy: metrics.accuracy } : {}),
      ...(metrics?.sequenceAccuracy !== undefined
        ? { sequenceAccuracy: metrics.sequenceAccuracy }
        : {}),
      ...(metrics?.mse !== undefined ? { mse: metrics.mse } : {}),
      seconds: Number(result.seconds.toFixed(3)),
      backend,
      ...(result.message !== undefined ? { message: result.message } : {}),
    };
    if (result.status === 'failed')
      io.stderr(`rnnlab train: ${result.message ?? 'training failed'}\n`);
    if (result.status === 'stopped') {
      io.stderr(
        `Stopped after ${summary.epochs} complete epoch(s); the run is kept in ${runPath}\n`,
      );
    }
    if (json) {
      io.stdout(`${JSON.stringify(summary)}\n`);
    } else {
      const what =
        result.status === 'done' ? 'trained' : result.status === 'stopped' ? 'stopped' : 'failed';
      io.stdout(
        `${spec.name}: ${what} ${summary.epochs} epoch(s) in ${result.seconds.toFixed(1)}s on ${backend}\n` +
          (metrics ? `test: ${formatMetrics(metrics)}\n` : '') +
          `run: ${runPath}\n`,
      );
    }
    return result.status === 'done'
      ? EXIT.ok
      : result.status === 'stopped'
        ? EXIT.interrupted
        : EXIT.failed;
  },
};
