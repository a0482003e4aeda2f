/**
 * What the schema cannot say: fields that contradict each other, fields the chosen task ignores,
 * and a spec too large for memory. Each problem names the field to change.
 */
import {
  estimateTrainingMemory,
  formatBytes,
  sequenceSteps,
  type EstimateData,
} from './memoryEstimate';
import type { LocatedPathProblem } from './locateProblems';
import type { ResolvedSpec } from './resolveSpec';
import type { Spec } from './specSchema';
import { realDataChecks } from './realDataChecks';
import { REAL_DATA_FIELD_KINDS } from './realDataSchema';
import { TASK_INFO, TASK_KINDS } from './taskKinds';

export const DEFAULT_MEMORY_LIMIT = 2 * 1024 ** 3;

/** What a caller of the validator may set. */
export interface ValidateOptions {
  /** Largest training memory estimate accepted, in bytes (default `DEFAULT_MEMORY_LIMIT`, 2 GiB). */
  memoryLimitBytes?: number;
}

/** Task fields and the kinds that read them; on any other kind they are ignored (a warning). */
/** The tasks whose inputs are `length` symbols long, so a test split can have other lengths. */
export const TEST_LENGTH_KINDS: readonly string[] = ['copy', 'reverse', 'sort', 'parity'];

const TASK_FIELD_KINDS: Record<string, readonly string[]> = {
  digits: ['addition'],
  lag: ['delayed-recall'],
  motif: ['motif'],
  noise: ['sine'],
  text: ['text'],
  file: ['text', 'examples', 'series', 'audio'],
  ...REAL_DATA_FIELD_KINDS,
  examples: ['examples'],
  vocab: ['copy', 'reverse', 'sort', 'delayed-recall', 'examples'],
  distinct: TASK_KINDS.filter((k) => k !== 'examples'),
  testLength: TEST_LENGTH_KINDS,
};

export function crossCheck(
  raw: Spec,
  spec: ResolvedSpec,
  options: ValidateOptions,
): LocatedPathProblem[] {
  const problems: LocatedPathProblem[] = [];
  const { task, model } = spec;
  const info = TASK_INFO[task.kind];

  for (const [field, kinds] of Object.entries(TASK_FIELD_KINDS)) {
    if (field in raw.task && !kinds.includes(task.kind)) {
      problems.push({
        path: `task.${field}`,
        severity: 'warning',
        message: `"${field}" is not used by the "${task.kind}" task (only by ${kinds.map((k) => `"${k}"`).join(', ')}); remove it`,
      });
    }
  }

  const [low, high] = task.length;
  if (low > high) {
    problems.push({
      path: 'task.length',
      message: `the range [min, max] has min ${low} greater than max ${high}; write [${high}, ${low}]`,
    });
  }
  if (task.testLength && task.testLength[0] > task.testLength[1]) {
    const [a, b] = task.testLength;
    problems.push({
      path: 'task.testLength',
      message: `the range [min, max] has min ${a} greater than max ${b}; write [${b}, ${a}]`,
    });
  }
  if (task.kind === 'addition' && raw.task.length !== undefined && high > task.digits) {
    problems.push({
      path: 'task.length',
      message: `for "addition", length is the digits of each operand and cannot exceed "digits" (${task.digits}); got ${high}`,
    });
  }
  if (task.kind === 'adding' && high < 2) {
    problems.push({
      path: 'task.length',
      message: `the adding problem needs at least 2 steps (one marker in each half); got ${high}`,
    });
  }
  if (task.kind === 'adding' && low !== high) {
    problems.push({
      path: 'task.length',
      severity: 'warning',
      message: `"adding" uses one length T for every sequence, the largest: ${high}; write "length": ${high}`,
    });
  }
  if (task.kind === 'motif' && task.motif.length > low) {
    problems.push({
      path: 'task.motif',
      message: `the motif has ${task.motif.length} letters but sequences can be as short as ${low}; lower the motif length or raise task.length`,
    });
  }

  if (task.vocab !== '' && new Set(task.vocab).size !== task.vocab.length) {
    const seen = new Set<string>();
    const repeated = [...task.vocab].filter((ch) => (seen.has(ch) ? true : (seen.add(ch), false)));
    problems.push({
      path: 'task.vocab',
      message: `symbols must be distinct; repeated: ${[...new Set(repeated)].map((c) => JSON.stringify(c)).join(', ')}`,
    });
  }

  if (task.kind === 'text' && task.text === undefined && task.file === undefined) {
    problems.push({
      path: 'task',
      message: 'the "text" task needs "text" (inline) or "file" (a text file)',
    });
  }
  if (task.kind === 'text' && task.text !== undefined && task.file !== undefined) {
    problems.push({ path: 'task.file', message: 'give either "text" or "file", not both' });
  }
  if (task.kind === 'examples' && task.examples === undefined && task.file === undefined) {
    problems.push({
      path: 'task',
      message: 'the "examples" task needs "examples" (inline pairs) or "file" (.jsonl or .csv)',
    });
  }
  if (task.kind === 'examples' && task.examples !== undefined && task.file !== undefined) {
    problems.push({ path: 'task.file', message: 'give either "examples" or "file", not both' });
  }
  if (task.kind === 'text' && task.text !== undefined && task.text.length <= high) {
    problems.push({
      path: 'task.text',
      message: `the text has ${task.text.length} characters; it needs more than the sequence length (${high})`,
    });
  }

  problems.push(...realDataChecks(raw, spec));

  if (!info.architectures.includes(model.architecture)) {
    problems.push({
      path: raw.model?.architecture !== undefined ? 'model.architecture' : 'task.kind',
      message: `the "${task.kind}" task cannot be learned ${model.architecture}; use ${info.architectures.map((a) => `"${a}"`).join(' or ')}`,
    });
  }
  if (model.attention !== 'none' && model.architecture !== 'seq2seq') {
    problems.push({
      path: 'model.attention',
      message: `attention needs "architecture": "seq2seq" (this spec is ${model.architecture}); set attention to "none" or use seq2seq`,
    });
  }
  for (const field of ['decoderInput', 'reverseInput'] as const) {
    if (raw.model?.[field] !== undefined && model.architecture !== 'seq2seq') {
      problems.push({
        path: `model.${field}`,
        message: `"${field}" belongs to a seq2seq encoder and decoder (this spec is ${model.architecture}); remove it or use "architecture": "seq2seq"`,
      });
    }
  }
  if (model.decoderInput === 'context' && raw.train?.teacherForcing !== undefined) {
    problems.push({
      path: 'train.teacherForcing',
      severity: 'warning',
      message:
        'with "decoderInput": "context" the decoder never reads its previous token, so teacher forcing plays no part; remove it',
    });
  }
  if (raw.model?.activation !== undefined && model.cell !== 'rnn') {
    problems.push({
      path: 'model.activation',
      severity: 'warning',
      message: `"activation" applies to the plain "rnn" cell only; ${model.cell} uses fixed sigmoid/tanh gates`,
    });
  }
  if (raw.train?.teacherForcing !== undefined && model.architecture !== 'seq2seq') {
    problems.push({
      path: 'train.teacherForcing',
      severity: 'warning',
      message: 'teacher forcing applies to seq2seq decoders only; it is ignored here',
    });
  }
  if (raw.train?.momentum !== undefined && spec.train.optimizer !== 'sgd') {
    problems.push({
      path: 'train.momentum',
      severity: 'warning',
      message: `"momentum" is read by the "sgd" optimizer only (this spec uses "${spec.train.optimizer}")`,
    });
  }

  problems.push(...tbpttProblems(spec));

  const memory = memoryProblem(spec, options);
  if (memory) problems.push(memory);
  return problems;
}

