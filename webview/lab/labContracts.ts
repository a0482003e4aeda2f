/**
 * The two halves of the lab page and how they meet. `LabRuntime` (webview/lab/runtime/) trains
 * and inspects with the engine on the page's TensorFlow.js backend; `LabViews`
 * (webview/lab/views/) draws what the user sees. `main.ts` wires them to each other and to the
 * host through the typed protocol (src/protocol). Free of the DOM's types: the runtime's unit
 * tests run in Node.
 */
import type { Inspection } from '../../src/engine/inspectSequence';
import type { SweepEvent } from '../../src/engine/sweep';
import type { SweepResult } from '../../src/engine/sweepResult';
import type { TrainEvent } from '../../src/engine/trainEvents';
import type { Lang } from '../../src/explain/termIds';
import type {
  BottleneckResult,
  CompareResult,
  GateFocus,
  RunSnapshot,
  SavedSweep,
  SpecSnapshot,
  RunSummary,
} from '../../src/protocol/messages';
import type { Problem } from '../../src/spec/problems';
import type { ResolvedSpec } from '../../src/spec/resolveSpec';
import type { AttentionKind, BackendChoice, CellKind } from '../../src/spec/specSchema';
import type { SweepValue } from '../../src/spec/sweepSchema';

/** The backend that trains, and why it was chosen: always shown to the user. */
export interface BackendInfo {
  name: 'webgl' | 'wasm' | 'cpu';
  /** The GPU renderer string (WEBGL_debug_renderer_info), or '' when there is no WebGL. */
  renderer: string;
  /** SwiftShader, llvmpipe and the like: a CPU pretending to be a GPU. */
  softwareRenderer: boolean;
  /** One sentence: e.g. "WebGL runs on a software renderer (SwiftShader), WASM is faster here". */
  reason: string;
}

export type RuntimeState =
  'empty' | 'ready' | 'training' | 'paused' | 'done' | 'stopped' | 'failed';

/** The experiments of the lab: each a sweep of the engine. */
export type ExperimentKind = 'compare' | 'bottleneck' | 'sweep';

/** Which run an engine event belongs to: the lab's own, or a point of an experiment. */
export interface VariantTag {
  experiment: 'train' | ExperimentKind;
  /**
   * `lstm`, `gru`, `rnn` for compare; `none`, `additive`, `dot` for bottleneck; the point's values
   * (`task.lag=50, train.seed=1`) for a sweep; '' for the lab's own run.
   */
  variant: string;
  /** An experiment's point: its index in the sweep and its values (each axis, `train.seed`). */
  point?: { index: number; values: Record<string, SweepValue> };
}

export interface RuntimeListener {
  /** Every engine event of every run, tagged with the run it belongs to. */
  trainEvent(event: TrainEvent, tag: VariantTag): void;
  /**
   * An experiment's sweep: its points, each point's start and result, the whole record. (Each
   * point's training events come through `trainEvent`, tagged with the point.)
   */
  sweepEvent?(event: SweepEvent, experiment: ExperimentKind): void;
  state(state: RuntimeState, detail?: string): void;
  backend(info: BackendInfo): void;
  /** Things the user must know, e.g. "WebGL context lost: continuing on WASM from epoch 3". */
  notice(message: string, level: 'info' | 'warning' | 'error'): void;
}

export interface LabRuntime {
  readonly backendInfo: BackendInfo | undefined;
  readonly state: RuntimeState;
  /** Whether a training, compare, bottleneck or sweep call is running. */
  readonly isBusy: boolean;
  /** The loaded spec (or run spec), if any. */
  readonly spec: ResolvedSpec | undefined;
  /** The explanation language of the runtime's sentences. */
  setLang(lang: Lang): void;
  /** Workspace trust: an untrusted workspace explains (inspects) but never trains. */
  setTrusted(trusted: boolean): void;
  /**
   * Picks the backend (`auto`: WebGL on a hardware renderer, WASM on a software one); `source`
   * names where the choice came from (`rnnLab.backend`, `train.backend`), for the reason shown.
   */
  start(choice: BackendChoice, source?: string): Promise<BackendInfo>;
  /** A valid snapshot (snapshot.spec present) builds the dataset and a fresh model. */
  load(snapshot: SpecSnapshot): Promise<void>;
  /** A run from the host's run store: its spec, events and checkpoint (to inspect or continue). */
  loadRun(run: RunSnapshot): Promise<void>;
  train(options?: { continueRun?: string }): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  /** New weights from the seed; the curves start over. */
  reset(): Promise<void>;
  setLearningRate(value: number): void;
  setTeacherForcing(value: number): void;
  /** Step-by-step states of the current model on this input (symbols or "0.1, 0.2, …"). */
  inspect(input: string): Promise<Inspection>;
  /** Inputs and targets of the first test samples, for the inspector's sample picker. */
  testSamples(count: number): { input: string; target: string }[];
  /** PyTorch weights: inspect only. Returns the first inspection (of an example input). */
  importTorch(fileName: string, weights: unknown): { inspection: Inspection; input: string };
  compare(cells: CellKind[]): Promise<CompareResult>;
  bottleneck(attentions: AttentionKind[]): Promise<BottleneckResult>;
  /** The loaded spec's `sweep`, every point a run of its own. */
  sweep(): Promise<SweepResult>;
  subscribe(listener: RuntimeListener): () => void;
}

/** What the views ask of the page (main.ts routes these to the runtime or the host). */
export interface LabActions {
  train(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  reset(): void;
  setLearningRate(value: number): void;
  setTeacherForcing(value: number): void;
  inspect(input: string): void;
  revealProblem(problem: Problem): void;
  /** Export a chart or table: main.ts posts `saveFile` to the host (downloads do not work in webviews). */
  saveFile(suggestedName: string, kind: 'png' | 'csv' | 'json', data: Uint8Array | string): void;
}

export interface LabViews {
  /** The spec the lab is about: its problems (error state with jump-to-line) or its summary. */
  showSpec(snapshot: SpecSnapshot): void;
  showBackend(info: BackendInfo): void;
  /** A run opened from the side bar (its own model and purpose in the header); undefined: none. */
  showRun(run: { summary: RunSummary; spec: ResolvedSpec } | undefined): void;
  /** TensorFlow.js' memory now: live tensors and their bytes on the backend. */
  showMemory(memory: { tensors: number; bytes: number }): void;
  showState(state: RuntimeState, detail?: string): void;
  showNotice(message: string, level: 'info' | 'warning' | 'error'): void;
  trainEvent(event: TrainEvent, tag: VariantTag): void;
  /**
   * Draw an inspection. `asked`: the user asked for it (an Inspect command, a new input, an
   * import), so the Inspector tab opens; otherwise (the page's first look, the refresh after an
   * epoch) the tab only gets its dot, and the user stays where they are.
   */
  showInspection(inspection: Inspection, asked: boolean): void;
  /** Offer these test samples in the inspector. */
  showTestSamples(samples: { input: string; target: string }[]): void;
  showCompare(result: CompareResult): void;
  showBottleneck(result: BottleneckResult): void;
  /** The spec's sweep as it trains (its start, each point's start and result, its end). */
  sweepEvent(event: SweepEvent): void;
  /** A sweep saved in the run store, shown again in the Sweep view. */
  /** `keepTab`: fill the sweep's view without switching to it. */
  showSweep(sweep: SavedSweep, keepTab?: boolean): void;
  focusGate(focus: GateFocus): void;
  /** Forget curves and inspections (a new run or a reset). */
  clear(): void;
}
