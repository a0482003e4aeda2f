/**
 * The only source of randomness for task data. Every draw comes from `seedrandom` seeded with
 * `train.seed`, so the same spec gives the same samples in Node, in a webview and on every
 * machine. (`Math.random` is never used: it cannot be seeded.)
 */
import seedrandom from 'seedrandom';

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[];
  /** Standard normal, by Box–Muller. */
  gaussian(): number;
}

/**
 * `stream` separates independent uses of one seed: the task data and the engine's weight
 * initialisation both start from `train.seed`, but must not draw the same numbers.
 */
export function createRandom(seed: number, stream: string): SeededRandom {
  const prng = seedrandom(`rnnlab:${stream}:${seed}`);
  const next = (): number => prng.quick();
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    uniform: (min, max) => min + next() * (max - min),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    shuffled<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        const swap = out[i] as T;
        out[i] = out[j] as T;
        out[j] = swap;
      }
      return out;
    },
    gaussian(): number {
      // 1 - next() lies in (0, 1], so the logarithm stays finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
