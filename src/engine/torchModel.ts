/**
 * A whole `SeqModel` as a PyTorch state dict, and back: the weights file that `rnnlab export --to
 * pytorch` writes for the exported project and that its `train.py` writes after training, so a
 * model trained at scale opens in the lab again (`rnnlab inspect --torch`, "Import Weights…").
 *
 * The file (`weights.json` of an export, `checkpoints/weights.json` of a PyTorch run):
 * `{"format": "rnnlab-pytorch", "version": 1, "epoch": N, "spec": <resolved spec>,
 *   "dataset": <dataset.json meta>, "metrics"?: {...}, "stateDict": {"<key>": nested lists}}`
 *
 * Keys are those of the exported `model.py` (`LabModel.state_dict()`):
 *
 * | ours                                  | PyTorch                                           |
 * |---------------------------------------|---------------------------------------------------|
 * | `embedding` [V, E]                    | `embedding.table.weight` [V, E]                   |
 * | `layer{k}/…` (`encoder{k}`, `decoder{k}`) | `rnn.*_l{k-1}` (`encoder.*`, `decoder.*`): `weightFormats.ts` |
 * | `decoderEmbedding` [V, E]             | `decoder_embedding.table.weight`                  |
 * | `attention/query`, `key`, `score` [in, out] | `attention.query.weight` … [out, in]        |
 * | `head/kernel` [in, out], `head/bias`  | `head.weight` [out, in], `head.bias`              |
 *
 * One-hot inputs (`model.embedding` 0) have no embedding weight on either side. Pure: no file
 * system; problems are `TorchImportError`s naming the key and the shape expected.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { CELL_FACTS } from './cells/cellFacts';
import {
  cellWeightValues,
  fromTorchLayer,
  toTorchLayer,
  type TorchLayerTensors,
} from './cells/weightFormats';
import { parseDatasetMeta, type DatasetMeta } from './datasetMeta';
import { createModel, type LayerPart, type ModelLayer, type SeqModel } from './seqModel';
import { TorchImportError } from './torchImport';
import type { FinalMetrics } from './trainEvents';

export const TORCH_MODEL_FORMAT = 'rnnlab-pytorch';

export type Nested = number[] | number[][];

export interface TorchModelFile {
  format: typeof TORCH_MODEL_FORMAT;
  version: 1;
  /** Epoch after which the weights were saved (0: the lab's seeded initial weights). */
  epoch: number;
  spec: ResolvedSpec;
  dataset: DatasetMeta;
  metrics?: FinalMetrics;
  stateDict: Record<string, Nested>;
}

/** The PyTorch module holding a stack: `rnn` (many-to-one/many), `encoder`, `decoder`. */
export function torchStackName(part: LayerPart): string {
  return part === 'layers' ? 'rnn' : part;
}

/** What one of our weights is in the state dict: its key and whether it is transposed. */
interface KeyMap {
  ours: string;
  torch: string;
  transpose: boolean;
}

/** The non-recurrent weights: embeddings, attention and head. */
function plainKeys(model: SeqModel): KeyMap[] {
  const keys: KeyMap[] = [];
  if (model.inputEmbedding?.matrix)
    keys.push({ ours: 'embedding', torch: 'embedding.table.weight', transpose: false });
  if (model.decoderEmbedding?.matrix) {
    keys.push({
      ours: 'decoderEmbedding',
      torch: 'decoder_embedding.table.weight',
      transpose: false,
    });
  }
  for (const part of ['query', 'key', 'score']) {
    keys.push({ ours: `attention/${part}`, torch: `attention.${part}.weight`, transpose: true });
  }
  keys.push({ ours: 'head/kernel', torch: 'head.weight', transpose: true });
  keys.push({ ours: 'head/bias', torch: 'head.bias', transpose: false });
  const present = new Set(model.weights().map((w) => w.name));
  return keys.filter((k) => present.has(k.ours));
}

function layerKey(layer: ModelLayer, name: keyof TorchLayerTensors): string {
  return `${torchStackName(layer.part)}.${name}_l${layer.index}`;
}

const LAYER_PARTS: (keyof TorchLayerTensors)[] = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'];

/** The model's weights as `LabModel.state_dict()` of the exported `model.py` (nested lists). */
export function torchStateDict(model: SeqModel): Record<string, Nested> {
  const dict: Record<string, Nested> = {};
  const byName = new Map(model.weights().map((w) => [w.name, w.variable]));
  tf.tidy(() => {
    for (const k of plainKeys(model)) {
      const v = byName.get(k.ours);
      if (!v) continue;
      dict[k.torch] = (k.transpose ? tf.transpose(v) : v).arraySync() as Nested;
    }
    for (const layer of model.layers) {
      const t = toTorchLayer(layer.cell.kind, cellWeightValues(layer.cell));
      for (const part of LAYER_PARTS) dict[layerKey(layer, part)] = t[part].arraySync() as Nested;
    }
  });
  return dict;
}

/** The expected key → shape of the state dict for this model. */
export function torchStateShapes(model: SeqModel): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const byName = new Map(model.weights().map((w) => [w.name, w.variable]));
  for (const k of plainKeys(model)) {
    const shape = byName.get(k.ours)?.shape ?? [];
    shapes.set(k.torch, k.transpose ? [...shape].reverse() : [...shape]);
  }
  for (const layer of model.layers) {
    const width = CELL_FACTS[layer.cell.kind].blocks * layer.cell.hidden;
    shapes.set(layerKey(layer, 'weight_ih'), [width, layer.cell.inputSize]);
    shapes.set(layerKey(layer, 'weight_hh'), [width, layer.cell.hidden]);
    shapes.set(layerKey(layer, 'bias_ih'), [width]);
    shapes.set(layerKey(layer, 'bias_hh'), [width]);
  }
  return shapes;
}

