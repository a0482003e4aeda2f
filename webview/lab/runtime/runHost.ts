/** What the runtime needs from the extension host (main.ts implements it on the protocol). */
import type { DatasetMeta } from '../../../src/engine/datasetMeta';
import type { SweepRecord } from '../../../src/engine/sweepRecord';
import type { TrainEvent } from '../../../src/engine/trainEvents';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';

export interface RunHost {
  /** A new run folder; rejects when the host cannot make one (the run then trains unsaved). */
  startRun(
    spec: ResolvedSpec,
    dataset: DatasetMeta,
    purpose?: string,
  ): Promise<{ runId: string; folder: string }>;
  trainEvent(runId: string, event: TrainEvent): void;
  saveCheckpoint(runId: string, files: { name: string; data: Uint8Array }[]): Promise<void>;
  /**
   * A sweep's record so far, saved in the run store; the first call (no `sweepId`) makes the
   * sweep's folder. Rejects when the host cannot save it (the sweep then trains on unsaved).
   */
  saveSweep(
    sweepId: string | undefined,
    record: SweepRecord,
  ): Promise<{ sweepId: string; folder: string }>;
  status(state: 'idle' | 'training' | 'paused', runId?: string): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}
