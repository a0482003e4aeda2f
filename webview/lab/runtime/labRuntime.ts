/**
 * The lab's `LabRuntime`: the engine (src/engine) training and inspecting on the page's
 * TensorFlow.js backend. It knows nothing of the DOM or of the views; it reports through
 * `RuntimeListener`s and reaches the host (run store, side bar) through a `RunHost` that main.ts
 * builds on the protocol.
 *
 * - One long job at a time (a training run, a compare, a bottleneck experiment); inspecting is
 *   allowed between batches, since the engine yields to the event loop before every batch.
 * - Every run keeps its latest checkpoint in memory (`RunMemory`), starting with the weights it
 *   began from; when WebGL is lost or fails mid-run, training goes on with WASM (else CPU) from
 *   that checkpoint and says so.
 * - A failure (NaN, out of memory, a backend error) ends the run with a sentence that says what
 *   happened and what to try; the epochs done so far stay in the run store.
 */
import * as tf from '@tensorflow/tfjs';
import { dataFileOf, parseWeightsFile } from '../../../src/engine/checkpointFormat';
import type { DatasetMeta } from '../../../src/engine/datasetMeta';
import { datasetMeta, parseDatasetMeta } from '../../../src/engine/datasetMeta';
import type { Sample } from '../../../src/engine/encoderRun';
import { evaluate } from '../../../src/engine/evaluate';
import { inspectSequence, type Inspection } from '../../../src/engine/inspectSequence';
import { RUN_FILES } from '../../../src/engine/runFileNames';
import { loadCheckpoint, saveCheckpoint } from '../../../src/engine/runStore';
import { createModel, type SeqModel } from '../../../src/engine/seqModel';
import type { FailedEvent, TrainEvent } from '../../../src/engine/trainEvents';
import {
  createTrainControl,
  trainModel,
  yieldToEventLoop,
  type TrainControl,
  type TrainResult,
} from '../../../src/engine/trainRun';
import type { Lang } from '../../../src/explain/termIds';
import { payloadBytes } from '../../../src/protocol/payload';
import type {
  BottleneckPoint,
  BottleneckResult,
  CompareResult,
  RunSnapshot,
  SpecSnapshot,
} from '../../../src/protocol/messages';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import type { AttentionKind, BackendChoice, CellKind } from '../../../src/spec/specSchema';
import { buildDataset, describeSample, type Dataset, type LoadedData } from '../../../src/tasks';
import type {
  BackendInfo,
  LabRuntime,
  RuntimeListener,
  RuntimeState,
  VariantTag,
} from '../labContracts';
import {
  fallbackFromWebgl,
  messageOf,
  startBackend,
  watchContextLoss,
  webglContextLost,
} from './backendChoice';
import { planBottleneck, specFor } from './bottleneckPlan';
import { RunMemory } from './runMemory';
import { runtimeText, type RuntimeWords } from './runtimeText';
import { TorchSession } from './torchSession';

