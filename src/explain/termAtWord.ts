/**
 * Which term, if any, a word under the cursor names. Two vocabularies:
 * - `spec`: the keys and values of a `*.rnnlab.json` spec (`hidden`, `clipNorm`, `"lstm"`, …);
 * - `code`: identifiers in Python/TS/JS (`nn.LSTM`, `forget_gate`, `hiddenState`, `h_t`, …).
 *
 * Matching ignores case, `_`, `-` and a module path (`torch.nn.LSTM` → `LSTM`), so
 * `forget_gate`, `forgetGate` and `FORGET_GATE` are one word. Short symbols (`h_t`, `c_n`, `lr`)
 * must match exactly, or `ct`, `ht` or `chat` would. In code, words that are ordinary outside
 * RNNs (`hidden`, `layers`, `context`, `update`, `candidate`, `bottleneck`) never match on
 * their own; in a spec they are keys with one meaning, so they do.
 */
import type { TermId } from './termIds';

export type WordContext = 'spec' | 'code';

type Vocabulary = Partial<Record<TermId, readonly string[]>>;

/** Spec keys and values, compacted (lower case, no `_`/`-`). */
const SPEC_WORDS: Vocabulary = {
  rnn: ['rnn'],
  lstm: ['lstm'],
  gru: ['gru'],
  seq2seq: ['seq2seq'],
  'many-to-one': ['manytoone'],
  'many-to-many': ['manytomany'],
  attention: ['attention'],
  'additive-attention': ['additive', 'bahdanau'],
  'dot-attention': ['dot', 'luong'],
  'teacher-forcing': ['teacherforcing'],
  'clip-norm': ['clipnorm'],
  'truncated-bptt': ['tbptt'],
  hidden: ['hidden'],
  layers: ['layers'],
  embedding: ['embedding'],
  'learning-rate': ['learningrate'],
  'gradient-norm': ['gradientevery'],
  'long-term-dependency': ['lag', 'delayedrecall'],
};

/** Code identifiers, compacted. Plurals (`hidden_states`, `embeddings`) are tried as singular. */
const CODE_WORDS: Vocabulary = {
  rnn: ['rnn', 'rnncell', 'simplernn', 'simplernncell', 'vanillarnn', 'elmanrnn'],
  lstm: ['lstm', 'lstmcell', 'basiclstmcell', 'cudnnlstm', 'lstmlayer'],
  gru: ['gru', 'grucell', 'cudnngru', 'grulayer'],
  'hidden-state': ['hiddenstate', 'lasthiddenstate', 'inithidden', 'hprev'],
  'cell-state': ['cellstate', 'cprev'],
  'input-gate': ['inputgate'],
  'forget-gate': ['forgetgate', 'forgetbias', 'unitforgetbias'],
  'output-gate': ['outputgate'],
  candidate: ['cellcandidate', 'candidatecell', 'ctilde'],
  'update-gate': ['updategate'],
  'reset-gate': ['resetgate', 'resetafter'],
  'gru-candidate': ['newgate', 'htilde'],
  'weight-sharing': ['weightsharing', 'sharedweight'],
  bptt: ['bptt', 'backpropthroughtime'],
  'truncated-bptt': ['tbptt', 'truncatedbptt'],
  'vanishing-gradient': ['vanishinggradient'],
  'exploding-gradient': ['explodinggradient'],
  'long-term-dependency': ['longtermdependency', 'longtermdependencies'],
  'gradient-norm': ['gradnorm', 'gradientnorm', 'globalnorm', 'totalnorm'],
  seq2seq: ['seq2seq', 'seq2seqmodel', 'encoderdecoder', 'encoderdecodermodel'],
  encoder: ['encoder', 'encoderrnn', 'encoderlstm', 'encodergru', 'encoderoutput', 'encoderstate'],
  decoder: ['decoder', 'decoderrnn', 'decoderlstm', 'decodergru', 'attndecoderrnn', 'decoderinput'],
  'context-vector': ['contextvector', 'contextvec', 'thoughtvector'],
  attention: ['attention', 'attn', 'attentionweight', 'attnweight', 'attentionscore', 'attnscore'],
  'additive-attention': ['additiveattention', 'bahdanauattention'],
  'dot-attention': [
    'dotattention',
    'dotproductattention',
    'scaleddotproductattention',
    'luongattention',
  ],
  'teacher-forcing': ['teacherforcing', 'teacherforcingratio', 'useteacherforcing'],
  'clip-norm': ['clipnorm', 'clipgradnorm', 'clipbyglobalnorm', 'clipbynorm'],
  embedding: ['embedding', 'embeddingdim', 'embeddingsize', 'embeddim', 'embedsize'],
  'many-to-many': ['returnsequences'],
  hidden: ['hiddensize', 'hiddendim', 'hiddenunits', 'numhidden', 'nhidden'],
  layers: ['numlayers', 'nlayers'],
  'learning-rate': ['learningrate'],
};

