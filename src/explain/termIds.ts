/**
 * The one list of explained terms. Both languages' catalogues are typed against it
 * (`{ [K in TermId]: TermText }`), so a term missing from a language, or a stray extra one, is a
 * type error rather than a blank hover.
 */

export const TERM_IDS = [
  // Cells
  'rnn',
  'lstm',
  'gru',
  // States
  'hidden-state',
  'cell-state',
  // LSTM gates (engine letters i, f, g, o)
  'input-gate',
  'forget-gate',
  'output-gate',
  'candidate',
  // GRU gates (engine letters r, z, n)
  'update-gate',
  'reset-gate',
  'gru-candidate',
  // Why recurrent nets train the way they do
  'weight-sharing',
  'bptt',
  'truncated-bptt',
  'vanishing-gradient',
  'exploding-gradient',
  'long-term-dependency',
  'gradient-norm',
  'saturation',
  // Seq2Seq
  'seq2seq',
  'encoder',
  'decoder',
  'context-vector',
  'bottleneck',
  'attention',
  'additive-attention',
  'dot-attention',
  'teacher-forcing',
  // Spec settings
  'clip-norm',
  'embedding',
  'many-to-one',
  'many-to-many',
  'hidden',
  'layers',
  'learning-rate',
] as const;

export type TermId = (typeof TERM_IDS)[number];

export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

/** The words of one term in one language. */
export interface TermText {
  /** Short name, e.g. "Forget gate f_t". */
  readonly title: string;
  /** One or two sentences: what the part does. */
  readonly summary: string;
  /** What it means for training (gradients, stability, capacity). */
  readonly training: string;
  /** What to look at in the lab to see it happen. */
  readonly seeInLab: string;
}

/** A whole catalogue for one language: exactly one entry per term id. */
export type TermTexts = { readonly [K in TermId]: TermText };

const TERM_ID_SET: ReadonlySet<string> = new Set(TERM_IDS);

export function isTermId(value: string): value is TermId {
  return TERM_ID_SET.has(value);
}
