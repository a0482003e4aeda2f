/**
 * Reading an input sequence: inputs to vectors (embedding, one-hot or real values as they are),
 * then the stack of recurrent layers, each over the whole sequence (`runLayer`), layer k+1 reading
 * layer k's h_1…h_T. Used by every architecture (for seq2seq it is the encoder).
 */
import * as tf from '@tensorflow/tfjs';
import type { RealSample, SymbolSample } from '../tasks/dataset';
import type { CellState, StepResult } from './cells/recurrentCell';
import { runLayer } from './recurrentLayer';
import type { SeqModel } from './seqModel';

export type Sample = SymbolSample | RealSample;

export interface EncoderRun {
  /** The last layer's h_1…h_T: [B, T, H]. */
  outputs: tf.Tensor3D;
  /** Final state per layer (h, and c for LSTM): for seq2seq, the context vector. */
  finals: CellState[];
  /** Per layer, per step (capture only). */
  steps?: StepResult[][];
}

export interface EncoderOptions {
  /** Keep every step's state and gates. */
  capture?: boolean;
  /** Per layer, per step: zero [B, H] tensors added to h_t (see `LayerProbes` in forward.ts). */
  probes?: tf.Tensor2D[][];
  /** Truncated backpropagation through time (`train.tbptt`), the same cuts in every layer. */
  tbptt?: number;
}

/** All samples of a batch must have one input length (see `batches.ts`). */
export function inputLength(samples: readonly Sample[]): number {
  const first = samples[0];
  if (!first) throw new Error('empty batch');
  const length = first.input.length;
  for (const s of samples) {
    if (s.input.length !== length) {
      throw new Error(`a batch mixes input lengths ${length} and ${s.input.length}`);
    }
  }
  if (length === 0) throw new Error('an input sequence is empty');
  return length;
}

/**
 * Inputs [B, T, model.inputSize]: embedded or one-hot symbols, or the real values themselves; in
 * reading order, i.e. last symbol first with `model.reverseInput`.
 */
export function embedInputs(model: SeqModel, samples: readonly Sample[]): tf.Tensor3D {
  const time = inputLength(samples);
  if (model.meta.type === 'real') {
    const values = new Float32Array(samples.length * time * model.inputSize);
    let k = 0;
    for (const s of samples as readonly RealSample[]) {
      for (const row of s.input) {
        for (let f = 0; f < model.inputSize; f++) values[k++] = row[f] ?? 0;
      }
    }
    return tf.tensor3d(values, [samples.length, time, model.inputSize]);
  }
  if (!model.inputEmbedding) throw new Error('internal: a symbol model without an input embedding');
  const reverse = model.spec.model.reverseInput;
  return model.inputEmbedding.embedIds(
    (samples as readonly SymbolSample[]).map((s) => (reverse ? [...s.input].reverse() : s.input)),
  );
}

/** Runs the encoder stack (all layers for many-to-one/many) over inputs [B, T, I]. */
export function runEncoder(
  model: SeqModel,
  x: tf.Tensor3D,
  options: EncoderOptions = {},
): EncoderRun {
  let input = x;
  const finals: CellState[] = [];
  const steps: StepResult[][] = [];
  model.encoder.forEach((layer, l) => {
    const probes = options.probes?.[l];
    const run = runLayer(layer.cell, input, {
      ...(options.capture ? { capture: true } : {}),
      ...(probes ? { hiddenProbes: probes } : {}),
      ...(options.tbptt !== undefined ? { tbptt: options.tbptt } : {}),
    });
    input = run.outputs;
    finals.push(run.final);
    if (options.capture) steps.push(run.steps ?? []);
  });
  return { outputs: input, finals, ...(options.capture ? { steps } : {}) };
}
