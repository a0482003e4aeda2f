/**
 * `rnnlab sweep SPEC`: trains every point of the spec's `sweep` (a grid of spec fields × seeds)
 * and ends with a table of each point's mean ± spread over its seeds. `--json` prints one line
 * per finished point, then one with every point. Ctrl-C stops after the current batch and prints
 * what finished (exit 130); a failed point (e.g. a diverging RNN) is a result, reported, exit 1.
 */
import { runSweep } from '../../engine/sweep';
import type { Spread, SweepGroup, SweepPointResult, SweepResult } from '../../engine/sweepResult';
import type { SweepPlan } from '../../spec/sweepGrid';
import { withField } from '../../spec/sweepGrid';
import { CliError, EXIT, type CliCommand } from '../command';
import { stopSignal, stoppedExitCode } from '../interrupt';
import { displayPath } from '../specFile';
import { createSweepProgress } from '../sweepProgress';
import { parseEpochs, prepareTraining } from '../trainOptions';
import { textTable } from '../textTable';

/** One finished point, as a `--json` line prints it. */
export function pointLine(result: SweepPointResult): Record<string, unknown> {
  const m = result.metrics;
  return {
    point: result.point,
    status: result.status,
    epochs: result.epochs,
    ...(result.params !== undefined ? { params: result.params } : {}),
    loss: m?.loss ?? null,
    ...(m?.accuracy !== undefined ? { accuracy: m.accuracy } : {}),
    ...(m?.sequenceAccuracy !== undefined ? { sequenceAccuracy: m.sequenceAccuracy } : {}),
    ...(m?.mse !== undefined ? { mse: m.mse } : {}),
    seconds: result.seconds,
    ...(result.message !== undefined ? { message: result.message, reason: result.reason } : {}),
    ...(result.measures !== undefined ? { measures: result.measures } : {}),
  };
}

const cell = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function spread(s: Spread | undefined, percent: boolean): string {
  if (!s) return '-';
  const k = percent ? 100 : 1;
  const digits = percent ? 1 : 4;
  const value = `${(s.mean * k).toFixed(digits)}`;
  return s.n > 1
    ? `${value} ± ${(s.std * k).toFixed(digits)}${percent ? ' %' : ''}`
    : `${value}${percent ? ' %' : ''}`;
}

/** The table: one row per grid point, its metrics as mean ± standard deviation over the seeds. */
export function sweepTable(record: SweepResult): string {
  const real = record.groups.some((g) => g.metrics.mse !== undefined);
  const fields = record.axes.map((a) => a.field);
  const header = [
    ...fields,
    ...(real ? ['mse', 'loss'] : ['accuracy', 'sequence', 'loss']),
    'seconds',
    'seeds',
  ];
  const row = (g: SweepGroup) => {
    const trained = g.points
      .map((i) => record.points[i])
      .filter((p) => p && p.status !== 'skipped').length;
    const metrics = real
      ? [spread(g.metrics.mse, false), spread(g.metrics.loss, false)]
      : [
          spread(g.metrics.accuracy, true),
          spread(g.metrics.sequenceAccuracy, true),
          spread(g.metrics.loss, false),
        ];
    const seconds = g.seconds.n > 0 ? g.seconds.mean.toFixed(1) : '-';
    const seeds = `${g.metrics.loss?.n ?? 0}/${g.points.length}${trained < g.points.length ? ' (stopped)' : ''}`;
    return [...fields.map((f) => cell(g.point[f])), ...metrics, seconds, seeds];
  };
  return textTable(header, record.groups.map(row), fields.length);
}

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: "Train every point of the spec's sweep (fields × seeds); mean ± spread per point.",
  usage: 'sweep SPEC [--epochs N] [--backend cpu|wasm] [--json]',
  options: {
    epochs: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  },
  interruptible: true,
  async run({ positionals, values, io }) {
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0) {
      throw new CliError(`usage: rnnlab ${sweepCommand.usage}`);
    }
    const json = values.json === true;
    const { checked, spec, backend } = await prepareTraining(file, values, io);
    if (!checked.sweep) {
      throw new CliError(
        `${displayPath(io, checked.specPath)} has no "sweep": add one, e.g. ` +
          '"sweep": { "over": { "model.cell": ["rnn", "lstm", "gru"] }, "seeds": 3 }',
      );
    }
    const epochs = parseEpochs(values.epochs);
    const plan: SweepPlan =
      epochs === undefined
        ? checked.sweep
        : { ...checked.sweep, base: withField(checked.sweep.base, 'train.epochs', epochs) };
    const progress = createSweepProgress(io, { quiet: json });
    const signal = stopSignal(io);
    let record: SweepResult;
    try {
      record = await runSweep({
        plan,
        data: checked.data,
        signal,
        onEvent(event) {
          progress.onEvent(event);
          if (json && event.type === 'point-done' && event.result.status !== 'skipped') {
            io.stdout(`${JSON.stringify(pointLine(event.result))}\n`);
          }
        },
      });
    } finally {
      progress.stop();
    }
    const failed = record.points.filter((p) => p.status === 'failed');
    if (json) {
      io.stdout(
        `${JSON.stringify({
          spec: record.spec,
          status: record.status,
          axes: record.axes,
          seeds: record.seeds,
          backend,
          points: record.points.map(pointLine),
          groups: record.groups,
          seconds: record.seconds,
        })}\n`,
      );
    } else {
      const trained = record.points.filter((p) => p.status !== 'skipped').length;
      io.stdout(
        `${spec.name}: ${trained} of ${record.points.length} trainings in ${record.seconds.toFixed(1)}s on ${backend}` +
          ` (${record.seeds.length} seed(s) each: train.seed ${record.seeds.join(', ')})\n${sweepTable(record)}\n`,
      );
    }
    if (record.status === 'stopped') {
      io.stderr(
        `Stopped: ${record.points.filter((p) => p.status === 'done').length} point(s) finished, printed above\n`,
      );
      return stoppedExitCode(signal);
    }
    if (failed.length > 0) {
      io.stderr(`${failed.length} point(s) failed (see above)\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};