/** Writes a state dict into the model's weights (checked first: every key, every shape). */
export function loadTorchStateDict(model: SeqModel, dict: Record<string, unknown>): void {
  const shapes = torchStateShapes(model);
  for (const key of Object.keys(dict)) {
    if (!shapes.has(key)) {
      throw new TorchImportError(
        `stateDict has "${key}", which this model does not have (it has ${[...shapes.keys()].join(', ')}).`,
      );
    }
  }
  for (const [key, shape] of shapes) {
    const value = dict[key];
    if (value === undefined) {
      throw new TorchImportError(`stateDict.${key} is missing: expected [${shape.join(', ')}].`);
    }
    const got = nestedShape(value, `stateDict.${key}`);
    if (got.join(',') !== shape.join(',')) {
      throw new TorchImportError(
        `stateDict.${key}: expected shape [${shape.join(', ')}], got [${got.join(', ')}].`,
      );
    }
  }
  const byName = new Map(model.weights().map((w) => [w.name, w.variable]));
  const tensor = (key: string) => tf.tensor(dict[key] as Nested);
  tf.tidy(() => {
    for (const k of plainKeys(model)) {
      const t = tensor(k.torch);
      byName.get(k.ours)?.assign(k.transpose ? tf.transpose(t) : t);
    }
    for (const layer of model.layers) {
      const values = fromTorchLayer(layer.cell.kind, {
        weight_ih: tensor(layerKey(layer, 'weight_ih')) as tf.Tensor2D,
        weight_hh: tensor(layerKey(layer, 'weight_hh')) as tf.Tensor2D,
        bias_ih: tensor(layerKey(layer, 'bias_ih')) as tf.Tensor1D,
        bias_hh: tensor(layerKey(layer, 'bias_hh')) as tf.Tensor1D,
      });
      const w = layer.cell.weights;
      w.kernel.assign(values.kernel);
      w.recurrentKernel.assign(values.recurrentKernel);
      w.bias.assign(values.bias);
      if (w.recurrentBias && values.recurrentBias) w.recurrentBias.assign(values.recurrentBias);
    }
  });
}

/** The weights file for a model (see the header). */
export function torchModelFile(
  model: SeqModel,
  epoch: number,
  metrics?: FinalMetrics,
): TorchModelFile {
  return {
    format: TORCH_MODEL_FORMAT,
    version: 1,
    epoch,
    spec: model.spec,
    dataset: model.meta,
    ...(metrics ? { metrics } : {}),
    stateDict: torchStateDict(model),
  };
}

/** Whether parsed JSON claims to be a whole-model file (as opposed to one recurrent module). */
export function isTorchModelFile(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    (json as { format?: unknown }).format === TORCH_MODEL_FORMAT
  );
}

/** Checks a parsed whole-model file; throws `TorchImportError` naming what is wrong. */
export function parseTorchModelFile(json: unknown): TorchModelFile {
  if (!isTorchModelFile(json)) {
    throw new TorchImportError(`weights: "format" must be "${TORCH_MODEL_FORMAT}".`);
  }
  const v = json as Partial<TorchModelFile>;
  if (v.version !== 1) {
    throw new TorchImportError(`weights: "version" must be 1, got ${JSON.stringify(v.version)}.`);
  }
  if (typeof v.epoch !== 'number' || !Number.isInteger(v.epoch) || v.epoch < 0) {
    throw new TorchImportError('weights: "epoch" must be a whole number.');
  }
  const spec = v.spec;
  if (!spec || typeof spec !== 'object' || !spec.model || !spec.train || !spec.task) {
    throw new TorchImportError(
      'weights: "spec" must be the resolved spec the model was made from.',
    );
  }
  let dataset: DatasetMeta;
  try {
    dataset = parseDatasetMeta(v.dataset);
  } catch (error) {
    throw new TorchImportError(`weights: "dataset": ${(error as Error).message}`);
  }
  if (!v.stateDict || typeof v.stateDict !== 'object' || Array.isArray(v.stateDict)) {
    throw new TorchImportError('weights: "stateDict" must be an object of nested number lists.');
  }
  return { ...(v as TorchModelFile), dataset };
}

/** A lab model holding a whole-model file's weights (the caller disposes it). */
export function modelFromTorchFile(file: TorchModelFile): SeqModel {
  const model = createModel(file.spec, file.dataset);
  try {
    loadTorchStateDict(model, file.stateDict);
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function nestedShape(value: unknown, path: string): number[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TorchImportError(`${path} holds ${value}.`);
    return [];
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new TorchImportError(`${path} must be a non-empty (nested) list of numbers.`);
  }
  const first = nestedShape(value[0], `${path}[0]`);
  for (let k = 1; k < value.length; k++) {
    const shape = nestedShape(value[k], `${path}[${k}]`);
    if (shape.join(',') !== first.join(',')) {
      throw new TorchImportError(`${path}[${k}] has shape [${shape.join(', ')}]: not rectangular.`);
    }
  }
  return [value.length, ...first];
}
