/**
 * The Seq2Seq decoder. It starts from the encoder's final states (the context vector: h, and c
 * for an LSTM, of every layer) and runs one step at a time, because its next input may be its own
 * previous prediction. What it reads at each step is `model.decoderInput`: the previous token
 * (`previous`), that token beside the top encoder layer's final h (`previous+context`), or that h
 * alone (`context`, where the previous token plays no part and teacher forcing changes nothing):
 * - training: the previous *true* token with probability `teacherForcing` per step (one seeded
 *   draw per step for the whole batch), otherwise the previous step's argmax; the loss covers
 *   every target token and `</s>`, padding masked;
 * - inference: greedy decoding, `<s>` first, then each step's argmax, until every sequence has
 *   produced `</s>` or `maxTargetLength + 2` steps have run.
 * With attention, each step's top-layer state queries the encoder states and the context is
 * concatenated before the head (Luong-style; see `attention.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import type { SymbolSample, Vocabulary } from '../tasks/dataset';
import type { SeededRandom } from '../tasks/seededRandom';
import type { AttentionMemory } from './attention';
import type { CellState, StepResult } from './cells/recurrentCell';
import { oneHotArgMax, oneHotRows } from './embedding';
import type { EncoderRun } from './encoderRun';
import { runLayer } from './recurrentLayer';
import type { SeqModel } from './seqModel';

export interface DecoderStep {
  states: CellState[];
  /** Per decoder layer: state and gates of this step. */
  results: StepResult[];
  /** [B, outputVocab] */
  logits: tf.Tensor2D;
  /** Attention weights [B, Te], with attention only. */
  attention?: tf.Tensor2D;
}

export interface DecoderRun {
  /** [B, Td, outputVocab] */
  logits: tf.Tensor3D;
  /** Per decoder layer, per step (capture only). */
  steps?: StepResult[][];
  /** [B, Td, Te], with attention only. */
  attention?: tf.Tensor3D;
}

export interface DecoderOptions {
  /** Probability per step of feeding the true previous token (default 1). */
  teacherForcing?: number;
  /** The coin for teacher forcing; needed when `teacherForcing` < 1. */
  random?: SeededRandom;
  capture?: boolean;
  /** Per decoder layer, per step: zero [B, H] tensors added to h_t (gradient probes). */
  probes?: tf.Tensor2D[][];
}

/** Vocabulary ids the decoder needs; the task's seq2seq output vocabulary always has them. */
export function decoderTokens(vocab: Vocabulary): { start: number; end: number; size: number } {
  if (vocab.start === undefined || vocab.end === undefined) {
    throw new Error('a seq2seq output vocabulary needs <s> and </s>');
  }
  return { start: vocab.start, end: vocab.end, size: vocab.tokens.length };
}

function outputVocab(model: SeqModel): Vocabulary {
  if (model.meta.type !== 'symbols') throw new Error('seq2seq needs a symbol task');
  return model.meta.outputVocab;
}

/** Prepares the attention memory over the encoder states, when the model attends. */
export function attentionMemory(model: SeqModel, encoder: EncoderRun): AttentionMemory | undefined {
  return model.attention?.prepare(encoder.outputs);
}

/** The context vector the decoder may read at every step: the top encoder layer's final h. */
export function decoderContext(encoder: EncoderRun): tf.Tensor2D {
  const top = encoder.finals[encoder.finals.length - 1];
  if (!top) throw new Error('internal: no encoder layer');
  return top.h;
}

/** The first decoder layer's input of one step, by `model.decoderInput`. */
function decoderStepInput(
  model: SeqModel,
  previous: tf.Tensor2D,
  context: tf.Tensor2D,
): tf.Tensor2D {
  const mode = model.spec.model.decoderInput;
  if (mode === 'context') return context;
  if (!model.decoderEmbedding) throw new Error('internal: not a seq2seq model');
  const embedded = model.decoderEmbedding.embedOneHot(previous);
  return mode === 'previous' ? embedded : tf.concat([embedded, context], 1);
}

/**
 * One decoder step from the previous token's one-hot rows [B, V] and the context vector [B, H].
 * Each decoder layer runs as a one-step `runLayer`, so it gets the fused kernels too; its gates
 * come back with `capture`.
 */
export function decoderStep(
  model: SeqModel,
  previous: tf.Tensor2D,
  context: tf.Tensor2D,
  states: readonly CellState[],
  memory: AttentionMemory | undefined,
  probes?: readonly (tf.Tensor2D | undefined)[],
  capture = false,
): DecoderStep {
  let x: tf.Tensor2D = decoderStepInput(model, previous, context);
  const batch = previous.shape[0];
  const next: CellState[] = [];
  const results: StepResult[] = [];
  model.decoder.forEach((layer, l) => {
    const cell = layer.cell;
    const state = states[l];
    if (!state) throw new Error(`internal: no state for ${layer.label}`);
    const probe = probes?.[l];
    // The probe is added to h_t inside the layer, as in the encoder.
    const run = runLayer(cell, x.reshape([batch, 1, x.shape[1]]), {
      initial: state,
      capture,
      ...(probe ? { hiddenProbes: [probe] } : {}),
    });
    const out = run.final;
    next.push(out);
    results.push({ state: out, gates: run.steps?.[0]?.gates ?? {} });
    x = out.h;
  });
  if (model.attention && memory) {
    const attended = model.attention.attend(memory, x);
    const logits = model.head.apply(tf.concat([x, attended.context], 1));
    return { states: next, results, logits, attention: attended.weights };
  }
  return { states: next, results, logits: model.head.apply(x) };
}

