/**
 * A sweep's progress on stderr: a line as each point starts (point k of N, its values, the time
 * left at the pace so far), the point's own training progress (`trainProgress.ts`), and a line
 * with its result as it ends. Nothing with `quiet` but the point lines.
 */
import type { SweepEvent } from '../engine/sweep';
import type { SweepPointResult } from '../engine/sweepResult';
import { describePoint } from '../spec/sweepGrid';
import type { CliIO } from './command';
import { createProgress, formatMetrics, type Progress } from './trainProgress';

/** `1h 02m`, `3m 05s`, `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** What a finished point says on its line: how it ended, then its metrics or why it has none. */
export function describeOutcome(result: SweepPointResult): string {
  if (result.status === 'failed') return `failed: ${result.message ?? 'training failed'}`;
  const metrics = result.metrics ? formatMetrics(result.metrics) : 'no complete epoch';
  return `${result.status}: ${metrics}  ${result.seconds.toFixed(1)}s`;
}

export interface SweepProgressOptions {
  /** No training progress (`--json`): the point lines only. */
  quiet?: boolean;
  /** How a point is named on its line; default its values. */
  label?: (point: Record<string, unknown>) => string;
}

export function createSweepProgress(
  io: CliIO,
  options: SweepProgressOptions = {},
): { onEvent(event: SweepEvent<unknown>): void; stop(): void } {
  const label = options.label ?? describePoint;
  let training: Progress | undefined;
  let trainedSeconds = 0;
  let finished = 0;
  const stopTraining = () => {
    training?.stop();
    training = undefined;
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case 'point-start': {
          const k = event.index + 1;
          const eta =
            finished > 0
              ? `, about ${formatDuration((trainedSeconds / finished) * (event.of - event.index))} left`
              : '';
          io.stderr(`point ${k} of ${event.of}: ${label(event.point)}${eta}\n`);
          training = createProgress(io, {
            ...(options.quiet ? { quiet: true } : {}),
            label: `${k}/${event.of}`,
          });
          return;
        }
        case 'point-train':
          training?.onEvent(event.event);
          return;
        case 'point-done': {
          stopTraining();
          const result = event.result;
          if (result.status === 'skipped') return;
          finished++;
          trainedSeconds += result.seconds;
          io.stderr(`point ${result.index + 1} of ${event.of} ${describeOutcome(result)}\n`);
          return;
        }
        default:
          return;
      }
    },
    stop: stopTraining,
  };
}
