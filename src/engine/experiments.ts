/**
 * The lab's two built-in experiments as sweeps of the one engine (`sweep.ts`), for the lab and
 * the CLI alike:
 *
 * - Compare: the spec over `model.cell` (RNN, LSTM, GRU on the same task, data, sizes and seed).
 * - Bottleneck: a Seq2Seq spec over `model.attention`, each model measured by input length.
 *   Without attention the decoder sees one fixed context vector, so accuracy falls as inputs
 *   grow; with attention it reads every encoder state and stays up. Each model trains on a quick
 *   version of the spec's data (at most `BOTTLENECK_BUDGET` samples and epochs, so two models
 *   finish in about a minute on WASM) and is tested per input length on the held-out split.
 *
 * Only lengths inside the trained range are tested. Measured here (examples/reverse, lengths 3–8):
 * tested beyond the range, both models collapse, and the one with attention collapses faster
 * (length 12: 22 % vs 41 % token accuracy), since neither learned when to stop on longer inputs:
 * that shows length generalisation failing, not the fixed context. Within the range, 12 epochs
 * give the picture the study note describes: without attention 100 % at length 3 falling to 85 %
 * at 8, with additive attention 100 % at every length.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { AttentionKind, CellKind } from '../spec/specSchema';
import { planOverResolved, type SweepPlan } from '../spec/sweepGrid';
import { buildDataset } from '../tasks/buildDataset';
import type { SymbolDataset } from '../tasks/dataset';
import type { LoadedData } from '../tasks/loadedData';
import type { Sample } from './encoderRun';
import { accuracyByLength, type LengthAccuracy } from './lengthAccuracy';
import type { MeasureContext } from './sweep';
import type { SweepPointResult } from './sweepResult';
import type { FinalMetrics } from './trainEvents';

/** The two experiments that are sweeps of their own kind (a spec's own `sweep` is neither). */
export type SweepExperiment = 'compare' | 'bottleneck';

/** Compare's answer: one run per cell, read off the sweep's points. */
export interface CompareResult {
  runs: {
    cell: CellKind;
    runId?: string;
    metrics?: FinalMetrics;
    params?: number;
    seconds?: number;
    stopped?: boolean;
  }[];
}

export interface BottleneckPoint {
  /** Input length of the test sequences. */
  length: number;
  attention: AttentionKind;
  /** Token accuracy on sequences of this length. */
  accuracy: number;
  sequenceAccuracy?: number;
}

/** Bottleneck's answer: accuracy by input length per attention kind, read off the sweep's points. */
export interface BottleneckResult {
  points: BottleneckPoint[];
}

/** Compare's result from the points of a sweep over `model.cell` (live or saved as sweep.json). */
export function compareResultOf(points: readonly SweepPointResult[]): CompareResult {
  return {
    runs: points.map((point) => ({
      cell: point.point['model.cell'] as CellKind,
      ...(point.runId ? { runId: point.runId } : {}),
      ...(point.metrics && point.status !== 'failed' ? { metrics: point.metrics } : {}),
      ...(point.params !== undefined ? { params: point.params } : {}),
      ...(point.status !== 'skipped' ? { seconds: point.seconds } : {}),
      ...(point.status === 'stopped' || point.status === 'skipped' ? { stopped: true } : {}),
    })),
  };
}

/** Bottleneck's result from the points of a sweep over `model.attention` measured by length. */
export function bottleneckResultOf(points: readonly SweepPointResult[]): BottleneckResult {
  return {
    points: points.flatMap((point) =>
      (Array.isArray(point.measures) ? (point.measures as LengthAccuracy[]) : []).map((m) => ({
        length: m.length,
        attention: point.point['model.attention'] as AttentionKind,
        accuracy: m.accuracy,
        ...(m.sequenceAccuracy !== undefined ? { sequenceAccuracy: m.sequenceAccuracy } : {}),
      })),
    ),
  };
}

/** Compare: the spec over `model.cell`. */
export function comparePlan(spec: ResolvedSpec, cells: readonly CellKind[]): SweepPlan {
  return planOverResolved(spec, [{ field: 'model.cell', values: [...cells] }]);
}

/** Small enough to train two or three models in a minute or two on WASM. */
export const BOTTLENECK_BUDGET = {
  maxSamples: 1500,
  maxEpochs: 12,
  maxTestSamples: 400,
};

export interface BottleneckExperiment {
  /** The spec each variant trains (the budget applied), over `model.attention`. */
  plan: SweepPlan;
  /** The one dataset every variant trains and is tested on. */
  dataset: SymbolDataset;
  /** Input lengths of the training data, min and max. */
  trained: [number, number];
  /** Input lengths tested, shortest first. */
  tested: number[];
  /** The per-point measure: accuracy by input length on the test split. */
  measure(context: MeasureContext): Promise<LengthAccuracy[]>;
}

/** Throws when the spec is not a Seq2Seq symbol task. */
export function bottleneckExperiment(
  spec: ResolvedSpec,
  data: LoadedData | undefined,
  attentions: readonly AttentionKind[],
): BottleneckExperiment {
  const base: ResolvedSpec = {
    ...spec,
    task: {
      ...spec.task,
      samples: Math.min(spec.task.samples, BOTTLENECK_BUDGET.maxSamples),
      testSamples: Math.min(spec.task.testSamples, BOTTLENECK_BUDGET.maxTestSamples),
    },
    train: { ...spec.train, epochs: Math.min(spec.train.epochs, BOTTLENECK_BUDGET.maxEpochs) },
  };
  const dataset = buildDataset(base, data);
  if (dataset.type !== 'symbols' || dataset.architecture !== 'seq2seq') {
    throw new Error('the bottleneck experiment needs a seq2seq task over symbols');
  }
  const lengths = dataset.train.map((s) => s.input.length);
  return {
    plan: planOverResolved(base, [{ field: 'model.attention', values: [...attentions] }]),
    dataset,
    trained: [Math.min(...lengths), Math.max(...lengths)],
    tested: [...new Set(dataset.test.map((s) => s.input.length))].sort((a, b) => a - b),
    measure: ({ model }) => accuracyByLength(model, dataset.test as readonly Sample[]),
  };
}
