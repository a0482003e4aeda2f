/**
 * Splits samples into batches whose inputs all have one length ("bucketing"). The recurrent
 * layers then never see padding, so their final states, every h_t and attention over the encoder
 * states need no masks; only Seq2Seq targets of different lengths are padded (and masked in the
 * loss). The price is a few smaller batches at the end of each length bucket.
 */
import type { SeededRandom } from '../tasks/seededRandom';

/**
 * Batches of at most `batchSize` samples, each of one input length. With `random`, samples are
 * shuffled within each length and the batches are shuffled too (a new order every epoch when the
 * caller seeds `random` per epoch); without, the order is deterministic: by length, then as given.
 */
export function makeBatches<S extends { input: readonly unknown[] }>(
  samples: readonly S[],
  batchSize: number,
  random?: SeededRandom,
): S[][] {
  const byLength = new Map<number, S[]>();
  for (const sample of samples) {
    const group = byLength.get(sample.input.length);
    if (group) group.push(sample);
    else byLength.set(sample.input.length, [sample]);
  }
  const lengths = [...byLength.keys()].sort((a, b) => a - b);
  const batches: S[][] = [];
  for (const length of lengths) {
    const group = byLength.get(length) ?? [];
    const ordered = random ? random.shuffled(group) : group;
    for (let start = 0; start < ordered.length; start += batchSize) {
      batches.push(ordered.slice(start, start + batchSize));
    }
  }
  return random ? random.shuffled(batches) : batches;
}

/** How many batches `makeBatches` makes, without making them. */
export function countBatches(
  samples: readonly { input: readonly unknown[] }[],
  batchSize: number,
): number {
  const byLength = new Map<number, number>();
  for (const s of samples) byLength.set(s.input.length, (byLength.get(s.input.length) ?? 0) + 1);
  let count = 0;
  for (const n of byLength.values()) count += Math.ceil(n / batchSize);
  return count;
}
