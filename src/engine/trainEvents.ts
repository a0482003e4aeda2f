/**
 * What a training run reports, as one discriminated union of plain JSON objects: the same events
 * are appended to a run folder's `metrics.jsonl`, posted to webviews and printed by the CLI, so
 * they carry numbers and strings only, never tensors. (A non-finite loss ends training with a
 * `failed` event, so metrics are finite numbers.)
 */

/** Trainable numbers per part of the model; independent of sequence length (weight sharing). */
export interface ParamCounts {
  /** In model order: `embedding`, `layer 1`…, or `encoder …`/`decoder …`, `attention`, `head`. */
  parts: { name: string; count: number }[];
  total: number;
}

/** Activation statistics of one gate of one layer, over a fixed sample of test inputs. */
export interface GateStat {
  /** Layer label, e.g. `layer 1`, `encoder 1`, `decoder 2`. */
  layer: string;
  /** Gate letter as the cells name them: i f g o (LSTM), r z n (GRU). */
  gate: string;
  mean: number;
  /** Fraction of activations below 0.1 (a gate that is mostly shut). */
  below01: number;
  /** Fraction of activations above 0.9 (a gate that is mostly open). */
  above09: number;
}

/** Per-time-step gradient norms of one recurrent layer. */
export interface LayerGradient {
  /** Layer label, as in `GateStat.layer`. */
  layer: string;
  /**
   * ‖∂L/∂h_t‖ for t = 1…T, the norm over units of each sample's row, averaged over the batch, where
   * L is the batch's training loss. Small early values are vanishing gradients made visible.
   */
  norms: number[];
}

export interface StartEvent {
  type: 'start';
  /** `spec.name`. */
  spec: string;
  /** The TensorFlow.js backend that trains: `cpu`, `wasm`, `webgl`. */
  backend: string;
  params: ParamCounts;
  trainSamples: number;
  testSamples: number;
  batchesPerEpoch: number;
  /** Epochs this call trains: `firstEpoch` … `firstEpoch + epochs - 1`. */
  epochs: number;
  firstEpoch: number;
  /** ISO time stamp. */
  time: string;
  /**
   * `train.tbptt` where training truncates (not seq2seq): the gradient of each batch reaches its
   * last `tbptt` steps only, so the `gradients` events' norms are zero farther back.
   */
  tbptt?: number;
}

export interface BatchEvent {
  type: 'batch';
  /** 1-based. */
  epoch: number;
  /** 1-based within the epoch. */
  batch: number;
  batches: number;
  /** This batch's training loss. */
  loss: number;
  /** Mean training loss of the epoch so far. */
  meanLoss: number;
  /** Optimizer steps (batches) per second, over the epoch so far. */
  stepsPerSecond: number;
}

export interface GradientsEvent {
  type: 'gradients';
  epoch: number;
  batch: number;
  /** Every recurrent layer (Seq2Seq: encoder layers, then decoder layers over decoder steps). */
  layers: LayerGradient[];
  /** Norm of each weight's gradient before clipping, by the model's weight names. */
  weights: { name: string; norm: number }[];
  /** Global norm over all gradients before clipping (what `clipNorm` compares against). */
  globalNorm: number;
}

/**
 * Gradient reach (engine/gradientReach.ts) of the first recurrent layer on a fixed batch of test
 * inputs: how much of the loss's gradient is left d steps back from the last step, so that the
 * untrained and the trained model, or several cells, can be laid over one another.
 */
export interface ReachEvent {
  type: 'reach';
  /** `init`: the weights training begins from (epoch 0); `trained`: after the last epoch. */
  when: 'init' | 'trained';
  /** The epoch whose weights were measured (0 for `init`). */
  epoch: number;
  /** Layer label of the measured layer (`layer 1`, `encoder 1`). */
  layer: string;
  /** reach[d] = ‖∂L/∂h_{T−d}‖ / ‖∂L/∂h_T‖, d = 0 … T − 1 (reach[0] = 1). */
  reach: number[];
  /** The fitted factor per step back (below 1: fading); null where no line could be fitted. */
  decayPerStep: number | null;
  /** Samples in the measured batch (all of one input length). */
  samples: number;
  /**
   * `train.tbptt` when it is shorter than the measured sequence: training's gradient stops
   * `tbptt` − 1 steps back, while `reach` is full backpropagation through the weights.
   */
  tbptt?: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  /** Last epoch this call trains. */
  lastEpoch: number;
  trainLoss: number;
  testLoss: number;
  /** Symbol tasks: fraction of correct tokens on the test split (Seq2Seq: greedy decoding). */
  accuracy?: number;
  /** Symbol tasks: fraction of test sequences entirely right (Seq2Seq: greedy, exact match). */
  sequenceAccuracy?: number;
  /** Real-valued tasks: mean squared error on the test split. */
  mse?: number;
  /** Forecasts of several steps ahead: the test mse of each step ahead (1, 2, … horizon). */
  mseByHorizon?: number[];
  gates: GateStat[];
  learningRate: number;
  teacherForcing: number;
  /** Seconds this epoch took, validation included. */
  seconds: number;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  epoch: number;
  /** Files written to the run store. */
  files: string[];
}

/** Test-split metrics of the final model. */
export interface FinalMetrics {
  loss: number;
  accuracy?: number;
  sequenceAccuracy?: number;
  mse?: number;
  /** Forecasts of several steps ahead: the mse of each step ahead. */
  mseByHorizon?: number[];
}

export interface DoneEvent {
  type: 'done';
  /** Last epoch trained. */
  epoch: number;
  metrics: FinalMetrics;
  seconds: number;
  /**
   * With `task.testLength`: the input lengths the model trained on, and its test accuracy at each
   * test length (many of them longer than any it trained on).
   */
  lengths?: LengthGeneralisation;
}

/** Accuracy by input length on a test split whose lengths differ from the training ones. */
export interface LengthGeneralisation {
  /** Shortest and longest training input. */
  trained: [number, number];
  byLength: {
    length: number;
    samples: number;
    accuracy: number;
    sequenceAccuracy?: number;
  }[];
}

export interface StoppedEvent {
  type: 'stopped';
  /** Epoch during which the stop came; epochs before it are complete (and checkpointed). */
  epoch: number;
  /** Batches of that epoch that were trained. */
  batch: number;
  /** Metrics of the last complete epoch, when there was one. */
  metrics?: FinalMetrics;
  seconds: number;
}

/**
 * Why a run failed: `diverged`, a loss or gradient that became NaN or infinite (the model's own
 * doing: the message says which setting to change); `error`, the engine or its backend threw;
 * `backend`, the lab's WebGL failed and no other backend could take over.
 */
export type FailureReason = 'diverged' | 'error' | 'backend';

export interface FailedEvent {
  type: 'failed';
  epoch: number;
  batch: number;
  /** What kind of failure: what the lab and the CLI decide on (never the message's words). */
  reason: FailureReason;
  /** A sentence for people: what happened, where, and what to try. */
  message: string;
  seconds: number;
}

export type TrainEvent =
  | StartEvent
  | BatchEvent
  | GradientsEvent
  | ReachEvent
  | EpochEvent
  | CheckpointEvent
  | DoneEvent
  | StoppedEvent
  | FailedEvent;

export type TrainEventType = TrainEvent['type'];
