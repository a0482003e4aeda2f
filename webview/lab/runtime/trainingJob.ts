/**
 * One training call of the lab: the engine's `trainModel` on the page's backend, its events
 * forwarded to the host (run store, side bar) and to the views, and the way through a lost or
 * failing WebGL: the run goes on with WASM (else CPU) from its last in-memory checkpoint, at most
 * twice. An epoch is told only with its checkpoint, so an epoch the lab showed done is one a lost
 * context cannot take back.
 */
import * as tf from '@tensorflow/tfjs';
import type { DatasetMeta } from '../../../src/engine/datasetMeta';
import type { Sample } from '../../../src/engine/encoderRun';
import { evaluate } from '../../../src/engine/evaluate';
import { saveCheckpoint } from '../../../src/engine/runStore';
import type { SeqModel } from '../../../src/engine/seqModel';
import type { TrainEvent } from '../../../src/engine/trainEvents';
import { trainModel, type TrainControl, type TrainResult } from '../../../src/engine/trainRun';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import type { Dataset } from '../../../src/tasks';
import type { VariantTag } from '../labContracts';
import type { BackendGuard } from './backendGuard';
import { messageOf } from './errorMessage';
import type { RunHost } from './runHost';
import type { RunMemory } from './runMemory';
import type { RuntimeListeners } from './runtimeListeners';
import type { RuntimeWords } from './runtimeText';

/** A training call in progress: what Stop, Pause and a lost context reach. */
export class TrainingJob {
  abort = new AbortController();
  contextLost = false;

  constructor(
    readonly memory: RunMemory,
    readonly runId: string | undefined,
    public stopRequested: boolean,
  ) {}

  /** Stop after the current batch (a paused run is released to see it). */
  stop(): void {
    this.stopRequested = true;
    this.memory.resume();
    this.abort.abort();
  }

  /** The WebGL context went: keep the last good checkpoint, stop, and go on elsewhere. */
  loseContext(): void {
    this.contextLost = true;
    this.memory.freeze();
    this.abort.abort();
  }
}

export interface JobOptions {
  spec: ResolvedSpec;
  dataset: Dataset;
  meta: DatasetMeta;
  model: SeqModel;
  memory: RunMemory;
  runId: string | undefined;
  tag: VariantTag;
  startEpoch: number;
  control: TrainControl;
  /** Whether the user already asked to stop (an experiment's later run). */
  stopRequested: boolean;
  /** The run's model changed (rebuilt on another backend after a failure). */
  onModel?: (model: SeqModel) => void;
  /** Every event as the views get it (an experiment's sweep hears its points' events). */
  onEvent?: (event: TrainEvent) => void;
}

export interface JobParts {
  host: RunHost;
  backend: BackendGuard;
  listeners: RuntimeListeners;
  words(): RuntimeWords;
}

/** How many times a run may move off a failing WebGL. */
const WEBGL_ATTEMPTS = 2;

/** Runs the lab's training calls, one at a time, and keeps what the views must know of them. */
export class JobRunner {
  /** The call training now (Stop, Pause and a lost context act on it). */
  active: TrainingJob | undefined;
  /** The message of the last `failed` event, as the user saw it. */
  lastFailure: string | undefined;

  constructor(private readonly parts: JobParts) {}

  /**
   * Trains `options.model` and forwards its events; when WebGL is lost or fails, goes on with
   * another backend from the run's last in-memory checkpoint (at most twice).
   */
  async run(options: JobOptions): Promise<TrainResult> {
    const { spec, dataset, meta, memory, runId } = options;
    let model = options.model;
    const lastEpoch =
      options.startEpoch - 1 + Math.max(1, spec.train.epochs - options.startEpoch + 1);
    // The weights it starts from: what a failure in the first epoch goes back to.
    if (memory.checkpointEpoch() === undefined) {
      await saveCheckpoint(memory, model, { epoch: options.startEpoch - 1 });
    }
    const job = new TrainingJob(memory, runId, options.stopRequested);
    this.active = job;
    this.parts.host.status(memory.isPaused ? 'paused' : 'training', runId);
    let startEpoch = options.startEpoch;
    for (let attempt = 0; ; attempt++) {
      const tried = await this.attempt(job, options, model, startEpoch, lastEpoch, attempt);
      if (tried.result) return tried.result;
      const why = tried.interrupted ?? 'context lost';
      const from = memory.checkpointEpoch() ?? startEpoch - 1;
      const lost = job.contextLost || this.parts.backend.contextLost();
      const words = this.parts.words();
      const reasonFor = (to: string) =>
        lost ? words.contextLost(to, from) : words.backendFailed('WebGL', to, why, from);
      const to = await this.parts.backend.fallback(reasonFor);
      this.parts.listeners.notice(reasonFor(to), 'warning');
      this.parts.host.log('warn', `${reasonFor(to)} (${why})`);
      model = await this.parts.backend.rebuild(model, spec, meta, memory);
      options.onModel?.(model);
      startEpoch = from + 1;
      if (startEpoch > lastEpoch) {
        // The run had finished its last epoch: nothing is left to train.
        const metrics = await evaluate(model, dataset.test as readonly Sample[]);
        this.forward({ type: 'done', epoch: lastEpoch, metrics, seconds: 0 }, options);
        return { status: 'done', epoch: lastEpoch, metrics, epochs: [], seconds: 0, backend: to };
      }
    }
  }

