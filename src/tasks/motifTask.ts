/**
 * motif: DNA over ACGT, labelled by whether it contains `task.motif`. Half the samples (by a coin
 * flip) get the motif planted at a random place, the other half are built so that they cannot
 * contain it, so the classes stay balanced however rare the motif is by chance.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { SeededRandom } from './seededRandom';
import type { SymbolTask } from './symbolDataset';
import { drawLength } from './symbolTasks';

export const DNA = ['A', 'C', 'G', 'T'] as const;
export const MOTIF_CLASSES = ['absent', 'present'] as const;

/**
 * Lengths both classes use. Sequences shorter than the motif would all be "absent", and the model
 * could then answer from the length alone, so both classes start at the motif's length.
 */
export function motifLengthRange(spec: ResolvedSpec): [number, number] | undefined {
  const [min, max] = spec.task.length;
  const shortest = Math.max(min, spec.task.motif.length);
  return shortest > max ? undefined : [shortest, max];
}

/**
 * A sequence without the motif, one base at a time: only one base can complete the motif at any
 * step (the motif's last), so when the draw would complete it, another base is drawn instead.
 * Bounded work, unlike resampling until absent, which is slow for short motifs.
 */
function drawAbsent(random: SeededRandom, motif: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    let base = random.pick(DNA);
    if ((out + base).endsWith(motif)) base = random.pick(DNA.filter((b) => b !== base));
    out += base;
  }
  return out;
}

function drawPresent(random: SeededRandom, motif: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += random.pick(DNA);
  const at = random.int(0, length - motif.length);
  return out.slice(0, at) + motif + out.slice(at + motif.length);
}

export function motifTask(spec: ResolvedSpec, random: SeededRandom): SymbolTask {
  const motif = spec.task.motif;
  const range = motifLengthRange(spec);
  if (range === undefined) {
    throw new Error(
      `task.motif "${motif}" is longer than the longest sequence (task.length ${spec.task.length[1]})`,
    );
  }
  return {
    inputSymbols: DNA,
    outputSymbols: MOTIF_CLASSES,
    draw() {
      const length = drawLength(random, range);
      const sequence =
        random.next() < 0.5
          ? drawPresent(random, motif, length)
          : drawAbsent(random, motif, length);
      // The label is read off the sequence itself, so it is right by construction.
      const label = sequence.includes(motif) ? 'present' : 'absent';
      return { input: [...sequence], target: [label] };
    },
  };
}

/**
 * How many DNA strings of `length` avoid the motif: a walk over the motif's prefix automaton
 * (Knuth–Morris–Pratt), counting strings that never reach the full match. Float counts: 4^L
 * overflows to Infinity for long sequences, which still compares correctly.
 */
export function countWithoutMotif(motif: string, length: number): number {
  const m = motif.length;
  const failure = new Array<number>(m).fill(0);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && motif[i] !== motif[k]) k = failure[k - 1] ?? 0;
    if (motif[i] === motif[k]) k++;
    failure[i] = k;
  }
  const step = (state: number, base: string): number => {
    let k = state;
    while (k > 0 && motif[k] !== base) k = failure[k - 1] ?? 0;
    return motif[k] === base ? k + 1 : 0;
  };
  let counts = new Array<number>(m).fill(0);
  counts[0] = 1;
  for (let i = 0; i < length; i++) {
    const nextCounts = new Array<number>(m).fill(0);
    counts.forEach((count, state) => {
      if (count === 0) return;
      for (const base of DNA) {
        const to = step(state, base);
        if (to < m) nextCounts[to] = (nextCounts[to] ?? 0) + count;
      }
    });
    counts = nextCounts;
  }
  return counts.reduce((sum, c) => sum + c, 0);
}
