/**
 * Long short-term memory. Gates (weight order i, f, g, o, as in PyTorch and tf.layers):
 *   i = σ(·) input gate, f = σ(·) forget gate, g = tanh(·) candidate, o = σ(·) output gate
 *   c_t = f ⊙ c_{t-1} + i ⊙ g      (the additive path that lets gradients survive long spans)
 *   h_t = o ⊙ tanh(c_t)
 */
import * as tf from '@tensorflow/tfjs';
import { BaseCell, splitGates } from './baseCell';
import type { CellState, StepResult } from './recurrentCell';

export class LstmCell extends BaseCell {
  readonly kind = 'lstm' as const;

  step(projected: tf.Tensor2D, state: CellState): StepResult {
    if (!state.c) throw new Error(`${this.name}: an LSTM step needs the cell state c.`);
    const z = this.preActivation(projected, state.h);
    const [zi, zf, zg, zo] = splitGates(z, 4) as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor2D,
    ];
    const i = tf.sigmoid(zi);
    const f = tf.sigmoid(zf);
    const g = tf.tanh(zg);
    const o = tf.sigmoid(zo);
    const c = tf.add<tf.Tensor2D>(tf.mul<tf.Tensor2D>(f, state.c), tf.mul<tf.Tensor2D>(i, g));
    const h = tf.mul<tf.Tensor2D>(o, tf.tanh(c));
    return { state: { h, c }, gates: { i, f, g, o } };
  }
}
