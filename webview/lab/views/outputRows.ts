/**
 * The predicted output at each step of an inspection, lined up with the step it belongs to and,
 * when the target is known (a test sample), marked right or wrong. Pure logic, no DOM, so it is
 * unit-tested in Node.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';

export interface OutputRow {
  /** 0-based column on its axis: the input step (the last one for many-to-one) or decoder step. */
  step: number;
  axis: 'input' | 'decoder';
  /** What the step read: the input symbol, or the decoder's input (`<s>`, previous token). */
  input: string;
  /** The most likely token (symbols). */
  predicted?: string;
  probability?: number;
  /** The expected token (`</s>` after the last one for Seq2Seq), when the target is known. */
  target?: string;
  correct?: boolean;
  /** Real-valued tasks. */
  values?: number[];
  targetValues?: number[];
}

const END = '</s>';

/** `"0.1, 0.2"` or `"(0.1 0.2), (0.3 0.4)"` (the format of `formatRealSequence`) → steps. */
export function parseRealTarget(target: string): number[][] {
  return target
    .split(',')
    .map((step) => step.replace(/[()]/g, '').trim())
    .filter((step) => step !== '')
    .map((step) => step.split(/\s+/).map(Number));
}

export function outputRows(inspection: Inspection, target?: string): OutputRow[] {
  const { outputs, inputTokens } = inspection;
  const seq2seq = inspection.seq2seq;
  const symbols = target === undefined ? undefined : Array.from(target);
  const realTargets = target === undefined ? undefined : parseRealTarget(target);

  return outputs.map((out, k): OutputRow => {
    let step = k;
    let axis: OutputRow['axis'] = 'input';
    let input = inputTokens[k] ?? '';
    let expected: string | undefined;
    let expectedValues: number[] | undefined;
    if (seq2seq) {
      axis = 'decoder';
      input = seq2seq.decoderInputs[k] ?? '';
      if (symbols)
        expected = k < symbols.length ? symbols[k] : k === symbols.length ? END : undefined;
    } else if (inspection.architecture === 'many-to-one') {
      step = Math.max(0, inputTokens.length - 1);
      input = inputTokens[step] ?? '';
      expected = target;
      expectedValues = realTargets?.[0];
    } else {
      expected = symbols?.[k];
      expectedValues = realTargets?.[k];
    }
    // Real-valued inputs: the numbers the step read, not its t1, t2… label.
    const values = seq2seq ? undefined : inspection.inputValues?.[step];
    if (values) input = values.map((v) => Number(v.toFixed(3))).join(' ');
    const row: OutputRow = { step, axis, input };
    if (out.values) {
      row.values = out.values;
      if (expectedValues && expectedValues.length === out.values.length)
        row.targetValues = expectedValues;
      return row;
    }
    if (out.token !== undefined) row.predicted = out.token;
    if (out.probability !== undefined) row.probability = out.probability;
    if (expected !== undefined) {
      row.target = expected;
      row.correct = out.token === expected;
    }
    return row;
  });
}

/** The `count` most likely tokens of a distribution, most likely first. */
export function topChoices(
  probs: readonly number[],
  vocab: readonly string[],
  count = 5,
): { token: string; probability: number }[] {
  return probs
    .map((probability, i) => ({ token: vocab[i] ?? '?', probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, count);
}
