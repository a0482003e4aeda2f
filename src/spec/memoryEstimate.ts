/**
 * A rough upper estimate of the memory one training run needs, so a spec that cannot fit is
 * rejected with numbers before anything is allocated. It counts what dominates: the weights with
 * their gradients and optimizer slots, the activations kept for backpropagation through time,
 * the output logits, and the generated samples held in JavaScript arrays.
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

export interface MemoryEstimate {
  bytes: number;
  /** The terms, for a message that says where the memory goes. */
  parts: { weights: number; activations: number; logits: number; data: number };
  inputSteps: number;
  outputSteps: number;
}

const GATES = { rnn: 1, lstm: 4, gru: 3 } as const;

/** Longest input and output sequence a spec produces. */
export function sequenceSteps(spec: ResolvedSpec): { input: number; output: number } {
  const { kind, length, lag, digits } = spec.task;
  const max = length[1];
  switch (kind) {
    case 'addition':
      return { input: 2 * digits + 1, output: digits + 2 };
    case 'delayed-recall':
      return { input: 1 + lag, output: 1 };
    case 'examples': {
      const examples = spec.task.examples ?? [];
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

function vocabularySize(spec: ResolvedSpec): number {
  if (spec.task.kind === 'text') {
    return spec.task.text ? new Set(spec.task.text).size + 1 : ASSUMED_TEXT_VOCAB;
  }
  if (spec.task.kind === 'sine') return 1;
  return Math.max(spec.task.vocab.length, 2) + 3;
}

export function estimateTrainingMemory(spec: ResolvedSpec): MemoryEstimate {
  const { hidden, layers, embedding, cell, architecture } = spec.model;
  const gates = GATES[cell];
  const vocab = vocabularySize(spec);
  const inputSize = spec.task.kind === 'sine' ? 1 : embedding > 0 ? embedding : vocab;
  const steps = sequenceSteps(spec);
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
  const samples = spec.task.samples + spec.task.testSamples;
  const features = spec.task.kind === 'sine' ? 2 : 1;
  const data = samples * (steps.input + steps.output) * features * JS_NUMBER;
  return {
    bytes: weights + activations + logits + data,
    parts: { weights, activations, logits, data },
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
