/**
 * adding: the adding problem of Hochreiter & Schmidhuber (1997), the classic long-term
 * dependency benchmark. Each step has two channels, a value drawn uniformly from [0, 1] and a
 * marker that is 1 at exactly two steps (one in the first half of the sequence, one in the
 * second) and 0 elsewhere; the target, read after the last step, is the sum of the two marked
 * values. The first marked value must be carried over at least T/2 steps of distractors.
 *
 * Answering 1 (the mean of the sum) whatever the input scores an MSE of Var(a + b) = 2/12 ≈ 0.167:
 * a model that has not found the markers sits at that baseline.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { RealDataset, RealSample } from './dataset';
import { drawDisjointSplits } from './disjointSplits';
import type { SeededRandom } from './seededRandom';

/** The two input channels, as the inspector names their lanes. */
export const ADDING_CHANNELS = ['value', 'marker'] as const;

/** The MSE of always answering 1, the mean of the sum of two U(0, 1) values: 1/6. */
export const ADDING_BASELINE_MSE = 1 / 6;

/** The shortest sequence with a first and a second half of at least one step each. */
export const ADDING_MIN_LENGTH = 2;

/** Four decimals: plenty for the task, short in JSON and in the lab's sample list. */
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** One sequence of `steps` steps [value, marker] and its target [[a + b]]. */
export function drawAddingSample(random: SeededRandom, steps: number): RealSample {
  const half = Math.floor(steps / 2);
  const first = random.int(0, half - 1);
  const second = random.int(half, steps - 1);
  const input = Array.from({ length: steps }, (_, t) => [
    round4(random.next()),
    t === first || t === second ? 1 : 0,
  ]);
  const sum = (input[first]?.[0] ?? 0) + (input[second]?.[0] ?? 0);
  return { input, target: [[round4(sum)]] };
}

/**
 * Like every real task, one fixed length: the largest of `task.length` (the engine needs no
 * padding for real values). many-to-one only: the answer comes after the whole sequence.
 */
export function buildAddingDataset(spec: ResolvedSpec, random: SeededRandom): RealDataset {
  const steps = Math.max(...spec.task.length);
  const { train, test } = drawDisjointSplits(
    () => drawAddingSample(random, steps),
    (s) => s.input.join(' '),
    { train: spec.task.samples, test: spec.task.testSamples, distinct: spec.task.distinct },
  );
  return {
    type: 'real',
    architecture: spec.model.architecture,
    features: ADDING_CHANNELS.length,
    outputs: 1,
    channels: [...ADDING_CHANNELS],
    train,
    test,
    maxInputLength: steps,
  };
}
