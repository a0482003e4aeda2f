/**
 * A dataset without its samples: what a model needs to be rebuilt and to encode new inputs
 * (vocabularies, architecture, feature count, length limits). Saved as a run folder's
 * `dataset.json`, so a trained run can be inspected without regenerating or reloading its data.
 *
 * A `Dataset` is structurally a `DatasetMeta` too, so every function that takes the meta also
 * takes the full dataset.
 */
import type { Dataset, RealOutputs, Vocabulary } from '../tasks/dataset';
import type { Architecture } from '../spec/taskKinds';

export interface SymbolDatasetMeta {
  type: 'symbols';
  architecture: Architecture;
  inputVocab: Vocabulary;
  outputVocab: Vocabulary;
  maxInputLength: number;
  maxTargetLength: number;
}

export interface RealDatasetMeta extends RealOutputs {
  type: 'real';
  architecture: Architecture;
  features: number;
  maxInputLength: number;
}

export type DatasetMeta = SymbolDatasetMeta | RealDatasetMeta;

/** The meta of a dataset, as a fresh plain object (no samples). */
export function datasetMeta(dataset: DatasetMeta | Dataset): DatasetMeta {
  if (dataset.type === 'real') {
    return {
      type: 'real',
      architecture: dataset.architecture,
      features: dataset.features,
      maxInputLength: dataset.maxInputLength,
      ...realOutputs(dataset),
    };
  }
  return {
    type: 'symbols',
    architecture: dataset.architecture,
    inputVocab: copyVocab(dataset.inputVocab),
    outputVocab: copyVocab(dataset.outputVocab),
    maxInputLength: dataset.maxInputLength,
    maxTargetLength: dataset.maxTargetLength,
  };
}

/** A fresh copy of the optional output facts of a real-valued dataset. */
function realOutputs(source: RealOutputs): RealOutputs {
  const out: RealOutputs = {};
  if (source.outputs !== undefined) out.outputs = source.outputs;
  if (source.classes) out.classes = copyVocab(source.classes);
  if (source.channels) out.channels = [...source.channels];
  if (source.normalization) {
    out.normalization = {
      mean: [...source.normalization.mean],
      std: [...source.normalization.std],
    };
  }
  if (source.forecast) {
    out.forecast = { channels: [...source.forecast.channels], horizon: source.forecast.horizon };
  }
  return out;
}

/** The width of a real-valued model's output: classes, values per target row, or the inputs. */
export function realOutputSize(meta: RealDatasetMeta): number {
  return meta.classes ? meta.classes.tokens.length : (meta.outputs ?? meta.features);
}

function copyVocab(vocab: Vocabulary): Vocabulary {
  return { ...vocab, tokens: [...vocab.tokens] };
}

/** Checks a parsed `dataset.json`; throws with the first thing that is wrong. */
export function parseDatasetMeta(value: unknown): DatasetMeta {
  const fail = (why: string): never => {
    throw new Error(`dataset.json: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const v = value as Record<string, unknown>;
  const architecture = v['architecture'];
  if (
    architecture !== 'many-to-one' &&
    architecture !== 'many-to-many' &&
    architecture !== 'seq2seq'
  ) {
    return fail(`unknown architecture ${JSON.stringify(architecture)}`);
  }
  const count = (key: string): number => {
    const n = v[key];
    return typeof n === 'number' && Number.isInteger(n) && n >= 0
      ? n
      : fail(`${key} is not a count`);
  };
  const vocab = (key: string): Vocabulary => {
    const voc = v[key] as { tokens?: unknown } | undefined;
    if (!voc || !Array.isArray(voc.tokens) || !voc.tokens.every((t) => typeof t === 'string')) {
      return fail(`${key}.tokens is not a list of strings`);
    }
    return voc as Vocabulary;
  };
  if (v['type'] === 'real') {
    const features = count('features');
    const numbers = (key: string, value: unknown): number[] =>
      Array.isArray(value) && value.length === features && value.every(Number.isFinite)
        ? (value as number[])
        : fail(`${key} is not ${features} numbers`);
    const strings = (key: string, value: unknown): string[] =>
      Array.isArray(value) && value.every((x) => typeof x === 'string')
        ? (value as string[])
        : fail(`${key} is not a list of strings`);
    const norm = v['normalization'] as { mean?: unknown; std?: unknown } | undefined;
    const forecast = v['forecast'] as { channels?: unknown; horizon?: unknown } | undefined;
    return {
      type: 'real',
      architecture,
      features,
      maxInputLength: count('maxInputLength'),
      ...realOutputs({
        ...(v['outputs'] !== undefined ? { outputs: count('outputs') } : {}),
        ...(v['classes'] !== undefined ? { classes: vocab('classes') } : {}),
        ...(v['channels'] !== undefined ? { channels: strings('channels', v['channels']) } : {}),
        ...(norm !== undefined
          ? {
              normalization: {
                mean: numbers('normalization.mean', norm.mean),
                std: numbers('normalization.std', norm.std),
              },
            }
          : {}),
        ...(forecast !== undefined
          ? {
              forecast: {
                channels: strings('forecast.channels', forecast.channels),
                horizon:
                  typeof forecast.horizon === 'number' && Number.isInteger(forecast.horizon)
                    ? forecast.horizon
                    : fail('forecast.horizon is not a count'),
              },
            }
          : {}),
      }),
    };
  }
  if (v['type'] !== 'symbols') return fail(`unknown type ${JSON.stringify(v['type'])}`);
  return {
    type: 'symbols',
    architecture,
    inputVocab: vocab('inputVocab'),
    outputVocab: vocab('outputVocab'),
    maxInputLength: count('maxInputLength'),
    maxTargetLength: count('maxTargetLength'),
  };
}
