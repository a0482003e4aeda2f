/**
 * What `rnnlab train` and `rnnlab compare` share: option parsing (epochs, backend), the stop signal
 * (Ctrl-C, SIGTERM), building a model with progress, training progress on stderr (a bar on a
 * terminal, one line per epoch otherwise) and the formatting of metrics.
 */
import { Presets, SingleBar } from 'cli-progress';
import { useBackend } from '../engine/backend';
import { BuildAbortedError, buildModel, type BuildProgress } from '../engine/buildModel';
import type { SeqModel } from '../engine/seqModel';
import type { EpochEvent, FinalMetrics, TrainEvent } from '../engine/trainEvents';
import { LIMITS } from '../spec/specSchema';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { buildDataset } from '../tasks/buildDataset';
import type { Dataset } from '../tasks/dataset';
import { CliError, type CliIO, type ParsedValues } from './command';
import { exitCodeFor } from './interrupt';
import { displayPath, loadCheckedSpec, type CheckedSpec } from './specFile';

/** `--epochs`: a whole number within the spec's limits, or undefined when not given. */
export function parseEpochs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < LIMITS.epochs.min || n > LIMITS.epochs.max) {
    throw new CliError(
      `--epochs must be a whole number from ${LIMITS.epochs.min} to ${LIMITS.epochs.max} (got ${String(value)})`,
    );
  }
  return n;
}

/** The spec with `train.epochs` replaced when `--epochs` was given. */
export function withEpochs(spec: ResolvedSpec, epochs: number | undefined): ResolvedSpec {
  return epochs === undefined ? spec : { ...spec, train: { ...spec.train, epochs } };
}

/**
 * Starts the backend for `--backend` (or the spec's `train.backend`). The CLI runs in Node, where
 * only `cpu` and `wasm` exist; `auto` means `wasm` (the faster one), or `cpu` without it.
 */
export async function startBackend(value: unknown, spec: ResolvedSpec): Promise<string> {
  const choice = value === undefined ? spec.train.backend : String(value);
  if (choice === 'webgl') {
    throw new CliError(
      value === undefined
        ? 'train.backend is "webgl", which needs a browser: pass --backend cpu or --backend wasm'
        : '--backend webgl needs a browser: use cpu or wasm on the command line',
    );
  }
  if (choice !== 'cpu' && choice !== 'wasm' && choice !== 'auto') {
    throw new CliError(`--backend must be cpu or wasm (got ${choice})`);
  }
  try {
    return await useBackend(choice, { quiet: true });
  } catch (error) {
    throw new CliError(`backend ${choice}: ${(error as Error).message}`);
  }
}

/** The command's stop signal (Ctrl-C, SIGTERM: see `interrupt.ts`), or one that never fires. */
export function stopSignal(io: CliIO): AbortSignal {
  return io.signal ?? new AbortController().signal;
}

/** The exit status of a command stopped by `signal` (130 for Ctrl-C, 143 for SIGTERM). */
export function stoppedExitCode(signal: AbortSignal): number {
  return exitCodeFor(signal.reason);
}

/**
 * Builds the spec's model without blocking (`buildModel.ts`), so a signal gets in between gate
 * blocks; on a terminal a bar shows the progress of a model that takes a while, elsewhere a line
 * every few seconds. Resolves undefined when the signal stopped it.
 */
export async function buildWithProgress(
  io: CliIO,
  spec: ResolvedSpec,
  dataset: Dataset,
  signal: AbortSignal,
  quiet: boolean,
): Promise<SeqModel | undefined> {
  const started = performance.now();
  let bar: SingleBar | undefined;
  let lastLine = started;
  const onProgress = ({ done, total }: BuildProgress) => {
    if (quiet || done === 0) return;
    const now = performance.now();
    // Models that build in a moment say nothing.
    if (now - started < 1000) return;
    if (io.isTTY) {
      bar ??= new SingleBar(
        {
          format: 'building the model [{bar}] {value}/{total} gate blocks',
          stream: process.stderr,
          hideCursor: true,
          barsize: 24,
        },
        Presets.shades_classic,
      );
      if (!bar.isActive) bar.start(total, done);
      bar.update(done);
    } else if (now - lastLine >= 3000) {
      lastLine = now;
      io.stderr(`building the model: ${done}/${total} gate blocks\n`);
    }
  };
  try {
    return await buildModel(spec, dataset, { signal, onProgress });
  } catch (error) {
    if (error instanceof BuildAbortedError) return undefined;
    throw error;
  } finally {
    bar?.stop();
  }
}

