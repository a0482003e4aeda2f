/**
 * Truncated backpropagation through time (`train.tbptt` = k): where a layer's carried state stops
 * passing gradient back. The sequence of T steps is cut into blocks of k steps counted back from
 * the last step (the first block holds the rest, T mod k steps), and the gradient of the state
 * carried into each block's first step is cut. This is TBPTT(k, k) of Williams & Peng (1990), the
 * form PyTorch users write as `h = h.detach()` every k steps, except that the blocks end at the
 * last step, so a many-to-one loss reaches exactly the last k steps (aligned from the start it
 * would reach only T mod k of them). The forward pass is unchanged, the weights' gradients still
 * sum over every step of the batch, and there is one optimizer step per batch.
 *
 * With k ≥ T nothing is cut, and the same code runs as without truncation: the gradients are
 * those of full backpropagation through time, exactly.
 */
import * as tf from '@tensorflow/tfjs';

/** Whether the gradient of the state carried from step t − 1 into step t (0-based) is cut. */
export function cutsBefore(steps: number, tbptt: number | undefined, t: number): boolean {
  return tbptt !== undefined && t > 0 && t < steps && (steps - t) % tbptt === 0;
}

/** `x` itself forward, no gradient back (tfjs has no stopGradient op). */
export function stopGradient<R extends tf.Rank>(x: tf.Tensor<R>): tf.Tensor<R> {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    return { value: input.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return op(x) as tf.Tensor<R>;
}
