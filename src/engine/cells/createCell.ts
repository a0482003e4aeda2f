/**
 * Builds cells with named `tf.variable` weights: seeded initial values, or values handed in (e.g.
 * imported from PyTorch or tf.layers through `weightFormats.ts`).
 *
 * Seeded initialisation (the same seed and name give the same numbers on every backend):
 * - `kernel`: Glorot uniform over the whole [inputSize, gateCount·hidden] matrix (as Keras).
 * - `recurrentKernel`: one orthogonal hidden×hidden block per gate (see `gateOrthogonal`).
 * - biases zero, except the LSTM forget gate's bias, which starts at 1 ("unit forget bias",
 *   Jozefowicz et al. 2015; Keras' default `unit_forget_bias=True`, while tf.layers defaults it to
 *   false and PyTorch draws all biases at random). A forget gate near σ(1) ≈ 0.73 keeps most of
 *   c_{t-1} from the first step, so gradients reach early steps before the model has learned
 *   to remember.
 * - `forgetBias` (the spec's `model.init.forgetBias`) overrides both memory-gate biases: a number
 *   for every unit, or "chrono" for the LSTM too (forget bias log(u_j), input bias −log(u_j), as
 *   Tallec & Ollivier give it for the LSTM). A forget bias of 0 starts the gate half shut, and
 *   such an LSTM forgets a symbol within a few steps just as a plain RNN does.
 * - `recurrentScale` multiplies the orthogonal recurrent kernel: above 1 a plain RNN's recurrence
 *   amplifies (exploding gradients), below 1 it contracts.
 * - the GRU update gate's input bias, when the layer is told the longest span it must bridge
 *   (`timescale`, e.g. the longest input): the "chrono" initialisation of Tallec & Ollivier
 *   (2018), b_z,j = log(u_j) with u_j ~ U(1, timescale − 1) per unit. With a zero bias
 *   z = σ(0) = 0.5 and h_t = (1 − z)·n + z·h_{t−1} halves the memory every step, so the loss at
 *   step 50 reaches step 1 scaled by ~0.5⁵⁰ and long lags are never learned; a constant large
 *   bias (z ≈ 0.9 everywhere) fixes that but leaves no unit quick enough for tasks that flip the
 *   state every step (parity). The spread gives both: unit j starts with a memory of about u_j
 *   steps. (Measured: delayed recall at lag 50 and parity up to length 8 both learn.)
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKind } from '../../spec/specSchema';
import type { CellShape } from './baseCell';
import { CELL_FACTS } from './cellFacts';
import { GruCell } from './gruCell';
import { LstmCell } from './lstmCell';
import type { CellWeights, RecurrentCell } from './recurrentCell';
import { RnnCell, type RnnActivation } from './rnnCell';
import { gateOrthogonal, glorotUniform, seededRng } from './seededInit';
import type { CellWeightValues } from './weightFormats';

export interface CreateCellOptions {
  /** Features per input step (for a stacked layer: the hidden size of the layer below). */
  inputSize: number;
  /** Units: the size of h_t (and of c_t for an LSTM). */
  hidden: number;
  /** `rnn` only: the nonlinearity. Default `tanh`. Ignored by lstm and gru. */
  activation?: RnnActivation;
  /** Random seed of the initial weights. */
  seed: number;
  /**
   * Prefix of the variable names (`<name>/<kind>/kernel`, …) and of the random streams: give each
   * layer its own (`layer0`, `layer1`, …) or same-shaped layers start with the same weights.
   * Default `layer0`. A name another live variable already holds gets a `_1`, `_2`… suffix.
   */
  name?: string;
  /** Start from these values instead of the seeded ones (copied; shapes are checked). */
  initialValues?: CellWeightValues;
  /**
   * The longest span in steps the layer should be able to carry information at the start, e.g.
   * the longest input sequence. GRU only: spreads the update-gate biases over log(1…timescale−1)
   * (see the header). Without it the biases start at 0.
   */
  timescale?: number;
  /**
   * The memory gate's starting bias (LSTM forget gate, GRU update gate): a number for every unit
   * or "chrono" (needs `timescale`). Absent: LSTM 1, GRU chrono. Ignored by `rnn`.
   */
  forgetBias?: number | 'chrono';
  /** Multiplies the seeded recurrent kernel. Default 1. */
  recurrentScale?: number;
  /**
   * The seeded `recurrentKernel` values, computed ahead (`buildModel.ts` does so without blocking
   * the event loop); must be what the seed gives for this layer.
   */
  recurrentKernelValues?: Float32Array;
}

/** The random stream of one weight of a layer: `<name>/<kind>/<part>`. */
export function weightStream(name: string, kind: CellKind, part: string): string {
  return `${name}/${kind}/${part}`;
}

