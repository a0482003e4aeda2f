/**
 * One forward pass of a batch through a `SeqModel`, with its loss: the function training
 * differentiates and validation evaluates.
 *
 * Losses: symbol tasks use softmax cross-entropy averaged over the target tokens (Seq2Seq: every
 * target token and `</s>`; padding of shorter targets masked out), and so do real-valued inputs
 * with classes; real-valued outputs use the mean squared error over every predicted value. Inputs of a batch share one length (`batches.ts`), so
 * the recurrent layers need no masks.
 */
import * as tf from '@tensorflow/tfjs';
import type { RealSample, SymbolSample } from '../tasks/dataset';
import type { SeededRandom } from '../tasks/seededRandom';
import type { CellState, StepResult } from './cells/recurrentCell';
import { oneHotRows } from './embedding';
import { embedInputs, inputLength, runEncoder, type Sample } from './encoderRun';
import { decoderTargets, runDecoder } from './seq2seq';
import type { SeqModel } from './seqModel';

/**
 * Gradient probes: per recurrent layer (in `model.layers` order), per time step, a zero [B, H]
 * tensor added to h_t. The loss does not change, but ∂L/∂probe = ∂L/∂h_t, which is how the
 * per-step gradient norms (vanishing or exploding) are measured without changing the model.
 */
export type LayerProbes = tf.Tensor2D[][];

export interface ForwardOptions {
  /** Seq2Seq: probability per step of feeding the true previous token (default 1). */
  teacherForcing?: number;
  /** The teacher-forcing coin; needed when `teacherForcing` < 1. */
  random?: SeededRandom;
  /** Keep every step's state and gates (inspection, gate statistics). */
  capture?: boolean;
  /** From `makeProbes`. */
  probes?: LayerProbes;
  /**
   * Differentiate through every step, ignoring `train.tbptt`: the gradient the weights would pass
   * back under full backpropagation (the gradient reach view), not the one training uses.
   */
  fullBackprop?: boolean;
}

export interface ForwardResult {
  /** [B, Tout, outputSize]: logits (symbols) or values (real). Many-to-one: Tout = 1. */
  outputs: tf.Tensor3D;
  /** Mean loss per target token (symbols) or per value (real). */
  loss: tf.Scalar;
  /** How many tokens or values the loss averages. */
  count: number;
  /** The encoder's (or only stack's) final states per layer. */
  finals: CellState[];
  /** Per layer in `model.layers` order, per step (capture only). */
  steps?: StepResult[][];
  /** Seq2Seq with attention: [B, Td, Te]. */
  attention?: tf.Tensor3D;
}

/** Steps each layer runs for this batch: input length, and for the decoder target length + 1. */
export function layerSteps(model: SeqModel, samples: readonly Sample[]): number[] {
  const encoderSteps = inputLength(samples);
  const decoderSteps =
    model.decoder.length > 0 ? Math.max(...samples.map((s) => s.target.length)) + 1 : 0;
  return [...model.encoder.map(() => encoderSteps), ...model.decoder.map(() => decoderSteps)];
}

/** Zero probes for every layer and step of this batch (the caller disposes them). */
export function makeProbes(model: SeqModel, samples: readonly Sample[]): LayerProbes {
  const batch = samples.length;
  const steps = layerSteps(model, samples);
  return model.layers.map((layer, l) =>
    Array.from(
      { length: steps[l] ?? 0 },
      () => tf.zeros([batch, layer.cell.hidden]) as tf.Tensor2D,
    ),
  );
}

/**
 * The truncation training's gradient has (`train.tbptt`), or undefined. The validator refuses it
 * for seq2seq, whose decoder the cut would not reach, so seq2seq has none.
 */
export function trainingCut(model: SeqModel): number | undefined {
  return model.architecture === 'seq2seq' ? undefined : model.spec.train.tbptt;
}

