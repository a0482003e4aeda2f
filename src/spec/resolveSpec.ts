/**
 * A validated spec with every default filled in, including the ones that depend on the task
 * (architecture, length, vocabulary). The engine and the task generators only ever see this.
 */
import type { Architecture, TaskKind } from './taskKinds';
import { TASK_INFO } from './taskKinds';
import type { Static, TObject } from '@sinclair/typebox';
import { resolveRealData, type ResolvedRealData } from './realDataSchema';
import { ModelSchema, TaskSchema, TrainSchema } from './specSchema';
import type { AttentionKind, BackendChoice, CellKind, DecoderInput, Spec } from './specSchema';

export interface ResolvedTask extends ResolvedRealData {
  kind: TaskKind;
  /** Inclusive [min, max]; equal for a fixed length. */
  length: [number, number];
  /** The test split's lengths when they differ from `length` (copy, reverse, sort, parity). */
  testLength?: [number, number];
  vocab: string;
  digits: number;
  lag: number;
  motif: string;
  noise: number;
  text?: string;
  file?: string;
  examples?: { input: string; target: string }[];
  samples: number;
  testSamples: number;
  /** Training inputs drawn at most once (generated tasks). */
  distinct: boolean;
}

export interface ResolvedModel {
  cell: CellKind;
  activation: 'tanh' | 'relu';
  hidden: number;
  layers: number;
  /** 0 = one-hot inputs. */
  embedding: number;
  architecture: Architecture;
  attention: AttentionKind;
  init: ResolvedInit;
  decoderInput: DecoderInput;
  reverseInput: boolean;
}

/** `model.init` resolved; `forgetBias` stays absent for the cell's own default (see the schema). */
export interface ResolvedInit {
  forgetBias?: number | 'chrono';
  recurrentScale: number;
}

export interface ResolvedTrain {
  epochs: number;
  batchSize: number;
  optimizer: 'adam' | 'sgd' | 'rmsprop';
  learningRate: number;
  momentum: number;
  clipNorm?: number;
  clipValue?: number;
  /** Truncated BPTT: steps the gradient flows back through; absent = every step. */
  tbptt?: number;
  teacherForcing: number;
  seed: number;
  backend: BackendChoice;
  gradientEvery: number;
}

export interface ResolvedSpec {
  name: string;
  task: ResolvedTask;
  model: ResolvedModel;
  train: ResolvedTrain;
  inspect: { inputs: string[] };
}

/** The `default` the schema declares for a field: the schema is the one place defaults live. */
function defaultOf<S extends TObject, K extends keyof Static<S> & string>(
  schema: S,
  key: K,
): NonNullable<Static<S>[K]> {
  const value = (schema.properties[key] as { default?: unknown } | undefined)?.default;
  if (value === undefined) throw new Error(`schema field ${key} declares no default`);
  return value as NonNullable<Static<S>[K]>;
}

function lengthRange(task: Spec['task']): [number, number] {
  // Addition's length counts the digits of each operand, so by default it follows `digits`.
  const fallback =
    task.kind === 'addition'
      ? ([1, task.digits ?? defaultOf(TaskSchema, 'digits')] as const)
      : TASK_INFO[task.kind].defaultLength;
  const value = task.length ?? fallback;
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/**
 * Fills every default. Call only on a spec that passed structural validation (`validateSpec`
 * does both); static defaults are already there from Ajv, task-dependent ones are added here.
 */
export function resolveSpec(spec: Spec): ResolvedSpec {
  const kind = spec.task.kind;
  const info = TASK_INFO[kind];
  const model = spec.model ?? {};
  const train = spec.train ?? {};
  const task: ResolvedTask = {
    kind,
    length: lengthRange(spec.task),
    vocab: info.usesVocab && spec.task.vocab !== undefined ? spec.task.vocab : info.defaultVocab,
    digits: spec.task.digits ?? defaultOf(TaskSchema, 'digits'),
    lag: spec.task.lag ?? defaultOf(TaskSchema, 'lag'),
    motif: spec.task.motif ?? defaultOf(TaskSchema, 'motif'),
    noise: spec.task.noise ?? defaultOf(TaskSchema, 'noise'),
    samples: spec.task.samples ?? defaultOf(TaskSchema, 'samples'),
    testSamples: spec.task.testSamples ?? defaultOf(TaskSchema, 'testSamples'),
    ...resolveRealData(spec.task),
    distinct: spec.task.distinct ?? defaultOf(TaskSchema, 'distinct'),
  };
  const testLength = spec.task.testLength;
  if (testLength !== undefined) {
    task.testLength = typeof testLength === 'number' ? [testLength, testLength] : [...testLength];
  }
  if (spec.task.text !== undefined) task.text = spec.task.text;
  if (spec.task.file !== undefined) task.file = spec.task.file;
  if (spec.task.examples !== undefined) task.examples = spec.task.examples;
  const resolvedTrain: ResolvedTrain = {
    epochs: train.epochs ?? defaultOf(TrainSchema, 'epochs'),
    batchSize: train.batchSize ?? defaultOf(TrainSchema, 'batchSize'),
    optimizer: train.optimizer ?? defaultOf(TrainSchema, 'optimizer'),
    learningRate: train.learningRate ?? defaultOf(TrainSchema, 'learningRate'),
    momentum: train.momentum ?? defaultOf(TrainSchema, 'momentum'),
    teacherForcing: train.teacherForcing ?? defaultOf(TrainSchema, 'teacherForcing'),
    seed: train.seed ?? defaultOf(TrainSchema, 'seed'),
    backend: train.backend ?? defaultOf(TrainSchema, 'backend'),
    gradientEvery: train.gradientEvery ?? defaultOf(TrainSchema, 'gradientEvery'),
  };
  if (train.clipNorm !== undefined) resolvedTrain.clipNorm = train.clipNorm;
  if (train.clipValue !== undefined) resolvedTrain.clipValue = train.clipValue;
  if (train.tbptt !== undefined) resolvedTrain.tbptt = train.tbptt;
  return {
    name: spec.name,
    task,
    model: {
      cell: model.cell ?? defaultOf(ModelSchema, 'cell'),
      activation: model.activation ?? defaultOf(ModelSchema, 'activation'),
      hidden: model.hidden ?? defaultOf(ModelSchema, 'hidden'),
      layers: model.layers ?? defaultOf(ModelSchema, 'layers'),
      embedding: model.embedding ?? defaultOf(ModelSchema, 'embedding'),
      architecture: model.architecture ?? info.defaultArchitecture,
      attention: model.attention ?? defaultOf(ModelSchema, 'attention'),
      init: {
        ...(model.init?.forgetBias !== undefined ? { forgetBias: model.init.forgetBias } : {}),
        recurrentScale:
          model.init?.recurrentScale ?? defaultOf(ModelSchema.properties.init, 'recurrentScale'),
      },
      decoderInput: model.decoderInput ?? defaultOf(ModelSchema, 'decoderInput'),
      reverseInput: model.reverseInput ?? defaultOf(ModelSchema, 'reverseInput'),
    },
    train: resolvedTrain,
    inspect: { inputs: spec.inspect?.inputs ?? [] },
  };
}
