/**
 * A recurrent sequence model built from a resolved spec: input embedding (or one-hot), stacked
 * recurrent layers, and per architecture
 * - many-to-one: the last layer's final h_T -> dense head (one class, or one value);
 * - many-to-many: the dense head on every h_t;
 * - seq2seq: an encoder stack whose final states (h, and c for an LSTM, per layer) are the context
 *   vector that initialises a decoder stack of the same shape; by `model.decoderInput` the decoder
 *   reads the previous output token's embedding (`<s>` first; the default), that embedding beside
 *   the top encoder layer's final h, or that h alone at every step (the Keras recipe: then there
 *   is no decoder embedding); optional attention over every encoder state (`attention.ts`) is
 *   concatenated with the decoder state before the head.
 *
 * This module holds the structure and the weights; `forward.ts` and `seq2seq.ts` run it. Every
 * weight is seeded from `train.seed` (its own random stream per weight), so the same spec and seed
 * give the same numbers.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { Architecture } from '../spec/taskKinds';
import type { Dataset } from '../tasks/dataset';
import { createCell } from './cells/createCell';
import type { RecurrentCell } from './cells/recurrentCell';
import { Attention } from './attention';
import { datasetMeta, realOutputSize, type DatasetMeta } from './datasetMeta';
import { Dense } from './dense';
import { TokenEmbedding } from './embedding';
import type { ParamCounts } from './trainEvents';

/** Which stack a recurrent layer belongs to: `layers` (many-to-one/many), `encoder`, `decoder`. */
export type LayerPart = 'layers' | 'encoder' | 'decoder';

export interface ModelLayer {
  part: LayerPart;
  /** 0-based within its stack. */
  index: number;
  /** For people and events: `layer 1`, `encoder 2`, `decoder 1`. */
  label: string;
  /** Prefix of this layer's weight names: `layer1`, `encoder2`, `decoder1`. */
  key: string;
  cell: RecurrentCell;
}

/** A weight under the stable name it has in events and checkpoints (e.g. `encoder1/kernel`). */
export interface NamedWeight {
  name: string;
  variable: tf.Variable;
}

export class SeqModel {
  readonly spec: ResolvedSpec;
  readonly meta: DatasetMeta;
  readonly architecture: Architecture;
  /** The layers that read the input: every layer for many-to-one/many, the encoder for seq2seq. */
  readonly encoder: ModelLayer[];
  /** seq2seq only (empty otherwise): same cell kind, size and depth as the encoder. */
  readonly decoder: ModelLayer[];
  /** Symbol inputs only; absent for real-valued inputs, which go straight in. */
  readonly inputEmbedding?: TokenEmbedding;
  /** seq2seq only, unless `decoderInput` is `context`: embeds the previous output token. */
  readonly decoderEmbedding?: TokenEmbedding;
  /** seq2seq with `model.attention` other than `none`. */
  readonly attention?: Attention;
  readonly head: Dense;
  /** Output vocabulary size (symbols, classes) or values per output step (real). */
  readonly outputSize: number;
  /** Features per input step after embedding. */
  readonly inputSize: number;
  private disposed = false;
  private readonly prepared: ReadonlyMap<string, Float32Array> | undefined;

  /**
   * @param prepared seeded recurrent kernels computed ahead, by layer key (`buildModel.ts`); the
   * others are computed here.
   */
  constructor(spec: ResolvedSpec, meta: DatasetMeta, prepared?: ReadonlyMap<string, Float32Array>) {
    this.prepared = prepared;
    this.spec = spec;
    this.meta = meta;
    this.architecture = meta.architecture;
    const { model } = spec;
    const seed = spec.train.seed;
    if (meta.type === 'symbols') {
      this.inputEmbedding = new TokenEmbedding({
        vocabSize: meta.inputVocab.tokens.length,
        size: model.embedding,
        seed,
        name: 'embedding',
      });
      this.inputSize = this.inputEmbedding.outputSize;
      this.outputSize = meta.outputVocab.tokens.length;
    } else {
      this.inputSize = meta.features;
      this.outputSize = realOutputSize(meta);
    }
    const seq2seq = this.architecture === 'seq2seq';
    this.encoder = this.makeStack(seq2seq ? 'encoder' : 'layers', this.inputSize);
    this.decoder = [];
    let headInput = model.hidden;
    if (seq2seq) {
      if (meta.type !== 'symbols') throw new Error('seq2seq needs a symbol task');
      let decoderInputSize = model.decoderInput === 'previous' ? 0 : model.hidden;
      if (model.decoderInput !== 'context') {
        this.decoderEmbedding = new TokenEmbedding({
          vocabSize: meta.outputVocab.tokens.length,
          size: model.embedding,
          seed,
          name: 'decoderEmbedding',
        });
        decoderInputSize += this.decoderEmbedding.outputSize;
      }
      this.decoder = this.makeStack('decoder', decoderInputSize);
      if (model.attention !== 'none') {
        this.attention = new Attention({ kind: model.attention, hidden: model.hidden, seed });
        headInput = 2 * model.hidden;
      }
    }
    this.head = new Dense({
      inputSize: headInput,
      outputSize: this.outputSize,
      seed,
      name: 'head',
    });
  }

