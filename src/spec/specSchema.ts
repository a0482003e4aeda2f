/**
 * The one definition of a `*.rnnlab.json` spec. The TypeScript types (`Static`), the JSON schema
 * written to `schemas/rnnlab.schema.json`, the defaults and the structural validation all come
 * from here; cross-field rules live in `crossChecks.ts` (and `sweepChecks.ts` for the sweep).
 */
import { Type, type Static } from '@sinclair/typebox';
import { realDataTaskFields } from './realDataSchema';
import { doc, int, literalUnion } from './schemaBuilders';
import { DecoderInputField, DistinctField, ReverseInputField } from './recipeFields';
import { sweepSchemaOver } from './sweepSchema';
import { ARCHITECTURES, TASK_INFO, TASK_KINDS, taskKindList } from './taskKinds';

export const LIMITS = {
  length: { min: 1, max: 512 },
  hidden: { min: 1, max: 1024 },
  layers: { min: 1, max: 8 },
  embedding: { min: 0, max: 512 },
  samples: { min: 1, max: 1_000_000 },
  testSamples: { min: 1, max: 100_000 },
  epochs: { min: 1, max: 10_000 },
  batchSize: { min: 1, max: 4096 },
  digits: { min: 1, max: 12 },
  lag: { min: 0, max: 500 },
  tbptt: { min: 1, max: 512 },
} as const;

const Length = Type.Union(
  [
    Type.Integer({ minimum: LIMITS.length.min, maximum: LIMITS.length.max }),
    Type.Tuple(
      [
        Type.Integer({ minimum: LIMITS.length.min, maximum: LIMITS.length.max }),
        Type.Integer({ minimum: LIMITS.length.min, maximum: LIMITS.length.max }),
      ],
      { description: '[min, max]' },
    ),
  ],
  doc(
    'Sequence length: a number, or [min, max] for lengths drawn uniformly from that range.',
    'Sequence length: a number, or `[min, max]` for lengths drawn uniformly from that range. ' +
      'For `addition` it is the number of digits of each operand; `delayed-recall` does not use it ' +
      '(its sequences are 1 + `lag` symbols long); `sine` uses the largest value as its window; ' +
      '`adding` uses one length T (at least 2), the span its first marked value must be carried.',
  ),
);

/** The test split's lengths when they differ from training's (length generalisation). */
const TestLength = Type.Union(
  [
    Type.Integer({ minimum: LIMITS.length.min, maximum: LIMITS.length.max }),
    Type.Tuple(
      [
        Type.Integer({ minimum: LIMITS.length.min, maximum: LIMITS.length.max }),
        Type.Integer({ minimum: LIMITS.length.min, maximum: LIMITS.length.max }),
      ],
      { description: '[min, max]' },
    ),
  ],
  doc(
    'Lengths of the test sequences when they differ from the training ones: a number or [min, max].',
    'Lengths of the test sequences when they differ from `length` (which then holds for the training ' +
      'sequences only): a number, or `[min, max]`. Test on lengths the model never trained on, e.g. ' +
      '`"length": [2, 10], "testLength": [11, 40]`: the same weights run every step, so a model that ' +
      'learned the step rule handles longer inputs too, and training ends with the accuracy at each ' +
      'test length. For `copy`, `reverse`, `sort` and `parity`.',
  ),
);

const Example = Type.Object(
  {
    input: Type.String(doc('The input sequence, one symbol per character.')),
    target: Type.String(
      doc('The expected output: a sequence (Seq2Seq) or a single label (many-to-one).'),
    ),
  },
  { additionalProperties: false, ...doc('One input/target pair.') },
);

