/**
 * The lab's `LabRuntime`: the engine (src/engine) training and inspecting on the page's
 * TensorFlow.js backend. It knows nothing of the DOM or of the views; it reports through
 * `RuntimeListener`s and reaches the host (run store, side bar) through a `RunHost` that main.ts
 * builds on the protocol. Its parts, one job each:
 *
 * - `BackendGuard`: which backend trains, and the move off a lost or failing WebGL;
 * - `LabModel` (with `runLoader.ts`): the spec or run loaded, its model and in-memory run files;
 * - `JobRunner`: one training call, its events forwarded, its way through a lost context;
 * - `LabExperiments`: Compare, Bottleneck and the spec's sweep, all sweeps of the engine;
 * - `RuntimeListeners`: telling the views, in order, after the engine's work of the moment.
 *
 * This class holds the lab's state and runs one long call at a time (a training run or an
 * experiment); inspecting is allowed between batches, since the engine yields
 * to the event loop before every batch. A failure (NaN, out of memory, a backend error) ends the
 * run with a sentence that says what happened and what to try; the epochs done so far stay in
 * the run store.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';
import type { SweepResult } from '../../../src/engine/sweepResult';
import { createTrainControl, type TrainResult } from '../../../src/engine/trainRun';
import type { Lang } from '../../../src/explain/termIds';
import type {
  BottleneckResult,
  CompareResult,
  RunSnapshot,
  SpecSnapshot,
} from '../../../src/protocol/messages';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import type { AttentionKind, BackendChoice, CellKind } from '../../../src/spec/specSchema';
import type {
  BackendInfo,
  LabRuntime,
  RuntimeListener,
  RuntimeState,
  VariantTag,
} from '../labContracts';
import { BackendGuard } from './backendGuard';
import type { BackendPlatform } from './backendPlatform';
import { messageOf } from './errorMessage';
import { LabExperiments, type Finished } from './labExperiments';
import { LabModel } from './labModel';
import type { RunHost } from './runHost';
import { RUN_STATES, loadSnapshot, type Loaded } from './runLoader';
import { RuntimeListeners } from './runtimeListeners';
import { runtimeText, type RuntimeWords } from './runtimeText';
import { JobRunner } from './trainingJob';
import { TorchSession } from './torchSession';

export type { RunHost } from './runHost';

export interface LabRuntimeOptions {
  host: RunHost;
  lang: Lang;
  /** The page's backends: WebGL, WASM and CPU in the lab page (`webglPlatform`). */
  platform: BackendPlatform;
}

const TRAIN_TAG: VariantTag = { experiment: 'train', variant: '' };

export class WebviewLabRuntime implements LabRuntime {
  private words: RuntimeWords;
  private readonly listeners: RuntimeListeners;
  private readonly backend: BackendGuard;
  private readonly jobs: JobRunner;
  private readonly experiments: LabExperiments;
  private readonly lab: LabModel;
  private current: RuntimeState = 'empty';
  /** A training or experiment call is running (including its awaits between runs). */
  private busy: Promise<unknown> | undefined;
  /** Stop for the call running now: an experiment's points not begun are skipped. */
  private stopping: AbortController | undefined;
  private trusted = true;
  /** A spec that arrived while training: loaded when the call ends. */
  private pending: SpecSnapshot | undefined;

  constructor(private readonly options: LabRuntimeOptions) {
    this.words = runtimeText(options.lang);
    const host = options.host;
    this.listeners = new RuntimeListeners((message) => host.log('error', message));
    this.backend = new BackendGuard(
      options.platform,
      this.listeners,
      (message) => host.log('info', message),
      () => this.onContextLost(),
    );
    const parts = {
      host,
      backend: this.backend,
      listeners: this.listeners,
      words: () => this.words,
    };
    this.jobs = new JobRunner(parts);
    this.experiments = new LabExperiments({
      ...parts,
      jobs: this.jobs,
      control: () => this.lab.control,
    });
    this.lab = new LabModel(this.backend.contextLost);
  }

  get backendInfo(): BackendInfo | undefined {
    return this.backend.info;
  }

  get state(): RuntimeState {
    return this.current;
  }

  get isBusy(): boolean {
    return this.busy !== undefined;
  }

  get spec(): ResolvedSpec | undefined {
    return this.lab.loaded?.spec;
  }

