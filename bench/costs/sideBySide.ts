/**
 * Trains several specs side by side with the engine's own training loop (`trainModel`, what the
 * lab and the CLI run), so that a busy machine slows them alike: every run is started at once and
 * `trainModel` yields to the event loop before each batch, so the runs take their batches in turn
 * (one batch of run 1, one of run 2, …). A run's time is only its own training steps: each
 * `batch` event carries `stepsPerSecond`, its batches so far over the seconds its own steps took,
 * so `batch / stepsPerSecond` is that run's step time so far and one step is the difference of
 * two of them. Evaluation after an epoch is not a training step and is not counted.
 */
import * as tf from '@tensorflow/tfjs';
import { makeBatches } from '../../src/engine/batches';
import type { Sample } from '../../src/engine/encoderRun';
import { forward } from '../../src/engine/forward';
import type { CellKind, Spec } from '../../src/spec/specSchema';
import { validateSpecText } from '../../src/spec/validateSpec';
import { buildDataset } from '../../src/tasks/buildDataset';
import type { FinalMetrics } from '../../src/engine/trainEvents';
import { createModel, type SeqModel } from '../../src/engine/seqModel';
import { trainModel } from '../../src/engine/trainRun';
import { CELL_FACTS } from '../../src/engine/cells/cellFacts';

/** One training of a side-by-side group. */
export interface SideCase {
  /** A name for logs and reports, e.g. `lstm seed 2`. */
  id: string;
  spec: Spec;
}

export interface ParamCount {
  /** Every weight of the model (embedding, recurrent layers, head), counted from its tensors. */
  total: number;
  /** The recurrent layers' weights (kernel, recurrent kernel, biases), from their tensors. */
  recurrent: number;
  /** The recurrent layers' count by `cellParamFormula`, to check the tensors against. */
  formula: number;
}

export interface SideResult {
  id: string;
  cell: CellKind;
  seed: number;
  /** Steps each input has (the recurrence runs this many times per training step). */
  steps: number;
  /** `train.tbptt`, when the spec sets one. */
  tbptt?: number;
  batchSize: number;
  params: ParamCount;
  /** Every training step's milliseconds, in order (epoch 1's first batch first). */
  stepMs: number[];
  /** Each epoch's training milliseconds: the sum of its steps. */
  epochMs: number[];
  /** Test metrics after the last epoch. */
  metrics: FinalMetrics;
  status: 'done' | 'stopped' | 'failed';
  message?: string;
  /** With `memory`: bytes one batch's forward and backward pass holds at its peak (`stepPeakBytes`). */
  peakBytes?: number;
}

export interface SideOptions {
  log?: (line: string) => void;
  /** Also measure `stepPeakBytes` on each trained model, one at a time after all have trained. */
  memory?: boolean;
}

/**
 * A recurrent layer's weights by formula: each of the cell's blocks (1 rnn, 4 lstm, 3 gru; see
 * `cellFacts.ts`) has an input kernel (input × hidden), a recurrent kernel (hidden × hidden) and
 * a bias (hidden); the GRU has a second, recurrent bias per block (b_hn sits inside r ⊙ (…)).
 */
export function cellParamFormula(cell: CellKind, input: number, hidden: number): number {
  const facts = CELL_FACTS[cell];
  const biases = facts.recurrentBias ? 2 : 1;
  return facts.blocks * hidden * (input + hidden) + biases * facts.blocks * hidden;
}

/** The model's parameters, counted from its weight tensors, and the formula's count beside. */
export function countParams(model: SeqModel): ParamCount {
  const weights = model.weights();
  const total = weights.reduce((n, w) => n + w.variable.size, 0);
  const keys = model.layers.map((l) => `${l.key}/`);
  const recurrent = weights
    .filter((w) => keys.some((k) => w.name.startsWith(k)))
    .reduce((n, w) => n + w.variable.size, 0);
  const formula = model.layers.reduce(
    (n, l) => n + cellParamFormula(l.cell.kind, l.cell.inputSize, l.cell.hidden),
    0,
  );
  return { total, recurrent, formula };
}

