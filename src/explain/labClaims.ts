/**
 * Every claim the walkthrough and the hovers' "In the lab" tips make about what the user will see,
 * with the experiment that shows it, the test that checks it and the numbers the words quote.
 * The tips interpolate these numbers (terms.en.ts, terms.ko.ts) and test/unit/labClaims.test.ts
 * checks that every walkthrough step and every tip maps to a claim here, that each claim's test
 * exists, and that every number the walkthrough quotes is one of these: one source of truth, so a
 * number in the words cannot drift from the measured one. The tests that measure read their
 * thresholds from here too.
 */

/** Where a claim is stated: a walkthrough step (manifest id, without `-ko`) or a term's tip. */
export type ClaimPlace = { readonly step: string } | { readonly term: string };

/**
 * - `lesson`: a trained outcome, checked on 3 seeds;
 * - `exact`: a count or an initial value, the same for every seed (checked on 3 all the same);
 * - `view`: what a view of the lab shows (its parts, its axes), checked by that view's test;
 * - `unmeasured`: a trained outcome no test checks on 3 seeds yet; `gap` says what is missing.
 */
export type ClaimKind = 'lesson' | 'exact' | 'view' | 'unmeasured';

export interface LabClaim {
  readonly id: string;
  readonly kind: ClaimKind;
  readonly shownIn: readonly ClaimPlace[];
  /** The claim, in plain English, as the test reads it. */
  readonly statement: string;
  /** The experiment: an example spec and what is varied, or the view. */
  readonly experiment: string;
  /** The test that checks it: a file under test/ and (part of) its test's title. */
  readonly checkedBy: { readonly file: string; readonly test: string };
  /** The numbers the words quote. */
  readonly numbers?: Readonly<Record<string, number>>;
  readonly gap?: string;
}

/**
 * The adding problem's memory span (examples/adding.rnnlab.json, test/unit/memorySpan.test.ts):
 * learned means a test MSE below `learnedBelow`; the plain RNN at T = 50 stays above `chanceAbove`
 * (0.75 × the baseline) in every epoch.
 */
export const MEMORY_SPAN = {
  baseline: 0.167,
  learnedBelow: 0.02,
  chanceAbove: 0.125,
  short: 10,
  long: 50,
} as const;

/**
 * Gradient reach at initialisation, 30 steps back (delayed recall lag 30, hidden 32; engine
 * gradientReach). Measured on seeds 1–3: rnn 0.011 / 0.022 / 0.011, lstm 0.027 / 0.028 / 0.047,
 * gru 0.268 / 0.265 / 0.250: the LSTM keeps 1.3–4.3× the RNN's, the GRU 12–24×. The words quote
 * those; the test holds the ratios to [lstmMin, lstmMax] and at least gruMin, and the RNN's reach
 * below rnnMax.
 */
export const INIT_REACH = {
  stepsBack: 30,
  rnnMax: 0.05,
  lstmLow: 1.3,
  lstmHigh: 4.3,
  lstmMin: 1.2,
  lstmMax: 5,
  gruMin: 10,
} as const;

/** The LSTM's forget bias starts at 1, so the gate starts at σ(1). */
export const FORGET_START = { bias: 1, gate: 0.73 } as const;

/** The gate statistics' thresholds: a gate below `shut` is counted shut, above `open` open. */
export const GATE_THRESHOLDS = { shut: 0.1, open: 0.9 } as const;

/** The reverse example trained to this test sequence accuracy, inspected on `input`. */
export const ATTENTION_MAP = { input: 'abcdefgh', sequenceAccuracy: 0.95 } as const;

/**
 * The lab's Bottleneck experiment on examples/copy.rnnlab.json (none vs additive, its budget of
 * 1500 samples and 12 epochs). Measured token accuracy at the longest input (8) on seeds 1–3:
 * none 0.71 / 0.67 / 0.71 (1.00 at length 3), additive 0.94 / 0.97 / 0.96. The test asserts
 * none below `noneBelow`, additive at least `attentionAbove`, at the longest length.
 */
export const BOTTLENECK = { noneBelow: 0.8, attentionAbove: 0.9 } as const;

/** Parity, GRU, trained on 2–10 bits (test/unit/lengthGeneralisation.test.ts). */
export const PARITY_LENGTHS = { trainMax: 10, testMin: 11, testMax: 30, accuracy: 95 } as const;

const t = (term: string): ClaimPlace => ({ term });
const s = (step: string): ClaimPlace => ({ step });

