/**
 * An explanation as a VS Code hover (Markdown) or as a webview/CLI tooltip (plain text): title,
 * summary, equation, what it means for training, what to look at in the lab, the live numbers of
 * the current run and the related terms. Compact on purpose: a hover, not an essay.
 */
import { gateTerm } from './gateStats';
import { explainTerm } from './terms';
import type { Lang, TermId } from './termIds';

const LABELS: {
  readonly [L in Lang]: { training: string; lab: string; live: string };
} = {
  en: { training: 'Training', lab: 'In the lab', live: 'This run' },
  ko: { training: '학습', lab: '랩에서 보기', live: '이번 실행' },
};

/**
 * The equation a hover shows. A whole cell's (LSTM six lines, GRU four) made the hover scroll:
 * the cell's hover keeps its state update, and each gate's line is in that gate's own hover.
 */
function hoverEquation(id: TermId, equation: string): string {
  if (id !== 'lstm' && id !== 'gru') return '```text\n' + equation + '\n```';
  const kept = equation
    .split('\n')
    .filter((line) => gateTerm(id, /^(\w)_t =/.exec(line)?.[1] ?? '') === undefined);
  return ['```text', ...kept, '```'].join('\n');
}

/** Backslash-escapes what Markdown would read as markup, so run data shows as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

/** The catalogue's inline Markdown (code spans only) as plain text, for tooltips. */
export function toPlainText(text: string): string {
  return text.replace(/`([^`]*)`/g, '$1');
}

/**
 * The Markdown of a hover on `id`. `live` are plain-text lines about the current run (e.g. from
 * `liveGateLines`); they are escaped, so labels from run data cannot inject links or HTML.
 */
export function renderHoverMarkdown(id: TermId, lang: Lang, live: readonly string[] = []): string {
  const e = explainTerm(id, lang);
  const label = LABELS[lang];
  // What it is in a sentence or two, then this run's numbers, then the formula and where to look:
  // a hover that fits without scrolling. (What it means for training is the walkthrough's and
  // the tooltips' to say.)
  const parts = [`**${e.title}**: ${e.summary}`];
  if (live.length > 0) {
    parts.push(
      [`**${label.live}:**`, ...live.map((line) => `- ${escapeMarkdown(line)}`)].join('\n'),
    );
  }
  parts.push(hoverEquation(id, e.equation), `**${label.lab}:** ${e.seeInLab}`);
  return parts.join('\n\n');
}

/** The same content as plain text (webview `title` tooltips, CLI output). */
export function renderPlainText(id: TermId, lang: Lang, live: readonly string[] = []): string {
  const e = explainTerm(id, lang);
  const label = LABELS[lang];
  const parts = [
    `${e.title}\n${toPlainText(e.summary)}`,
    e.equation,
    `${label.training}: ${toPlainText(e.training)}`,
    `${label.lab}: ${toPlainText(e.seeInLab)}`,
  ];
  if (live.length > 0) parts.push([`${label.live}:`, ...live.map((l) => `• ${l}`)].join('\n'));
  return parts.join('\n\n');
}
