/**
 * A dataset without its samples: what a model needs to be rebuilt and to encode new inputs
 * (vocabularies, architecture, feature count, length limits). Saved as a run folder's
 * `dataset.json`, so a trained run can be inspected without regenerating or reloading its data.
 *
 * A `Dataset` is structurally a `DatasetMeta` too, so every function that takes the meta also
 * takes the full dataset.
 */
import type { Dataset, Vocabulary } from '../tasks/dataset';
import type { Architecture } from '../spec/taskKinds';

export interface SymbolDatasetMeta {
  type: 'symbols';
  architecture: Architecture;
  inputVocab: Vocabulary;
  outputVocab: Vocabulary;
  maxInputLength: number;
  maxTargetLength: number;
}

export interface RealDatasetMeta {
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
    return {
      type: 'real',
      architecture,
      features: count('features'),
      maxInputLength: count('maxInputLength'),
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
