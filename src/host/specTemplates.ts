/**
 * The commented example spec `New Task Spec…` writes for each task kind. Specs are JSONC, so the
 * comments stay valid; every template passes the validator without a problem (a unit test checks
 * each kind). Free of `vscode`.
 */
import { TASK_INFO, TASK_KINDS, type TaskKind } from '../spec/taskKinds';

interface KindPart {
  /** Lines inside `"task": { … }` after `"kind"`. */
  task: string[];
  inputs: string[];
  /** Overrides of the model block's architecture/attention lines. */
  attention?: string;
}

const SYMBOLS = ['"length": [3, 8],', '"vocab": "abcdefgh",'];

const PARTS: Record<TaskKind, KindPart> = {
  copy: { task: SYMBOLS, inputs: ['abcdefg', 'dcebh'] },
  reverse: { task: SYMBOLS, inputs: ['abcdefg', 'dcebh'], attention: 'additive' },
  sort: { task: SYMBOLS, inputs: ['hgfedcba', 'dab'] },
  addition: {
    task: ['// Digits of each operand: "123+45" has 3 and 2.', '"digits": 3,'],
    inputs: ['123+45', '999+1'],
    attention: 'additive',
  },
  parity: {
    task: [
      '// Bit strings of 4 to 12 bits; the answer depends on every bit.',
      '"length": [4, 12],',
    ],
    inputs: ['1101', '100000000001'],
  },
  'delayed-recall': {
    task: [
      '"vocab": "abcd",',
      '// Distractors between the symbol to remember and the answer. A long lag is the',
      '// long-term dependency problem: a plain "rnn" cell forgets, "lstm" and "gru" keep it.',
      '"lag": 20,',
    ],
    inputs: ['cabdabdcabdacbdabcdab'],
  },
  motif: {
    task: ['// DNA over A, C, G, T; the label says whether the motif occurs.', '"motif": "TATA",'],
    inputs: ['ACGTTATAGGCAGC', 'ACGTCCGAGGCAGC'],
  },
  sine: {
    task: [
      '// Window of 40 values; the model forecasts each next value.',
      '"length": 40,',
      '"noise": 0.05,',
    ],
    inputs: ['0.0, 0.5, 0.9, 1.0, 0.7, 0.2, -0.3, -0.8, -1.0, -0.8, -0.4, 0.1'],
  },
  adding: {
    task: [
      '// T steps of (value, marker); the answer is the sum of the two marked values, one in each',
      '// half. Always answering 1 scores an MSE of 0.167: a model below it has found the markers.',
      '"length": 50,',
    ],
    inputs: ['(0.3 1), (0.9 0), (0.2 0), (0.5 1), (0.8 0), (0.1 0)'],
  },
  text: {
    task: [
      '// Inline text, or "file": "data.txt" (relative to this spec, inside the workspace).',
      '"text": "a recurrent network reads a sequence one step at a time and keeps what it has seen in its hidden state. the same weights read every step, so a pattern learned at the start is known at the end.",',
      '"length": 16,',
      '// Windows held out for testing; a short text has few distinct windows.',
      '"testSamples": 40,',
    ],
    inputs: ['the same weights'],
  },
  examples: {
    task: [
      '// Your own pairs, or "file": "pairs.jsonl" / "pairs.csv" beside this spec.',
      '"examples": [',
      '  { "input": "cat", "target": "cats" },',
      '  { "input": "dog", "target": "dogs" },',
      '  { "input": "box", "target": "boxes" },',
      '  { "input": "city", "target": "cities" },',
      '  { "input": "bus", "target": "buses" },',
      '  { "input": "baby", "target": "babies" },',
      '  { "input": "bird", "target": "birds" },',
      '  { "input": "fox", "target": "foxes" },',
      '],',
      '"testSamples": 2,',
    ],
    inputs: ['cat', 'fox'],
    attention: 'additive',
  },
  series: {
    task: [
      '// A .csv with a header (or .jsonl, one object per line), or a folder of them, one sequence per file.',
      '"file": "series.csv",',
      '// Rows with the same id are one sequence; the label column is its class (many-to-one).',
      '// Leave "labelColumn" out to forecast instead: "horizon" steps ahead of "forecastChannels".',
      '"idColumn": "id",',
      '"labelColumn": "label",',
      '"channels": ["x", "y"],',
      '// Longer sequences are cut into windows of "length" steps, one every "stride" steps.',
      '"length": 64,',
      '// Each channel is scaled with the mean and deviation of the training split only.',
      '"normalize": true,',
    ],
    // In the data's units, one value per channel and step: (x y), (x y), …
    inputs: ['0 0, 0.25 0.1, 0.5 0.2, 0.75 0.3, 1 0.4'],
  },
  audio: {
    task: [
      '// A folder with one subfolder of .wav files per class: audio/zero/*.wav, audio/one/*.wav, …',
      '"file": "audio",',
      '// Each frame of "frameSize" samples, one every "hopSize", becomes "melBands" log-mel energies.',
      '"melBands": 20,',
      '"frameSize": 256,',
      '"hopSize": 128,',
    ],
    inputs: [],
  },
};