export const LAB_CLAIMS: readonly LabClaim[] = [
  {
    id: 'memory-span-adding',
    kind: 'lesson',
    shownIn: [s('vanishing'), s('lstm'), t('rnn'), t('lstm'), t('long-term-dependency')],
    statement:
      'Adding problem: at T = 10 every cell gets below MSE 0.02; at T = 50 the plain RNN stays ' +
      'above 0.125 (near the 0.167 of always answering 1) in every epoch while LSTM and GRU get ' +
      'below 0.02, on seeds 1–3.',
    experiment: 'examples/adding.rnnlab.json, its sweep at T = 10 and 50',
    checkedBy: {
      file: 'test/unit/memorySpan.test.ts',
      test: 'at T = 50 the RNN stays at chance while LSTM and GRU learn, on seeds 1-3',
    },
    numbers: MEMORY_SPAN,
  },
  {
    id: 'init-reach',
    kind: 'lesson',
    shownIn: [
      s('vanishing'),
      t('rnn'),
      t('lstm'),
      t('gru'),
      t('vanishing-gradient'),
      t('many-to-one'),
      t('long-term-dependency'),
    ],
    statement:
      'Untrained, 30 steps back the gradient reach of a plain RNN is below 0.05; the LSTM keeps ' +
      'only 1.3–4.3× as much, the GRU 10× or more; every curve falls from the last step toward ' +
      'the first, on seeds 1–3.',
    experiment: 'delayed recall, lag 30, hidden 32: gradient reach at initialisation per cell',
    checkedBy: {
      file: 'test/unit/labClaims.test.ts',
      test: 'untrained gradient reach 30 steps back',
    },
    numbers: INIT_REACH,
  },
  {
    id: 'rnn-fades-faster',
    kind: 'lesson',
    shownIn: [s('vanishing'), t('vanishing-gradient')],
    statement: "At initialisation the RNN's gradient fades faster per step than the LSTM's.",
    experiment: 'delayed recall, lag 30: decay per step of the gradient reach',
    checkedBy: {
      file: 'test/unit/gradientReach.test.ts',
      test: "at initialisation the RNN's gradient fades faster per step than the LSTM's",
    },
  },
  {
    id: 'exploding-clip',
    kind: 'lesson',
    shownIn: [s('vanishing'), t('exploding-gradient'), t('clip-norm'), t('learning-rate')],
    statement:
      'A relu RNN with recurrent weights scaled up and SGD: without clipNorm the loss goes NaN at ' +
      'epoch 1 and the stop names the epoch and clipNorm; with clipNorm 1 training survives.',
    experiment: 'delayed recall lag 20, relu RNN, init.recurrentScale 2.5, SGD 0.01',
    checkedBy: {
      file: 'test/unit/gradientReach.test.ts',
      test: 'exploding: without clipNorm the loss goes NaN and the stop says why',
    },
  },
  {
    id: 'tbptt-cut',
    kind: 'lesson',
    shownIn: [t('truncated-bptt'), t('bptt')],
    statement: 'tbptt below the lag cannot learn delayed recall; the views say "truncated".',
    experiment: 'examples/truncated-bptt.rnnlab.json',
    checkedBy: {
      file: 'test/unit/tbpttMemorySpan.test.ts',
      test: 'tbptt below the 21 steps of lag 20 cannot learn delayed recall',
    },
  },
  {
    id: 'weights-shared',
    kind: 'exact',
    shownIn: [s('rnn'), t('weight-sharing')],
    statement: 'The parameter count is the same at every sequence length.',
    experiment: 'rnn, lstm, gru: variables the unrolled steps read at T = 1…64',
    checkedBy: {
      file: 'test/unit/weightSharing.test.ts',
      test: 'the unrolled steps read one set of weights, whatever the length',
    },
  },
  {
    id: 'gru-fewer-params',
    kind: 'exact',
    shownIn: [s('gru'), t('gru'), t('lstm')],
    statement: "A GRU layer has about ¾ of the LSTM's weights, the LSTM 4× a plain RNN's.",
    experiment: 'examples/parity.rnnlab.json with each cell: the recurrent layer parameter count',
    checkedBy: { file: 'test/unit/labClaims.test.ts', test: 'a GRU layer has about 3/4' },
  },
  {
    id: 'parity-gru-lengths',
    kind: 'lesson',
    shownIn: [s('gru')],
    statement: 'A GRU trained on parity of 2–10 bits gets ≥ 95 % at every length 11–30.',
    experiment: 'parity, GRU, test lengths 11–30',
    checkedBy: {
      file: 'test/unit/lengthGeneralisation.test.ts',
      test: 'parity, GRU, trained on 2–10 bits',
    },
    numbers: PARITY_LENGTHS,
  },
  {
    id: 'forget-start',
    kind: 'exact',
    shownIn: [s('lstm'), t('forget-gate'), t('lstm')],
    statement: "An untrained LSTM's forget gate sits near σ(1) = 0.73 on every unit.",
    experiment: 'examples/delayed-recall.rnnlab.json, untrained: forget-gate statistics',
    checkedBy: { file: 'test/unit/labClaims.test.ts', test: 'forget gate starts near' },
    numbers: FORGET_START,
  },
  {
    id: 'gate-thresholds',
    kind: 'exact',
    shownIn: [t('forget-gate'), t('candidate'), t('input-gate'), t('update-gate'), t('saturation')],
    statement:
      'The gate statistics count the activations below 0.1 and above 0.9 that the step ' +
      'inspector shows for the same input.',
    experiment: 'examples/delayed-recall.rnnlab.json, untrained: statistics of one input',
    checkedBy: { file: 'test/unit/labClaims.test.ts', test: 'the gate statistics count what' },
    numbers: GATE_THRESHOLDS,
  },
  {
    id: 'attention-params',
    kind: 'exact',
    shownIn: [t('additive-attention'), t('dot-attention')],
    statement: 'Additive attention adds 2·H² + H parameters, dot attention none.',
    experiment: 'examples/reverse.rnnlab.json with attention none, additive and dot',
    checkedBy: { file: 'test/unit/labClaims.test.ts', test: 'additive attention adds' },
  },
  {
    id: 'bottleneck-copy',
    kind: 'lesson',
    shownIn: [s('bottleneck'), t('bottleneck'), t('seq2seq')],
    statement:
      'Bottleneck on the copy example: at the longest input (8) the model without attention ' +
      'stays below 80 % token accuracy while the one with additive attention gets at least 90 %, ' +
      'on seeds 1–3; at the shortest both are near 100 %.',
    experiment: 'examples/copy.rnnlab.json, the Bottleneck experiment (none, additive)',
    checkedBy: {
      file: 'test/unit/labClaims.test.ts',
      test: 'Bottleneck on the copy example',
    },
    numbers: BOTTLENECK,
  },
  {
    id: 'attention-map',
    kind: 'lesson',
    shownIn: [s('attention'), t('attention')],
    statement:
      'A trained reverse model draws an anti-diagonal attention map: on "abcdefgh" every output ' +
      'step weighs its mirror input step most, on seeds 1–3.',
    experiment:
      'examples/reverse.rnnlab.json trained to 95 % test sequence accuracy, inspect "abcdefgh"',
    checkedBy: {
      file: 'test/unit/labClaims.test.ts',
      test: "a trained reverse model's attention is an anti-diagonal",
    },
  },
  {
    id: 'inspector-views',
    kind: 'view',
    shownIn: [
      s('rnn'),
      s('lstm'),
      t('hidden-state'),
      t('cell-state'),
      t('input-gate'),
      t('forget-gate'),
      t('output-gate'),
      t('candidate'),
      t('update-gate'),
      t('reset-gate'),
      t('gru-candidate'),
      t('hidden'),
      t('layers'),
      t('many-to-many'),
      t('saturation'),
    ],
    statement:
      'The step inspector has a heatmap per state and gate, one column per step, one row per unit.',
    experiment: 'any trained spec, Inspect a sequence',
    checkedBy: {
      file: 'test/browser/lab.test.ts',
      test: 'inspector: heatmaps have the sequence length, layers and units',
    },
  },
  {
    id: 'seq2seq-views',
    kind: 'view',
    shownIn: [
      s('seq2seq'),
      t('seq2seq'),
      t('encoder'),
      t('decoder'),
      t('context-vector'),
      t('teacher-forcing'),
      t('embedding'),
    ],
    statement:
      'A Seq2Seq run shows the encoder and decoder timelines, the context vector and the attention matrix.',
    experiment: 'examples/copy.rnnlab.json, Inspect a sequence',
    checkedBy: {
      file: 'test/browser/lab.test.ts',
      test: 'Seq2Seq: the attention matrix has decoder × encoder steps',
    },
  },
  {
    id: 'gradient-views',
    kind: 'view',
    shownIn: [s('vanishing'), t('gradient-norm'), t('bptt')],
    statement: 'The gradient views draw the reach before and after training, per cell in Compare.',
    experiment: 'any trained spec; Compare',
    checkedBy: {
      file: 'test/browser/gradientReach.test.ts',
      test: 'draws the reach before and after training, and per cell in Compare',
    },
  },
];
