/**
 * sine: forecast a noisy sum of 2–3 sines, an audio-like real-valued signal. Each sample is its
 * own signal (random frequencies, phases and amplitudes), so the model must read the rhythm off
 * the window rather than memorise one curve.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { RealDataset, RealSample } from './dataset';
import { drawDisjointSplits } from './disjointSplits';
import type { SeededRandom } from './seededRandom';

/** Values are clipped here; amplitudes sum to at most 2.4, so only large noise ever reaches it. */
export const SINE_BOUND = 3;

/**
 * Six decimals: enough for training, shorter in JSON, and it absorbs last-bit differences of
 * `Math.sin` between JavaScript engines, so a seed gives the same numbers everywhere.
 */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** `steps + 1` consecutive values of one random signal. */
function drawSignal(random: SeededRandom, steps: number, noise: number): number[] {
  const components = Array.from({ length: random.int(2, 3) }, () => ({
    // Radians per step: periods from about 8 to 60 steps, visible within a 40-step window.
    frequency: random.uniform(0.1, 0.8),
    phase: random.uniform(0, 2 * Math.PI),
    amplitude: random.uniform(0.2, 0.8),
  }));
  return Array.from({ length: steps + 1 }, (_, t) => {
    let x = 0;
    for (const c of components) x += c.amplitude * Math.sin(c.frequency * t + c.phase);
    if (noise > 0) x += noise * random.gaussian();
    return round6(Math.min(SINE_BOUND, Math.max(-SINE_BOUND, x)));
  });
}

/**
 * Real tasks use one fixed window length, the largest of `task.length`: the engine then needs no
 * padding for real values. many-to-many: the next value at every step; many-to-one: the value
 * after the window.
 */
export function buildSineDataset(spec: ResolvedSpec, random: SeededRandom): RealDataset {
  const steps = Math.max(...spec.task.length);
  const perStep = spec.model.architecture === 'many-to-many';
  const draw = (): RealSample => {
    const values = drawSignal(random, steps, spec.task.noise);
    const input = values.slice(0, steps).map((x) => [x]);
    const target = perStep ? values.slice(1).map((x) => [x]) : [[values[steps] ?? 0]];
    return { input, target };
  };
  const { train, test } = drawDisjointSplits(draw, (s) => s.input.join(' '), {
    train: spec.task.samples,
    test: spec.task.testSamples,
    distinct: spec.task.distinct,
  });
  return {
    type: 'real',
    architecture: spec.model.architecture,
    features: 1,
    train,
    test,
    maxInputLength: steps,
  };
}