/** A name the schema accepts: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export function specNameFrom(text: string): string {
  const name = text
    .replace(/\.rnnlab\.json$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return name === '' ? 'spec' : name;
}

/** The commented spec for a task kind, named `name`. */
export function specTemplate(kind: TaskKind, name: string = kind): string {
  const info = TASK_INFO[kind];
  const part = PARTS[kind];
  const architecture = info.defaultArchitecture;
  const indent = (lines: string[], depth: number) => lines.map((l) => `${'  '.repeat(depth)}${l}`);
  const model = [
    '// "rnn", "lstm" or "gru": "Compare RNN, LSTM and GRU" trains all three.',
    '"cell": "lstm",',
    '// Size of the hidden state h_t.',
    '"hidden": 64,',
    '"layers": 1,',
  ];
  if (!info.realValued)
    model.push('// Embedding size for the symbols; 0 feeds one-hot vectors.', '"embedding": 16,');
  if (architecture === 'seq2seq') {
    model.push(
      '// The encoder squeezes the input into one context vector; the decoder writes the output.',
      `"architecture": "${architecture}",`,
      '// "none": the decoder sees only that fixed vector (the bottleneck); "additive" or "dot"',
      '// attention lets it look at every encoder step.',
      `"attention": "${part.attention ?? 'none'}",`,
    );
  } else {
    model.push(`"architecture": "${architecture}",`);
  }
  const train = [
    '"epochs": 20,',
    '"batchSize": 32,',
    '"learningRate": 0.01,',
    '// Clip the global gradient norm: the guard against exploding gradients.',
    '"clipNorm": 1,',
    '// The same seed gives the same data and the same initial weights.',
    '"seed": 1,',
  ];
  if (architecture === 'seq2seq') {
    train.push(
      '// How often the decoder is fed the true previous token while training (0 to 1).',
      '"teacherForcing": 1,',
    );
  }
  const lines = [
    `// RNN Lab task spec: ${info.summary}`,
    `// What it shows: ${info.shows}`,
    '// Hover a key for what it means; problems appear in the Problems panel as you type.',
    '// Train with the CodeLens above the first brace, or "RNN Lab: Train".',
    '{',
    `  "name": ${JSON.stringify(specNameFrom(name))},`,
    '  "task": {',
    ...indent([`"kind": "${kind}",`, ...part.task], 2),
    '  },',
    '  "model": {',
    ...indent(model, 2),
    '  },',
    '  "train": {',
    ...indent(train, 2),
    '  },',
    '  "inspect": {',
    '    // Sequences the lab opens its step-by-step inspector on.',
    `    "inputs": [${part.inputs.map((i) => JSON.stringify(i)).join(', ')}],`,
    '  },',
    '}',
    '',
  ];
  return wrapComments(withoutTrailingCommas(lines)).join('\n');
}

/** Comment lines are wrapped to fit this many columns (a side-by-side editor shows ~80). */
export const COMMENT_COLUMNS = 78;

/** Wraps `//` comment lines longer than COMMENT_COLUMNS at spaces, keeping their indent. */
function wrapComments(lines: string[]): string[] {
  return lines.flatMap((line) => {
    const match = /^(\s*)\/\/ (.*)$/.exec(line);
    if (!match || line.length <= COMMENT_COLUMNS) return [line];
    const lead = `${match[1] ?? ''}// `;
    const out: string[] = [];
    let current = '';
    for (const word of (match[2] ?? '').split(' ')) {
      if (current !== '' && lead.length + current.length + 1 + word.length > COMMENT_COLUMNS) {
        out.push(lead + current);
        current = word;
      } else {
        current = current === '' ? word : `${current} ${word}`;
      }
    }
    if (current !== '') out.push(lead + current);
    return out;
  });
}

/**
 * Drops the comma after the last item of each object and array: the validator accepts trailing
 * commas, but VS Code's JSON service warns about them in `jsonc` files.
 */
function withoutTrailingCommas(lines: string[]): string[] {
  return lines.map((line, i) => {
    if (!line.endsWith(',')) return line;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('//'));
    return next !== undefined && /^\s*[}\]]/.test(next) ? line.slice(0, -1) : line;
  });
}

export { TASK_KINDS };
