/**
 * Runs a PyTorch `nn.RNN` / `nn.LSTM` / `nn.GRU` exported as JSON through our cells and returns
 * every layer's per-step h, c and gates: what `rnnlab inspect` shows for a model trained elsewhere.
 *
 * WEIGHTS.json: `{"format": "torch", "cell": "rnn" | "lstm" | "gru", "nonlinearity": "tanh" |
 * "relu" (rnn only, default tanh), "inputSize": I, "hiddenSize": H, "numLayers": L, "bias": true
 * (optional; false for a module built with bias=False), "stateDict": {"weight_ih_l0": [[…]],
 * "weight_hh_l0": [[…]], "bias_ih_l0": […], "bias_hh_l0": […], …}}` — the module's own
 * `state_dict()` as nested lists (unidirectional, no proj_size).
 *
 * INPUT.json: `{"x": [B][T][I], "h0": [L][B][H] (optional), "c0": [L][B][H] (optional, lstm)}`,
 * batch first. A missing h0 or c0 is zeros, as in PyTorch.
 *
 * Pure: no file system; every problem is a `TorchImportError` whose message names the key and the
 * expected shape.
 */
import * as tf from '@tensorflow/tfjs';
import { CELLS, type CellKind } from '../spec/specSchema';
import { CELL_FACTS } from './cells/cellFacts';
import { createCell } from './cells/createCell';
import type { CellState, GateName, RecurrentCell } from './cells/recurrentCell';
import { fromTorchLayer, type TorchLayerTensors } from './cells/weightFormats';
import { runStack } from './recurrentLayer';

/** Nested number arrays as JSON holds them. */
type Matrix = number[][];
type Cube = number[][][];

export interface TorchWeightsFile {
  format: 'torch';
  cell: CellKind;
  /** `rnn` only. */
  nonlinearity: 'tanh' | 'relu';
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** False for a module built with `bias=False` (the state dict then has no bias keys). */
  bias: boolean;
  stateDict: Record<string, number[] | Matrix>;
}

export interface TorchInput {
  /** [B][T][I], batch first. */
  x: Cube;
  /** [L][B][H] */
  h0?: Cube;
  /** [L][B][H], lstm only. */
  c0?: Cube;
}

export interface TorchLayerInspection {
  /** [T][B][H] */
  h: Cube;
  /** [T][B][H], lstm only. */
  c?: Cube;
  /** Each [T][B][H]: i, f, g, o (lstm); r, z, n (gru); none (rnn). */
  gates: Partial<Record<GateName, Cube>>;
}

export interface TorchInspection {
  layers: TorchLayerInspection[];
}

/** A problem with the user's files: print its message, not a stack trace. */
export class TorchImportError extends Error {
  override readonly name = 'TorchImportError';
}

