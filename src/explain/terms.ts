/**
 * The catalogue: one list of term ids (`termIds.ts`), the symbols shared by every language
 * (`termFacts.ts`) and the words of each language (`terms.en.ts`, `terms.ko.ts`).
 */
import { TERM_FACTS, type TermFacts } from './termFacts';
import { TERMS_EN } from './terms.en';
import { TERMS_KO } from './terms.ko';
import type { Lang, TermId, TermText, TermTexts } from './termIds';

/** Everything a hover or tooltip needs about one term, in one language. */
export interface Explanation extends TermText, TermFacts {
  readonly id: TermId;
  readonly lang: Lang;
}

const TEXTS: { readonly [L in Lang]: TermTexts } = { en: TERMS_EN, ko: TERMS_KO };

export function explainTerm(id: TermId, lang: Lang): Explanation {
  return { id, lang, ...TEXTS[lang][id], ...TERM_FACTS[id] };
}

/** A term's title alone (for related-term lists, gate names in sentences, menus). */
export function termTitle(id: TermId, lang: Lang): string {
  return TEXTS[lang][id].title;
}