  /**
   * One try on the current backend: the engine's result, or why the run must go on elsewhere
   * (WebGL lost or failing while it trained).
   */
  private async attempt(
    job: TrainingJob,
    options: JobOptions,
    model: SeqModel,
    startEpoch: number,
    lastEpoch: number,
    attempt: number,
  ): Promise<{ result?: TrainResult; interrupted?: string }> {
    job.abort = new AbortController();
    if (job.stopRequested) job.abort.abort();
    job.contextLost = false;
    options.memory.thaw();
    const onWebgl = tf.getBackend() === 'webgl';
    const guarded = onWebgl && attempt < WEBGL_ATTEMPTS;
    let interrupted: string | undefined;
    // An epoch is told with its checkpoint (see the header).
    let heldEpoch: TrainEvent | undefined;
    const tell = (event: TrainEvent) => {
      if (heldEpoch) this.forward(heldEpoch, options);
      heldEpoch = undefined;
      this.forward(event, options);
    };
    let result: TrainResult;
    try {
      result = await trainModel({
        spec: options.spec,
        dataset: options.dataset,
        model,
        store: options.memory,
        signal: job.abort.signal,
        startEpoch,
        epochs: lastEpoch - startEpoch + 1,
        control: options.control,
        onEvent: (event) => {
          if (guarded && !job.stopRequested) {
            const cut = this.interruption(job, event);
            if (cut !== undefined) {
              if (cut !== '') interrupted = cut;
              heldEpoch = undefined;
              return;
            }
          }
          if (event.type === 'epoch') heldEpoch = event;
          else tell(onWebgl ? asBackendFailure(event) : event);
        },
      });
    } catch (error) {
      // trainModel reports its own failures as events; this is a failure around it.
      const message = `Training failed: ${messageOf(error)}`;
      tell({ type: 'failed', epoch: startEpoch, batch: 0, reason: 'error', message, seconds: 0 });
      return {
        result: {
          status: 'failed',
          epoch: startEpoch - 1,
          epochs: [],
          message,
          reason: 'error',
          seconds: 0,
          backend: tf.getBackend(),
        },
      };
    }
    if (interrupted === undefined && job.contextLost && onWebgl && !job.stopRequested) {
      interrupted = 'context lost';
    }
    return interrupted === undefined ? { result } : { interrupted };
  }

  /**
   * While WebGL trains: undefined to pass the event on; '' to drop it (computed on a lost
   * context, it is garbage: the epoch trains again elsewhere); otherwise why the run must move.
   */
  private interruption(job: TrainingJob, event: TrainEvent): string | undefined {
    // The context is flagged lost at once; its event comes later.
    if (!job.contextLost && this.parts.backend.contextLost()) job.loseContext();
    if (job.contextLost && event.type !== 'failed') {
      return event.type === 'stopped' ? 'context lost' : '';
    }
    if (
      event.type === 'failed' &&
      (job.contextLost || this.parts.backend.contextLost() || event.reason !== 'diverged')
    ) {
      return event.message;
    }
    return undefined;
  }

  /** One engine event to the host (run store, side bar), the caller and the views. */
  private forward(event: TrainEvent, options: JobOptions): void {
    const { runId, memory, tag } = options;
    let out = event;
    if (event.type === 'failed') {
      // A diverging run's sentence already says what to try; other failures get the advice.
      if (event.reason !== 'diverged') {
        const epoch = memory.checkpointEpoch() ?? 0;
        out = { ...event, message: `${event.message}. ${this.parts.words().failureAdvice(epoch)}` };
      }
      this.lastFailure = out.type === 'failed' ? out.message : undefined;
    }
    if (runId) {
      if (out.type === 'checkpoint') {
        this.parts.host.saveCheckpoint(runId, memory.checkpointFiles()).catch((error) => {
          this.parts.listeners.notice(
            this.parts.words().checkpointNotSaved(messageOf(error)),
            'warning',
          );
        });
      }
      this.parts.host.trainEvent(runId, out);
    }
    options.onEvent?.(out);
    this.parts.listeners.tell((l) => l.trainEvent(out, tag));
  }
}

/** A failure on WebGL that was not the model diverging is the backend's. */
function asBackendFailure(event: TrainEvent): TrainEvent {
  return event.type === 'failed' && event.reason === 'error'
    ? { ...event, reason: 'backend' }
    : event;
}