/** The decoder targets: each target followed by `</s>`, padded with -1 (masked) to one length. */
export function decoderTargets(model: SeqModel, samples: readonly SymbolSample[]): number[][] {
  const { end } = decoderTokens(outputVocab(model));
  const steps = Math.max(...samples.map((s) => s.target.length)) + 1;
  return samples.map((s) => {
    const row = [...s.target, end];
    while (row.length < steps) row.push(-1);
    return row;
  });
}

/** Training and test-loss pass: teacher forcing (partial when `teacherForcing` < 1). */
export function runDecoder(
  model: SeqModel,
  encoder: EncoderRun,
  samples: readonly SymbolSample[],
  options: DecoderOptions = {},
): DecoderRun {
  const vocab = decoderTokens(outputVocab(model));
  const targets = decoderTargets(model, samples);
  const steps = targets[0]?.length ?? 0;
  const forcing = options.teacherForcing ?? 1;
  const memory = attentionMemory(model, encoder);
  const context = decoderContext(encoder);
  let states: CellState[] = encoder.finals;
  const logits: tf.Tensor2D[] = [];
  const attention: tf.Tensor2D[] = [];
  const captured: StepResult[][] = model.decoder.map(() => []);
  // Without a previous-token input there is nothing to force (and no coin to draw).
  const readsPrevious = model.spec.model.decoderInput !== 'context';
  for (let t = 0; t < steps; t++) {
    const forced =
      !readsPrevious || t === 0 || forcing >= 1 || (options.random?.next() ?? 0) < forcing;
    const previous = forced
      ? oneHotRows(
          targets.map((row) => (t === 0 ? vocab.start : (row[t - 1] ?? -1))),
          vocab.size,
        )
      : oneHotArgMax(logits[t - 1] as tf.Tensor2D);
    const step = decoderStep(
      model,
      previous,
      context,
      states,
      memory,
      options.probes?.map((layer) => layer[t]),
      options.capture ?? false,
    );
    states = step.states;
    logits.push(step.logits);
    if (step.attention) attention.push(step.attention);
    if (options.capture) step.results.forEach((r, l) => captured[l]?.push(r));
  }
  return {
    logits: tf.stack(logits, 1) as tf.Tensor3D,
    ...(attention.length > 0 ? { attention: tf.stack(attention, 1) as tf.Tensor3D } : {}),
    ...(options.capture ? { steps: captured } : {}),
  };
}

export interface GreedyDecoding {
  /** Output ids per sample, `</s>` and everything after it left out. */
  ids: number[][];
  /** Whether each sample produced `</s>` within the step limit. */
  ended: boolean[];
  /** Decoder steps run (the longest sample's, `</s>` included). */
  steps: number;
  /** Per step [B, V] logits (capture only; they belong to the caller's tidy scope). */
  logits?: tf.Tensor2D[];
  /** Per decoder layer, per step (capture only). */
  decoderSteps?: StepResult[][];
  /** Per step [B, Te] (capture with attention only). */
  attention?: tf.Tensor2D[];
}

/** The longest output greedy decoding produces: a little beyond the longest target seen. */
export function decodeLimit(model: SeqModel): number {
  return model.meta.type === 'symbols' ? model.meta.maxTargetLength + 2 : 0;
}

/**
 * Greedy decoding from an encoder run. Reads each step's argmax back (one small sync per step)
 * to stop as soon as every sequence has ended. Call inside `tf.tidy` unless capturing.
 */
export function greedyDecode(
  model: SeqModel,
  encoder: EncoderRun,
  options: { capture?: boolean; maxSteps?: number } = {},
): GreedyDecoding {
  const vocab = decoderTokens(outputVocab(model));
  const batch = encoder.outputs.shape[0];
  const maxSteps = options.maxSteps ?? decodeLimit(model);
  const memory = attentionMemory(model, encoder);
  const ids: number[][] = Array.from({ length: batch }, () => []);
  const ended: boolean[] = new Array<boolean>(batch).fill(false);
  const logits: tf.Tensor2D[] = [];
  const attention: tf.Tensor2D[] = [];
  const decoderSteps: StepResult[][] = model.decoder.map(() => []);
  const context = decoderContext(encoder);
  let states: CellState[] = encoder.finals;
  let previous: tf.Tensor2D = oneHotRows(new Array<number>(batch).fill(vocab.start), vocab.size);
  let steps = 0;
  while (steps < maxSteps && !ended.every(Boolean)) {
    const step = decoderStep(
      model,
      previous,
      context,
      states,
      memory,
      undefined,
      options.capture ?? false,
    );
    steps++;
    states = step.states;
    const best = tf.argMax(step.logits, 1);
    const chosen = best.dataSync();
    for (let b = 0; b < batch; b++) {
      if (ended[b]) continue;
      const id = chosen[b] ?? vocab.end;
      if (id === vocab.end) ended[b] = true;
      else ids[b]?.push(id);
    }
    previous = oneHotArgMax(step.logits);
    if (options.capture) {
      logits.push(step.logits);
      if (step.attention) attention.push(step.attention);
      step.results.forEach((r, l) => decoderSteps[l]?.push(r));
    }
  }
  return {
    ids,
    ended,
    steps,
    ...(options.capture
      ? { logits, decoderSteps, ...(attention.length > 0 ? { attention } : {}) }
      : {}),
  };
}