export const TaskSchema = Type.Object(
  {
    kind: literalUnion(
      TASK_KINDS,
      doc('Which sequence task to learn.', `Which sequence task to learn:\n\n${taskKindList()}`),
      (k) => TASK_INFO[k].summary,
    ),
    length: Type.Optional(Length),
    testLength: Type.Optional(TestLength),
    vocab: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 256,
        ...doc(
          'Symbols used by symbolic tasks, one per character.',
          'Symbols used by symbolic tasks (`copy`, `reverse`, `sort`, `delayed-recall`, `examples`), one per character. ' +
            'For `examples`, every symbol of the data must be in it (when given).',
        ),
      }),
    ),
    digits: Type.Optional(
      int(
        LIMITS.digits,
        'addition: the largest number of digits of each operand.',
        'For `addition`: the largest number of digits of each operand (`"123+45"` has 3).',
        3,
      ),
    ),
    lag: Type.Optional(
      int(
        LIMITS.lag,
        'delayed-recall: how many distractor symbols come between the symbol to remember and the answer.',
        'For `delayed-recall`: how many distractor symbols come between the symbol to remember and the answer. ' +
          'A long lag is the long-term dependency problem: gradients through many steps vanish in a plain RNN.',
        20,
      ),
    ),
    motif: Type.Optional(
      Type.String({
        pattern: '^[ACGT]+$',
        patternErrorMessage: 'the letters A, C, G and T only',
        default: 'TATA',
        minLength: 1,
        maxLength: 32,
        ...doc(
          'motif: the DNA pattern to detect, over A, C, G, T.',
          'For `motif`: the DNA pattern to detect, over `A`, `C`, `G`, `T` (e.g. `"TATA"`).',
        ),
      }),
    ),
    noise: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 10,
        default: 0.05,
        ...doc(
          'sine: standard deviation of the Gaussian noise added to the signal.',
          'For `sine`: standard deviation of the Gaussian noise added to the signal.',
        ),
      }),
    ),
    text: Type.Optional(
      Type.String({
        minLength: 2,
        ...doc(
          'text: the text to learn from (or use `file`).',
          'For `text`: the text to learn next-character prediction from (or use `file`).',
        ),
      }),
    ),
    file: Type.Optional(
      Type.String({
        minLength: 1,
        ...doc(
          'A data file or folder, relative to this spec, inside the workspace: text for `text`, .jsonl or .csv for `examples` and `series`, a folder for `audio`.',
          'A data file, relative to this spec and inside the workspace folder: plain text for `text`; ' +
            '`.jsonl` (one `{"input": ..., "target": ...}` per line) or `.csv` (columns `input,target`) for `examples`; ' +
            'for `series` a `.csv` (a header of column names) or `.jsonl` (one object of columns per line) file, or a ' +
            'folder of them, each file one sequence; for `audio` a folder with one subfolder of `.wav` files per class.',
        ),
      }),
    ),
    examples: Type.Optional(
      Type.Array(Example, {
        minItems: 1,
        ...doc(
          'examples: your own input/target pairs (or use `file`).',
          'For `examples`: your own input/target pairs, e.g. `[{"input": "abc", "target": "cba"}]` (or use `file`).',
        ),
      }),
    ),
    samples: Type.Optional(
      int(LIMITS.samples, 'How many training samples to generate.', undefined, 2000),
    ),
    testSamples: Type.Optional(
      int(
        LIMITS.testSamples,
        'How many test samples to hold out (never seen in training).',
        'How many test samples to hold out. They never overlap the training samples.',
        200,
      ),
    ),
    ...realDataTaskFields,
    distinct: Type.Optional(DistinctField),
  },
  { additionalProperties: false, ...doc('The sequence task: what the model must learn.') },
);

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type CellKind = (typeof CELLS)[number];
export const ATTENTIONS = ['none', 'additive', 'dot'] as const;
export type AttentionKind = (typeof ATTENTIONS)[number];
export { DECODER_INPUTS, type DecoderInput } from './recipeFields';

