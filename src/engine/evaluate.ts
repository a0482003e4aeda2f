/**
 * Validation metrics on a split, and gate statistics, for the `epoch` event.
 *
 * - many-to-one: accuracy of the one predicted class (token and sequence accuracy coincide);
 * - many-to-many: token accuracy over every step, sequence accuracy = every step right;
 * - seq2seq: greedy decoding (the decoder sees only its own predictions, as in use). Token accuracy
 *   compares position by position over each target and its `</s>`; sequence accuracy is an exact
 *   match that ended with `</s>`. The loss is the teacher-forced loss, comparable with training.
 * - real-valued outputs: `mse` (which is also the loss), and for a forecast of several steps ahead
 *   the mse of each step ahead (`mseByHorizon`: errors usually grow with the distance);
 * - real-valued inputs with classes: accuracy, as many-to-one symbols.
 */
import * as tf from '@tensorflow/tfjs';
import type { RealSample, SymbolSample } from '../tasks/dataset';
import { CELL_FACTS, type GateName } from './cells/cellFacts';
import { makeBatches } from './batches';
import { embedInputs, runEncoder, type Sample } from './encoderRun';
import { crossEntropy, forward } from './forward';
import { decoderTargets, greedyDecode, runDecoder } from './seq2seq';
import type { SeqModel } from './seqModel';
import type { FinalMetrics, GateStat } from './trainEvents';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface EvaluateOptions {
  /**
   * Samples per forward pass. Larger passes are a little faster, but each is one uninterrupted
   * task: in a webview a 256-sample pass of a realistic model held the page for ~250 ms, so the
   * default keeps a pass near one training batch and yields between passes.
   */
  batchSize?: number;
}

/** Samples per evaluation pass by default (see `EvaluateOptions.batchSize`). */
export const EVALUATION_CHUNK = 32;

/**
 * Loss and accuracies (or mse) of the model on `samples`, one chunk at a time with a yield to the
 * event loop between chunks, so a page or a Ctrl-C is never held up by a whole test split.
 */
export async function evaluate(
  model: SeqModel,
  samples: readonly Sample[],
  options: EvaluateOptions = {},
): Promise<FinalMetrics> {
  if (samples.length === 0) return { loss: 0 };
  let lossSum = 0;
  let lossCount = 0;
  let tokens = 0;
  let correctTokens = 0;
  let correctSequences = 0;
  const meta = model.meta;
  const horizon =
    meta.type === 'real' && meta.forecast && meta.forecast.horizon > 1
      ? newHorizonErrors(meta.forecast.horizon, meta.forecast.channels.length)
      : undefined;
  for (const batch of makeBatches(samples, options.batchSize ?? EVALUATION_CHUNK)) {
    await yieldToEventLoop();
    tf.tidy(() => {
      if (model.architecture === 'seq2seq') {
        const symbols = batch as SymbolSample[];
        const encoder = runEncoder(model, embedInputs(model, symbols));
        const logits = runDecoder(model, encoder, symbols).logits;
        const { loss, count } = crossEntropy(logits, decoderTargets(model, symbols));
        lossSum += (loss.dataSync()[0] ?? NaN) * count;
        lossCount += count;
        const decoded = greedyDecode(model, encoder);
        symbols.forEach((s, b) => {
          const ids = decoded.ids[b] ?? [];
          const ended = decoded.ended[b] ?? false;
          // Position i of the target (and its </s> at i = length) against the decoding.
          for (let i = 0; i <= s.target.length; i++) {
            const want = i < s.target.length ? s.target[i] : 'end';
            const got = i < ids.length ? ids[i] : i === ids.length && ended ? 'end' : undefined;
            if (want === got) correctTokens++;
          }
          tokens += s.target.length + 1;
          if (ended && ids.length === s.target.length && ids.every((id, i) => id === s.target[i])) {
            correctSequences++;
          }
        });
        return;
      }
      const result = forward(model, batch);
      lossSum += (result.loss.dataSync()[0] ?? NaN) * result.count;
      lossCount += result.count;
      if (model.meta.type === 'real' && !model.meta.classes) {
        if (horizon) addHorizonErrors(horizon, result.outputs, batch as RealSample[]);
        return;
      }
      const predicted = tf.argMax(result.outputs, 2).arraySync() as number[][];
      batch.forEach((s, b) => {
        const row = predicted[b] ?? [];
        const want = targetIds(model, s);
        let right = 0;
        want.forEach((id, t) => {
          if (row[t] === id) right++;
        });
        correctTokens += right;
        tokens += want.length;
        if (right === want.length) correctSequences++;
      });
    });
  }
  const loss = lossSum / Math.max(lossCount, 1);
  if (model.meta.type === 'real' && !model.meta.classes) {
    return { loss, mse: loss, ...(horizon ? { mseByHorizon: horizonMeans(horizon) } : {}) };
  }
  return {
    loss,
    accuracy: correctTokens / Math.max(tokens, 1),
    sequenceAccuracy: correctSequences / samples.length,
  };
}

