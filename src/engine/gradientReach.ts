/**
 * Gradient reach: how much of the loss's gradient arrives at each earlier step, the measure behind
 * "vanishing" and "exploding" gradients. For a batch, ‖∂L/∂h_t‖ (norm over units per sample, then
 * the batch mean) at every step t of the first recurrent layer, divided by its value at the last
 * step T: reach[d] is what is left d = T − t steps back. Normalising by the last step keeps the
 * curve from mirroring the loss (a trained model's small loss makes every raw norm small), so an
 * untrained and a trained model, or three cells, can share one log axis.
 *
 * With `train.tbptt` = k, training's gradient is zero beyond k − 1 steps back by construction, which
 * says nothing about the weights. So the reach is measured with full backpropagation through time
 * (`fullBackprop`): what these weights would carry back. The event records k, the view draws the
 * cut at it, and the verdict beyond it is `truncated`, never `vanishing`. The gradient heatmap
 * shows training's own gradient (zero past the cut) and gets the same `truncated` verdict.
 */
import * as tf from '@tensorflow/tfjs';
import type { Sample } from './encoderRun';
import type { ReachEvent } from './trainEvents';
import { forward, makeProbes, trainingCut } from './forward';
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

/**
 * The reach of the loss on `samples` into the first recurrent layer, without changing weights:
 * under full backpropagation through time (default), or with training's own `train.tbptt` cut
 * (`{ truncated: true }`).
 */
