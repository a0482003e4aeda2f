/**
 * Vocabularies and the mapping between text and token ids. A symbol is one Unicode code point
 * (not one UTF-16 unit), so Hangul, accented letters and emoji are each one token.
 */
import type { Architecture } from '../spec/taskKinds';
import { END, PAD, START, type Vocabulary } from './dataset';

/** The symbols of a string, one per code point. */
export function splitSymbols(text: string): string[] {
  return Array.from(text);
}

/** Distinct symbols in first-seen order (a `vocab` like "abca" still means a, b, c). */
export function distinctSymbols(symbols: Iterable<string>): string[] {
  return [...new Set(symbols)];
}

/** Distinct symbols in a fixed, machine-independent order (UTF-16 code unit order). */
export function sortedSymbols(symbols: Iterable<string>): string[] {
  return [...new Set(symbols)].sort();
}

/** `<pad>` first (id 0) so that zero-padded batches read as padding. */
export function inputVocabulary(symbols: readonly string[]): Vocabulary {
  return { tokens: [PAD, ...symbols], pad: 0 };
}

/**
 * Specials only where the architecture needs them: a Seq2Seq decoder starts from `<s>` and
 * stops at `</s>`; per-step targets are padded; a many-to-one head predicts one class only.
 */
export function outputVocabulary(
  architecture: Architecture,
  symbols: readonly string[],
): Vocabulary {
  switch (architecture) {
    case 'seq2seq':
      return { tokens: [PAD, START, END, ...symbols], pad: 0, start: 1, end: 2 };
    case 'many-to-many':
      return { tokens: [PAD, ...symbols], pad: 0 };
    case 'many-to-one':
      return { tokens: [...symbols] };
  }
}

function isSpecial(vocab: Vocabulary, id: number): boolean {
  return id === vocab.pad || id === vocab.start || id === vocab.end;
}

/** Symbol -> id, skipping special tokens so that typing "<pad>" never selects padding. */
export function symbolIndex(vocab: Vocabulary): Map<string, number> {
  const index = new Map<string, number>();
  vocab.tokens.forEach((token, id) => {
    if (!isSpecial(vocab, id)) index.set(token, id);
  });
  return index;
}

/**
 * Ids of every symbol of `text`, or the symbols the vocabulary lacks (distinct, in order of
 * appearance) so that a message can name them.
 */
export function encodeSymbols(vocab: Vocabulary, text: string): number[] | { unknown: string[] } {
  return encodeSymbolList(vocab, splitSymbols(text));
}

export function encodeSymbolList(
  vocab: Vocabulary,
  symbols: readonly string[],
  index: Map<string, number> = symbolIndex(vocab),
): number[] | { unknown: string[] } {
  const ids: number[] = [];
  const unknown = new Set<string>();
  for (const symbol of symbols) {
    const id = index.get(symbol);
    if (id === undefined) unknown.add(symbol);
    else ids.push(id);
  }
  return unknown.size > 0 ? { unknown: [...unknown] } : ids;
}

/**
 * Text of a sequence of ids for display: padding and `<s>` are dropped, `</s>` ends the text (a
 * decoder's output after it is meaningless), ids outside the vocabulary show as `?`.
 */
export function decodeSymbols(vocab: Vocabulary, ids: readonly number[]): string {
  let out = '';
  for (const id of ids) {
    if (id === vocab.end) break;
    if (id === vocab.pad || id === vocab.start) continue;
    out += vocab.tokens[id] ?? '?';
  }
  return out;
}

/**
 * Symbols quoted for a message: `"a", " ", "\n"`; past `limit` of them the rest is counted
 * (`… and 4980 more, 5000 in all`), so a large vocabulary does not fill a screen.
 */
export function quoteSymbols(symbols: readonly string[], limit = 40): string {
  const shown = symbols
    .slice(0, limit)
    .map((s) => JSON.stringify(s))
    .join(', ');
  const rest = symbols.length - limit;
  return rest > 0 ? `${shown} … and ${rest} more, ${symbols.length} in all` : shown;
}
