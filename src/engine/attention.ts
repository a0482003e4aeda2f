/**
 * Attention over the encoder states for a Seq2Seq decoder, Luong-style: at decoder step t the
 * current top-layer state s_t (after reading the previous token) scores every encoder state h_j,
 * a softmax over j turns the scores into weights α_tj, and the context c_t = Σ_j α_tj h_j is
 * concatenated with s_t before the output head. The context does not feed the next step ("no
 * input feeding"): the recurrence stays that of the plain decoder, so the only difference between
 * `none` and attention is that the head may look back at every encoder step — exactly the
 * bottleneck comparison the lab shows.
 *
 * Scores:
 * - `additive` (Bahdanau): score(s, h_j) = vᵀ tanh(W_q s + W_k h_j), W_q, W_k [H, H], v [H].
 * - `dot` (Luong): score(s, h_j) = s · h_j, no weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttentionKind } from '../spec/specSchema';
import { Dense } from './dense';

export interface AttentionOptions {
  kind: Exclude<AttentionKind, 'none'>;
  /** Size of the decoder and encoder states (the same `model.hidden`). */
  hidden: number;
  seed: number;
  /** Prefix of the weight names and random streams. Default `attention`. */
  name?: string;
}

/** The encoder states prepared once per batch; every decoder step reuses them. */
export interface AttentionMemory {
  /** Encoder states [B, Te, H]: what the context mixes; dot attention compares queries with them. */
  values: tf.Tensor3D;
  /** additive only: W_k h_j, time-major and flattened, [Te, B·H] (see `attend`). */
  keys?: tf.Tensor2D;
  /** additive only: ones [Te, 1]. */
  ones?: tf.Tensor2D;
}

export interface AttentionStep {
  /** α [B, Te], each row sums to 1. */
  weights: tf.Tensor2D;
  /** Σ_j α_j h_j [B, H]. */
  context: tf.Tensor2D;
}

export class Attention {
  readonly kind: Exclude<AttentionKind, 'none'>;
  readonly hidden: number;
  /** additive only */
  private readonly query?: Dense;
  private readonly key?: Dense;
  private readonly score?: Dense;

  constructor(options: AttentionOptions) {
    this.kind = options.kind;
    this.hidden = options.hidden;
    const name = options.name ?? 'attention';
    if (options.kind === 'additive') {
      const h = options.hidden;
      const seed = options.seed;
      this.query = new Dense({
        inputSize: h,
        outputSize: h,
        seed,
        name: `${name}/query`,
        bias: false,
      });
      this.key = new Dense({ inputSize: h, outputSize: h, seed, name: `${name}/key`, bias: false });
      this.score = new Dense({
        inputSize: h,
        outputSize: 1,
        seed,
        name: `${name}/score`,
        bias: false,
      });
    }
  }

  prepare(encoderStates: tf.Tensor3D): AttentionMemory {
    const key = this.key;
    if (!key) return { values: encoderStates };
    const [batch, steps, width] = encoderStates.shape;
    return tf.tidy(() => ({
      values: encoderStates,
      keys: tf
        .transpose(key.applyToSequence(encoderStates), [1, 0, 2])
        .reshape([steps, batch * width]) as tf.Tensor2D,
      ones: tf.ones([steps, 1]) as tf.Tensor2D,
    }));
  }

  /** Attends from the decoder state `query` [B, H] over `memory`. */
  attend(memory: AttentionMemory, query: tf.Tensor2D): AttentionStep {
    return tf.tidy(() => {
      const [batch, steps, width] = memory.values.shape;
      let scores: tf.Tensor2D;
      if (this.query && this.score && memory.keys && memory.ones) {
        // W_q s + W_k h_j for every j. Broadcasting [B, 1, H] over [B, Te, H] takes the CPU
        // backend's slow generic path (and its gradient a slow axis reduction); an outer product
        // with ones, on time-major keys, is two small matMuls and a same-shape add instead.
        const q = this.query.apply(query).reshape([1, batch * width]);
        const mixed = tf.tanh(tf.add(memory.keys, tf.matMul(memory.ones, q)));
        scores = this.score
          .apply(mixed.reshape([steps * batch, width]))
          .reshape([steps, batch])
          .transpose() as tf.Tensor2D;
      } else {
        scores = tf
          .matMul(memory.values, query.reshape([batch, width, 1]))
          .reshape([batch, steps]) as tf.Tensor2D;
      }
      const weights = tf.softmax(scores) as tf.Tensor2D;
      const context = tf
        .matMul(weights.reshape([batch, 1, steps]), memory.values)
        .reshape([batch, this.hidden]) as tf.Tensor2D;
      return { weights, context };
    });
  }

  /** Weights with names relative to the attention (`query`, `key`, `score`). */
  namedWeights(): { name: string; variable: tf.Variable }[] {
    const out: { name: string; variable: tf.Variable }[] = [];
    for (const [part, dense] of [
      ['query', this.query],
      ['key', this.key],
      ['score', this.score],
    ] as const) {
      if (dense) out.push({ name: part, variable: dense.kernel });
    }
    return out;
  }

  paramCount(): number {
    return (
      (this.query?.paramCount() ?? 0) +
      (this.key?.paramCount() ?? 0) +
      (this.score?.paramCount() ?? 0)
    );
  }

  dispose(): void {
    this.query?.dispose();
    this.key?.dispose();
    this.score?.dispose();
  }
}