const percent = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
const number = (x: number | undefined) => (x === undefined ? '-' : x.toPrecision(4));

/** `loss 0.1234  accuracy 93.0%  sequence 80.0%` (or `mse …` for real-valued tasks). */
export function formatMetrics(m: FinalMetrics): string {
  if (m.mse !== undefined) return `loss ${number(m.loss)}  mse ${number(m.mse)}`;
  return `loss ${number(m.loss)}  accuracy ${percent(m.accuracy)}  sequence ${percent(m.sequenceAccuracy)}`;
}

export function formatEpoch(e: EpochEvent): string {
  const metrics =
    e.mse !== undefined
      ? `mse ${number(e.mse)}`
      : `acc ${percent(e.accuracy)}  seq ${percent(e.sequenceAccuracy)}`;
  return (
    `epoch ${e.epoch}/${e.lastEpoch}  train ${number(e.trainLoss)}  test ${number(e.testLoss)}  ` +
    `${metrics}  ${e.seconds.toFixed(1)}s`
  );
}

export interface Progress {
  onEvent(event: TrainEvent): void;
  /** Ends the bar (if any); call before printing anything else. */
  stop(): void;
}

/**
 * Training progress on stderr: a bar with epoch, loss, accuracy and steps/s on a terminal, one
 * line per epoch otherwise (logs, CI); nothing with `quiet` (`--json`). `label` prefixes lines
 * (the cell in `compare`).
 */
export function createProgress(
  io: CliIO,
  options: { quiet?: boolean; label?: string } = {},
): Progress {
  if (options.quiet) return { onEvent: () => {}, stop: () => {} };
  const prefix = options.label ? `${options.label}: ` : '';
  if (!io.isTTY) {
    return {
      onEvent(event) {
        if (event.type === 'epoch') io.stderr(`${prefix}${formatEpoch(event)}\n`);
      },
      stop() {},
    };
  }
  const bar = new SingleBar(
    {
      format: `${prefix}epoch {epoch} [{bar}] {percentage}% | loss {loss} | acc {acc} | {sps} steps/s`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 24,
    },
    Presets.shades_classic,
  );
  let started = false;
  let done = 0;
  let accuracy = '-';
  let epochLabel = '';
  return {
    onEvent(event) {
      if (event.type === 'start') {
        bar.start(event.epochs * event.batchesPerEpoch, 0, {
          epoch: `${event.firstEpoch}/${event.firstEpoch + event.epochs - 1}`,
          loss: '-',
          acc: '-',
          sps: '-',
        });
        epochLabel = `/${event.firstEpoch + event.epochs - 1}`;
        started = true;
      } else if (event.type === 'batch' && started) {
        done++;
        bar.update(done, {
          epoch: `${event.epoch}${epochLabel}`,
          loss: event.meanLoss.toFixed(4),
          acc: accuracy,
          sps: event.stepsPerSecond.toFixed(1),
        });
      } else if (event.type === 'epoch' && started) {
        accuracy = event.mse !== undefined ? `mse ${number(event.mse)}` : percent(event.accuracy);
        bar.update(done, { acc: accuracy });
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export interface PreparedTraining {
  checked: CheckedSpec;
  /** The spec with `--epochs` applied. */
  spec: ResolvedSpec;
  backend: string;
  /** Depends on the task and seed only, so every model trained from it sees the same samples. */
  dataset: Dataset;
}

/** What `train` and `compare` do first: check the spec, start the backend, build the data. */
export async function prepareTraining(
  file: string,
  values: ParsedValues,
  io: CliIO,
): Promise<PreparedTraining> {
  const checked = await loadCheckedSpec(file, io);
  const spec = withEpochs(checked.spec, parseEpochs(values.epochs));
  const backend = await startBackend(values.backend, spec);
  try {
    return { checked, spec, backend, dataset: buildDataset(spec, checked.data) };
  } catch (error) {
    throw new CliError(`${displayPath(io, checked.specPath)}: ${(error as Error).message}`);
  }
}