/** Runs the batch and computes its loss. Call inside `tf.tidy` (or a gradient function). */
export function forward(
  model: SeqModel,
  samples: readonly Sample[],
  options: ForwardOptions = {},
): ForwardResult {
  const x = embedInputs(model, samples);
  const encoderCount = model.encoder.length;
  // The model's own `train.tbptt` cuts the recurrence's gradient wherever this pass is
  // differentiated (training and its gradient heatmap), unless `fullBackprop` (the gradient
  // reach, a property of the weights); values are unchanged either way.
  const tbptt = options.fullBackprop ? undefined : trainingCut(model);
  const encoder = runEncoder(model, x, {
    ...(options.capture ? { capture: true } : {}),
    ...(options.probes ? { probes: options.probes.slice(0, encoderCount) } : {}),
    ...(tbptt !== undefined ? { tbptt } : {}),
  });
  const base = { finals: encoder.finals };
  switch (model.architecture) {
    case 'many-to-one': {
      const last = encoder.finals[encoder.finals.length - 1];
      if (!last) throw new Error('internal: no recurrent layer');
      const outputs = model.head.apply(last.h).reshape([samples.length, 1, model.outputSize]);
      return {
        ...base,
        outputs: outputs as tf.Tensor3D,
        ...loss(model, outputs as tf.Tensor3D, samples),
        ...(encoder.steps ? { steps: encoder.steps } : {}),
      };
    }
    case 'many-to-many': {
      const outputs = model.head.applyToSequence(encoder.outputs);
      return {
        ...base,
        outputs,
        ...loss(model, outputs, samples),
        ...(encoder.steps ? { steps: encoder.steps } : {}),
      };
    }
    case 'seq2seq': {
      const decoder = runDecoder(model, encoder, samples as readonly SymbolSample[], {
        ...(options.teacherForcing !== undefined ? { teacherForcing: options.teacherForcing } : {}),
        ...(options.random ? { random: options.random } : {}),
        ...(options.capture ? { capture: true } : {}),
        ...(options.probes ? { probes: options.probes.slice(encoderCount) } : {}),
      });
      const targets = decoderTargets(model, samples as readonly SymbolSample[]);
      return {
        ...base,
        outputs: decoder.logits,
        ...crossEntropy(decoder.logits, targets),
        ...(encoder.steps && decoder.steps ? { steps: [...encoder.steps, ...decoder.steps] } : {}),
        ...(decoder.attention ? { attention: decoder.attention } : {}),
      };
    }
  }
}

/** The loss of many-to-one / many-to-many outputs against the samples' targets. */
function loss(
  model: SeqModel,
  outputs: tf.Tensor3D,
  samples: readonly Sample[],
): { loss: tf.Scalar; count: number } {
  if (model.meta.type === 'real' && model.meta.classes) {
    // Real inputs, one class per sequence: the target row holds the class index.
    return crossEntropy(
      outputs,
      (samples as readonly RealSample[]).map((s) => [s.target[0]?.[0] ?? -1]),
    );
  }
  if (model.meta.type === 'real') {
    const [batch, time, features] = outputs.shape;
    const values = new Float32Array(batch * time * features);
    let k = 0;
    for (const s of samples as readonly RealSample[]) {
      for (let t = 0; t < time; t++) {
        const row = s.target[t];
        for (let f = 0; f < features; f++) values[k++] = row?.[f] ?? 0;
      }
    }
    const targets = tf.tensor3d(values, [batch, time, features]);
    return {
      loss: tf.mean(tf.squaredDifference(outputs, targets)) as tf.Scalar,
      count: values.length,
    };
  }
  const time = outputs.shape[1];
  const ids = (samples as readonly SymbolSample[]).map((s) => {
    if (model.architecture === 'many-to-one') return [s.target[0] ?? -1];
    if (s.target.length !== time) {
      throw new Error(`a many-to-many target has ${s.target.length} steps for ${time} inputs`);
    }
    return s.target;
  });
  return crossEntropy(outputs, ids);
}

/**
 * Softmax cross-entropy of logits [B, T, V] against ids [B][T], averaged over the ids that are not
 * -1 (padding). The target is a one-hot tensor whose padded rows are zero, so the mask is free.
 */
export function crossEntropy(
  logits: tf.Tensor3D,
  ids: readonly (readonly number[])[],
): { loss: tf.Scalar; count: number } {
  const [batch, time, vocab] = logits.shape;
  const flat: number[] = [];
  for (const row of ids) for (let t = 0; t < time; t++) flat.push(row[t] ?? -1);
  const count = flat.filter((id) => id >= 0 && id < vocab).length;
  const targets = oneHotRows(flat, vocab);
  const logProbs = tf.logSoftmax(logits.reshape([batch * time, vocab]));
  const total = tf.neg(tf.sum(tf.mul(targets, logProbs)));
  return { loss: tf.div(total, Math.max(count, 1)) as tf.Scalar, count };
}
