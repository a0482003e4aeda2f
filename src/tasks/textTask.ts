/**
 * text: next-character prediction. A sample is a window of the text; its target is the same window
 * shifted by one character, so at every step the model predicts the character that follows.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { LoadedData } from './loadedData';
import type { SeededRandom } from './seededRandom';
import type { SymbolTask } from './symbolDataset';
import { drawLength } from './symbolTasks';
import { sortedSymbols, splitSymbols } from './vocabulary';

/** Inline `task.text` first, else the text loaded from `task.file`. */
export function sourceText(spec: ResolvedSpec, data: LoadedData | undefined): string | undefined {
  return spec.task.text ?? data?.text;
}

/** A window of L characters needs L + 1 characters of text (the last one is only a target). */
export function textTooShort(characters: number, spec: ResolvedSpec): boolean {
  return characters < spec.task.length[1] + 1;
}

export function textTask(spec: ResolvedSpec, text: string, random: SeededRandom): SymbolTask {
  const characters = splitSymbols(text);
  if (textTooShort(characters.length, spec)) {
    throw new Error(
      `the text has ${characters.length} characters; windows of task.length ${spec.task.length[1]} need at least ${spec.task.length[1] + 1}`,
    );
  }
  const symbols = sortedSymbols(characters);
  return {
    inputSymbols: symbols,
    outputSymbols: symbols,
    draw() {
      const length = drawLength(random, spec.task.length);
      const start = random.int(0, characters.length - length - 1);
      return {
        input: characters.slice(start, start + length),
        target: characters.slice(start + 1, start + length + 1),
      };
    },
  };
}

/**
 * Distinct windows the text offers, counted only up to `enough`: a long, varied text reaches it
 * at once, and the set of windows never grows past what the check needs. After scanning
 * `SCAN_LIMIT` windows without reaching it (a huge, very repetitive text) it answers `enough`,
 * leaving the final word to the generator.
 */
const SCAN_LIMIT = 2_000_000;

export function countDistinctWindows(text: string, spec: ResolvedSpec, enough: number): number {
  const characters = splitSymbols(text);
  const seen = new Set<string>();
  let scanned = 0;
  const [min, max] = spec.task.length;
  for (let length = min; length <= max; length++) {
    for (let start = 0; start + length < characters.length; start++) {
      if (seen.size >= enough) return seen.size;
      if (++scanned > SCAN_LIMIT) return enough;
      seen.add(characters.slice(start, start + length).join(''));
    }
  }
  return seen.size;
}