/** Validates WEIGHTS.json (already parsed). */
export function parseTorchWeights(json: unknown): TorchWeightsFile {
  const where = 'weights';
  const root = record(json, where);
  if (root.format !== 'torch') {
    fail(`${where}: "format" must be "torch", got ${describe(root.format)}.`);
  }
  const cell = root.cell;
  if (typeof cell !== 'string' || !(CELLS as readonly string[]).includes(cell)) {
    fail(
      `${where}: "cell" must be one of ${CELLS.map((c) => `"${c}"`).join(', ')}, got ${describe(cell)}.`,
    );
  }
  const kind = cell as CellKind;
  let nonlinearity: 'tanh' | 'relu' = 'tanh';
  if (root.nonlinearity !== undefined) {
    // LSTM and GRU have fixed tanh/sigmoid parts: "tanh" is accepted (it is what a parsed file
    // says, so parsed weights read back), "relu" is not.
    if (kind !== 'rnn' && root.nonlinearity !== 'tanh') {
      fail(`${where}: "nonlinearity" applies to "rnn" only, not "${kind}".`);
    }
    if (root.nonlinearity !== 'tanh' && root.nonlinearity !== 'relu') {
      fail(
        `${where}: "nonlinearity" must be "tanh" or "relu", got ${describe(root.nonlinearity)}.`,
      );
    }
    nonlinearity = root.nonlinearity;
  }
  const inputSize = positiveInt(root.inputSize, `${where}: "inputSize"`);
  const hiddenSize = positiveInt(root.hiddenSize, `${where}: "hiddenSize"`);
  const numLayers = positiveInt(root.numLayers, `${where}: "numLayers"`);
  if (root.bias !== undefined && typeof root.bias !== 'boolean') {
    fail(`${where}: "bias" must be true or false, got ${describe(root.bias)}.`);
  }
  const bias = (root.bias as boolean | undefined) ?? true;
  const dict = record(root.stateDict, `${where}: "stateDict"`);

  const gates = CELL_FACTS[kind].blocks;
  const width = gates * hiddenSize;
  const expected = new Map<string, { shape: number[]; meaning: string }>();
  for (let k = 0; k < numLayers; k++) {
    const inSize = k === 0 ? inputSize : hiddenSize;
    const blocks = gates === 1 ? 'hiddenSize' : `${gates}·hiddenSize`;
    const inName = k === 0 ? 'inputSize' : 'hiddenSize (the layer below)';
    expected.set(`weight_ih_l${k}`, { shape: [width, inSize], meaning: `${blocks} × ${inName}` });
    expected.set(`weight_hh_l${k}`, {
      shape: [width, hiddenSize],
      meaning: `${blocks} × hiddenSize`,
    });
    if (bias) {
      expected.set(`bias_ih_l${k}`, { shape: [width], meaning: blocks });
      expected.set(`bias_hh_l${k}`, { shape: [width], meaning: blocks });
    }
  }
  for (const key of Object.keys(dict)) {
    if (expected.has(key)) continue;
    if (key.endsWith('_reverse')) {
      fail(`${where}: stateDict has "${key}": bidirectional modules are not supported.`);
    }
    if (/^weight_hr_l\d+$/.test(key)) {
      fail(`${where}: stateDict has "${key}": LSTM proj_size is not supported.`);
    }
    const tail = /\.((?:weight|bias)_(?:ih|hh)_l\d+)$/.exec(key);
    if (tail) {
      fail(
        `${where}: stateDict key "${key}" has a prefix: export the recurrent module's own ` +
          `state_dict() (keys like "${tail[1]}").`,
      );
    }
    const layer = /_l(\d+)$/.exec(key);
    if (layer && Number(layer[1]) >= numLayers) {
      fail(`${where}: stateDict has "${key}" but "numLayers" is ${numLayers}.`);
    }
    if (!bias && /^bias_(ih|hh)_l\d+$/.test(key)) {
      fail(`${where}: stateDict has "${key}" but "bias" is false.`);
    }
    fail(`${where}: unexpected stateDict key "${key}".`);
  }
  const stateDict: Record<string, number[] | Matrix> = {};
  for (const [key, { shape, meaning }] of expected) {
    const value = dict[key];
    const path = `${where}: stateDict.${key}`;
    if (value === undefined) {
      fail(`${path} is missing: expected a [${shape.join(', ')}] array (${meaning}).`);
    }
    const got = shapeOf(value, path);
    if (!sameShape(got, shape)) {
      fail(`${path}: expected shape [${shape.join(', ')}] (${meaning}), got [${got.join(', ')}].`);
    }
    stateDict[key] = value as number[] | Matrix;
  }
  return {
    format: 'torch',
    cell: kind,
    nonlinearity,
    inputSize,
    hiddenSize,
    numLayers,
    bias,
    stateDict,
  };
}

/** Validates INPUT.json (already parsed) against the model it will run through. */
export function parseTorchInput(json: unknown, weights: TorchWeightsFile): TorchInput {
  const where = 'input';
  const root = record(json, where);
  for (const key of Object.keys(root)) {
    if (key !== 'x' && key !== 'h0' && key !== 'c0') fail(`${where}: unexpected key "${key}".`);
  }
  if (root.x === undefined) {
    fail(`${where}: "x" is missing: expected [batch][time][${weights.inputSize}] (batch first).`);
  }
  const xShape = shapeOf(root.x, `${where}: "x"`);
  const [batch, time, features] = xShape;
  if (xShape.length !== 3 || !batch || !time || features !== weights.inputSize) {
    fail(
      `${where}: "x" must be [batch][time][${weights.inputSize}] (batch first, inputSize ` +
        `${weights.inputSize}), got [${xShape.join(', ')}].`,
    );
  }
  const state = (key: 'h0' | 'c0'): Cube | undefined => {
    const value = root[key];
    if (value === undefined) return undefined;
    if (key === 'c0' && weights.cell !== 'lstm') {
      fail(`${where}: "c0" is an LSTM's cell state; this model is "${weights.cell}".`);
    }
    const want = [weights.numLayers, batch, weights.hiddenSize];
    const got = shapeOf(value, `${where}: "${key}"`);
    if (!sameShape(got, want)) {
      fail(
        `${where}: "${key}" must be [numLayers][batch][hiddenSize] = [${want.join(', ')}], ` +
          `got [${got.join(', ')}].`,
      );
    }
    return value as Cube;
  };
  const h0 = state('h0');
  const c0 = state('c0');
  return { x: root.x as Cube, ...(h0 ? { h0 } : {}), ...(c0 ? { c0 } : {}) };
}

