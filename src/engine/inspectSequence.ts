/**
 * Everything a trained model does with one input sequence, as plain arrays with token labels, for
 * the lab's step inspector and `rnnlab inspect`: per layer and step h_t, c_t (LSTM) and every gate;
 * the output distribution per step (or the predicted values); for Seq2Seq also the context vector,
 * the decoder's layers, the greedily decoded tokens and the attention weights.
 *
 * One forward pass of one sequence, all tensors freed before it returns: cheap enough to run after
 * every epoch on a few inputs.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKind } from '../spec/specSchema';
import type { Architecture } from '../spec/taskKinds';
import type { Dataset } from '../tasks/dataset';
import { normalizeRows } from '../tasks/series/seriesDataset';
import { encodeSymbols, quoteSymbols, symbolIndex } from '../tasks/vocabulary';
import type { GateName, StepResult } from './cells/recurrentCell';
import type { DatasetMeta } from './datasetMeta';
import { embedInputs, runEncoder, type Sample } from './encoderRun';
import { greedyDecode } from './seq2seq';
import type { LayerPart, ModelLayer, SeqModel } from './seqModel';
import type { WeightSharing } from './weightSharing';

/** One recurrent layer over the steps it ran. Arrays are [step][unit]. */
export interface LayerTrace {
  /** `layer 1`, `encoder 2`, `decoder 1`. */
  label: string;
  part: LayerPart;
  /** 0-based within its stack. */
  index: number;
  cell: CellKind;
  hidden: number;
  h: number[][];
  /** LSTM only: the cell state (long-term memory). */
  c?: number[][];
  /** Every gate the cell has (LSTM i f g o, GRU r z n; none for rnn), [step][unit]. */
  gates: Partial<Record<GateName, number[][]>>;
}

/** The model's output at one output step. */
export interface OutputStep {
  /** Symbols: the most likely token and its probability. */
  token?: string;
  probability?: number;
  /** Symbols: the softmax over `Inspection.outputVocab`. */
  probs?: number[];
  /** Real-valued tasks: the predicted values, in the data's units. */
  values?: number[];
}

export interface Inspection {
  architecture: Architecture;
  cell: CellKind;
  /**
   * One label per input step: the symbol, or `t1`, `t2`… for real-valued inputs; in the order the
   * encoder read them (last symbol first with `model.reverseInput`).
   */
  inputTokens: string[];
  /** Real-valued tasks: the input values [step][feature], in the data's units. */
  inputValues?: number[][];
  /** Real-valued inputs from named columns (`series`) or mel bands (`audio`): one per feature. */
  channels?: string[];
  /** Forecasts: each output holds `horizon` steps of these channels, step by step. */
  forecast?: { channels: string[]; horizon: number };
  /** Symbols: the labels of `OutputStep.probs`. */
  outputVocab?: string[];
  /** The layers that read the input (Seq2Seq: the encoder). */
  layers: LayerTrace[];
  /**
   * The longest input the model trained on, when known (the lab sets it from its dataset): an
   * input longer than that runs the same weights for steps no training input had.
   */
  longestTrained?: number;
  /**
   * Weight sharing measured on this model (`weightSharing.ts`): the one U, W and b every step of
   * the first layer reads, and the parameter count at several lengths. The lab sets it.
   */
  sharing?: WeightSharing;
  /**
   * Per output step: many-to-one one step, many-to-many one per input step, Seq2Seq one per
   * decoder step (the last one is `</s>` when decoding ended).
   */
  outputs: OutputStep[];
  /** Seq2Seq only. */
  seq2seq?: {
    /** The encoder's final state per layer: what initialises the decoder. */
    context: { layer: string; h: number[]; c?: number[] }[];
    decoder: LayerTrace[];
    /**
     * What each decoder step read: `<s>`, then the previous step's token (`decoderInput`
     * `previous`); with `+ctx` beside it (`previous+context`); `ctx` alone (`context`).
     */
    decoderInputs: string[];
    /** The decoded output, `</s>` left out. */
    decoded: string[];
    /** Whether decoding produced `</s>` within the step limit. */
    ended: boolean;
    /** [decoderStep][encoderStep], rows sum to 1 (with attention only). */
    attention?: number[][];
  };
}

/**
 * Real-valued input written as text (as `inspect.inputs` holds it): numbers separated by commas or
 * spaces, `features` per step, or a JSON array of steps (`[[0.1], [0.2]]` or `[0.1, 0.2]`).
 */
