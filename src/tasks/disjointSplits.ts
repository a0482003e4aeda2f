/**
 * Train and test splits that never share an input. The test set is drawn first (distinct inputs),
 * then training samples are drawn, rejecting any input the test set holds; test accuracy then
 * measures generalisation, not memory.
 */

export interface Splits<S> {
  train: S[];
  test: S[];
}

/** Draws per wanted sample before giving up: generous, but never an endless loop. */
const ATTEMPTS_PER_SAMPLE = 100;
const EXTRA_ATTEMPTS = 10_000;

/**
 * `keyOf` names an input exactly (its symbols, or its real values). Training samples may repeat
 * among themselves (small input spaces need that) unless `distinct` (`task.distinct`) says each
 * input is drawn once, as the Keras addition example does; test samples are always distinct.
 * Throws when the input space is too small, which `loadTaskData` reports earlier as a problem on
 * `task.testSamples` (or `task.samples` with `distinct`).
 */
export function drawDisjointSplits<S>(
  draw: () => S,
  keyOf: (sample: S) => string,
  counts: { train: number; test: number; distinct?: boolean },
  /** Draws a test sample, when the test split comes from elsewhere (other lengths). */
  drawTest: () => S = draw,
): Splits<S> {
  const test: S[] = [];
  const testKeys = new Set<string>();
  const testBudget = counts.test * ATTEMPTS_PER_SAMPLE + EXTRA_ATTEMPTS;
  for (let attempt = 0; test.length < counts.test; attempt++) {
    if (attempt >= testBudget) {
      throw new Error(
        `only ${test.length} distinct test inputs found for task.testSamples ${counts.test}: ` +
          'the task has too few distinct inputs; lower task.testSamples or make the inputs longer or more varied',
      );
    }
    const sample = drawTest();
    const key = keyOf(sample);
    if (testKeys.has(key)) continue;
    testKeys.add(key);
    test.push(sample);
  }

  const train: S[] = [];
  const trainKeys = new Set<string>();
  const trainBudget = counts.train * ATTEMPTS_PER_SAMPLE + EXTRA_ATTEMPTS;
  for (let attempt = 0; train.length < counts.train; attempt++) {
    if (attempt >= trainBudget) {
      throw new Error(
        counts.distinct
          ? `only ${train.length} distinct training inputs found for task.samples ${counts.train} ` +
              `beside the ${counts.test} test inputs: lower task.samples, set task.distinct to false, ` +
              'or make the inputs longer or more varied'
          : `the ${counts.test} test inputs leave almost no other inputs for training: ` +
              'lower task.testSamples or make the inputs longer or more varied',
      );
    }
    const sample = draw();
    const key = keyOf(sample);
    if (testKeys.has(key)) continue;
    if (counts.distinct) {
      if (trainKeys.has(key)) continue;
      trainKeys.add(key);
    }
    train.push(sample);
  }
  return { train, test };
}