/** What the runtime needs from the extension host (main.ts implements it on the protocol). */
export interface RunHost {
  /** A new run folder; rejects when the host cannot make one (the run then trains unsaved). */
  startRun(
    spec: ResolvedSpec,
    dataset: DatasetMeta,
    purpose?: string,
  ): Promise<{ runId: string; folder: string }>;
  trainEvent(runId: string, event: TrainEvent): void;
  saveCheckpoint(runId: string, files: { name: string; data: Uint8Array }[]): Promise<void>;
  status(state: 'idle' | 'training' | 'paused', runId?: string): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

export interface LabRuntimeOptions {
  host: RunHost;
  lang: Lang;
  /** Where the WASM backend's `.wasm` files are served (a URL ending in `/`). */
  wasmPaths?: string;
}

/** The spec (or run) the lab is about, with its data when it could be built. */
interface Loaded {
  spec: ResolvedSpec;
  meta: DatasetMeta;
  /** Absent for a run whose data cannot be rebuilt here: inspect only. */
  dataset?: Dataset;
  data?: LoadedData;
  /** Identity of spec + data: the same key keeps the trained model. */
  key: string;
}

/** A training call in progress. */
interface ActiveJob {
  abort: AbortController;
  memory: RunMemory;
  runId: string | undefined;
  stopRequested: boolean;
  contextLost: boolean;
}

interface JobOptions {
  spec: ResolvedSpec;
  dataset: Dataset;
  meta: DatasetMeta;
  model: SeqModel;
  memory: RunMemory;
  runId: string | undefined;
  tag: VariantTag;
  startEpoch: number;
  /** The run's model changed (rebuilt on another backend after a failure). */
  onModel?: (model: SeqModel) => void;
}

const TRAIN_TAG: VariantTag = { experiment: 'train', variant: '' };

/** The engine's sentence for a diverging run (which already says what to try). */
function isDivergence(event: FailedEvent): boolean {
  return event.message.startsWith('Training diverged');
}

export class WebviewLabRuntime implements LabRuntime {
  private info: BackendInfo | undefined;
  private words: RuntimeWords;
  private readonly listeners = new Set<RuntimeListener>();
  private loaded: Loaded | undefined;
  private model: SeqModel | undefined;
  private memory = new RunMemory();
  private control: TrainControl | undefined;
  private current: RuntimeState = 'empty';
  private job: ActiveJob | undefined;
  /** A training, compare or bottleneck call is running (including its awaits between runs). */
  private busy: Promise<unknown> | undefined;
  private experimentStopped = false;
  /** A loaded run that can train on: its id and checkpoint epoch. */
  private continuable: { runId: string; epoch: number } | undefined;
  private torch: TorchSession | undefined;
  private trusted = true;
  private unwatch: () => void = () => {};
  private told: ((listener: RuntimeListener) => void)[] = [];
  private telling = false;
  /** The message of the last `failed` event, as the user saw it. */
  private lastFailure: string | undefined;

  constructor(private readonly options: LabRuntimeOptions) {
    this.words = runtimeText(options.lang);
  }

  get backendInfo(): BackendInfo | undefined {
    return this.info;
  }

  get state(): RuntimeState {
    return this.current;
  }

  /** Whether a training, compare or bottleneck call is running. */
  get isBusy(): boolean {
    return this.busy !== undefined;
  }

  /** The loaded spec (or run spec), if any. */
  get spec(): ResolvedSpec | undefined {
    return this.loaded?.spec;
  }

  /** The model the inspector reads (tests and main.ts; undefined before a spec is loaded). */
  get currentModel(): SeqModel | undefined {
    return this.model;
  }

  setLang(lang: Lang): void {
    this.words = runtimeText(lang);
  }