  setLang(lang: Lang): void {
    this.words = runtimeText(lang);
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  subscribe(listener: RuntimeListener): () => void {
    return this.listeners.subscribe(listener);
  }

  async start(choice: BackendChoice, source = 'rnnLab.backend'): Promise<BackendInfo> {
    const info = this.backend.info;
    if (this.busy && info) return info;
    return this.backend.start(choice, source, this.words);
  }

  private onContextLost(): void {
    const job = this.jobs.active;
    if (job) {
      // The training loop sees the abort, swallows the stop and goes on elsewhere.
      job.loseContext();
      return;
    }
    // Between the runs of a call (a host round trip, a compare's next cell): the next run sees
    // the loss at its first event and goes on elsewhere, and `exclusive` recovers when none
    // comes. Moving the model now would swap it under the run about to start.
    if (this.busy) return;
    void this.recoverIdle();
  }

  /** The context went while nothing trained: move the model to another backend. */
  private async recoverIdle(): Promise<void> {
    const to = await this.backend.fallback((name) => this.words.contextLostIdle(name));
    this.listeners.notice(this.words.contextLostIdle(to), 'warning');
    await this.lab.moveTo(this.backend);
  }

  async load(snapshot: SpecSnapshot): Promise<void> {
    this.lab.torch = undefined;
    const spec = snapshot.spec;
    if (!spec) {
      if (this.busy) return;
      this.lab.clear();
      this.setState('empty');
      return;
    }
    if (this.lab.keeps(snapshot)) return;
    if (this.busy) {
      this.pending = snapshot;
      this.listeners.notice(this.words.specChanged, 'info');
      return;
    }
    const built = loadSnapshot({ ...snapshot, spec });
    if ('error' in built) {
      this.lab.clear();
      this.setState('empty', this.words.noData(built.error));
      // Untrusted: the data file was not read on purpose, and the views already say why.
      if (snapshot.dataLoaded) this.listeners.notice(this.words.noData(built.error), 'error');
      return;
    }
    this.lab.take(built.loaded);
    this.setState('ready');
  }

  async loadRun(run: RunSnapshot): Promise<void> {
    if (this.busy) {
      this.listeners.notice(this.words.busy, 'warning');
      return;
    }
    this.lab.torch = undefined;
    const epoch = await this.lab.takeRun(run);
    for (const event of run.events) this.listeners.tell((l) => l.trainEvent(event, TRAIN_TAG));
    if (epoch === undefined) {
      this.listeners.notice(this.words.runWithoutWeights(run.summary.id), 'info');
    }
    this.setState(RUN_STATES[run.summary.status]);
  }

  importTorch(fileName: string, weights: unknown): { inspection: Inspection; input: string } {
    const session = (this.lab.torch = new TorchSession(fileName, weights));
    const input = session.exampleInput();
    this.listeners.notice(
      this.words.torchLoaded(fileName, session.weights.cell, session.weights.inputSize, input),
      'info',
    );
    return { inspection: session.inspect(input), input };
  }

  async train(options: { continueRun?: string } = {}): Promise<void> {
    if (!this.canTrain()) return;
    const lab = this.lab;
    const loaded = lab.loaded;
    const dataset = loaded?.dataset;
    if (!loaded || !dataset) {
      this.listeners.notice(
        options.continueRun ? this.words.cannotContinue(options.continueRun) : this.words.noSpec,
        'warning',
      );
      return;
    }
    const from = lab.startOf(options.continueRun, this.current === 'ready');
    if (!from) {
      this.listeners.notice(this.words.cannotContinue(options.continueRun ?? ''), 'warning');
      return;
    }
    let runId = from.runId;
    await this.exclusive(async (signal) => {
      this.setState('training');
      if (!options.continueRun) runId = await this.openRun(loaded);
      const model = lab.model;
      if (!model) return;
      const result = await this.jobs.run({
        spec: loaded.spec,
        dataset,
        meta: loaded.meta,
        model,
        memory: lab.memory,
        runId,
        tag: TRAIN_TAG,
        startEpoch: from.startEpoch,
        control: lab.control ?? createTrainControl(loaded.spec),
        stopRequested: signal.aborted,
        onModel: (rebuilt) => (lab.model = rebuilt),
      });
      if (runId && result.epoch >= 1) lab.continuable = { runId, epoch: result.epoch };
      this.endState(result);
    });
  }

  pause(): void {
    const job = this.jobs.active;
    if (!job || job.memory.isPaused) return;
    job.memory.pause();
    this.setState('paused');
  }

  resume(): void {
    const job = this.jobs.active;
    if (!job || !job.memory.isPaused) return;
    job.memory.resume();
    this.setState('training');
  }

  stop(): void {
    this.stopping?.abort();
    this.jobs.active?.stop();
  }

  async reset(): Promise<void> {
    if (this.busy) {
      this.stop();
      await this.busy.catch(() => undefined);
    }
    this.lab.torch = undefined;
    if (!this.lab.loaded?.dataset) {
      this.setState(this.lab.loaded ? this.current : 'empty');
      return;
    }
    this.lab.fresh();
    this.setState('ready');
  }

  setLearningRate(value: number): void {
    this.lab.setLearningRate(value);
  }

  setTeacherForcing(value: number): void {
    this.lab.setTeacherForcing(value);
  }

  async inspect(input: string): Promise<Inspection> {
    return this.lab.inspect(input, this.words.noModel);
  }

  testSamples(count: number): { input: string; target: string }[] {
    return this.lab.testSamples(count);
  }

  async compare(cells: CellKind[]): Promise<CompareResult> {
    const loaded = this.requireTrainable();
    return this.experiment((signal) => this.experiments.compare(loaded, cells, signal));
  }

  async bottleneck(attentions: AttentionKind[]): Promise<BottleneckResult> {
    const loaded = this.requireTrainable();
    return this.experiment((signal) => this.experiments.bottleneck(loaded, attentions, signal));
  }

  async sweep(): Promise<SweepResult> {
    const loaded = this.requireTrainable();
    if (!loaded.sweep) throw new Error(this.words.noSweep);
    return this.experiment((signal) => this.experiments.sweep(loaded, signal));
  }

  private canTrain(): boolean {
    if (!this.trusted) {
      this.listeners.notice(this.words.untrusted, 'warning');
      return false;
    }
    if (this.busy) {
      this.listeners.notice(this.words.busy, 'warning');
      return false;
    }
    return true;
  }

  /** For the experiments, which answer the host's request: errors instead of notices. */
  private requireTrainable(): Loaded {
    if (!this.trusted) throw new Error(this.words.untrusted);
    if (this.busy) throw new Error(this.words.busy);
    const loaded = this.lab.loaded;
    if (!loaded?.dataset) throw new Error(this.words.noSpec);
    return loaded;
  }

  private experiment<T>(work: (signal: AbortSignal) => Promise<Finished<T>>): Promise<T> {
    return this.exclusive(async (signal) => {
      this.setState('training');
      const { value, last } = await work(signal);
      this.endState(last, signal.aborted);
      return value;
    });
  }

  /** Runs one long call at a time; loads a spec that arrived meanwhile when it ends. */
  private async exclusive<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const stopping = new AbortController();
    this.stopping = stopping;
    const running = work(stopping.signal);
    this.busy = running;
    try {
      return await running;
    } catch (error) {
      this.setState('failed', messageOf(error));
      throw error;
    } finally {
      this.busy = undefined;
      this.stopping = undefined;
      this.jobs.active = undefined;
      // The context went while no run was training, and no run came to see it.
      if (this.backend.contextLost()) {
        await this.recoverIdle().catch((error: unknown) => {
          this.options.host.log('error', `could not leave the lost WebGL: ${messageOf(error)}`);
        });
      }
      const pending = this.pending;
      this.pending = undefined;
      if (pending) await this.load(pending);
    }
  }

  private async openRun(loaded: Loaded): Promise<string | undefined> {
    try {
      return (await this.options.host.startRun(loaded.spec, loaded.meta)).runId;
    } catch (error) {
      this.listeners.notice(this.words.notSaved(messageOf(error)), 'warning');
      return undefined;
    }
  }

  private endState(result: TrainResult | undefined, stopped = false): void {
    if (!result) {
      this.setState(stopped ? 'stopped' : 'ready');
      return;
    }
    if (result.status === 'failed') {
      this.setState('failed', this.jobs.lastFailure ?? result.message);
    } else if (result.status === 'stopped' || stopped) this.setState('stopped');
    else this.setState('done');
  }

  private setState(state: RuntimeState, detail?: string): void {
    this.current = state;
    const runId = this.jobs.active?.runId;
    const hostState = state === 'training' ? 'training' : state === 'paused' ? 'paused' : 'idle';
    this.options.host.status(hostState, hostState === 'idle' ? undefined : runId);
    this.listeners.tell((l) => l.state(state, detail));
  }
}
