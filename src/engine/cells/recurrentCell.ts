/**
 * One abstraction for every recurrent cell (the shape of tfjs-layers' `RNNCell`, but a cell here
 * hands back every gate of every step, which tf.layers hides).
 *
 * Weight layout (ours; converters to tf.layers and PyTorch live beside the cells):
 * - `kernel`          [inputSize, gateCount * hidden]   input weights U for all gates, gate-major
 * - `recurrentKernel` [hidden, gateCount * hidden]      recurrent weights W for all gates
 * - `bias`            [gateCount * hidden]              input-side bias b
 * - `recurrentBias`   [gateCount * hidden]              GRU only: PyTorch's b_hh (b_hn sits inside r ⊙ (…))
 * Gate order, block counts and activations per kind: `cellFacts.ts` (LSTM i, f, g, o, where
 * PyTorch and tf.layers agree; GRU r, z, n, PyTorch's order).
 *
 * The input projection x_t·U + b for all time steps is one matMul (`projectInputs`), so `step`
 * only does the recurrent part. These ops are the plain path and the reference; `runLayer` runs
 * the same cell through fused kernels by default (src/engine/fused).
 */
import type * as tf from '@tensorflow/tfjs';
import type { CellKind } from '../../spec/specSchema';
import type { GateName } from './cellFacts';

export type { GateName } from './cellFacts';

/** The nonlinearity of the state update: tanh, or relu for a plain RNN built with it. */
export type CellActivation = 'tanh' | 'relu';

export interface CellState {
  h: tf.Tensor2D;
  /** LSTM only. */
  c?: tf.Tensor2D;
}

export interface StepResult {
  state: CellState;
  /** Every gate's activation at this step, [batch, hidden] each (empty for `rnn`). */
  gates: Partial<Record<GateName, tf.Tensor2D>>;
}

export interface CellWeights {
  kernel: tf.Variable;
  recurrentKernel: tf.Variable;
  bias: tf.Variable;
  recurrentBias?: tf.Variable;
}

export interface RecurrentCell {
  readonly kind: CellKind;
  /** Prefix of this cell's variable names and random streams, e.g. `layer0`. */
  readonly name: string;
  readonly inputSize: number;
  readonly hidden: number;
  /** Gates in weight order; `rnn` has none (`CELL_FACTS[kind].gates`). */
  readonly gateNames: readonly GateName[];
  /** How many hidden-sized blocks the kernels hold (`CELL_FACTS[kind].blocks`). */
  readonly gateCount: number;
  /** The nonlinearity of the state update (`relu` only for an rnn built with it). */
  readonly activation: CellActivation;
  readonly weights: CellWeights;
  /**
   * x [batch, time, inputSize] -> x·U + b for every step: [batch, time, gateCount*hidden].
   * Row-wise, so a time-major [time, batch, inputSize] works too (`runLayer` relies on that).
   */
  projectInputs(x: tf.Tensor3D): tf.Tensor3D;
  /** One step of the recurrence from a projected input [batch, gateCount*hidden]. */
  step(projected: tf.Tensor2D, state: CellState): StepResult;
  zeroState(batch: number): CellState;
  /** Trainable numbers in this cell: independent of sequence length (weight sharing). */
  paramCount(): number;
  /** The weight variables, in `CellWeights` order (for an optimizer's var list). */
  variables(): tf.Variable[];
  /** Frees the weight variables (and their names, so a new cell may reuse them). */
  dispose(): void;
}
