/**
 * What each inspector heatmap shows: h_t, c_t or a gate letter, its explained term (src/explain),
 * its title in the page language and the colour scale its values need (sigmoid gates live in
 * [0, 1], tanh outputs in [−1, 1], the cell state is unbounded).
 */
import {
  explainTerm,
  gateTerm,
  renderPlainText,
  termTitle,
  toPlainText,
  type Lang,
  type TermId,
} from '../../../src/explain';
import { ALL_GATES, isSigmoidGate } from '../../../src/engine/cells/cellFacts';
import { divergingScale, sequentialScale, type ColorScale } from './colorScales';

/** `h`, `c`, or a gate letter (i f g o, r z n). */
export type StateKind = string;

/** The gate letters in the order the cells use, for a stable heatmap order. */
export const GATE_ORDER = ALL_GATES;

export function kindTerm(kind: StateKind): TermId | undefined {
  if (kind === 'h') return 'hidden-state';
  if (kind === 'c') return 'cell-state';
  return gateTerm('lstm', kind) ?? gateTerm('gru', kind);
}

/** "Forget gate f_t" / "망각 게이트 f_t"; the letter itself for an unknown kind. */
export function kindTitle(kind: StateKind, lang: Lang): string {
  const term = kindTerm(kind);
  return term ? termTitle(term, lang) : kind;
}

/** The one-paragraph meaning, for tooltips. */
export function kindSummary(kind: StateKind, lang: Lang): string {
  const term = kindTerm(kind);
  return term ? toPlainText(explainTerm(term, lang).summary) : '';
}

/** The whole explanation as plain text, for headings' tooltips. */
export function kindHelp(kind: StateKind, lang: Lang): string {
  const term = kindTerm(kind);
  return term ? renderPlainText(term, lang) : '';
}

/** States and tanh outputs (the candidates g and n) are signed; sigmoid gates live in [0, 1]. */
export function isSigned(kind: StateKind): boolean {
  return !isSigmoidGate(kind);
}

/** The colour scale for a kind; the cell state's range comes from its values (at least ±1). */
export function kindScale(kind: StateKind, cellAbsMax = 1): ColorScale {
  if (kind === 'c') return divergingScale(Math.max(1, cellAbsMax));
  return isSigned(kind) ? divergingScale(1) : sequentialScale(0, 1);
}