export function gradientReach(
  model: SeqModel,
  samples: readonly Sample[],
  options: { truncated?: boolean } = {},
): GradientReach {
  const fullBackprop = !options.truncated;
  const norms = tf.tidy(() => {
    const probes = makeProbes(model, samples);
    const first = probes[0] ?? [];
    const { grads } = tf
      .engine()
      .gradients(
        () => forward(model, samples, { probes, fullBackprop }).loss,
        first,
        undefined,
        true,
      );
    const perStep = first.map((p, t) => grads[t] ?? tf.zerosLike(p));
    return tf.mean(tf.sqrt(tf.sum(tf.square(tf.stack(perStep)), 2)), 1).dataSync();
  });
  const reach = reachOfNorms(Array.from(norms));
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

/**
 * The batch a run's reach is measured on: up to `count` test samples of one input length (a batch
 * shares one length), the most common length among the first test samples, the longer on a tie
 * (the longer the sequence, the farther back the curve reaches).
 */
export function reachSamples(test: readonly Sample[], count = 32): Sample[] {
  if (count <= 0 || test.length === 0) return [];
  const byLength = new Map<number, Sample[]>();
  for (const s of test.slice(0, Math.max(count * 4, 64))) {
    const group = byLength.get(s.input.length) ?? [];
    group.push(s);
    byLength.set(s.input.length, group);
  }
  let best: Sample[] = [];
  for (const [length, group] of byLength) {
    const bestLength = best[0]?.input.length ?? -1;
    if (group.length > best.length || (group.length === best.length && length > bestLength)) {
      best = group;
    }
  }
  // A curve needs at least two steps.
  return (best[0]?.input.length ?? 0) >= 2 ? best.slice(0, count) : [];
}

/** The `reach` event of `model` on `samples` (none for an empty batch). */
export function reachEvent(
  model: SeqModel,
  samples: readonly Sample[],
  when: ReachEvent['when'],
  epoch: number,
): ReachEvent | undefined {
  const layer = model.layers[0];
  if (!layer || samples.length === 0) return undefined;
  const { reach, decayPerStep } = gradientReach(model, samples);
  const tbptt = trainingCut(model);
  return {
    type: 'reach',
    when,
    epoch,
    layer: layer.label,
    reach: reach.map((r) => (Number.isFinite(r) ? r : 0)),
    decayPerStep: Number.isFinite(decayPerStep) ? decayPerStep : null,
    samples: samples.length,
    ...(tbptt !== undefined && tbptt < reach.length ? { tbptt } : {}),
  };
}

/**
 * What a reach curve says, in one word: how much of the last step's gradient arrives at the
 * farthest step. Decided on the normalised measure (never on raw norms, which mostly follow the
 * loss): below 5 % `vanishing`, below half `fading`, up to twice `steady` (a similar size), up to
 * 20 times `growing`, beyond that `exploding`. `truncated`: training cuts the gradient
 * (`train.tbptt`) before the farthest step, so nothing arrives there by design.
 */
export type ReachKind = 'vanishing' | 'fading' | 'steady' | 'growing' | 'exploding' | 'truncated';

/** The measured sizes, without `truncated`. */
export type SizeKind = Exclude<ReachKind, 'truncated'>;

/** How `train.tbptt` = `steps` cuts a curve that reaches farther back than `steps` − 1. */
export interface ReachCut {
  steps: number;
  /**
   * What the curve is: `full`, full backpropagation through the weights (the reach view; the
   * values past the cut are what the weights would carry back), or `training`, training's own
   * gradient (the heatmap; zero past the cut).
   */
  measure: 'full' | 'training';
  /**
   * The last distance training's gradient reaches (steps − 1), what arrives there, and its size
   * word; absent when that is the last step itself (tbptt 1).
   */
  within?: { distance: number; reach: number; kind: SizeKind };
}

export interface ReachVerdict {
  kind: ReachKind;
  /** Set when `kind` is `truncated`. */
  cut?: ReachCut;
  /** reach at the farthest distance: the first step's gradient over the last step's. */
  farthest: number;
  /** That distance, T − 1. */
  distance: number;
  /**
   * The run learned the task anyway (test accuracy at or above `LEARNED_ACCURACY`) while the
   * gradient vanished: what arrived was enough, and the words must not warn of a failure that did
   * not happen.
   */
  learnedAnyway: boolean;
}

/** Test accuracy at which a run counts as having learned its task, for `ReachVerdict`. */
export const LEARNED_ACCURACY = 0.9;

const REACH_LIMITS: readonly [SizeKind, number][] = [
  ['vanishing', 0.05],
  ['fading', 0.5],
  ['steady', 2],
  ['growing', 20],
];

const sizeKind = (reach: number): SizeKind =>
  REACH_LIMITS.find(([, limit]) => reach < limit)?.[0] ?? 'exploding';

/**
 * The verdict on `reach` (reach[d], d = 0 … T − 1); `accuracy` of the model measured, if known;
 * `tbptt`, the cut training's gradient has and what the curve measures (see `ReachCut`). A cut
 * short of the farthest step makes the verdict `truncated`.
 */
export function reachVerdict(
  reach: readonly number[],
  accuracy?: number,
  tbptt?: { steps: number; measure: ReachCut['measure'] },
): ReachVerdict | undefined {
  const distance = reach.length - 1;
  const farthest = reach[distance];
  if (distance < 1 || farthest === undefined || !Number.isFinite(farthest)) return undefined;
  if (tbptt && tbptt.steps <= distance) {
    const last = tbptt.steps - 1;
    const atCut = reach[last];
    const within =
      last >= 1 && atCut !== undefined && Number.isFinite(atCut)
        ? { distance: last, reach: atCut, kind: sizeKind(atCut) }
        : undefined;
    return {
      kind: 'truncated',
      cut: { ...tbptt, ...(within ? { within } : {}) },
      farthest,
      distance,
      learnedAnyway: false,
    };
  }
  const kind = sizeKind(farthest);
  const learnedAnyway =
    kind === 'vanishing' && accuracy !== undefined && accuracy >= LEARNED_ACCURACY;
  return { kind, farthest, distance, learnedAnyway };
}

/** The reach of norms per step t = 1 … T (a heatmap column): norms reversed over the last one. */
export function reachOfNorms(norms: readonly number[]): number[] {
  const last = norms[norms.length - 1] ?? 0;
  return [...norms].reverse().map((n) => (last > 0 && Number.isFinite(n) ? n / last : 0));
}
