/**
 * Every message between the extension host and its webviews (the lab panel and the side-bar
 * training view): one discriminated union per direction. Messages are plain JSON (no class
 * instances, no `Uint8Array`: bytes travel as a `Payload`).
 *
 * Order of a session:
 * 1. the webview loads and posts `ready`; the host posts nothing before that (a webview that is
 *    still loading would drop it), then sends `init` and whatever it queued;
 * 2. the host posts commands (`loadSpec`, `train`, `inspect`, …); the webview posts what happens
 *    (`status`, `trainEvent`) and asks for what only the host can do (`startRun`,
 *    `saveCheckpoint`, `saveFile`), which the host answers with a `reply` of the same
 *    `requestId` (see `requests.ts`);
 * 3. when a webview reloads (a reload of the window, a restored panel) it posts `ready` again and
 *    the host starts over at 1.
 *
 * Shared by the host (`src/host`) and the webview pages (`webview/`), so: no `vscode`, no Node,
 * no DOM here.
 */
import type {
  BottleneckPoint,
  BottleneckResult,
  CompareResult,
  SweepExperiment,
} from '../engine/experiments';
import type { SweepRecord } from '../engine/sweepRecord';
import type { PointStatus, SweepResult } from '../engine/sweepResult';
import type { TrainEvent } from '../engine/trainEvents';
import type { Lang } from '../explain/termIds';
import type { Problem } from '../spec/problems';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { AttentionKind, BackendChoice, CellKind } from '../spec/specSchema';
import type { SweepPlan } from '../spec/sweepGrid';
import type { SweepValue } from '../spec/sweepSchema';
import type { LoadedData } from '../tasks/loadedData';
import type { Payload } from './payload';

/** Bumped when a message changes shape; a webview built for another version says so. */
export const PROTOCOL_VERSION = 1;

export type ViewKind = 'lab' | 'sidebar';

// ---------------------------------------------------------------------------------------------
// Shared shapes

/** A spec as the host read it: its text, the validator's problems and, when valid, the data. */
export interface SpecSnapshot {
  /** The spec file's URI as a string (`file:///…`); the webview only echoes it back. */
  uri: string;
  /** File name for titles, e.g. `reverse.rnnlab.json`. */
  fileName: string;
  text: string;
  /** Every problem of the validator and of the data checks, with 1-based line and column. */
  problems: Problem[];
  /** Present when the spec has no error. */
  spec?: ResolvedSpec;
  /** The spec's `sweep` (its axes, seeds and the spec as written), when it has one and no error. */
  sweep?: SweepPlan;
  /** What `task.file` held; present when the data could be read (trusted workspaces only). */
  data?: LoadedData;
  /** False in an untrusted workspace: the data files were not read, and training is off. */
  dataLoaded: boolean;
}

export type RunStatus = 'running' | 'done' | 'stopped' | 'failed' | 'interrupted';

/** One run of the workspace, as the side bar lists it. */
export interface RunSummary {
  /** The run's folder name, unique within the runs folder. */
  id: string;
  /** `spec.name` of the run. */
  name: string;
  /** Workspace-relative folder, for people. */
  folder: string;
  /** ISO time of the `start` event. */
  started?: string;
  status: RunStatus;
  /** Last complete epoch, and the epochs the run was asked for. */
  epoch?: number;
  epochs?: number;
  trainLoss?: number;
  testLoss?: number;
  accuracy?: number;
  hasCheckpoint: boolean;
  /** What was trained, from the run's own `spec.json` (a compare run's cell, not the spec's). */
  model?: RunModel;
  /**
   * Why the run exists when it is not a plain Train: `compare-gru`, `bottleneck-none`,
   * `sweep-3` (the part of its folder name between the spec name and the time stamp).
   */
  purpose?: string;
}

/** The model facts a run's label names. */
export interface RunModel {
  cell: string;
  architecture: string;
  hidden: number;
  /** Seq2Seq only. */
  attention?: string;
}

/** A run loaded from the run store, for the lab to show (and to continue training). */
export interface RunSnapshot {
  summary: RunSummary;
  spec: ResolvedSpec;
  /** `dataset.json` (the engine's `DatasetMeta`), when the run has one. */
  dataset?: unknown;
  /** Every event of `metrics.jsonl`. */
  events: TrainEvent[];
  /** The checkpoint: `weights.json` as parsed JSON and `weights.bin`. */
  weights?: { manifest: unknown; data: Payload };
}

/** One file of a run's checkpoint, written by the host (see `SaveCheckpointMessage`). */
export interface RunFilePayload {
  /** `weights-<hash>.bin` (the data file `weights.json` names), `weights.json` or `dataset.json`. */
  name: string;
  payload: Payload;
}