/** A spec through the validator (as a file would be), refused with its problems named. */
function checkedSpec(c: SideCase) {
  const checked = validateSpecText(JSON.stringify(c.spec));
  const errors = checked.problems.filter((p) => p.severity === 'error');
  if (!checked.spec || errors.length > 0) {
    throw new Error(`${c.id}: ${errors.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
  return checked.spec;
}

/**
 * The transient memory of one training step's gradient: `tf.profile`'s peak bytes while the loss
 * of `batch` and its gradients with respect to every weight are computed, minus the bytes held
 * before (as `npm run bench`'s peak MB). Full backpropagation keeps every step's activations for
 * the backward pass, so this grows with the input's length.
 */
export async function stepPeakBytes(model: SeqModel, batch: readonly Sample[]): Promise<number> {
  const variables = model.weights().map((w) => w.variable);
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(() => forward(model, batch).loss, variables);
    tf.dispose(Object.values(grads));
    return value;
  });
  tf.dispose(info.result as tf.Tensor);
  return info.peakBytes - before;
}

/** Trains `cases` side by side (see the file's comment); results in the order of `cases`. */
export async function trainSideBySide(
  cases: readonly SideCase[],
  options: SideOptions = {},
): Promise<SideResult[]> {
  const log = options.log ?? (() => undefined);
  const runs = cases.map((c) => {
    const spec = checkedSpec(c);
    const dataset = buildDataset(spec);
    const model = createModel(spec, dataset);
    return { c, spec, dataset, model };
  });
  try {
    const results = await Promise.all(
      runs.map(async ({ c, spec, dataset, model }): Promise<SideResult> => {
        const stepMs: number[] = [];
        const epochMs: number[] = [];
        let spentMs = 0;
        let epochStart = 0;
        const result = await trainModel({
          spec,
          dataset,
          model,
          // The reach picture (before and after training) is the lab's, not a training cost.
          reachSamples: 0,
          onEvent(event) {
            if (event.type === 'batch') {
              const ownMs = (1000 * event.batch) / event.stepsPerSecond;
              // `stepsPerSecond` restarts with each epoch: its first batch starts from 0 again.
              const before = event.batch === 1 ? 0 : spentMs;
              stepMs.push(ownMs - before);
              spentMs = ownMs;
            } else if (event.type === 'epoch') {
              epochMs.push(stepMs.slice(epochStart).reduce((a, b) => a + b, 0));
              epochStart = stepMs.length;
              log(
                `  ${c.id}: epoch ${event.epoch}, ${epochMs[epochMs.length - 1]?.toFixed(0)} ms of steps, ` +
                  `test loss ${event.testLoss.toFixed(4)}` +
                  (event.accuracy !== undefined ? `, accuracy ${event.accuracy.toFixed(3)}` : ''),
              );
            }
          },
        });
        const first = dataset.train[0];
        return {
          id: c.id,
          cell: spec.model.cell,
          seed: spec.train.seed,
          steps: first ? first.input.length : 0,
          ...(spec.train.tbptt !== undefined ? { tbptt: spec.train.tbptt } : {}),
          batchSize: spec.train.batchSize,
          params: countParams(model),
          stepMs,
          epochMs,
          metrics: result.metrics ?? { loss: NaN },
          status: result.status,
          ...(result.message !== undefined ? { message: result.message } : {}),
        };
      }),
    );
    if (options.memory) {
      for (const [i, { dataset, model, spec }] of runs.entries()) {
        const batch = makeBatches(dataset.train as readonly Sample[], spec.train.batchSize)[0];
        const r = results[i];
        if (batch && r) r.peakBytes = await stepPeakBytes(model, batch);
      }
    }
    return results;
  } finally {
    for (const r of runs) r.model.dispose();
  }
}