  /** Workspace trust: an untrusted workspace explains (inspects) but never trains. */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  subscribe(listener: RuntimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------------
  // Backend

  async start(choice: BackendChoice, source = 'rnnLab.backend'): Promise<BackendInfo> {
    if (this.busy && this.info) return this.info;
    const info = await startBackend(choice, source, this.words, this.options.wasmPaths);
    this.setBackend(info);
    return info;
  }

  private setBackend(info: BackendInfo): void {
    this.info = info;
    this.unwatch();
    this.unwatch = info.name === 'webgl' ? watchContextLoss(() => this.onContextLost()) : () => {};
    this.options.host.log('info', `backend ${info.name}: ${info.reason}`);
    this.tell((l) => l.backend(info));
  }

  private onContextLost(): void {
    if (this.job) {
      // The training loop sees the abort, swallows the stop and goes on elsewhere.
      this.job.contextLost = true;
      this.job.memory.freeze();
      this.job.abort.abort();
      return;
    }
    // Between the runs of a training call (a host round trip, a compare's next cell): the next
    // run sees the loss at its first event and goes on elsewhere, and `exclusive` recovers when
    // none comes. Moving the model now would swap it under the run about to start.
    if (this.busy) return;
    void this.recoverIdle();
  }

  /** The context went while nothing trained: move the model to another backend. */
  private async recoverIdle(): Promise<void> {
    const to = await this.fallback((name) => this.words.contextLostIdle(name));
    this.notice(this.words.contextLostIdle(to), 'warning');
    if (this.model && this.loaded) {
      this.model = await this.rebuild(this.model, this.loaded.spec, this.loaded.meta, this.memory);
    }
  }

  /**
   * Switches to WASM (else CPU) after WebGL failed; `reason` words why for the backend's name.
   * Returns that name as people write it.
   */
  private async fallback(reason: (name: string) => string): Promise<string> {
    const name = await fallbackFromWebgl(this.options.wasmPaths);
    const shown = name.toUpperCase();
    this.setBackend({
      name,
      renderer: this.info?.renderer ?? '',
      softwareRenderer: this.info?.softwareRenderer ?? false,
      reason: reason(shown),
    });
    return shown;
  }

  /** A fresh model on the active backend with `memory`'s checkpoint (if any). */
  private async rebuild(
    old: SeqModel,
    spec: ResolvedSpec,
    meta: DatasetMeta,
    memory: RunMemory,
  ): Promise<SeqModel> {
    try {
      old.dispose();
    } catch {
      // Its textures went with the lost context.
    }
    const model = createModel(spec, meta);
    if (memory.checkpointEpoch() !== undefined) await loadCheckpoint(memory, model);
    return model;
  }

  // -------------------------------------------------------------------------------------------
  // Specs and runs

  async load(snapshot: SpecSnapshot): Promise<void> {
    this.torch = undefined;
    const spec = snapshot.spec;
    if (!spec) {
      if (this.busy) return;
      this.dropModel();
      this.loaded = undefined;
      this.setState('empty');
      return;
    }
    const key = JSON.stringify([spec, snapshot.data ?? null]);
    if (this.loaded?.key === key && this.model) return;
    if (this.busy) {
      this.pending = snapshot;
      this.notice(this.words.specChanged, 'info');
      return;
    }
    let dataset: Dataset;
    try {
      dataset = buildDataset(spec, snapshot.data);
    } catch (error) {
      this.dropModel();
      this.loaded = undefined;
      this.setState('empty', this.words.noData(messageOf(error)));
      // Untrusted: the data file was not read on purpose, and the views already say why.
      if (snapshot.dataLoaded) this.notice(this.words.noData(messageOf(error)), 'error');
      return;
    }
    this.loaded = {
      spec,
      meta: datasetMeta(dataset),
      dataset,
      ...(snapshot.data ? { data: snapshot.data } : {}),
      key,
    };
    this.freshModel();
    this.setState('ready');
  }

  /** A spec that arrived while training: loaded when the job ends. */
  private pending: SpecSnapshot | undefined;

  async loadRun(run: RunSnapshot): Promise<void> {
    if (this.busy) {
      this.notice(this.words.busy, 'warning');
      return;
    }
    this.torch = undefined;
    const spec = run.spec;
    const sameSpec = this.loaded && JSON.stringify(this.loaded.spec) === JSON.stringify(spec);
    let dataset: Dataset | undefined = sameSpec ? this.loaded?.dataset : undefined;
    const data = sameSpec ? this.loaded?.data : undefined;
    if (!dataset) {
      try {
        dataset = buildDataset(spec, data);
      } catch {
        dataset = undefined;
      }
    }
    const meta =
      run.dataset !== undefined
        ? parseDatasetMeta(run.dataset)
        : dataset
          ? datasetMeta(dataset)
          : undefined;
    if (!meta)
      throw new Error(`run ${run.summary.id} has no dataset.json and no data to rebuild it`);
    const memory = new RunMemory();
    const model = createModel(spec, meta);
    let epoch: number | undefined;
    try {
      if (run.weights) {
        const manifest = parseWeightsFile(run.weights.manifest);
        await memory.writeFile(dataFileOf(manifest), payloadBytes(run.weights.data));
        await memory.writeFile(RUN_FILES.weightsManifest, JSON.stringify(manifest));
        epoch = (await loadCheckpoint(memory, model)).epoch;
      }
      await memory.writeFile(RUN_FILES.dataset, JSON.stringify(meta));
    } catch (error) {
      model.dispose();
      throw error;
    }
    this.dropModel();
    this.model = model;
    this.memory = memory;
    this.loaded = {
      spec,
      meta,
      ...(dataset ? { dataset } : {}),
      ...(data ? { data } : {}),
      key: JSON.stringify([spec, data ?? null]),
    };
    this.control = createTrainControl(spec);
    this.continuable =
      epoch !== undefined && dataset ? { runId: run.summary.id, epoch } : undefined;
    for (const event of run.events) this.tell((l) => l.trainEvent(event, TRAIN_TAG));
    if (epoch === undefined) this.notice(this.words.runWithoutWeights(run.summary.id), 'info');
    const states: Record<RunSnapshot['summary']['status'], RuntimeState> = {
      done: 'done',
      stopped: 'stopped',
      interrupted: 'stopped',
      failed: 'failed',
      running: 'stopped',
    };
    this.setState(states[run.summary.status]);
  }

  /** PyTorch weights: inspect only. Returns the first inspection (of an example input). */
  importTorch(fileName: string, weights: unknown): { inspection: Inspection; input: string } {
    const session = new TorchSession(fileName, weights);
    this.torch = session;
    const input = session.exampleInput();
    this.notice(
      this.words.torchLoaded(fileName, session.weights.cell, session.weights.inputSize, input),
      'info',
    );
    return { inspection: session.inspect(input), input };
  }

  private dropModel(): void {
    this.model?.dispose();
    this.model = undefined;
    this.memory = new RunMemory();
    this.continuable = undefined;
  }

  private freshModel(): void {
    const loaded = this.loaded;
    this.dropModel();
    if (!loaded) return;
    this.model = createModel(loaded.spec, loaded.meta);
    this.control = createTrainControl(loaded.spec);
  }

  // -------------------------------------------------------------------------------------------
  // Training

  async train(options: { continueRun?: string } = {}): Promise<void> {
    if (!this.canTrain()) return;
    const loaded = this.loaded;
    const dataset = loaded?.dataset;
    if (!loaded || !dataset) {
      this.notice(
        options.continueRun ? this.words.cannotContinue(options.continueRun) : this.words.noSpec,
        'warning',
      );
      return;
    }
    let startEpoch = 1;
    let runId: string | undefined;
    if (options.continueRun) {
      if (this.continuable?.runId !== options.continueRun || !this.model) {
        this.notice(this.words.cannotContinue(options.continueRun), 'warning');
        return;
      }
      startEpoch = this.continuable.epoch + 1;
      runId = options.continueRun;
    } else if (this.current !== 'ready' || !this.model) {
      // A new run starts from the seed's weights (Reset without the click).
      this.freshModel();
    }
    await this.exclusive(async () => {
      this.setState('training');
      if (!options.continueRun) runId = await this.openRun(loaded.spec, loaded.meta);
      const model = this.model;
      if (!model) return;
      const result = await this.runJob({
        spec: loaded.spec,
        dataset,
        meta: loaded.meta,
        model,
        memory: this.memory,
        runId,
        tag: TRAIN_TAG,
        startEpoch,
        onModel: (rebuilt) => (this.model = rebuilt),
      });
      this.continuable =
        runId && result.epoch >= 1 ? { runId, epoch: result.epoch } : this.continuable;
      this.endState(result);
    });
  }

  pause(): void {
    if (!this.job || this.job.memory.isPaused) return;
    this.job.memory.pause();
    this.setState('paused');
  }

  resume(): void {
    if (!this.job || !this.job.memory.isPaused) return;
    this.job.memory.resume();
    this.setState('training');
  }

  stop(): void {
    this.experimentStopped = true;
    const job = this.job;
    if (!job) return;
    job.stopRequested = true;
    job.memory.resume();
    job.abort.abort();
  }

  async reset(): Promise<void> {
    if (this.busy) {
      this.stop();
      await this.busy.catch(() => undefined);
    }
    this.torch = undefined;
    if (!this.loaded?.dataset) {
      this.setState(this.loaded ? this.current : 'empty');
      return;
    }
    this.freshModel();
    this.setState('ready');
  }

  setLearningRate(value: number): void {
    if (this.control && Number.isFinite(value) && value > 0) this.control.learningRate = value;
  }

  setTeacherForcing(value: number): void {
    if (this.control && Number.isFinite(value) && value >= 0 && value <= 1) {
      this.control.teacherForcing = value;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Inspection

  async inspect(input: string): Promise<Inspection> {
    if (this.torch) return this.torch.inspect(input);
    const model = this.model;
    const loaded = this.loaded;
    if (!model || !loaded) throw new Error(this.words.noModel);
    return inspectSequence(model, loaded.meta, input);
  }

  testSamples(count: number): { input: string; target: string }[] {
    const dataset = this.loaded?.dataset;
    if (!dataset) return [];
    return dataset.test.slice(0, count).map((sample) => describeSample(dataset, sample));
  }

  // -------------------------------------------------------------------------------------------
  // Experiments

  async compare(cells: CellKind[]): Promise<CompareResult> {
    const loaded = this.requireTrainable();
    const dataset = loaded.dataset as Dataset;
    return this.exclusive(async () => {
      this.setState('training');
      const runs: CompareResult['runs'] = [];
      let last: TrainResult | undefined;
      for (const cell of cells) {
        if (this.experimentStopped) {
          runs.push({ cell, stopped: true });
          continue;
        }
        const spec: ResolvedSpec = { ...loaded.spec, model: { ...loaded.spec.model, cell } };
        let model = createModel(spec, loaded.meta);
        try {
          const runId = await this.openRun(spec, loaded.meta, `compare-${cell}`);
          last = await this.runJob({
            spec,
            dataset,
            meta: loaded.meta,
            model,
            memory: new RunMemory(),
            runId,
            tag: { experiment: 'compare', variant: cell },
            startEpoch: 1,
            onModel: (rebuilt) => (model = rebuilt),
          });
          runs.push({
            cell,
            ...(runId ? { runId } : {}),
            ...(last.metrics ? { metrics: last.metrics } : {}),
            ...(last.status === 'stopped' ? { stopped: true } : {}),
          });
        } finally {
          model.dispose();
        }
      }
      this.endState(last, this.experimentStopped);
      return { runs };
    });
  }

  async bottleneck(attentions: AttentionKind[]): Promise<BottleneckResult> {
    const loaded = this.requireTrainable();
    if (loaded.spec.model.architecture !== 'seq2seq') {
      throw new Error(this.words.bottleneckNeedsSeq2seq(loaded.spec.model.architecture));
    }
    const plan = planBottleneck(loaded.spec, loaded.data);
    const lengths = plan.tests.map((t) => t.length);
    const range = (a: number, b: number) => (a === b ? `${a}` : `${a}–${b}`);
    this.notice(
      this.words.bottleneckPlan(
        plan.base.train.epochs,
        plan.train.train.length,
        range(plan.trained[0], plan.trained[1]),
        range(Math.min(...lengths), Math.max(...lengths)),
      ),
      'info',
    );
    return this.exclusive(async () => {
      this.setState('training');
      const points: BottleneckPoint[] = [];
      let last: TrainResult | undefined;
      for (const attention of attentions) {
        if (this.experimentStopped) break;
        const spec = specFor(plan, attention);
        const meta = datasetMeta(plan.train);
        let model = createModel(spec, meta);
        try {
          const runId = await this.openRun(spec, meta, `bottleneck-${attention}`);
          last = await this.runJob({
            spec,
            dataset: plan.train,
            meta,
            model,
            memory: new RunMemory(),
            runId,
            tag: { experiment: 'bottleneck', variant: attention },
            startEpoch: 1,
            onModel: (rebuilt) => (model = rebuilt),
          });
          if (last.status !== 'done') continue;
          for (const test of plan.tests) {
            // One length per task, so the page can paint between them.
            await yieldToEventLoop();
            const metrics = await evaluate(model, test.samples as readonly Sample[]);
            points.push({
              length: test.length,
              attention,
              accuracy: metrics.accuracy ?? 0,
              ...(metrics.sequenceAccuracy !== undefined
                ? { sequenceAccuracy: metrics.sequenceAccuracy }
                : {}),
            });
          }
        } finally {
          model.dispose();
        }
      }
      this.endState(last, this.experimentStopped);
      return { points };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  private canTrain(): boolean {
    if (!this.trusted) {
      this.notice(this.words.untrusted, 'warning');
      return false;
    }
    if (this.busy) {
      this.notice(this.words.busy, 'warning');
      return false;
    }
    return true;
  }

  /** For the experiments, which answer the host's request: errors instead of notices. */
  private requireTrainable(): Loaded {
    if (!this.trusted) throw new Error(this.words.untrusted);
    if (this.busy) throw new Error(this.words.busy);
    const loaded = this.loaded;
    if (!loaded?.dataset) throw new Error(this.words.noSpec);
    return loaded;
  }

  /** Runs one long call at a time; loads a spec that arrived meanwhile when it ends. */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.experimentStopped = false;
    const running = work();
    this.busy = running;
    try {
      return await running;
    } catch (error) {
      this.setState('failed', messageOf(error));
      throw error;
    } finally {
      this.busy = undefined;
      this.job = undefined;
      // The context went while no run was training, and no run came to see it.
      if (webglContextLost()) {
        await this.recoverIdle().catch((error: unknown) => {
          this.options.host.log('error', `could not leave the lost WebGL: ${messageOf(error)}`);
        });
      }
      const pending = this.pending;
      this.pending = undefined;
      if (pending) await this.load(pending);
    }
  }

  private async openRun(
    spec: ResolvedSpec,
    meta: DatasetMeta,
    purpose?: string,
  ): Promise<string | undefined> {
    try {
      return (await this.options.host.startRun(spec, meta, purpose)).runId;
    } catch (error) {
      this.notice(this.words.notSaved(messageOf(error)), 'warning');
      return undefined;
    }
  }

  /**
   * Trains `options.model` and forwards its events; when WebGL is lost or fails, goes on with
   * another backend from the run's last in-memory checkpoint (at most twice).
   */
  private async runJob(options: JobOptions): Promise<TrainResult> {
    const { spec, dataset, meta, memory, runId, tag } = options;
    let model = options.model;
    const control = this.control ?? createTrainControl(spec);
    const lastEpoch =
      options.startEpoch - 1 + Math.max(1, spec.train.epochs - options.startEpoch + 1);
    // The weights it starts from: what a failure in the first epoch goes back to.
    if (memory.checkpointEpoch() === undefined) {
      await saveCheckpoint(memory, model, { epoch: options.startEpoch - 1 });
    }
    const job: ActiveJob = {
      abort: new AbortController(),
      memory,
      runId,
      stopRequested: this.experimentStopped,
      contextLost: false,
    };
    this.job = job;
    this.options.host.status(memory.isPaused ? 'paused' : 'training', runId);
    let startEpoch = options.startEpoch;
    for (let attempt = 0; ; attempt++) {
      job.abort = new AbortController();
      if (job.stopRequested) job.abort.abort();
      job.contextLost = false;
      memory.thaw();
      const onWebgl = tf.getBackend() === 'webgl';
      let interrupted: string | undefined;
      let result: TrainResult;
      // An epoch is told with its checkpoint: an epoch the lab showed done is one a lost context
      // cannot take back (its weights are in memory, not only on the GPU).
      let heldEpoch: TrainEvent | undefined;
      try {
        result = await trainModel({
          spec,
          dataset,
          model,
          store: memory,
          signal: job.abort.signal,
          startEpoch,
          epochs: lastEpoch - startEpoch + 1,
          control,
          onEvent: (event) => {
            if (onWebgl && attempt < 2 && !job.stopRequested) {
              // The context is flagged lost at once; its event comes later. What was computed
              // meanwhile is garbage: stop here and go back to the checkpoint.
              if (!job.contextLost && webglContextLost()) {
                job.contextLost = true;
                memory.freeze();
                job.abort.abort();
              }
              if (job.contextLost && event.type !== 'failed') {
                if (event.type === 'stopped') interrupted = 'context lost';
                // This epoch is trained again on the next backend.
                heldEpoch = undefined;
                return;
              }
              if (
                event.type === 'failed' &&
                (job.contextLost || webglContextLost() || !isDivergence(event))
              ) {
                interrupted = event.message;
                heldEpoch = undefined;
                return;
              }
            }
            if (event.type === 'epoch') {
              heldEpoch = event;
              return;
            }
            if (heldEpoch) this.forward(heldEpoch, tag, runId, memory);
            heldEpoch = undefined;
            this.forward(event, tag, runId, memory);
          },
        });
      } catch (error) {
        // trainModel reports its own failures as events; this is a failure around it.
        const message = `Training failed: ${messageOf(error)}`;
        if (heldEpoch) this.forward(heldEpoch, tag, runId, memory);
        this.forward(
          { type: 'failed', epoch: startEpoch, batch: 0, message, seconds: 0 },
          tag,
          runId,
          memory,
        );
        return {
          status: 'failed',
          epoch: startEpoch - 1,
          epochs: [],
          message,
          seconds: 0,
          backend: tf.getBackend(),
        };
      }
      if (interrupted === undefined && job.contextLost && onWebgl && !job.stopRequested) {
        interrupted = 'context lost';
      }
      if (interrupted === undefined) return result;
      const from = memory.checkpointEpoch() ?? startEpoch - 1;
      const lost = job.contextLost || webglContextLost();
      const why = interrupted;
      const reasonFor = (to: string) =>
        lost ? this.words.contextLost(to, from) : this.words.backendFailed('WebGL', to, why, from);
      const to = await this.fallback(reasonFor);
      this.notice(reasonFor(to), 'warning');
      this.options.host.log('warn', `${reasonFor(to)} (${why})`);
      model = await this.rebuild(model, spec, meta, memory);
      options.onModel?.(model);
      startEpoch = from + 1;
      if (startEpoch > lastEpoch) {
        // The run had finished its last epoch: nothing is left to train.
        const metrics = await evaluate(model, dataset.test as readonly Sample[]);
        this.forward({ type: 'done', epoch: lastEpoch, metrics, seconds: 0 }, tag, runId, memory);
        return { status: 'done', epoch: lastEpoch, metrics, epochs: [], seconds: 0, backend: to };
      }
    }
  }

  /** One engine event to the host (run store, side bar) and to the views. */
  private forward(
    event: TrainEvent,
    tag: VariantTag,
    runId: string | undefined,
    memory: RunMemory,
  ): void {
    let out = event;
    if (event.type === 'failed') {
      if (!isDivergence(event)) {
        const epoch = memory.checkpointEpoch() ?? 0;
        out = { ...event, message: `${event.message}. ${this.words.failureAdvice(epoch)}` };
      }
      this.lastFailure = (out as FailedEvent).message;
    }
    if (runId) {
      if (out.type === 'checkpoint') {
        this.options.host.saveCheckpoint(runId, memory.checkpointFiles()).catch((error) => {
          this.notice(this.words.checkpointNotSaved(messageOf(error)), 'warning');
        });
      }
      this.options.host.trainEvent(runId, out);
    }
    this.tell((l) => l.trainEvent(out, tag));
  }

  private endState(result: TrainResult | undefined, stopped = false): void {
    if (!result) {
      this.setState(stopped ? 'stopped' : 'ready');
      return;
    }
    if (result.status === 'failed') this.setState('failed', this.lastFailure ?? result.message);
    else if (result.status === 'stopped' || stopped) this.setState('stopped');
    else this.setState('done');
  }

  private setState(state: RuntimeState, detail?: string): void {
    this.current = state;
    const runId = this.job?.runId;
    const hostState = state === 'training' ? 'training' : state === 'paused' ? 'paused' : 'idle';
    this.options.host.status(hostState, hostState === 'idle' ? undefined : runId);
    this.tell((l) => l.state(state, detail));
  }

  private notice(message: string, level: 'info' | 'warning' | 'error'): void {
    this.tell((l) => l.notice(message, level));
  }

  /**
   * Tells the listeners in a task of their own, in order: the views draw after the engine's work
   * of this moment (the epoch's evaluation, a batch) has ended, not inside the same long task.
   */
  private tell(call: (listener: RuntimeListener) => void): void {
    this.told.push(call);
    if (this.telling) return;
    this.telling = true;
    void yieldToEventLoop().then(() => {
      const calls = this.told;
      this.told = [];
      this.telling = false;
      for (const c of calls) {
        for (const l of [...this.listeners]) {
          try {
            c(l);
          } catch (error) {
            this.options.host.log('error', `a view failed: ${messageOf(error)}`);
          }
        }
      }
    });
  }
}