/** Which gate of which layer to bring into view. */
export interface GateFocus {
  /** The engine's layer label: `layer 1`, `encoder 2`, `decoder 1`. */
  layer: string;
  /** Gate letter: i f g o (LSTM), r z n (GRU). */
  gate: string;
}

export type { BottleneckPoint, BottleneckResult, CompareResult };

/** One sweep of the workspace, as the side bar lists it: one entry with its points. */
export interface SweepSummary {
  /** The sweep's folder name, unique within the runs folder. */
  id: string;
  /** `spec.name` of the spec swept. */
  name: string;
  /** Workspace-relative folder, for people. */
  folder: string;
  started?: string;
  /** `interrupted`: the record says running, but nobody writes it any more. */
  status: 'running' | 'done' | 'stopped' | 'interrupted';
  /** Trainings planned (points × seeds) and those that ended. */
  planned: number;
  finished: number;
  /** The swept fields. */
  axes: string[];
  /** A Compare or Bottleneck experiment saved as this sweep (absent: the spec's own sweep). */
  experiment?: SweepExperiment;
  points: {
    index: number;
    /** `task.lag=50, model.cell=rnn, train.seed=1`. */
    label: string;
    /** The same as values (the side bar names them in its language). */
    point?: Record<string, SweepValue>;
    status: PointStatus;
    runId?: string;
    accuracy?: number;
    loss?: number;
  }[];
}

