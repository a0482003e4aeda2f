/**
 * Accuracy by input length: the test samples grouped by how long their input is, each group
 * evaluated on its own. The Bottleneck's measure (a fixed context vector loses the long inputs
 * first), and a sweep's `measure` for any question of length.
 */
import type { Sample } from './encoderRun';
import { evaluate } from './evaluate';
import type { SeqModel } from './seqModel';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface LengthAccuracy {
  /** Input length of the samples. */
  length: number;
  /** How many test samples have it. */
  samples: number;
  /** Token accuracy on them. */
  accuracy: number;
  sequenceAccuracy?: number;
}

/** Samples by input length, shortest first. */
export function samplesByLength(
  samples: readonly Sample[],
): { length: number; samples: Sample[] }[] {
  const groups = new Map<number, Sample[]>();
  for (const sample of samples) {
    const list = groups.get(sample.input.length) ?? [];
    list.push(sample);
    groups.set(sample.input.length, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([length, group]) => ({ length, samples: group }));
}

/** `model`'s accuracy on `samples` of each input length (symbol tasks). */
export async function accuracyByLength(
  model: SeqModel,
  samples: readonly Sample[],
): Promise<LengthAccuracy[]> {
  const out: LengthAccuracy[] = [];
  for (const group of samplesByLength(samples)) {
    // One length per task, so a page can paint between them.
    await yieldToEventLoop();
    const metrics = await evaluate(model, group.samples);
    out.push({
      length: group.length,
      samples: group.samples.length,
      accuracy: metrics.accuracy ?? 0,
      ...(metrics.sequenceAccuracy !== undefined
        ? { sequenceAccuracy: metrics.sequenceAccuracy }
        : {}),
    });
  }
  return out;
}
