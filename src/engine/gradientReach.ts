/**
 * Gradient reach: how much of the loss's gradient arrives at each earlier step, the measure behind
 * "vanishing" and "exploding" gradients. For a batch, ‖∂L/∂h_t‖ (norm over units per sample, then
 * the batch mean) at every step t of the first recurrent layer, divided by its value at the last
 * step T: reach[d] is what is left d = T − t steps back. Normalising by the last step keeps the
 * curve from mirroring the loss (a trained model's small loss makes every raw norm small), so an
 * untrained and a trained model, or three cells, can share one log axis.
 */
import * as tf from '@tensorflow/tfjs';
import type { Sample } from './encoderRun';
import { forward, makeProbes } from './forward';
import type { SeqModel } from './seqModel';

export interface GradientReach {
  /** reach[d] = ‖∂L/∂h_{T−d}‖ / ‖∂L/∂h_T‖, d = 0 … T − 1; reach[0] = 1. */
  reach: number[];
  /**
   * The factor the gradient is multiplied by per step back: exp of the least-squares slope of
   * ln reach against d (over the distances with a positive, finite reach). Below 1 it vanishes
   * (0.5: halves every step), above 1 it explodes.
   */
  decayPerStep: number;
}

/** The reach of the loss on `samples` into the first recurrent layer, without changing weights. */
export function gradientReach(model: SeqModel, samples: readonly Sample[]): GradientReach {
  const norms = tf.tidy(() => {
    const probes = makeProbes(model, samples);
    const first = probes[0] ?? [];
    const { grads } = tf
      .engine()
      .gradients(() => forward(model, samples, { probes }).loss, first, undefined, true);
    const perStep = first.map((p, t) => grads[t] ?? tf.zerosLike(p));
    return tf.mean(tf.sqrt(tf.sum(tf.square(tf.stack(perStep)), 2)), 1).dataSync();
  });
  const last = norms[norms.length - 1] ?? 0;
  const reach = Array.from(norms)
    .reverse()
    .map((n) => (last > 0 ? n / last : 0));
  return { reach, decayPerStep: decayPerStep(reach) };
}

/** exp(slope) of the least-squares line through (d, ln reach[d]). */
export function decayPerStep(reach: readonly number[]): number {
  const points = reach
    .map((r, d) => [d, Math.log(r)] as const)
    .filter(([, y]) => Number.isFinite(y));
  if (points.length < 2) return NaN;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return Math.exp(sxy / sxx);
}
