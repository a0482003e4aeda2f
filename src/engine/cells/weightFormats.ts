/**
 * Converters between our weight layout (see `recurrentCell.ts`) and those of tf.layers / Keras and
 * PyTorch. All are pure re-orderings, transposes and bias sums, so they also map gradients.
 *
 * | kind | tf.layers / Keras                                      | PyTorch (per layer k)                            |
 * |------|--------------------------------------------------------|--------------------------------------------------|
 * | rnn  | kernel [I,H], recurrent_kernel [H,H], bias [H]         | weight_ih [H,I], weight_hh [H,H], bias_ih, bias_hh |
 * | lstm | gates i,f,c,o = ours i,f,g,o                           | gates i,f,g,o, transposed, two biases (summed)   |
 * | gru  | gates z,r,h; reset_after bias [2,3H] = [input; recurrent] | gates r,z,n = ours, transposed, biases kept apart |
 *
 * tf.layers' own GRU (tfjs 4.22) only has reset_after=false ("reset before": n = tanh(x·U_n +
 * (r ⊙ h)·W_n + b_n)), a different function from ours, so its [3H]-bias weights are refused rather
 * than silently converted. The [2,3H] layout is what Keras (Python, TF2 default) saves.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKind } from '../../spec/specSchema';
import { CELL_FACTS } from './cellFacts';
import type { RecurrentCell } from './recurrentCell';

/** A cell's weights as plain tensors (`CellWeights` without the variables). */
export interface CellWeightValues {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  /** GRU only. */
  recurrentBias?: tf.Tensor1D;
}

/** One layer of a PyTorch `nn.RNN` / `nn.LSTM` / `nn.GRU` state dict, suffix `_l{k}` dropped. */
export interface TorchLayerTensors {
  /** [gates·H, I] */
  weight_ih: tf.Tensor2D;
  /** [gates·H, H] */
  weight_hh: tf.Tensor2D;
  /** [gates·H]; absent when the module was built with `bias=False`. */
  bias_ih?: tf.Tensor1D;
  bias_hh?: tf.Tensor1D;
}

/** Gate order of the tf.layers / Keras kernels, block by block. */
export const LAYERS_GATE_ORDER: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: ['h'],
  lstm: ['i', 'f', 'c', 'o'],
  gru: ['z', 'r', 'h'],
};

/** Block k of our GRU layout (r, z, n) is block GRU_SWAP_RZ[k] of Keras' (z, r, h), and back. */
const GRU_SWAP_RZ = [1, 0, 2];

/**
 * Re-orders gate blocks along the last axis: output block k is input block `order[k]`.
 * The caller owns the result.
 */
export function reorderGates<T extends tf.Tensor>(t: T, order: readonly number[]): T {
  return tf.tidy(() => {
    const axis = t.rank - 1;
    const blocks = tf.split(t, order.length, axis);
    return tf.concat(
      order.map((k) => {
        const block = blocks[k];
        if (!block) throw new Error(`no gate block ${k} in [${t.shape.join(', ')}]`);
        return block;
      }),
      axis,
    ) as T;
  });
}

/** The cell's current weights (the variables themselves: do not dispose them). */
export function cellWeightValues(cell: RecurrentCell): CellWeightValues {
  const { kernel, recurrentKernel, bias, recurrentBias } = cell.weights;
  return {
    kernel: kernel as tf.Tensor2D,
    recurrentKernel: recurrentKernel as tf.Tensor2D,
    bias: bias as tf.Tensor1D,
    ...(recurrentBias ? { recurrentBias: recurrentBias as tf.Tensor1D } : {}),
  };
}

/**
 * Our weights as the array `layer.setWeights()` of `tf.layers.simpleRNN` / `lstm` takes, or, for a
 * GRU, as a Keras `reset_after=True` layer holds them ([kernel, recurrent_kernel, bias [2,3H]]).
 * New tensors: the caller disposes them.
 */
export function toLayersWeights(kind: CellKind, v: CellWeightValues): tf.Tensor[] {
  return tf.tidy(() => {
    if (kind !== 'gru') return [v.kernel.clone(), v.recurrentKernel.clone(), v.bias.clone()];
    const recurrentBias = v.recurrentBias ?? tf.zerosLike(v.bias);
    return [
      reorderGates(v.kernel, GRU_SWAP_RZ),
      reorderGates(v.recurrentKernel, GRU_SWAP_RZ),
      tf.stack([reorderGates(v.bias, GRU_SWAP_RZ), reorderGates(recurrentBias, GRU_SWAP_RZ)]),
    ];
  });
}