export function parseRealInput(text: string, features: number): number[][] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new Error('the input is not a valid JSON array');
    }
    if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
      return chunk(value as number[], features);
    }
    if (
      Array.isArray(value) &&
      value.every((r) => Array.isArray(r) && r.every((v) => typeof v === 'number'))
    ) {
      return value as number[][];
    }
    throw new Error('expected [v1, v2, …] or [[…], […], …] (steps of features)');
  }
  // "(0.1 0.2), (0.3 0.4)": the steps of several channels as `formatRealSequence` writes them.
  const values = trimmed
    .split(/[\s,()]+/)
    .filter((s) => s !== '')
    .map(Number);
  if (values.length === 0 || !values.every(Number.isFinite)) {
    throw new Error('expected numbers separated by commas, e.g. "0.1, 0.5, 0.9"');
  }
  return chunk(values, features);
}

function chunk(values: number[], features: number): number[][] {
  if (values.length % features !== 0) {
    throw new Error(`${values.length} numbers do not make whole steps of ${features} feature(s)`);
  }
  const steps: number[][] = [];
  for (let k = 0; k < values.length; k += features) steps.push(values.slice(k, k + features));
  return steps;
}

/** Reads a sequence input for a model: symbol text, or [step][feature] values. */
function toSample(
  meta: DatasetMeta,
  input: string | number[][],
): { sample: Sample; labels: string[] } {
  if (meta.type === 'symbols') {
    if (typeof input !== 'string')
      throw new Error('this model reads symbols: give the input as text');
    const ids = encodeSymbols(meta.inputVocab, input);
    if (!Array.isArray(ids)) {
      const known = [...symbolIndex(meta.inputVocab).keys()];
      throw new Error(
        `the input has symbols the model does not know: ${quoteSymbols(ids.unknown)} ` +
          `(it knows ${quoteSymbols(known)})`,
      );
    }
    if (ids.length === 0) throw new Error('the input is empty');
    return {
      sample: { input: ids, target: [] },
      labels: ids.map((id) => meta.inputVocab.tokens[id] ?? '?'),
    };
  }
  if (typeof input === 'string') input = parseRealInput(input, meta.features);
  if (input.length === 0) throw new Error('the input is empty');
  input.forEach((row, t) => {
    if (row.length !== meta.features || !row.every(Number.isFinite)) {
      throw new Error(`input step ${t + 1} must be ${meta.features} finite number(s)`);
    }
  });
  // Inputs are given in the data's units; the model reads them scaled as in training.
  const scaled = meta.normalization ? normalizeRows(input, meta.normalization) : input;
  return { sample: { input: scaled, target: [] }, labels: input.map((_, t) => `t${t + 1}`) };
}

/** A real-valued prediction back in the data's units (forecasts of normalised channels). */
function unscaleOutputs(meta: DatasetMeta, values: number[]): number[] {
  if (meta.type !== 'real' || !meta.normalization || !meta.forecast) return values;
  const { mean, std } = meta.normalization;
  const channels = meta.forecast.channels.map((c) => meta.channels?.indexOf(c) ?? -1);
  return values.map((v, k) => {
    const c = channels[k % Math.max(channels.length, 1)] ?? -1;
    return c < 0 ? v : v * (std[c] ?? 1) + (mean[c] ?? 0);
  });
}

/** The input in the data's units, as the caller gave it. */
function rawInput(input: string | number[][], features: number): number[][] {
  return typeof input === 'string' ? parseRealInput(input, features) : input;
}

/** [step] tensors [1, N] -> [step][N]. */
function rows(tensors: readonly tf.Tensor[]): number[][] {
  if (tensors.length === 0) return [];
  return (tf.stack([...tensors]).arraySync() as number[][][]).map((r) => r[0] ?? []);
}

function traceLayer(layer: ModelLayer, steps: readonly StepResult[]): LayerTrace {
  const gates: Partial<Record<GateName, number[][]>> = {};
  for (const gate of layer.cell.gateNames) {
    const values = steps.map((s) => s.gates[gate]).filter((g) => g !== undefined);
    if (values.length === steps.length) gates[gate] = rows(values);
  }
  const cs = steps.map((s) => s.state.c).filter((c) => c !== undefined);
  return {
    label: layer.label,
    part: layer.part,
    index: layer.index,
    cell: layer.cell.kind,
    hidden: layer.cell.hidden,
    h: rows(steps.map((s) => s.state.h)),
    ...(cs.length === steps.length && cs.length > 0 ? { c: rows(cs) } : {}),
    gates,
  };
}

