/**
 * The plain (Elman) RNN: h_t = act(x_t·U + h_{t-1}·W + b). One state, no gates; the same U, W, b
 * at every step (weight sharing), which is why gradients through many steps vanish or explode.
 */
import * as tf from '@tensorflow/tfjs';
import { BaseCell, type CellShape } from './baseCell';
import type { CellActivation, CellState, CellWeights, StepResult } from './recurrentCell';

export type RnnActivation = CellActivation;

export class RnnCell extends BaseCell {
  readonly kind = 'rnn' as const;
  /** The nonlinearity; `relu` is unbounded, so its gradients can explode. */
  override readonly activation: RnnActivation;

  constructor(shape: CellShape & { activation: RnnActivation }, weights: CellWeights) {
    super(shape, weights);
    this.activation = shape.activation;
  }

  step(projected: tf.Tensor2D, state: CellState): StepResult {
    const pre = this.preActivation(projected, state.h);
    const h = this.activation === 'relu' ? tf.relu(pre) : tf.tanh(pre);
    return { state: { h }, gates: {} };
  }
}
