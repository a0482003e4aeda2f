/**
 * Weight sharing, measured on a real model: the first recurrent layer is unrolled over inputs of
 * several lengths, and at each length the parameters that the unrolled steps actually read are
 * counted (the variables that receive a gradient from every step's hidden state, by size). The
 * count is the same at every length, because every step reads the same U, W and b (the same
 * tf.Variable objects); beside it, what a network with its own weights per step would need
 * (T × the per-step count), which grows with T.
 */
import * as tf from '@tensorflow/tfjs';
import { runLayer } from './recurrentLayer';
import type { SeqModel } from './seqModel';

/** One weight of the layer, as the note names it: U (input), W (recurrent), b (bias). */
export interface SharedWeight {
  /** The model's stable weight name, e.g. `layer1/kernel`. */
  name: string;
  symbol: 'U' | 'W' | 'b' | 'b_h';
  shape: number[];
  size: number;
}

export interface WeightSharing {
  /** Layer label of the measured layer (`layer 1`, `encoder 1`). */
  layer: string;
  weights: SharedWeight[];
  /** Per length T: the parameters the T unrolled steps read, and T × that count. */
  byLength: { length: number; used: number; perStepWeights: number }[];
}

/** Lengths the count is measured at (plus any the caller adds). */
export const SHARING_LENGTHS = [1, 2, 4, 8, 16, 32, 64];

/** Measures the first recurrent layer of `model` at `lengths` (each at least 1). */
export function weightSharing(
  model: SeqModel,
  lengths: readonly number[] = SHARING_LENGTHS,
): WeightSharing {
  const layer = model.layers[0];
  if (!layer) throw new Error('the model has no recurrent layer');
  const cell = layer.cell;
  const named = [
    { name: `${layer.key}/kernel`, symbol: 'U' as const, variable: cell.weights.kernel },
    {
      name: `${layer.key}/recurrentKernel`,
      symbol: 'W' as const,
      variable: cell.weights.recurrentKernel,
    },
    { name: `${layer.key}/bias`, symbol: 'b' as const, variable: cell.weights.bias },
    ...(cell.weights.recurrentBias
      ? [
          {
            name: `${layer.key}/recurrentBias`,
            symbol: 'b_h' as const,
            variable: cell.weights.recurrentBias,
          },
        ]
      : []),
  ];
  const inputSize = cell.weights.kernel.shape[0] ?? 1;
  const sorted = [...new Set(lengths.filter((t) => Number.isInteger(t) && t >= 1))].sort(
    (a, b) => a - b,
  );
  const byLength = sorted.map((length) => {
    const read = tf.tidy(() => {
      // Any input will do: what is counted is which weights the unrolled steps depend on.
      const x = tf.ones([1, length, inputSize]) as tf.Tensor3D;
      const { grads } = tf.engine().gradients(
        () => tf.sum(runLayer(cell, x).outputs) as tf.Scalar,
        named.map((w) => w.variable),
        undefined,
        true,
      );
      return named.map((_, i) => grads[i] !== undefined && grads[i] !== null);
    });
    const used = named.reduce((sum, w, i) => sum + (read[i] ? w.variable.size : 0), 0);
    return { length, used, perStepWeights: used * length };
  });
  return {
    layer: layer.label,
    weights: named.map((w) => ({
      name: w.name,
      symbol: w.symbol,
      shape: [...w.variable.shape],
      size: w.variable.size,
    })),
    byLength,
  };
}