function symbolOutputs(logits: tf.Tensor2D, vocab: readonly string[]): OutputStep[] {
  const probs = tf.softmax(logits).arraySync() as number[][];
  return probs.map((p) => {
    let best = 0;
    p.forEach((value, i) => {
      if (value > (p[best] ?? -1)) best = i;
    });
    return { token: vocab[best] ?? '?', probability: p[best] ?? 0, probs: p };
  });
}

/** The labels of what each decoder step read, by `model.decoderInput`. */
function decoderInputLabels(model: SeqModel, previous: string[]): string[] {
  switch (model.spec.model.decoderInput) {
    case 'previous':
      return previous;
    case 'previous+context':
      return previous.map((token) => `${token}+ctx`);
    case 'context':
      return previous.map(() => 'ctx');
  }
}

/**
 * Runs `model` on one input and returns every step's numbers. `dataset` supplies the vocabularies
 * (a run's `dataset.json` meta is enough). Throws on an input the model cannot read.
 */
export function inspectSequence(
  model: SeqModel,
  dataset: Dataset | DatasetMeta,
  input: string | number[][],
): Inspection {
  const meta: DatasetMeta = dataset;
  const { sample, labels } = toSample(meta, input);
  let result: Inspection | undefined;
  tf.tidy(() => {
    const encoder = runEncoder(model, embedInputs(model, [sample]), { capture: true });
    const layers = model.encoder.map((layer, l) => traceLayer(layer, encoder.steps?.[l] ?? []));
    const base = {
      architecture: model.architecture,
      cell: model.spec.model.cell,
      inputTokens: model.spec.model.reverseInput ? [...labels].reverse() : labels,
      ...(meta.type === 'real' ? { inputValues: rawInput(input, meta.features) } : {}),
      ...(meta.type === 'real' && meta.channels ? { channels: [...meta.channels] } : {}),
      ...(meta.type === 'real' && meta.forecast
        ? { forecast: { channels: [...meta.forecast.channels], horizon: meta.forecast.horizon } }
        : {}),
      ...(meta.type === 'symbols' ? { outputVocab: [...meta.outputVocab.tokens] } : {}),
      ...(meta.type === 'real' && meta.classes ? { outputVocab: [...meta.classes.tokens] } : {}),
      layers,
    };
    if (model.architecture === 'seq2seq') {
      if (meta.type !== 'symbols') throw new Error('seq2seq needs a symbol task');
      const vocab = meta.outputVocab.tokens;
      const decoding = greedyDecode(model, encoder, { capture: true });
      const outputs = decoding.logits?.length
        ? symbolOutputs(tf.concat(decoding.logits) as tf.Tensor2D, vocab)
        : [];
      const decoded = (decoding.ids[0] ?? []).map((id) => vocab[id] ?? '?');
      result = {
        ...base,
        outputs,
        seq2seq: {
          context: model.encoder.map((layer, l) => {
            const final = encoder.finals[l];
            return {
              layer: layer.label,
              h: (final?.h.arraySync() as number[][] | undefined)?.[0] ?? [],
              ...(final?.c ? { c: (final.c.arraySync() as number[][])[0] ?? [] } : {}),
            };
          }),
          decoder: model.decoder.map((layer, l) =>
            traceLayer(layer, decoding.decoderSteps?.[l] ?? []),
          ),
          decoderInputs: decoderInputLabels(model, [
            '<s>',
            ...outputs.slice(0, -1).map((o) => o.token ?? '?'),
          ]),
          decoded,
          ended: decoding.ended[0] ?? false,
          ...(decoding.attention?.length ? { attention: rows(decoding.attention) } : {}),
        },
      };
      return;
    }
    const features =
      model.architecture === 'many-to-one'
        ? (encoder.finals[encoder.finals.length - 1]?.h ?? tf.zeros([1, model.spec.model.hidden]))
        : (encoder.outputs.reshape([-1, model.spec.model.hidden]) as tf.Tensor2D);
    const out = model.head.apply(features as tf.Tensor2D);
    result = {
      ...base,
      outputs:
        meta.type === 'symbols'
          ? symbolOutputs(out, meta.outputVocab.tokens)
          : meta.classes
            ? symbolOutputs(out, meta.classes.tokens)
            : (out.arraySync() as number[][]).map((values) => ({
                values: unscaleOutputs(meta, values),
              })),
    };
  });
  if (!result) throw new Error('internal: inspection produced nothing');
  return result;
}