/** A sweep read from the run store, for the lab to show again. */
export interface SavedSweep {
  id: string;
  folder: string;
  record: SweepRecord;
  /**
   * A saved Compare: each point run's epoch, reach and end events by run id, read from the run
   * folders (sweep.json keeps final numbers only), so its curves are drawn again.
   */
  runEvents?: Record<string, TrainEvent[]>;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** `rnnLab.backend`. */
export type BackendSetting = BackendChoice;

export type Reply =
  | { type: 'reply'; requestId: number; ok: true; value?: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Host → webview

export interface InitMessage {
  type: 'init';
  protocol: number;
  view: ViewKind;
  /** Language for the page's words (the explanation language setting, resolved). */
  lang: Lang;
  /** `rnnLab.backend`. */
  backend: BackendSetting;
  /** Workspace trust: when false the page explains but never trains. */
  trusted: boolean;
}

export interface LoadSpecMessage {
  type: 'loadSpec';
  snapshot: SpecSnapshot;
}

/** Train the loaded spec (the webview then asks for a run with `startRun`). */
export interface TrainMessage {
  type: 'train';
  /** Continue from a run's checkpoint instead of starting from new weights. */
  continueRun?: string;
}

export interface ControlMessage {
  type: 'stop' | 'pause' | 'resume' | 'reset';
}

export interface SetLearningRateMessage {
  type: 'setLearningRate';
  value: number;
}

export interface SetTeacherForcingMessage {
  type: 'setTeacherForcing';
  /** Probability 0…1 of feeding the decoder the true previous token. */
  value: number;
}

/** Show the step-by-step inspector on this input (already checked against the vocabulary). */
export interface InspectMessage {
  type: 'inspect';
  input: string;
}

/** Train RNN, LSTM and GRU on the loaded spec and reply with a `CompareResult` when done. */
export interface CompareMessage {
  type: 'compare';
  requestId: number;
  cells: CellKind[];
}

/**
 * Train Seq2Seq without and with attention and reply with accuracy against input length
 * (`BottleneckResult`) when done.
 */
export interface BottleneckMessage {
  type: 'bottleneck';
  requestId: number;
  attentions: AttentionKind[];
}

/**
 * Train every point of the loaded spec's `sweep` (each point a run of its own, the sweep's record
 * saved with `saveSweep` as it goes) and reply with the finished record.
 */
export interface SweepMessage {
  type: 'sweep';
  requestId: number;
}

/** Show a saved sweep in its view (Compare, Bottleneck or Sweep). */
export interface ShowSweepMessage {
  type: 'showSweep';
  sweep: SavedSweep;
  /** Fill the view without switching to its tab (a Compare cell's run was opened). */
  keepTab?: boolean;
}

export interface ShowGateMessage {
  type: 'showGate';
  focus: GateFocus;
  runId?: string;
}

export interface LoadRunMessage {
  type: 'loadRun';
  run: RunSnapshot;
}

/** PyTorch weights (the engine's `TorchWeightsFile`, already validated by the host). */
export interface ImportTorchMessage {
  type: 'importTorch';
  fileName: string;
  weights: unknown;
}

/** The side bar's run list. */
export interface RunsMessage {
  type: 'runs';
  runs: RunSummary[];
  /** The sweeps, newest first; their points' runs are listed under them, not in `runs`. */
  sweeps?: SweepSummary[];
  activeRunId?: string;
}

/** A training event of the lab, mirrored to the side bar for its live curves. */
export interface HostTrainEventMessage {
  type: 'trainEvent';
  runId: string;
  event: TrainEvent;
}

export type HostToWebview =
  | InitMessage
  | LoadSpecMessage
  | TrainMessage
  | ControlMessage
  | SetLearningRateMessage
  | SetTeacherForcingMessage
  | InspectMessage
  | CompareMessage
  | BottleneckMessage
  | SweepMessage
  | ShowSweepMessage
  | ShowGateMessage
  | LoadRunMessage
  | ImportTorchMessage
  | RunsMessage
  | HostTrainEventMessage
  | Reply;

/** What the webview answers to each host request. */
export interface HostRequestReplies {
  compare: CompareResult;
  bottleneck: BottleneckResult;
  sweep: SweepResult;
}

// ---------------------------------------------------------------------------------------------
// Webview → host

export interface ReadyMessage {
  type: 'ready';
  view: ViewKind;
  protocol: number;
}

/** A training run begins: the host creates its folder, writes `spec.json`, replies `StartedRun`. */
export interface StartRunMessage {
  type: 'startRun';
  requestId: number;
  spec: ResolvedSpec;
  /** `dataset.json` (the engine's `DatasetMeta`), written with the spec. */
  dataset?: unknown;
  /** What the run is for, in its folder name: `compare-gru`, `bottleneck-dot`. */
  purpose?: string;
}

export interface StartedRun {
  runId: string;
  /** Workspace-relative folder, for messages. */
  folder: string;
}

/** One engine event; the host appends it to the run's `metrics.jsonl` as it arrives. */
export interface TrainEventMessage {
  type: 'trainEvent';
  runId: string;
  event: TrainEvent;
}

/**
 * A checkpoint's files. The host checks them (only these names; the data file is the one the
 * manifest names, with its size and checksum) and writes them as one atomic step: the data file,
 * then `weights.json` (src/engine/checkpointFormat.ts). Refused in an untrusted workspace.
 */
export interface SaveCheckpointMessage {
  type: 'saveCheckpoint';
  requestId: number;
  runId: string;
  files: RunFilePayload[];
}

/** A blob the user exports (a chart as PNG, a table as CSV, states as JSON). */
export interface SaveFileMessage {
  type: 'saveFile';
  requestId: number;
  /** A file name to propose, e.g. `gates-layer1.png`. */
  suggestedName: string;
  kind: 'png' | 'csv' | 'json';
  payload: Payload;
}

/** Reply of `saveFile`: where it went, or undefined when the user cancelled. */
export interface SavedFile {
  saved?: string;
}

/**
 * A sweep's record so far (after its start and after every point), written by the host as
 * `sweep.json` in one atomic step. Without `sweepId` the host makes the sweep's folder first.
 */
export interface SaveSweepMessage {
  type: 'saveSweep';
  requestId: number;
  sweepId?: string;
  record: SweepRecord;
}

export interface SavedSweepReply {
  sweepId: string;
  /** Workspace-relative folder, for messages. */
  folder: string;
}

/** Put the cursor on a problem of the spec (1-based, as `Problem` has them). */
export interface RevealProblemMessage {
  type: 'revealProblem';
  uri: string;
  line: number;
  column: number;
  length?: number;
}

export interface LogMessage {
  type: 'log';
  level: LogLevel;
  message: string;
}

/** What the lab is doing, for the status bar and the `Stop Run` command. */
export interface StatusMessage {
  type: 'status';
  state: 'idle' | 'training' | 'paused';
  runId?: string;
}

/** The side bar asks the host to open the lab on a run. */
export interface OpenRunMessage {
  type: 'openRun';
  runId: string;
}

/** The side bar asks the host to show a saved sweep in the lab. */
export interface OpenSweepMessage {
  type: 'openSweep';
  sweepId: string;
}

export type WebviewToHost =
  | ReadyMessage
  | StartRunMessage
  | TrainEventMessage
  | SaveCheckpointMessage
  | SaveFileMessage
  | RevealProblemMessage
  | LogMessage
  | StatusMessage
  | OpenRunMessage
  | OpenSweepMessage
  | SaveSweepMessage
  | Reply;

/** What the host answers to each webview request. */
export interface WebviewRequestReplies {
  startRun: StartedRun;
  saveCheckpoint: { written: string[] };
  saveFile: SavedFile;
  saveSweep: SavedSweepReply;
}
