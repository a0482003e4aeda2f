/**
 * Gate and term explanations in English and Korean, for the editor's hovers, the lab's tooltips
 * and the CLI. Free of `vscode`, Node and the DOM.
 */
export { TERM_IDS, LANGS, isTermId, type TermId, type Lang, type TermText } from './termIds';
export { TERM_FACTS, type TermFacts } from './termFacts';
export { explainTerm, termTitle, type Explanation } from './terms';
export { resolveLanguage, type LanguageSetting } from './language';
export { termAtWord, type WordContext } from './termAtWord';
export { tbpttLines } from './tbpttWords';
export {
  formatGateStats,
  gateTerm,
  layerLabel,
  liveGateLines,
  type GateLetter,
  type GateStats,
  type GruGate,
  type LstmGate,
} from './gateStats';
export {
  escapeMarkdown,
  renderHoverMarkdown,
  renderPlainText,
  toPlainText,
} from './renderExplanation';