  /** Every recurrent layer: encoder (or the only stack) first, then the decoder. */
  get layers(): ModelLayer[] {
    return [...this.encoder, ...this.decoder];
  }

  /** Every trainable weight under its stable name, in a fixed order. */
  weights(): NamedWeight[] {
    const out: NamedWeight[] = [];
    const add = (name: string, variable: tf.Variable | undefined) => {
      if (variable) out.push({ name, variable });
    };
    add(this.inputEmbedding?.name ?? 'embedding', this.inputEmbedding?.matrix);
    const addLayers = (layers: ModelLayer[]) => {
      for (const layer of layers) {
        const w = layer.cell.weights;
        add(`${layer.key}/kernel`, w.kernel);
        add(`${layer.key}/recurrentKernel`, w.recurrentKernel);
        add(`${layer.key}/bias`, w.bias);
        add(`${layer.key}/recurrentBias`, w.recurrentBias);
      }
    };
    addLayers(this.encoder);
    add('decoderEmbedding', this.decoderEmbedding?.matrix);
    addLayers(this.decoder);
    for (const w of this.attention?.namedWeights() ?? []) add(`attention/${w.name}`, w.variable);
    for (const w of this.head.namedWeights()) add(`head/${w.name}`, w.variable);
    return out;
  }

  /** Trainable numbers per part and in total: none of them depends on the sequence length. */
  paramCounts(): ParamCounts {
    const parts: { name: string; count: number }[] = [];
    const add = (name: string, count: number) => {
      if (count > 0) parts.push({ name, count });
    };
    const seq2seq = this.architecture === 'seq2seq';
    add(seq2seq ? 'encoder embedding' : 'embedding', this.inputEmbedding?.paramCount() ?? 0);
    for (const layer of this.encoder) add(layer.label, layer.cell.paramCount());
    add('decoder embedding', this.decoderEmbedding?.paramCount() ?? 0);
    for (const layer of this.decoder) add(layer.label, layer.cell.paramCount());
    add('attention', this.attention?.paramCount() ?? 0);
    add('head', this.head.paramCount());
    return { parts, total: parts.reduce((sum, p) => sum + p.count, 0) };
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Frees every weight. The model is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.weights()) w.variable.dispose();
  }

  private makeStack(part: LayerPart, inputSize: number): ModelLayer[] {
    const { model, train } = this.spec;
    const word = part === 'layers' ? 'layer' : part;
    return layerKeys(part, model.layers).map((key, index) => {
      const recurrentKernel = this.prepared?.get(key);
      const cell = createCell(model.cell, {
        ...(recurrentKernel ? { recurrentKernelValues: recurrentKernel } : {}),
        inputSize: index === 0 ? inputSize : model.hidden,
        hidden: model.hidden,
        activation: model.activation,
        ...(model.init.forgetBias !== undefined ? { forgetBias: model.init.forgetBias } : {}),
        recurrentScale: model.init.recurrentScale,
        seed: train.seed,
        name: key,
        // The encoder (or the only stack) must bridge the longest input; the decoder its output.
        timescale:
          part === 'decoder' && this.meta.type === 'symbols'
            ? this.meta.maxTargetLength + 1
            : this.meta.maxInputLength,
      });
      return { part, index, label: `${word} ${index + 1}`, key, cell };
    });
  }
}

/**
 * Builds the model for a spec and its dataset (or the dataset's meta, e.g. from a run folder).
 * The architecture comes from the dataset, which the task built for `spec.model.architecture`.
 */
export function createModel(
  spec: ResolvedSpec,
  dataset: Dataset | DatasetMeta,
  prepared?: ReadonlyMap<string, Float32Array>,
): SeqModel {
  return new SeqModel(spec, datasetMeta(dataset), prepared);
}

/** The keys (weight-name prefixes) of a stack's layers: `layer1`…, `encoder1`…, `decoder1`…. */
export function layerKeys(part: LayerPart, layers: number): string[] {
  const word = part === 'layers' ? 'layer' : part;
  return Array.from({ length: layers }, (_, index) => `${word}${index + 1}`);
}

/** The stacks a model of this architecture has. */
export function stacksOf(architecture: Architecture): LayerPart[] {
  return architecture === 'seq2seq' ? ['encoder', 'decoder'] : ['layers'];
}
