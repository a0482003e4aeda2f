/**
 * What a hover says: the word under the cursor → a term of `src/explain` → Markdown, plus the
 * live numbers of the newest run of the workspace and a command link that opens the lab on that
 * gate. Free of `vscode`: `hovers.ts` wraps the result in a `vscode.Hover`.
 */
import {
  formatGateStats,
  gateTerm,
  liveGateLines,
  renderHoverMarkdown,
  tbpttLines,
  termAtWord,
  type Lang,
  type TermId,
  type WordContext,
} from '../explain';
import type { GateStat } from '../engine/trainEvents';
import type { GateFocus } from '../protocol/messages';
import type { LiveGates } from '../node/runListing';
import { sequenceSteps } from '../spec/memoryEstimate';
import { validateSpecText } from '../spec/validateSpec';

/** The command hover links may run; the only one their Markdown is trusted with. */
export const HOVER_LINK_COMMAND = 'rnnLab.openLab';

export interface WordAt {
  word: string;
  /** 0-based character range within the line. */
  start: number;
  end: number;
}

/** In a spec: keys and values, including hyphenated ones (`many-to-one`, `delayed-recall`). */
const SPEC_WORD = /[A-Za-z0-9_-]+/g;
/** In code: an identifier with the module path in front of it (`nn.LSTM`, `tf.layers.lstm`). */
const CODE_WORD = /[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*/g;

function matchAt(pattern: RegExp, line: string, character: number): WordAt | undefined {
  for (const match of line.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (character >= start && character <= end && match[0].length > 0) {
      return { word: match[0], start, end };
    }
  }
  return undefined;
}

export function specWordAt(line: string, character: number): WordAt | undefined {
  return matchAt(SPEC_WORD, line, character);
}

/**
 * The dotted name up to the segment under the cursor: on `LSTM` of `nn.LSTM(…)` it is `nn.LSTM`,
 * on `layers` of `tf.layers.lstm` it is `tf.layers` (which names no term), so the hover explains
 * what the cursor is on.
 */
export function codeWordAt(line: string, character: number): WordAt | undefined {
  const whole = matchAt(CODE_WORD, line, character);
  if (!whole) return undefined;
  const dot = whole.word.indexOf('.', character - whole.start);
  const end = dot === -1 ? whole.end : whole.start + dot;
  const segmentStart = whole.word.lastIndexOf('.', character - whole.start - 1) + 1;
  return { word: whole.word.slice(0, end - whole.start), start: whole.start + segmentStart, end };
}

/** Gates a term is about, in the run's stats: the gate itself, or every gate of a cell. */
function statsForTerm(term: TermId, gates: readonly GateStat[]): GateStat[] {
  return gates.filter((s) => {
    if (term === 'lstm') return gateTerm('lstm', s.gate) !== undefined;
    if (term === 'gru') return gateTerm('gru', s.gate) !== undefined;
    if (term === 'saturation')
      return (gateTerm('lstm', s.gate) ?? gateTerm('gru', s.gate)) !== undefined;
    return (gateTerm('lstm', s.gate) ?? gateTerm('gru', s.gate)) === term;
  });
}

/** `command:rnnLab.openLab?<encoded JSON args>`: what a hover link runs. */
export function openLabCommandUri(args: { runId?: string; focus?: GateFocus }): string {
  // encodeURIComponent leaves ( ) ' ! * as they are; a ) would end the Markdown link early.
  const query = encodeURIComponent(JSON.stringify([args])).replace(
    /[()'!*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${HOVER_LINK_COMMAND}?${query}`;
}

const LINK_TEXT: Record<
  Lang,
  { gate: (name: string) => string; run: string; heading: (live: LiveGates) => string }
> = {
  en: {
    gate: (name) => `Open the lab on the ${name}`,
    run: 'Open the lab on this run',
    heading: (live) => `run ${live.runId} (${live.runName}), epoch ${live.epoch}`,
  },
  ko: {
    gate: (name) => `랩에서 ${name} 보기`,
    run: '랩에서 이 실행 보기',
    heading: (live) => `실행 ${live.runId} (${live.runName}), ${live.epoch} 에폭`,
  },
};

/** Markdown link text: brackets and backslashes escaped. */
function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

export interface HoverContent {
  term: TermId;
  markdown: string;
  /** Whether the Markdown links to `HOVER_LINK_COMMAND` (and must be trusted with it). */
  hasCommandLink: boolean;
}

/**
 * Lines about the spec's own value of a setting term (`tbptt`: which of its steps the gradient
 * reaches), from the spec's text; none when the term has no such value or the spec does not set it.
 */
function specValueLines(term: TermId, specText: string | undefined, lang: Lang): string[] {
  if (term !== 'truncated-bptt' || specText === undefined) return [];
  const checked = validateSpecText(specText);
  const k = checked.spec?.train.tbptt ?? checked.raw?.train?.tbptt;
  if (k === undefined) return [];
  // Seq2seq is refused with tbptt (an error), so a resolved spec here truncates its encoder input.
  return tbpttLines(k, checked.spec ? sequenceSteps(checked.spec).input : undefined, lang);
}

/**
 * The hover for a word, or undefined when it names no term. With `live`, terms about gates get
 * the run's numbers (`forget gate, layer 1: mean 0.81, 34 % of activations above 0.9, …`) and a
 * link to open the lab on the first of those gates. With `specText` (the hovered spec), a setting
 * term gets what the spec's own value does (`train.tbptt`).
 */
export function hoverContent(
  word: string,
  context: WordContext,
  lang: Lang,
  live?: LiveGates,
  specText?: string,
): HoverContent | undefined {
  const term = termAtWord(word, context);
  if (!term) return undefined;
  const valueLines = specValueLines(term, specText, lang);
  if (valueLines.length > 0) {
    return { term, markdown: renderHoverMarkdown(term, lang, valueLines), hasCommandLink: false };
  }
  const stats = live ? statsForTerm(term, live.gates) : [];
  if (!live || stats.length === 0) {
    return { term, markdown: renderHoverMarkdown(term, lang), hasCommandLink: false };
  }
  const lines = [LINK_TEXT[lang].heading(live), ...liveGateLines(stats, term, lang)];
  const first = stats[0] as GateStat;
  const focus: GateFocus = { layer: first.layer, gate: first.gate };
  const gateName = formatGateStats(first, lang).split(',')[0] ?? first.gate;
  const text =
    term === 'lstm' || term === 'gru' ? LINK_TEXT[lang].run : LINK_TEXT[lang].gate(gateName);
  const link = `[${linkText(text)}](${openLabCommandUri({ runId: live.runId, focus })})`;
  return {
    term,
    markdown: `${renderHoverMarkdown(term, lang, lines)}\n\n${link}`,
    hasCommandLink: true,
  };
}