export const ModelSchema = Type.Object(
  {
    cell: Type.Optional(
      literalUnion(
        CELLS,
        {
          default: 'lstm',
          ...doc(
            'The recurrent cell: rnn, lstm or gru.',
            // Short on purpose: a hover on a value shows this under the lab's own explanation of
            // that cell, and a list of all three made the hover scroll.
            'The recurrent cell: `rnn` (one state), `lstm` (gates and a cell state `cₜ`) or `gru` (two gates, fewer parameters).',
          ),
        },
        (c) =>
          ({
            rnn: 'Plain (Elman) RNN',
            lstm: 'Long short-term memory',
            gru: 'Gated recurrent unit',
          })[c],
      ),
    ),
    activation: Type.Optional(
      literalUnion(['tanh', 'relu'] as const, {
        default: 'tanh',
        ...doc(
          'rnn only: the nonlinearity of the plain RNN.',
          '`rnn` only: the nonlinearity, `tanh` or `relu` (ReLU can make gradients explode).',
        ),
      }),
    ),
    hidden: Type.Optional(
      int(
        LIMITS.hidden,
        'Units in each recurrent layer (size of h_t).',
        'Units in each recurrent layer: the size of the hidden state `hₜ`.',
        64,
      ),
    ),
    layers: Type.Optional(
      int(
        LIMITS.layers,
        'Stacked recurrent layers.',
        "Stacked recurrent layers: layer 2 reads layer 1's hidden states.",
        1,
      ),
    ),
    embedding: Type.Optional(
      int(
        LIMITS.embedding,
        'Embedding size for symbols; 0 feeds one-hot vectors.',
        'Embedding size for input symbols; `0` feeds one-hot vectors instead. Ignored for real-valued tasks (`sine`).',
        16,
      ),
    ),
    architecture: Type.Optional(
      literalUnion(
        ARCHITECTURES,
        doc(
          'many-to-one, many-to-many or seq2seq; the default depends on the task.',
          '- `many-to-one`: one output after reading the whole sequence (classification).\n' +
            '- `many-to-many`: one output per time step.\n' +
            '- `seq2seq`: an encoder compresses the input into a context vector, a decoder generates the output from it.\n\n' +
            'The default depends on `task.kind`.',
        ),
      ),
    ),
    init: Type.Optional(
      Type.Object(
        {
          forgetBias: Type.Optional(
            Type.Union(
              [
                Type.Number({ minimum: -10, maximum: 10 }),
                Type.Literal('chrono', {
                  description: 'Chrono initialisation (Tallec & Ollivier 2018).',
                }),
              ],
              doc(
                'lstm: the forget-gate bias, gru: the update-gate bias; a number or "chrono". Default: lstm 1, gru chrono.',
                'The bias the memory gate starts with: the LSTM forget gate $f$, the GRU update gate $z$ ' +
                  '(ignored by `rnn`, which has no gate).\n\n' +
                  '- a number $b$: every unit starts keeping $\\sigma(b)$ of its memory per step ' +
                  '(`0`: half, so a memory fades as $0.5^t$; `1`: 0.73; `3`: 0.95).\n' +
                  '- `"chrono"` (Tallec & Ollivier 2018): unit $j$ gets $b_j = \\log u_j$, ' +
                  '$u_j \\sim U(1, T-1)$ for the longest input length $T$, so the units start with memories ' +
                  'of 1 to $T$ steps; an LSTM also starts its input gate at $-b_j$.\n\n' +
                  'Absent: `lstm` 1 (unit forget bias, as Keras), `gru` `"chrono"`.',
              ),
            ),
          ),
          recurrentScale: Type.Optional(
            Type.Number({
              exclusiveMinimum: 0,
              maximum: 10,
              default: 1,
              ...doc(
                'Scale of the initial recurrent weights (1: orthogonal; above 1 gradients can explode).',
                'The initial recurrent weights $W$ (orthogonal, every singular value 1) times this. ' +
                  'Above 1 a plain RNN amplifies what it carries and its gradients can **explode** ' +
                  '(train it with and without `train.clipNorm`); below 1 they vanish faster.',
              ),
            }),
          ),
        },
        {
          additionalProperties: false,
          ...doc('How the weights start (see each field).'),
        },
      ),
    ),
    attention: Type.Optional(
      literalUnion(ATTENTIONS, {
        default: 'none',
        ...doc(
          'seq2seq only: none, additive (Bahdanau) or dot (Luong) attention over the encoder states.',
          '`seq2seq` only. `none`: the decoder sees only the fixed context vector (the bottleneck). ' +
            '`additive` (Bahdanau) or `dot` (Luong): at every step the decoder looks at every encoder state.',
        ),
      }),
    ),
    decoderInput: Type.Optional(DecoderInputField),
    reverseInput: Type.Optional(ReverseInputField),
  },
  { additionalProperties: false, default: {}, ...doc('The recurrent model.') },
);

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export const BACKENDS = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export const TrainSchema = Type.Object(
  {
    epochs: Type.Optional(int(LIMITS.epochs, 'Passes over the training samples.', undefined, 20)),
    batchSize: Type.Optional(int(LIMITS.batchSize, 'Samples per training step.', undefined, 32)),
    optimizer: Type.Optional(
      literalUnion(OPTIMIZERS, {
        default: 'adam',
        ...doc(
          'adam, sgd (with momentum) or rmsprop.',
          '`adam`, `sgd` (with `momentum`) or `rmsprop`.',
        ),
      }),
    ),
    learningRate: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 10,
        default: 0.01,
        ...doc('Step size of the optimizer.'),
      }),
    ),
    momentum: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 0.999,
        default: 0.9,
        ...doc('sgd only: momentum.', '`sgd` only: momentum (0 is plain SGD).'),
      }),
    ),
    clipNorm: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        ...doc(
          'Clip the global gradient norm to this value (guards against exploding gradients).',
          'Clip the global norm of all gradients to this value: the usual guard against **exploding gradients**.',
        ),
      }),
    ),
    clipValue: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        ...doc('Clip every gradient element to [-clipValue, clipValue].'),
      }),
    ),
    tbptt: Type.Optional(
      int(
        LIMITS.tbptt,
        'Truncated backpropagation through time: gradients flow back through the last k steps only. Absent: through every step.',
        'Truncated backpropagation through time (TBPTT) with `k` steps: the gradient of the carried state ' +
          '(`hₜ`, and `cₜ` for an LSTM) is cut every `k` steps, counted back from the last step, so a ' +
          'many-to-one loss reaches the last `k` steps only and a many-to-many output reaches back to the ' +
          'start of its block of `k` steps. The forward pass is unchanged and there is still one optimizer ' +
          'step per batch. A dependency longer than `k` steps gets no gradient, so it cannot be learned: ' +
          'the price of backpropagating through fewer steps. Absent: full backpropagation through time. ' +
          'Not for `seq2seq` (its decoder steps one token at a time).',
      ),
    ),
    teacherForcing: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        default: 1,
        ...doc(
          'seq2seq: probability that the decoder is fed the true previous token during training.',
          '`seq2seq` only: probability that the decoder is fed the **true** previous token while training (1 = always), ' +
            'instead of its own previous prediction.',
        ),
      }),
    ),
    seed: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2 ** 31 - 1,
        default: 1,
        ...doc('Random seed: the same seed gives the same data and the same weights.'),
      }),
    ),
    backend: Type.Optional(
      literalUnion(BACKENDS, {
        default: 'auto',
        ...doc(
          'TensorFlow.js backend: auto, webgl, wasm or cpu.',
          'TensorFlow.js backend. `auto` picks WebGL on a hardware GPU and WASM otherwise (the CLI uses `cpu` or `wasm`).',
        ),
      }),
    ),
    gradientEvery: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        default: 10,
        ...doc('Record per-time-step gradient norms every N batches.'),
      }),
    ),
  },
  { additionalProperties: false, default: {}, ...doc('How to train.') },
);