/** Short code symbols, matched exactly (lower case, separators kept). */
const CODE_SYMBOLS: Vocabulary = {
  'hidden-state': ['h_t', 'h_n', 'h_tm1', 'h_prev'],
  'cell-state': ['c_t', 'c_n', 'c_tm1', 'c_prev'],
  'input-gate': ['i_t'],
  'forget-gate': ['f_t'],
  'output-gate': ['o_t'],
  candidate: ['g_t', 'c_hat'],
  'update-gate': ['z_t'],
  'reset-gate': ['r_t'],
  'gru-candidate': ['n_t', 'h_hat'],
  'learning-rate': ['lr'],
};

function index(vocabulary: Vocabulary): ReadonlyMap<string, TermId> {
  const map = new Map<string, TermId>();
  for (const [term, words] of Object.entries(vocabulary) as [TermId, readonly string[]][]) {
    for (const word of words) {
      const known = map.get(word);
      if (known && known !== term) throw new Error(`"${word}" names both ${known} and ${term}`);
      map.set(word, term);
    }
  }
  return map;
}

const SPEC_INDEX = index(SPEC_WORDS);
const CODE_INDEX = index(CODE_WORDS);
const SYMBOL_INDEX = index(CODE_SYMBOLS);

/** The identifier part of what a hover provider found: no quotes, no module path, no call. */
function lastSegment(word: string): string {
  const trimmed = word.trim().replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '');
  const segments = trimmed.split(/\.|::/).filter((s) => s.length > 0);
  return segments.at(-1) ?? '';
}

/** Lower case without `_` or `-`: `forget_gate`, `forgetGate`, `FORGET-GATE` → `forgetgate`. */
function compact(word: string): string {
  return word.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The term a word names in a spec or in code, or `undefined`. `word` is the text of the word
 * range under the cursor; surrounding quotes and a module path (`nn.LSTM`, `tf.layers.lstm`) are
 * fine.
 */
export function termAtWord(word: string, context: WordContext): TermId | undefined {
  const segment = lastSegment(word);
  if (segment === '') return undefined;
  const key = compact(segment);
  if (context === 'spec') {
    // In a spec, `model.hidden` or `"train.clipNorm"` name the same key as `hidden`/`clipNorm`.
    return SPEC_INDEX.get(key);
  }
  const symbol = SYMBOL_INDEX.get(segment.toLowerCase());
  if (symbol) return symbol;
  const direct = CODE_INDEX.get(key);
  if (direct) return direct;
  // `hidden_states`, `embeddings`, `encoder_outputs`: a plural of a known identifier.
  if (key.length >= 5 && key.endsWith('s') && !key.endsWith('ss')) {
    const singular = CODE_INDEX.get(key.slice(0, -1));
    if (singular) return singular;
  }
  // `lstm1`, `encoder_2`, `gru0`: numbered instances of a known identifier.
  const unnumbered = key.replace(/[0-9]+$/, '');
  if (unnumbered !== key && unnumbered.length >= 3) return CODE_INDEX.get(unnumbered);
  return undefined;
}
