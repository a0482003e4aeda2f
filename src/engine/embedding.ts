/**
 * Token ids to input vectors: a learned embedding (`model.embedding` > 0) or plain one-hot (0).
 *
 * The lookup is a one-hot matMul, not `tf.gather`: gather's gradient needs the
 * `UnsortedSegmentSum` kernel, which the WASM backend lacks, and for the small vocabularies of
 * these tasks the matMul costs about the same. Its gradient is an ordinary matMul on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { variableFrom } from './cells/createCell';
import { glorotUniform, seededRng } from './cells/seededInit';

export interface TokenEmbeddingOptions {
  /** Tokens in the vocabulary (one-hot width). */
  vocabSize: number;
  /** Embedding width; 0 = no weights, the one-hot vectors themselves are the inputs. */
  size: number;
  /** Seed of the initial weights (`train.seed`). */
  seed: number;
  /** Name of the weight and of its random stream, e.g. `embedding`, `decoderEmbedding`. */
  name: string;
}

export class TokenEmbedding {
  readonly vocabSize: number;
  /** Width of the vectors it produces: `size`, or `vocabSize` for one-hot. */
  readonly outputSize: number;
  readonly name: string;
  /** [vocabSize, size]; absent for one-hot. */
  readonly matrix?: tf.Variable;

  constructor(options: TokenEmbeddingOptions) {
    this.vocabSize = options.vocabSize;
    this.name = options.name;
    this.outputSize = options.size > 0 ? options.size : options.vocabSize;
    if (options.size > 0) {
      const values = glorotUniform(
        options.vocabSize,
        options.size,
        seededRng(options.seed, options.name),
      );
      this.matrix = variableFrom(
        tf.tensor2d(values, [options.vocabSize, options.size]),
        options.name,
      );
    }
  }

  /** One-hot rows [N, vocabSize] -> vectors [N, outputSize]. */
  embedOneHot(oneHot: tf.Tensor2D): tf.Tensor2D {
    return this.matrix ? tf.matMul(oneHot, this.matrix) : oneHot;
  }

  /** Ids [B][T] (one length) -> vectors [B, T, outputSize]. */
  embedIds(ids: readonly (readonly number[])[]): tf.Tensor3D {
    const batch = ids.length;
    const time = ids[0]?.length ?? 0;
    return tf.tidy(() =>
      this.embedOneHot(oneHotRows(ids.flat(), this.vocabSize)).reshape([
        batch,
        time,
        this.outputSize,
      ]),
    );
  }

  paramCount(): number {
    return this.matrix?.size ?? 0;
  }

  dispose(): void {
    this.matrix?.dispose();
  }
}

/**
 * One-hot rows [ids.length, depth], built in JavaScript (no kernel needed). An id outside
 * [0, depth) — e.g. -1 for padding — gives an all-zero row, which the losses use as a mask.
 */
export function oneHotRows(ids: readonly number[], depth: number): tf.Tensor2D {
  const values = new Float32Array(ids.length * depth);
  ids.forEach((id, row) => {
    if (id >= 0 && id < depth) values[row * depth + id] = 1;
  });
  return tf.tensor2d(values, [ids.length, depth]);
}

/**
 * One-hot float rows of the argmax of each row of `logits`: the decoder's own previous prediction
 * as its next input. Built as an int32 one-hot and cast, because tfjs 4.22's WASM `OneHot` kernel
 * ignores a `float32` dtype and writes int32 bit patterns (1 reads as 1.4e-45).
 */
export function oneHotArgMax(logits: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(
    () => tf.cast(tf.oneHot(tf.argMax(logits, 1), logits.shape[1]), 'float32') as tf.Tensor2D,
  );
}
