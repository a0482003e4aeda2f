/**
 * Gated recurrent unit, PyTorch's convention (Keras' `reset_after=True`). Weight order r, z, n:
 *   r = σ(x·U_r + b_ir + h·W_r + b_hr)          reset gate
 *   z = σ(x·U_z + b_iz + h·W_z + b_hz)          update gate
 *   n = tanh(x·U_n + b_in + r ⊙ (h·W_n + b_hn)) candidate; b_hn must sit inside r ⊙ (…),
 *                                                hence the separate `recurrentBias`
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * No cell state: h_{t-1} itself is carried forward where z is near 1.
 */
import * as tf from '@tensorflow/tfjs';
import { BaseCell, splitGates, type CellShape } from './baseCell';
import type { CellState, CellWeights, StepResult } from './recurrentCell';

export class GruCell extends BaseCell {
  readonly kind = 'gru' as const;
  private readonly recurrentBias: tf.Variable;

  constructor(shape: CellShape, weights: CellWeights) {
    super(shape, weights);
    if (!weights.recurrentBias) throw new Error(`${shape.name}: a GRU needs a recurrentBias.`);
    this.recurrentBias = weights.recurrentBias;
  }

  step(projected: tf.Tensor2D, state: CellState): StepResult {
    const hPrev = state.h;
    const inner = tf.add<tf.Tensor2D>(
      tf.matMul(hPrev, this.weights.recurrentKernel),
      this.recurrentBias,
    );
    const [xr, xz, xn] = splitGates(projected, 3) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [hr, hz, hn] = splitGates(inner, 3) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const r = tf.sigmoid(tf.add<tf.Tensor2D>(xr, hr));
    const z = tf.sigmoid(tf.add<tf.Tensor2D>(xz, hz));
    const n = tf.tanh(tf.add<tf.Tensor2D>(xn, tf.mul<tf.Tensor2D>(r, hn)));
    // (1 − z) ⊙ n + z ⊙ h_{t−1}, written as n + z ⊙ (h_{t−1} − n): one kernel fewer.
    const h = tf.add<tf.Tensor2D>(n, tf.mul<tf.Tensor2D>(z, tf.sub<tf.Tensor2D>(hPrev, n)));
    return { state: { h }, gates: { r, z, n } };
  }
}