/** Our cells, named `<prefix>layer<k>`, holding a validated file's weights. Dispose them. */
export function cellsFromTorch(weights: TorchWeightsFile, prefix = 'torch/'): RecurrentCell[] {
  const cells: RecurrentCell[] = [];
  try {
    for (let k = 0; k < weights.numLayers; k++) {
      const raw = layerTensors(weights, k);
      const values = fromTorchLayer(weights.cell, raw);
      try {
        cells.push(
          createCell(weights.cell, {
            inputSize: k === 0 ? weights.inputSize : weights.hiddenSize,
            hidden: weights.hiddenSize,
            activation: weights.nonlinearity,
            seed: 0,
            name: `${prefix}layer${k}`,
            initialValues: values,
          }),
        );
      } finally {
        tf.dispose([...Object.values(raw), ...Object.values(values)] as tf.Tensor[]);
      }
    }
  } catch (err) {
    for (const cell of cells) cell.dispose();
    throw err;
  }
  return cells;
}

/**
 * Validates both files, runs the input through the model and returns every layer's per-step
 * values as plain arrays. Runs on the current tfjs backend; leaves no tensors or variables behind.
 */
export function runTorchInspection(weightsJson: unknown, inputJson: unknown): TorchInspection {
  const weights = parseTorchWeights(weightsJson);
  const input = parseTorchInput(inputJson, weights);
  const cells = cellsFromTorch(weights);
  try {
    return tf.tidy(() => {
      const x = tf.tensor3d(input.x);
      const h0 = input.h0 ? tf.unstack(tf.tensor3d(input.h0)) : undefined;
      const c0 = input.c0 ? tf.unstack(tf.tensor3d(input.c0)) : undefined;
      const [batch] = x.shape;
      const initial = cells.map((cell, k): CellState | undefined => {
        const h = h0?.[k];
        const c = c0?.[k];
        if (!h && !c) return undefined;
        const zeros = () => tf.zeros([batch, cell.hidden]) as tf.Tensor2D;
        return {
          h: (h ?? zeros()) as tf.Tensor2D,
          ...(weights.cell === 'lstm' ? { c: (c ?? zeros()) as tf.Tensor2D } : {}),
        };
      });
      const run = runStack(cells, x, { capture: true, initial });
      const layers = run.layers.map((layer, k): TorchLayerInspection => {
        const steps = layer.steps ?? [];
        const overTime = (pick: (t: number) => tf.Tensor2D | undefined): Cube | undefined => {
          const ts = steps.map((_, t) => pick(t));
          if (ts.some((t) => t === undefined)) return undefined;
          return tf.stack(ts as tf.Tensor2D[]).arraySync() as Cube;
        };
        const h = overTime((t) => steps[t]?.state.h);
        const c = weights.cell === 'lstm' ? overTime((t) => steps[t]?.state.c) : undefined;
        if (!h || (weights.cell === 'lstm' && !c))
          throw new Error(`layer ${k}: no captured states`);
        const gates: Partial<Record<GateName, Cube>> = {};
        for (const gate of cells[k]?.gateNames ?? []) {
          const values = overTime((t) => steps[t]?.gates[gate]);
          if (values) gates[gate] = values;
        }
        return { h, ...(c ? { c } : {}), gates };
      });
      return { layers } as unknown as tf.TensorContainer;
    }) as unknown as TorchInspection;
  } finally {
    for (const cell of cells) cell.dispose();
  }
}

function layerTensors(weights: TorchWeightsFile, k: number): TorchLayerTensors {
  const get = (key: string) => {
    const value = weights.stateDict[`${key}_l${k}`];
    if (value === undefined)
      throw new TorchImportError(`weights: stateDict.${key}_l${k} is missing.`);
    return value;
  };
  const t: TorchLayerTensors = {
    weight_ih: tf.tensor2d(get('weight_ih') as Matrix),
    weight_hh: tf.tensor2d(get('weight_hh') as Matrix),
  };
  if (weights.bias) {
    t.bias_ih = tf.tensor1d(get('bias_ih') as number[]);
    t.bias_hh = tf.tensor1d(get('bias_hh') as number[]);
  }
  return t;
}

function fail(message: string): never {
  throw new TorchImportError(message);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${what} must be a JSON object, got ${describe(value)}.`);
  }
  return value as Record<string, unknown>;
}

function positiveInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    fail(`${what} must be a positive integer, got ${describe(value)}.`);
  }
  return value;
}

/**
 * The shape of a rectangular nested array of finite numbers; the error names the first place
 * where it is not one (`stateDict.weight_ih_l0[2] has 3 entries, expected 4`).
 */
function shapeOf(value: unknown, path: string): number[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${path} is ${value}: every entry must be a finite number.`);
    return [];
  }
  if (!Array.isArray(value)) fail(`${path} must be a number or an array, got ${describe(value)}.`);
  if (value.length === 0) fail(`${path} is an empty array.`);
  const first = shapeOf(value[0], `${path}[0]`);
  value.forEach((item: unknown, k) => {
    if (k === 0) return;
    const shape = shapeOf(item, `${path}[${k}]`);
    if (!sameShape(shape, first)) {
      fail(
        `${path}[${k}] has shape [${shape.join(', ')}], but ${path}[0] has ` +
          `[${first.join(', ')}]: arrays must be rectangular.`,
      );
    }
  });
  return [value.length, ...first];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, k) => v === b[k]);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}
