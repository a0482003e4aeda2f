/**
 * `rnnlab bottleneck SPEC [--attentions none,additive]`: the lab's Bottleneck experiment from the
 * command line, the same code path (engine/experiments.ts `bottleneckExperiment`, a sweep over
 * `model.attention` whose points are measured by input length): each Seq2Seq variant trains on a
 * quick version of the spec's data, then its test accuracy per input length is printed side by
 * side. Without attention the one fixed context vector holds less as inputs grow. Runs are kept
 * in memory only, as `compare` and `sweep` keep them.
 */
import { bottleneckExperiment, bottleneckResultOf } from '../../engine/experiments';
import type { LengthAccuracy } from '../../engine/lengthAccuracy';
import { runSweep } from '../../engine/sweep';
import type { SweepResult } from '../../engine/sweepResult';
import { ATTENTIONS } from '../../spec/specSchema';
import { CliError, EXIT, type CliCommand } from '../command';
import { stopSignal, stoppedExitCode } from '../interrupt';
import { parseChoices } from '../listOption';
import { displayPath } from '../specFile';
import { createSweepProgress } from '../sweepProgress';
import { textTable } from '../textTable';
import { prepareTraining } from '../trainOptions';
import { pointLine } from './sweep';

const pct = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);

/** One row per tested length, one column per attention kind (token accuracy). */
export function bottleneckTable(record: SweepResult<LengthAccuracy[]>): string {
  const { points } = bottleneckResultOf(record.points);
  const attentions = [...new Set(points.map((p) => p.attention))];
  const lengths = [...new Set(points.map((p) => p.length))].sort((a, b) => a - b);
  const rows = lengths.map((length) => [
    String(length),
    ...attentions.map((a) =>
      pct(points.find((p) => p.length === length && p.attention === a)?.accuracy),
    ),
  ]);
  return textTable(['length', ...attentions], rows);
}

export const bottleneckCommand: CliCommand = {
  name: 'bottleneck',
  summary:
    'Train a Seq2Seq spec without and with attention and print test accuracy by input length.',
  usage:
    'bottleneck SPEC [--attentions none,additive,dot] [--epochs N] [--backend cpu|wasm] [--json]',
  interruptible: true,
  options: {
    attentions: { type: 'string' },
    epochs: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0) {
      throw new CliError(`usage: rnnlab ${bottleneckCommand.usage}`);
    }
    const attentions = parseChoices('attentions', values.attentions ?? 'none,additive', ATTENTIONS);
    const json = values.json === true;
    const { checked, spec, backend } = await prepareTraining(file, values, io);
    if (spec.model.architecture !== 'seq2seq') {
      throw new CliError(
        `${displayPath(io, checked.specPath)}: the bottleneck experiment needs "model.architecture": "seq2seq" (this spec is ${spec.model.architecture})`,
      );
    }
    let experiment;
    try {
      experiment = bottleneckExperiment(spec, checked.data, attentions);
    } catch (error) {
      throw new CliError(`${displayPath(io, checked.specPath)}: ${(error as Error).message}`);
    }
    const progress = createSweepProgress(io, {
      quiet: json,
      label: (point) => `attention ${String(point['model.attention'])}`,
    });
    const signal = stopSignal(io);
    let record: SweepResult<LengthAccuracy[]>;
    try {
      record = await runSweep<LengthAccuracy[]>({
        plan: experiment.plan,
        dataset: () => experiment.dataset,
        measure: experiment.measure,
        signal,
        onEvent: progress.onEvent,
      });
    } finally {
      progress.stop();
    }
    const failed = record.points.filter((p) => p.status === 'failed');
    for (const p of failed) {
      io.stderr(`${String(p.point['model.attention'])}: ${p.message ?? 'training failed'}\n`);
    }
    const [low, high] = experiment.trained;
    if (json) {
      io.stdout(
        `${JSON.stringify({
          spec: spec.name,
          status: record.status,
          backend,
          trained: experiment.trained,
          tested: experiment.tested,
          points: record.points.map(pointLine),
          byLength: bottleneckResultOf(record.points).points,
          seconds: record.seconds,
        })}\n`,
      );
    } else {
      const epochs = experiment.plan.base.train?.epochs ?? spec.train.epochs;
      io.stdout(
        `${spec.name}: ${experiment.dataset.train.length} training samples of length ${low === high ? low : `${low}-${high}`}, ` +
          `${epochs} epoch(s), seed ${spec.train.seed}, ${backend}; token accuracy on the test split by input length\n` +
          `${bottleneckTable(record)}\n`,
      );
    }
    if (record.status === 'stopped' || signal.aborted) return stoppedExitCode(signal);
    return failed.length > 0 ? EXIT.failed : EXIT.ok;
  },
};
