/**
 * A rough upper estimate of the memory one training run needs, so a spec that cannot fit is
 * rejected with numbers before anything is allocated. It counts what dominates: the weights with
 * their gradients and optimizer slots, the activations kept for backpropagation through time,
 * the output logits, and the generated samples held in JavaScript arrays.
 *
 * Data read from a file (`task.file`) counts as soon as it is read: pass it as `data`, and the
 * sequence lengths, vocabulary and sample count are those of the data the run will use.
 */
import type { ResolvedSpec } from './resolveSpec';

const FLOAT = 4;
/** A JavaScript number in an array: 8 bytes. */
const JS_NUMBER = 8;
/** tfjs keeps several intermediates per recurrent op for the backward pass. */
const BACKPROP_COPIES = 3;
/** Weights + gradients + two Adam slots. */
const WEIGHT_COPIES = 4;
/** Vocabulary of a text read from a file is unknown before reading it: assume this many. */
const ASSUMED_TEXT_VOCAB = 128;
/** The adding problem's channels a step: a value and a marker (`tasks/addingTask.ts`). */
const ADDING_FEATURES = 2;

export interface MemoryEstimate {
  bytes: number;
  /** The terms, for a message that says where the memory goes. */
  parts: { weights: number; activations: number; logits: number; data: number };
  inputSteps: number;
  outputSteps: number;
}

const GATES = { rnn: 1, lstm: 4, gru: 3 } as const;

/** What `task.file` held, when it was read (the shape of the tasks' `LoadedData`). */
export interface EstimateData {
  text?: string;
  examples?: readonly { input: string; target: string }[];
  /** `series`, `audio`: the sequences read. */
  series?: { channels: readonly string[]; sequences: readonly { values: readonly unknown[] }[] };
}

/** The examples a run uses: inline ones first, else those read from the file. */
function examplesOf(spec: ResolvedSpec, data?: EstimateData) {
  return spec.task.examples ?? data?.examples;
}

/** Longest input and output sequence a spec produces (with its file's data, when read). */
export function sequenceSteps(
  spec: ResolvedSpec,
  data?: EstimateData,
): { input: number; output: number } {
  const { kind, length, lag, digits } = spec.task;
  const max = length[1];
  switch (kind) {
    case 'addition':
      return { input: 2 * digits + 1, output: digits + 2 };
    case 'delayed-recall':
      return { input: 1 + lag, output: 1 };
    case 'examples': {
      const examples = examplesOf(spec, data) ?? [];
      if (examples.length === 0) return { input: max, output: max + 1 };
      return {
        input: Math.max(...examples.map((e) => e.input.length)),
        output: Math.max(...examples.map((e) => e.target.length)) + 1,
      };
    }
    default:
      return { input: max, output: spec.model.architecture === 'seq2seq' ? max + 1 : max };
  }
}

function vocabularySize(spec: ResolvedSpec, data?: EstimateData): number {
  if (spec.task.kind === 'text') {
    const text = spec.task.text ?? data?.text;
    return text ? new Set(text).size + 1 : ASSUMED_TEXT_VOCAB;
  }
  // One value out: the next sample (sine), the sum (adding).
  if (spec.task.kind === 'sine' || spec.task.kind === 'adding') return 1;
  // Classes or forecast values: a handful, far below what the activations take.
  if (spec.task.kind === 'series' || spec.task.kind === 'audio') return 16;
  const examples = spec.task.kind === 'examples' ? examplesOf(spec, data) : undefined;
  if (examples && examples.length > 0) {
    // Characters of inputs and targets together: at least each side's vocabulary.
    const symbols = new Set<string>();
    for (const e of examples) for (const c of e.input + e.target) symbols.add(c);
    return symbols.size + 3;
  }
  return Math.max(spec.task.vocab.length, 2) + 3;
}

export function estimateTrainingMemory(spec: ResolvedSpec, data?: EstimateData): MemoryEstimate {
  const { hidden, layers, embedding, cell, architecture } = spec.model;
  const gates = GATES[cell];
  const vocab = vocabularySize(spec, data);
  const inputSize =
    spec.task.kind === 'sine'
      ? 1
      : spec.task.kind === 'adding'
        ? ADDING_FEATURES
        : spec.task.kind === 'series' || spec.task.kind === 'audio'
          ? (data?.series?.channels.length ?? spec.task.melBands)
          : embedding > 0
            ? embedding
            : vocab;
  const steps = sequenceSteps(spec, data);
  const batch = spec.train.batchSize;
  const stacks = architecture === 'seq2seq' ? 2 : 1;

  let params = 0;
  for (let layer = 0; layer < layers; layer++) {
    const input = layer === 0 ? inputSize : hidden;
    params += gates * hidden * (input + hidden + 2) * stacks;
  }
  params += vocab * embedding * stacks + (hidden * 2 + 1) * vocab;
  const weights = params * FLOAT * WEIGHT_COPIES;

  const recurrentSteps = steps.input + (architecture === 'seq2seq' ? steps.output : 0);
  const perStep = (2 * gates + 2) * hidden * layers;
  const activations = batch * recurrentSteps * perStep * FLOAT * BACKPROP_COPIES;
  const outputSteps = architecture === 'many-to-one' ? 1 : steps.output;
  const logits = batch * outputSteps * vocab * FLOAT * BACKPROP_COPIES;
  const examples = spec.task.kind === 'examples' ? examplesOf(spec, data) : undefined;
  const samples =
    examples && examples.length > 0 ? examples.length : spec.task.samples + spec.task.testSamples;
  const features = spec.task.kind === 'sine' || spec.task.kind === 'adding' ? 2 : 1;
  // Windows may overlap (a stride below the window): count the steps read, times the stride's overlap.
  const series = data?.series;
  const held = series
    ? series.sequences.reduce((n, s) => n + s.values.length, 0) *
      series.channels.length *
      JS_NUMBER *
      (1 + Math.ceil(spec.task.length[1] / (spec.task.stride ?? spec.task.length[1])))
    : samples * (steps.input + steps.output) * features * JS_NUMBER;
  return {
    bytes: weights + activations + logits + held,
    parts: { weights, activations, logits, data: held },
    inputSteps: steps.input,
    outputSteps: steps.output,
  };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
