/**
 * What each built-in task kind is, and how it fits the three architectures. One table, read by
 * the schema (descriptions), the resolver (defaults), the validator (which architectures make
 * sense) and the CLI's `rnnlab tasks` listing.
 */

export const TASK_KINDS = [
  'copy',
  'reverse',
  'sort',
  'addition',
  'parity',
  'delayed-recall',
  'motif',
  'sine',
  'adding',
  'text',
  'examples',
  'series',
  'audio',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const ARCHITECTURES = ['many-to-one', 'many-to-many', 'seq2seq'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface TaskKindInfo {
  /** One line for `rnnlab tasks` and the schema's enum descriptions. */
  readonly summary: string;
  /** Which idea of the study note this task makes visible. */
  readonly shows: string;
  /** The architecture used when the spec names none. */
  readonly defaultArchitecture: Architecture;
  /** Architectures whose input/target shapes this task can produce. */
  readonly architectures: readonly Architecture[];
  /** Default sequence length (a number or [min, max]). */
  readonly defaultLength: number | readonly [number, number];
  /** Default symbols for symbolic tasks (`vocab`). Empty for tasks whose symbols are fixed or data-driven. */
  readonly defaultVocab: string;
  /** Whether `task.vocab` means anything for this kind. */
  readonly usesVocab: boolean;
  /** Real-valued inputs (no vocabulary, no embedding). */
  readonly realValued: boolean;
}

export const TASK_INFO: Readonly<Record<TaskKind, TaskKindInfo>> = {
  copy: {
    summary: 'Repeat the input sequence: "abc" -> "abc".',
    shows: 'Seq2Seq: the encoder squeezes the whole input into one context vector.',
    defaultArchitecture: 'seq2seq',
    architectures: ['seq2seq', 'many-to-many'],
    defaultLength: [3, 8],
    defaultVocab: 'abcdefgh',
    usesVocab: true,
    realValued: false,
  },
  reverse: {
    summary: 'Output the input backwards: "abc" -> "cba".',
    shows: 'The fixed-context bottleneck, and how attention removes it as sequences grow.',
    defaultArchitecture: 'seq2seq',
    architectures: ['seq2seq', 'many-to-many'],
    defaultLength: [3, 8],
    defaultVocab: 'abcdefgh',
    usesVocab: true,
    realValued: false,
  },
  sort: {
    summary: 'Output the input symbols in vocabulary order: "dab" -> "abd".',
    shows: 'Seq2Seq must remember every symbol, not just the last few.',
    defaultArchitecture: 'seq2seq',
    architectures: ['seq2seq', 'many-to-many'],
    defaultLength: [3, 8],
    defaultVocab: 'abcdefgh',
    usesVocab: true,
    realValued: false,
  },
  addition: {
    summary: 'Add two numbers written as digits: "123+45" -> "168".',
    shows: 'Input and output lengths differ: what Seq2Seq is for.',
    defaultArchitecture: 'seq2seq',
    architectures: ['seq2seq'],
    defaultLength: [1, 3],
    defaultVocab: '0123456789+',
    usesVocab: false,
    realValued: false,
  },
  parity: {
    summary: 'Is the number of 1s in a bit string odd? "1101" -> "1".',
    shows:
      'A many-to-one summary that depends on every step; running parity per step with many-to-many.',
    defaultArchitecture: 'many-to-one',
    architectures: ['many-to-one', 'many-to-many'],
    defaultLength: [4, 12],
    defaultVocab: '01',
    usesVocab: false,
    realValued: false,
  },
  'delayed-recall': {
    summary: 'Report the first symbol after `lag` distractors: "c" + noise -> "c".',
    shows: 'The long-term dependency problem: a plain RNN forgets, LSTM and GRU gates keep it.',
    defaultArchitecture: 'many-to-one',
    architectures: ['many-to-one'],
    defaultLength: 1,
    defaultVocab: 'abcd',
    usesVocab: true,
    realValued: false,
  },
  motif: {
    summary: 'Does a DNA sequence over ACGT contain the motif (e.g. "TATA")?',
    shows:
      'Biological sequence data: order matters, the same motif anywhere counts (weight sharing).',
    defaultArchitecture: 'many-to-one',
    architectures: ['many-to-one'],
    defaultLength: [12, 24],
    defaultVocab: 'ACGT',
    usesVocab: false,
    realValued: false,
  },
  sine: {
    summary: 'Forecast the next value of a noisy sum of sines (audio-like signal).',
    shows: 'Real-valued sequences; the hidden state as a running memory of the signal.',
    defaultArchitecture: 'many-to-many',
    architectures: ['many-to-many', 'many-to-one'],
    defaultLength: 40,
    defaultVocab: '',
    usesVocab: false,
    realValued: true,
  },
  adding: {
    summary:
      'The adding problem: a value and a marker per step; output the sum of the two marked values.',
    shows:
      'Long-term dependency on real values: the first marked value must survive half the sequence.',
    defaultArchitecture: 'many-to-one',
    architectures: ['many-to-one'],
    defaultLength: 50,
    defaultVocab: '',
    usesVocab: false,
    realValued: true,
  },
  text: {
    summary: 'Predict the next character of a text (inline `text` or a `file`).',
    shows: 'Natural language as a sequence; the same weights read every character.',
    defaultArchitecture: 'many-to-many',
    architectures: ['many-to-many'],
    defaultLength: 32,
    defaultVocab: '',
    usesVocab: false,
    realValued: false,
  },
  examples: {
    summary: 'Your own input/target pairs, inline `examples` or a `.jsonl`/`.csv` `file`.',
    shows: 'Whatever your data needs: many-to-one for labels, Seq2Seq for sequences.',
    defaultArchitecture: 'seq2seq',
    architectures: ['many-to-one', 'many-to-many', 'seq2seq'],
    defaultLength: [1, 64],
    defaultVocab: '',
    usesVocab: true,
    realValued: false,
  },
  series: {
    summary:
      'Your own real-valued sequences (.csv/.jsonl): classify each sequence, or forecast the next values.',
    shows:
      'Sensor logs, prices, any multi-channel signal: the hidden state as a summary of the past.',
    defaultArchitecture: 'many-to-one',
    architectures: ['many-to-one', 'many-to-many'],
    defaultLength: 64,
    defaultVocab: '',
    usesVocab: false,
    realValued: true,
  },
  audio: {
    summary:
      'Classify WAV recordings, a folder per class, read as log-mel frames (speech, sounds).',
    shows:
      'Speech as a sequence: the hidden state over time under the spectrogram of a spoken word.',
    defaultArchitecture: 'many-to-one',
    architectures: ['many-to-one'],
    defaultLength: 128,
    defaultVocab: '',
    usesVocab: false,
    realValued: true,
  },
};

/**
 * The task kinds as a Markdown list, `- \`copy\`: summary`, in the schema's docs of `task.kind`:
 * the English summaries, or those of another language (`specDocs.ko.ts`).
 */
export function taskKindList(
  summaries: Readonly<Record<TaskKind, string>> = Object.fromEntries(
    TASK_KINDS.map((k) => [k, TASK_INFO[k].summary]),
  ) as Record<TaskKind, string>,
): string {
  return TASK_KINDS.map((k) => `- \`${k}\`: ${summaries[k]}`).join('\n');
}