/** The class (or token) ids a sample's outputs are compared with. */
function targetIds(model: SeqModel, sample: Sample): number[] {
  if (model.meta.type === 'real') return [(sample as RealSample).target[0]?.[0] ?? -1];
  const s = sample as SymbolSample;
  return model.architecture === 'many-to-one' ? s.target.slice(0, 1) : s.target;
}

/** Squared errors summed per step ahead: a target row holds `horizon` steps of `channels` values. */
interface HorizonErrors {
  channels: number;
  sums: number[];
  counts: number[];
}

function newHorizonErrors(horizon: number, channels: number): HorizonErrors {
  return {
    channels,
    sums: new Array<number>(horizon).fill(0),
    counts: new Array<number>(horizon).fill(0),
  };
}

function addHorizonErrors(
  errors: HorizonErrors,
  outputs: tf.Tensor3D,
  batch: readonly RealSample[],
): void {
  const values = outputs.arraySync();
  batch.forEach((s, b) => {
    s.target.forEach((row, t) => {
      const predicted = values[b]?.[t] ?? [];
      row.forEach((want, k) => {
        const h = Math.floor(k / errors.channels);
        errors.sums[h] = (errors.sums[h] ?? 0) + ((predicted[k] ?? 0) - want) ** 2;
        errors.counts[h] = (errors.counts[h] ?? 0) + 1;
      });
    });
  });
}

function horizonMeans(errors: HorizonErrors): number[] {
  return errors.sums.map((sum, h) => sum / Math.max(errors.counts[h] ?? 0, 1));
}

/**
 * Mean activation and the fractions below 0.1 and above 0.9 of every sigmoid gate of every layer
 * (LSTM i, f, o; GRU r, z; the tanh candidates g and n are left out), over `samples` (the caller
 * passes a fixed sample so epochs compare). Seq2Seq decoder gates come from a teacher-forced pass.
 */
export async function gateStatistics(
  model: SeqModel,
  samples: readonly Sample[],
): Promise<GateStat[]> {
  interface Tally {
    layer: number;
    label: string;
    gate: GateName;
    sum: number;
    count: number;
    below: number;
    above: number;
  }
  const tallies: Tally[] = [];
  model.layers.forEach((layer, l) => {
    const { activations } = CELL_FACTS[layer.cell.kind];
    for (const gate of layer.cell.gateNames) {
      // Sigmoid gates only: "shut" (< 0.1) and "open" (> 0.9) mean something for them.
      if (activations[gate] === 'sigmoid') {
        tallies.push({ layer: l, label: layer.label, gate, sum: 0, count: 0, below: 0, above: 0 });
      }
    }
  });
  if (samples.length === 0 || tallies.length === 0) return [];
  for (const batch of makeBatches(samples, EVALUATION_CHUNK)) {
    await yieldToEventLoop();
    tf.tidy(() => {
      const steps = forward(model, batch, { capture: true }).steps ?? [];
      const parts = tallies.map((tally) => {
        const all = (steps[tally.layer] ?? []).flatMap((s) => {
          const g = s.gates[tally.gate];
          return g ? [g] : [];
        });
        const values = tf.stack(all);
        tally.count += values.size;
        return tf.stack([
          tf.sum(values),
          tf.sum(tf.cast(tf.less(values, 0.1), 'float32')),
          tf.sum(tf.cast(tf.greater(values, 0.9), 'float32')),
        ]);
      });
      // One read for every gate of every layer.
      const read = tf.concat(parts).dataSync();
      tallies.forEach((tally, k) => {
        tally.sum += read[3 * k] ?? 0;
        tally.below += read[3 * k + 1] ?? 0;
        tally.above += read[3 * k + 2] ?? 0;
      });
    });
  }
  return tallies.map((t) => {
    const n = Math.max(t.count, 1);
    return {
      layer: t.label,
      gate: t.gate,
      mean: t.sum / n,
      below01: t.below / n,
      above09: t.above / n,
    };
  });
}
