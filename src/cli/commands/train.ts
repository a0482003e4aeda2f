/**
 * `rnnlab train SPEC`: trains the spec's model on the CLI's backend and writes a run folder
 * (docs/run-folder.md; which folder: `runTarget.ts`). Ctrl-C or SIGTERM, from the first moment,
 * stops after the current batch (or while the model is being built) and keeps what was saved
 * (exit 130, 143); a diverging run (NaN loss) exits 1 with the reason, keeping the last good
 * checkpoint. `--resume` continues a run of the same spec from its checkpoint.
 */
import { loadCheckpoint } from '../../engine/runStore';
import type { LengthGeneralisation } from '../../engine/trainEvents';
import { trainModel, type TrainResult } from '../../engine/trainRun';
import { textTable } from '../textTable';
import { CliError, EXIT, type CliCommand } from '../command';
import { abandonTarget, openTrainTarget } from '../runTarget';
import { displayPath } from '../specFile';
import { buildWithProgress } from '../buildProgress';
import { stopSignal, stoppedExitCode } from '../interrupt';
import { prepareTraining } from '../trainOptions';
import { createProgress, formatMetrics } from '../trainProgress';

/** The last stdout line of `train --json`. */
export interface TrainSummary {
  status: TrainResult['status'];
  run: string;
  /** Epochs completed. */
  epochs: number;
  /** Resumed runs: the checkpoint's epoch it went on from. */
  resumedFrom?: number;
  loss: number | null;
  accuracy?: number;
  sequenceAccuracy?: number;
  mse?: number;
  /** Forecasts of several steps ahead: the test mse of each step ahead. */
  mseByHorizon?: number[];
  /** With `task.testLength`: the trained lengths and the test accuracy at each length. */
  lengths?: LengthGeneralisation;
  seconds: number;
  backend: string;
  /** `failed` (and `stopped` before training began): what happened. */
  message?: string;
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: "Train a spec's model and save the run (spec, metrics, weights) in a run folder.",
  usage: 'train SPEC [--epochs N] [--backend cpu|wasm] [--out DIR] [--resume] [--json]',
  options: {
    epochs: { type: 'string' },
    backend: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  interruptible: true,
  async run({ positionals, values, io }) {
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0) {
      throw new CliError(`usage: rnnlab ${trainCommand.usage}`);
    }
    const json = values.json === true;
    const signal = stopSignal(io);
    const { checked, spec, backend, dataset } = await prepareTraining(file, values, io);
    const target = await openTrainTarget(io, {
      specPath: checked.specPath,
      spec,
      dataset,
      ...(typeof values.out === 'string' ? { out: values.out } : {}),
      resume: values.resume === true,
    });
    const runPath = displayPath(io, target.dir);
    const from = target.resumeFrom ?? 0;
    const started = performance.now();
    const report = (summary: TrainSummary, text: string) => {
      if (json) io.stdout(`${JSON.stringify(summary)}\n`);
      else io.stdout(text);
    };

    if (target.resumeFrom !== undefined && from >= spec.train.epochs) {
      await abandonTarget(target);
      report(
        {
          status: 'done',
          run: target.dir,
          epochs: from,
          resumedFrom: from,
          loss: null,
          seconds: 0,
          backend,
        },
        `${spec.name}: ${runPath} has trained ${from} of ${spec.train.epochs} epoch(s) already; ` +
          'pass --epochs with more to go on\n',
      );
      return EXIT.ok;
    }

    const model = await buildWithProgress(io, spec, dataset, signal, json);
    if (!model) {
      // Stopped before anything was trained: nothing of this command is left behind.
      await abandonTarget(target);
      const message = 'stopped while the model was being built, before training began';
      io.stderr(
        `Stopped before training began; nothing was written${target.created ? '' : ` to ${runPath}`}\n`,
      );
      report(
        {
          status: 'stopped',
          run: target.dir,
          epochs: from,
          loss: null,
          seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
          backend,
          message,
        },
        `${spec.name}: ${message}\n`,
      );
      return stoppedExitCode(signal);
    }

    const progress = createProgress(io, { quiet: json, startLine: true });
    let result: TrainResult;
    let lengths: LengthGeneralisation | undefined;
    try {
      if (from > 0) {
        try {
          await loadCheckpoint(target.store, model);
        } catch (error) {
          throw new CliError(`${runPath}: ${(error as Error).message}`);
        }
      }
      result = await trainModel({
        spec,
        dataset,
        model,
        store: target.store,
        signal,
        onEvent: (event) => {
          if (event.type === 'done' && event.lengths) lengths = event.lengths;
          progress.onEvent(event);
        },
        startEpoch: from + 1,
      });
    } catch (error) {
      await abandonTarget(target);
      throw error;
    } finally {
      progress.stop();
      model.dispose();
    }
    await target.store.close();
    const metrics = result.metrics;
    const summary: TrainSummary = {
      status: result.status,
      run: target.dir,
      epochs: Math.max(0, result.epoch),
      ...(target.resumeFrom !== undefined ? { resumedFrom: from } : {}),
      loss: metrics?.loss ?? null,
      ...(metrics?.accuracy !== undefined ? { accuracy: metrics.accuracy } : {}),
      ...(metrics?.sequenceAccuracy !== undefined
        ? { sequenceAccuracy: metrics.sequenceAccuracy }
        : {}),
      ...(metrics?.mse !== undefined ? { mse: metrics.mse } : {}),
      ...(metrics?.mseByHorizon ? { mseByHorizon: metrics.mseByHorizon } : {}),
      ...(lengths ? { lengths } : {}),
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
    const what =
      result.status === 'done' ? 'trained' : result.status === 'stopped' ? 'stopped' : 'failed';
    const resumed = target.resumeFrom !== undefined ? ` (resumed after epoch ${from})` : '';
    report(
      summary,
      `${spec.name}: ${what} ${summary.epochs} epoch(s)${resumed} in ${result.seconds.toFixed(1)}s on ${backend}\n` +
        (metrics ? `test: ${formatMetrics(metrics)}\n` : '') +
        (lengths ? lengthTable(lengths) : '') +
        `run: ${runPath}\n`,
    );
    return result.status === 'done'
      ? EXIT.ok
      : result.status === 'stopped'
        ? stoppedExitCode(signal)
        : EXIT.failed;
  },
};

/** Test accuracy per input length, the lengths longer than any trained on marked. */
export function lengthTable(lengths: LengthGeneralisation): string {
  const [low, high] = lengths.trained;
  const percent = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(1)} %`);
  const rows = lengths.byLength.map((g) => [
    String(g.length),
    String(g.samples),
    percent(g.accuracy),
    percent(g.sequenceAccuracy),
    g.length > high
      ? 'longer than any trained'
      : g.length < low
        ? 'shorter than any trained'
        : 'trained',
  ]);
  return (
    `accuracy by input length (trained on ${low === high ? low : `${low}-${high}`}):\n` +
    `${textTable(['length', 'samples', 'accuracy', 'sequence', 'seen in training'], rows, 1)}\n`
  );
}