/**
 * The inverse of `toLayersWeights`: `layer.getWeights()` of a tf.layers simpleRNN / lstm, or a Keras
 * GRU saved with `reset_after=True`. Two arrays (no bias) mean `useBias: false`.
 */
export function fromLayersWeights(kind: CellKind, arrays: readonly tf.Tensor[]): CellWeightValues {
  const [kernel, recurrentKernel, bias] = arrays;
  if (!kernel || !recurrentKernel || arrays.length > 3) {
    throw new Error(
      `${kind}: expected [kernel, recurrent_kernel, bias?] from tf.layers, got ${arrays.length} arrays.`,
    );
  }
  const hidden = recurrentKernel.shape[0] ?? 0;
  const width = CELL_FACTS[kind].blocks * hidden;
  const expect = (what: string, t: tf.Tensor, shape: number[]) => {
    if (!tf.util.arraysEqual(t.shape, shape)) {
      throw new Error(
        `${kind} ${what}: expected shape [${shape.join(', ')}], got [${t.shape.join(', ')}].`,
      );
    }
  };
  expect('kernel', kernel, [kernel.shape[0] ?? 0, width]);
  expect('recurrent_kernel', recurrentKernel, [hidden, width]);
  return tf.tidy(() => {
    if (kind !== 'gru') {
      if (bias) expect('bias', bias, [width]);
      return {
        kernel: kernel.clone() as tf.Tensor2D,
        recurrentKernel: recurrentKernel.clone() as tf.Tensor2D,
        bias: (bias ? bias.clone() : tf.zeros([width])) as tf.Tensor1D,
      };
    }
    if (bias && bias.rank === 1) {
      throw new Error(
        'gru bias: a [3H] bias is a reset_after=false GRU (tf.layers.gru in tfjs 4.22), which ' +
          'computes a different function from this (PyTorch-style, reset_after=True) GRU; expected ' +
          `a [2, ${width}] bias.`,
      );
    }
    if (bias) expect('bias', bias, [2, width]);
    const [inputBias, recurrentBias] = bias
      ? (tf.unstack(bias) as [tf.Tensor1D, tf.Tensor1D])
      : [tf.zeros([width]) as tf.Tensor1D, tf.zeros([width]) as tf.Tensor1D];
    return {
      kernel: reorderGates(kernel as tf.Tensor2D, GRU_SWAP_RZ),
      recurrentKernel: reorderGates(recurrentKernel as tf.Tensor2D, GRU_SWAP_RZ),
      bias: reorderGates(inputBias, GRU_SWAP_RZ),
      recurrentBias: reorderGates(recurrentBias, GRU_SWAP_RZ),
    };
  });
}

/**
 * One PyTorch layer to our layout: weights transposed (torch stores [gates·H, in]); gate order is
 * already ours. For rnn and lstm both biases only ever appear as a sum, so they become one `bias`;
 * the GRU keeps b_hh apart because b_hn is multiplied by r. New tensors: the caller disposes them.
 */
export function fromTorchLayer(kind: CellKind, t: TorchLayerTensors): CellWeightValues {
  return tf.tidy(() => {
    const width = t.weight_ih.shape[0];
    const zeros = () => tf.zeros([width]) as tf.Tensor1D;
    const bih = t.bias_ih ?? zeros();
    const bhh = t.bias_hh ?? zeros();
    const base = {
      kernel: tf.transpose(t.weight_ih),
      recurrentKernel: tf.transpose(t.weight_hh),
    };
    return kind === 'gru'
      ? { ...base, bias: bih.clone(), recurrentBias: bhh.clone() }
      : { ...base, bias: tf.add<tf.Tensor1D>(bih, bhh) };
  });
}

/**
 * Our layout to one PyTorch layer. For rnn and lstm the whole bias goes to `bias_ih` and `bias_hh`
 * is zero (torch only ever uses their sum). New tensors: the caller disposes them.
 */
export function toTorchLayer(kind: CellKind, v: CellWeightValues): Required<TorchLayerTensors> {
  return tf.tidy(() => ({
    weight_ih: tf.transpose(v.kernel),
    weight_hh: tf.transpose(v.recurrentKernel),
    bias_ih: v.bias.clone(),
    bias_hh: kind === 'gru' && v.recurrentBias ? v.recurrentBias.clone() : tf.zerosLike(v.bias),
  }));
}