export function createCell(kind: CellKind, options: CreateCellOptions): RecurrentCell {
  const { inputSize, hidden, seed } = options;
  const name = options.name ?? 'layer0';
  for (const [what, n] of [
    ['inputSize', inputSize],
    ['hidden', hidden],
  ] as const) {
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${what} must be a positive integer, got ${n}.`);
  }
  const gates = CELL_FACTS[kind].blocks;
  const values =
    options.initialValues ?? seededValues(kind, inputSize, hidden, seed, name, options);
  checkShapes(kind, values, inputSize, hidden, gates);
  const prefix = `${name}/${kind}`;
  const variable = (t: tf.Tensor, part: string) =>
    tf.variable(t, true, uniqueVariableName(`${prefix}/${part}`));
  const weights: CellWeights = {
    kernel: variable(values.kernel, 'kernel'),
    recurrentKernel: variable(values.recurrentKernel, 'recurrentKernel'),
    bias: variable(values.bias, 'bias'),
  };
  if (CELL_FACTS[kind].recurrentBias) {
    const rb = values.recurrentBias ?? tf.zeros([gates * hidden]);
    weights.recurrentBias = variable(rb, 'recurrentBias');
    if (rb !== values.recurrentBias) rb.dispose();
  }
  if (!options.initialValues) disposeValues(values);
  const shape: CellShape = { inputSize, hidden, name };
  switch (kind) {
    case 'rnn':
      return new RnnCell({ ...shape, activation: options.activation ?? 'tanh' }, weights);
    case 'lstm':
      return new LstmCell(shape, weights);
    case 'gru':
      return new GruCell(shape, weights);
  }
}

export interface CreateStackOptions extends Omit<CreateCellOptions, 'name' | 'initialValues'> {
  /** How many stacked layers; layer k > 0 reads layer k−1's hidden states. */
  layers: number;
  /** Name prefix; layer k is named `<prefix><k>`. Default `layer`. */
  prefix?: string;
}

/** Cells for a stack: `layer0` reads the input, every later layer the hidden states below. */
export function createStack(kind: CellKind, options: CreateStackOptions): RecurrentCell[] {
  const prefix = options.prefix ?? 'layer';
  return Array.from({ length: options.layers }, (_, k) =>
    createCell(kind, {
      ...options,
      inputSize: k === 0 ? options.inputSize : options.hidden,
      name: `${prefix}${k}`,
    }),
  );
}

/**
 * tfjs refuses a second live variable with a name already registered; tf.layers solves this with
 * suffixes, and so do we, so that two models (or a model and its reloaded copy) can coexist.
 */
export function uniqueVariableName(base: string): string {
  const taken = tf.engine().registeredVariables;
  if (!(base in taken)) return base;
  for (let k = 1; ; k++) {
    const candidate = `${base}_${k}`;
    if (!(candidate in taken)) return candidate;
  }
}

/**
 * A trainable variable holding `initial`'s values, under a unique name; `initial` itself is
 * disposed. (`tf.variable` keeps the tensor it is given alive beside the variable: a tensor, and
 * its memory, per weight of every model ever built, unless the caller disposes it.)
 */
export function variableFrom(initial: tf.Tensor, name: string): tf.Variable {
  try {
    return tf.variable(initial, true, uniqueVariableName(name));
  } finally {
    initial.dispose();
  }
}

function seededValues(
  kind: CellKind,
  inputSize: number,
  hidden: number,
  seed: number,
  name: string,
  options: CreateCellOptions,
): CellWeightValues {
  const gates = CELL_FACTS[kind].blocks;
  const width = gates * hidden;
  const stream = (part: string) => seededRng(seed, weightStream(name, kind, part));
  const bias = memoryGateBias(kind, hidden, options, stream);
  const scale = options.recurrentScale ?? 1;
  const recurrent =
    options.recurrentKernelValues ?? gateOrthogonal(hidden, gates, stream('recurrentKernel'));
  return {
    kernel: tf.tensor2d(glorotUniform(inputSize, width, stream('kernel')), [inputSize, width]),
    recurrentKernel: tf.tensor2d(scale === 1 ? recurrent : recurrent.map((w) => w * scale), [
      hidden,
      width,
    ]),
    bias: tf.tensor1d(bias),
    ...(CELL_FACTS[kind].recurrentBias ? { recurrentBias: tf.zeros([width]) as tf.Tensor1D } : {}),
  };
}

/**
 * The starting biases, zero but for the memory gate: block 1 of the LSTM's i, f, g, o (the forget
 * gate, and block 0, the input gate, under chrono) and of the GRU's r, z, n (the update gate).
 */
function memoryGateBias(
  kind: CellKind,
  hidden: number,
  options: CreateCellOptions,
  stream: (part: string) => () => number,
): Float32Array {
  const bias = new Float32Array(CELL_FACTS[kind].blocks * hidden);
  if (kind === 'rnn') return bias;
  const choice = options.forgetBias ?? (kind === 'lstm' ? 1 : 'chrono');
  if (typeof choice === 'number') {
    bias.fill(choice, hidden, 2 * hidden);
    return bias;
  }
  const timescale = options.timescale ?? 0;
  if (timescale <= 2) return bias;
  const rng = stream('chrono');
  for (let j = 0; j < hidden; j++) {
    const b = Math.log(1 + rng() * (timescale - 2));
    bias[hidden + j] = b;
    if (kind === 'lstm') bias[j] = -b;
  }
  return bias;
}

function checkShapes(
  kind: CellKind,
  v: CellWeightValues,
  inputSize: number,
  hidden: number,
  gates: number,
): void {
  const width = gates * hidden;
  const expect = (what: string, t: tf.Tensor | undefined, shape: number[]) => {
    if (t && !tf.util.arraysEqual(t.shape, shape)) {
      throw new Error(
        `${kind} ${what}: expected shape [${shape.join(', ')}], got [${t.shape.join(', ')}].`,
      );
    }
  };
  expect('kernel', v.kernel, [inputSize, width]);
  expect('recurrentKernel', v.recurrentKernel, [hidden, width]);
  expect('bias', v.bias, [width]);
  expect('recurrentBias', v.recurrentBias, [width]);
  if (v.recurrentBias && !CELL_FACTS[kind].recurrentBias) {
    throw new Error(`${kind}: only a GRU has a recurrentBias (sum it into bias).`);
  }
}

function disposeValues(v: CellWeightValues): void {
  tf.dispose([v.kernel, v.recurrentKernel, v.bias, ...(v.recurrentBias ? [v.recurrentBias] : [])]);
}