export const InspectSchema = Type.Object(
  {
    inputs: Type.Array(Type.String(), {
      default: [],
      ...doc(
        'Sequences the lab opens its step inspector on.',
        'Input sequences the lab opens its step-by-step inspector on, e.g. `["abcdefg"]`.',
      ),
    }),
  },
  { additionalProperties: false, ...doc('What to look at after training.') },
);

/** `sweep`: a grid over any fields of `task`, `model` and `train` (see `sweepSchema.ts`). */
export const SweepSchema = sweepSchemaOver({
  task: TaskSchema,
  model: ModelSchema,
  train: TrainSchema,
});

export const SpecSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String(doc('The JSON schema of this file.'))),
    name: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
      patternErrorMessage: "letters, digits, '.', '_' and '-', starting with a letter or digit",
      maxLength: 64,
      ...doc('A short name for the spec, used in run folder names (letters, digits, . _ -).'),
    }),
    task: TaskSchema,
    model: Type.Optional(ModelSchema),
    train: Type.Optional(TrainSchema),
    inspect: Type.Optional(InspectSchema),
    sweep: Type.Optional(SweepSchema),
  },
  {
    additionalProperties: false,
    $id: 'https://rnnlab.dev/schemas/rnnlab.schema.json',
    title: 'RNN Lab task spec',
    ...doc('An RNN Lab spec: a sequence task, a recurrent model and how to train it.'),
  },
);

/** A spec as written (optional fields may be missing). */
export type Spec = Static<typeof SpecSchema>;
export type TaskSpec = Static<typeof TaskSchema>;
export type ModelSpec = Static<typeof ModelSchema>;
export type TrainSpec = Static<typeof TrainSchema>;
export type SweepSpec = Static<typeof SweepSchema>;