/** `train.tbptt`: refused for seq2seq, and said to do nothing when no sequence is longer. */
function tbpttProblems(spec: ResolvedSpec): LocatedPathProblem[] {
  const k = spec.train.tbptt;
  if (k === undefined) return [];
  if (spec.model.architecture === 'seq2seq') {
    return [
      {
        path: 'train.tbptt',
        message:
          'truncated backpropagation is for many-to-one and many-to-many models: a seq2seq decoder ' +
          'runs one token at a time and its loss reaches the encoder through the context vector, ' +
          'which the lab does not truncate; remove "tbptt" or use another architecture',
      },
    ];
  }
  const longest = sequenceSteps(spec).input;
  if (k >= longest) {
    return [
      {
        path: 'train.tbptt',
        severity: 'warning',
        message:
          `the longest input has ${longest} steps, so a truncation of ${k} cuts nothing ` +
          `(full backpropagation through time); use a value below ${longest} or remove it`,
      },
    ];
  }
  return [];
}

/**
 * The spec's training memory against the limit; with `data` (what `task.file` held) the estimate
 * is of that data, and the problem sits at `task.file`.
 */
export function memoryProblem(
  spec: ResolvedSpec,
  options: ValidateOptions,
  data?: EstimateData,
): LocatedPathProblem | undefined {
  const limit = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;
  const estimate = estimateTrainingMemory(spec, data);
  if (estimate.bytes <= limit) return undefined;
  const { parts } = estimate;
  const { model } = spec;
  const from = data && spec.task.file !== undefined ? ` with the data of "${spec.task.file}"` : '';
  return {
    path: from ? 'task.file' : 'model.hidden',
    message:
      `training this spec${from} needs about ${formatBytes(estimate.bytes)}, more than the limit of ${formatBytes(limit)} ` +
      `(activations ${formatBytes(parts.activations)} for batch ${spec.train.batchSize} × ${estimate.inputSteps} steps × ` +
      `${model.layers} layer(s) of ${model.hidden} units; weights ${formatBytes(parts.weights)}; data ${formatBytes(parts.data)}); ` +
      `lower model.hidden, model.layers, train.batchSize, ${from ? 'or the length or number of the examples' : 'task.length or task.samples'}`,
  };
}
