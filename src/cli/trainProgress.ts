/**
 * Training progress on stderr (a bar on a terminal, one line per epoch otherwise) and the
 * formatting of metrics, for the commands that train.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { EpochEvent, FinalMetrics, StartEvent, TrainEvent } from '../engine/trainEvents';
import type { CliIO } from './command';

const percent = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
const number = (x: number | undefined) => (x === undefined ? '-' : x.toPrecision(4));

/** `loss 0.1234  accuracy 93.0%  sequence 80.0%` (or `mse …` for real-valued tasks). */
export function formatMetrics(m: FinalMetrics): string {
  if (m.mse !== undefined) {
    const byHorizon = m.mseByHorizon
      ? `  by step ahead ${m.mseByHorizon.map((v) => number(v)).join(' ')}`
      : '';
    return `loss ${number(m.loss)}  mse ${number(m.mse)}${byHorizon}`;
  }
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

/**
 * `training delayed-recall on cpu: epochs 1-10, 1000 train / 200 test samples, 32 batches an
 * epoch`, and with `train.tbptt` what it cuts (it changes what the model can learn, so it is said
 * before the first epoch rather than found in the spec afterwards).
 */
export function formatStart(e: StartEvent): string {
  const last = e.firstEpoch + e.epochs - 1;
  const cut =
    e.tbptt !== undefined
      ? `; truncated BPTT (train.tbptt ${e.tbptt}): gradients reach the last ${e.tbptt} steps only`
      : '';
  return (
    `training ${e.spec} on ${e.backend}: epochs ${e.firstEpoch}-${last}, ` +
    `${e.trainSamples} train / ${e.testSamples} test samples, ${e.batchesPerEpoch} batches an epoch${cut}`
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
 * (the cell in `compare`); `startLine` prints `formatStart` first (`train`; a sweep's points
 * have their own header).
 */
export function createProgress(
  io: CliIO,
  options: { quiet?: boolean; label?: string; startLine?: boolean } = {},
): Progress {
  if (options.quiet) return { onEvent: () => {}, stop: () => {} };
  const prefix = options.label ? `${options.label}: ` : '';
  const start = (event: TrainEvent): void => {
    if (event.type === 'start' && options.startLine) io.stderr(`${prefix}${formatStart(event)}\n`);
  };
  if (!io.isTTY) {
    return {
      onEvent(event) {
        start(event);
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
        start(event);
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
