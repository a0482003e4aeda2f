/**
 * The lab's experiments, each a sweep of the engine (`src/engine/sweep.ts`) whose points train
 * as the lab's own runs (`JobRunner`: the page's backend, a run folder per point, WebGL's
 * fallback): Compare (over `model.cell`), Bottleneck (over `model.attention`, measured by input
 * length) and the loaded spec's own `sweep`. The views hear every point's training events tagged
 * with the point, and the sweep's own events (`RuntimeListener.sweepEvent`), from which a view can
 * draw any sweep.
 */
import {
  bottleneckExperiment,
  bottleneckResultOf,
  compareResultOf,
  comparePlan,
  type SweepExperiment,
} from '../../../src/engine/experiments';
import type { LengthAccuracy } from '../../../src/engine/lengthAccuracy';
import { datasetMeta } from '../../../src/engine/datasetMeta';
import { createModel } from '../../../src/engine/seqModel';
import {
  runSweep,
  type PointTrainer,
  type SweepEvent,
  type SweepOptions,
} from '../../../src/engine/sweep';
import { SweepRecorder } from '../../../src/engine/sweepRecord';
import type { SweepResult } from '../../../src/engine/sweepResult';
import {
  createTrainControl,
  type TrainControl,
  type TrainResult,
} from '../../../src/engine/trainRun';
import type { BottleneckResult, CompareResult } from '../../../src/protocol/messages';
import type { AttentionKind, CellKind } from '../../../src/spec/specSchema';
import { describePoint, type SweepPlan, type SweepPoint } from '../../../src/spec/sweepGrid';
import type { ExperimentKind } from '../labContracts';
import { messageOf } from './errorMessage';
import type { Loaded } from './runLoader';
import { RunMemory } from './runMemory';
import type { JobParts, JobRunner } from './trainingJob';

export interface ExperimentParts extends JobParts {
  jobs: JobRunner;
  /** The lab's learning rate and teacher forcing (its sliders apply to every point). */
  control(): TrainControl | undefined;
}

/** What an experiment ends with: its answer, and the last training's result (the lab's state). */
export interface Finished<T> {
  value: T;
  last: TrainResult | undefined;
}

interface ExperimentSweep<M> {
  kind: ExperimentKind;
  plan: SweepPlan;
  /** How a point is named in its run folder (`compare-gru`) and to the views (`gru`). */
  purpose(point: SweepPoint): string;
  variant(point: SweepPoint): string;
  dataset?: SweepOptions<M>['dataset'];
  measure?: SweepOptions<M>['measure'];
}

/** Saves a sweep's record as it grows: one write after another, the first making its folder. */
class SweepSaver {
  private readonly recorder: SweepRecorder;
  private chain: Promise<void> = Promise.resolve();
  private sweepId: string | undefined;
  private failed = false;

  constructor(
    private readonly parts: ExperimentParts,
    experiment?: SweepExperiment,
  ) {
    this.recorder = new SweepRecorder(experiment);
  }

  add(event: SweepEvent): void {
    const record = this.recorder.add(event);
    if (!record || this.failed) return;
    const copy = structuredClone(record);
    this.chain = this.chain.then(async () => {
      if (this.failed) return;
      try {
        const saved = await this.parts.host.saveSweep(this.sweepId, copy);
        this.sweepId = saved.sweepId;
      } catch (error) {
        // Said once; the sweep trains on, its points' runs still saved.
        this.failed = true;
        this.parts.listeners.notice(this.parts.words().notSaved(messageOf(error)), 'warning');
      }
    });
  }

  saved(): Promise<void> {
    return this.chain;
  }
}

export class LabExperiments {
  constructor(private readonly parts: ExperimentParts) {}

  async compare(
    loaded: Loaded,
    cells: CellKind[],
    signal: AbortSignal,
  ): Promise<Finished<CompareResult>> {
    const dataset = loaded.dataset;
    const { value, last } = await this.run(loaded, signal, {
      kind: 'compare',
      plan: comparePlan(loaded.spec, cells),
      purpose: (p) => `compare-${String(p.values['model.cell'])}`,
      variant: (p) => String(p.values['model.cell']),
      ...(dataset ? { dataset: () => dataset } : {}),
    });
    return { value: compareResultOf(value.points), last };
  }

  async bottleneck(
    loaded: Loaded,
    attentions: AttentionKind[],
    signal: AbortSignal,
  ): Promise<Finished<BottleneckResult>> {
    const words = this.parts.words();
    if (loaded.spec.model.architecture !== 'seq2seq') {
      throw new Error(words.bottleneckNeedsSeq2seq(loaded.spec.model.architecture));
    }
    const experiment = bottleneckExperiment(loaded.spec, loaded.data, attentions);
    const range = (a: number, b: number) => (a === b ? `${a}` : `${a}–${b}`);
    const tested = experiment.tested;
    this.parts.listeners.notice(
      words.bottleneckPlan(
        experiment.plan.base.train?.epochs ?? loaded.spec.train.epochs,
        experiment.dataset.train.length,
        range(...experiment.trained),
        range(tested[0] ?? 0, tested[tested.length - 1] ?? 0),
      ),
      'info',
    );
    const { value, last } = await this.run<LengthAccuracy[]>(loaded, signal, {
      kind: 'bottleneck',
      plan: experiment.plan,
      purpose: (p) => `bottleneck-${String(p.values['model.attention'])}`,
      variant: (p) => String(p.values['model.attention']),
      dataset: () => experiment.dataset,
      measure: experiment.measure,
    });
    return { value: bottleneckResultOf(value.points), last };
  }

  /**
   * The loaded spec's own `sweep`. Its record is saved in the run store after its start and after
   * every point (in order, without holding the training up), and is on disk before this resolves.
   */
  async sweep(loaded: Loaded, signal: AbortSignal): Promise<Finished<SweepResult>> {
    const plan = loaded.sweep;
    if (!plan) throw new Error(this.parts.words().noSweep);
    return this.run(loaded, signal, {
      kind: 'sweep',
      plan,
      purpose: (p) => `sweep-${p.index + 1}`,
      variant: (p) => describePoint(p.values),
    });
  }

  /**
   * Every experiment is a sweep, saved as one: its record goes to the run store (`sweep.json`)
   * after its start and after every point (in order, without holding the training up), and is on
   * disk before this resolves; the side bar lists it as one entry with its points.
   */
  private async run<M>(
    loaded: Loaded,
    signal: AbortSignal,
    experiment: ExperimentSweep<M>,
  ): Promise<Finished<SweepResult<M>>> {
    const saver = new SweepSaver(
      this.parts,
      experiment.kind === 'sweep' ? undefined : experiment.kind,
    );
    try {
      return await this.runSaved(loaded, signal, experiment, saver);
    } finally {
      await saver.saved();
    }
  }

  private async runSaved<M>(
    loaded: Loaded,
    signal: AbortSignal,
    experiment: ExperimentSweep<M>,
    saver: SweepSaver,
  ): Promise<Finished<SweepResult<M>>> {
    let last: TrainResult | undefined;
    const train: PointTrainer = async ({ point, dataset, onEvent }) => {
      const meta = dataset === loaded.dataset ? loaded.meta : datasetMeta(dataset);
      let model = createModel(point.spec, meta);
      const runId = await this.openRun(point, meta, experiment.purpose(point));
      last = await this.parts.jobs.run({
        spec: point.spec,
        dataset,
        meta,
        model,
        memory: new RunMemory(this.parts.backend.contextLost),
        runId,
        tag: {
          experiment: experiment.kind,
          variant: experiment.variant(point),
          point: { index: point.index, values: point.values },
        },
        startEpoch: 1,
        control: this.parts.control() ?? createTrainControl(point.spec),
        stopRequested: signal.aborted,
        onModel: (rebuilt) => (model = rebuilt),
        onEvent,
      });
      return { result: last, model, ...(runId ? { runId } : {}) };
    };
    const value = await runSweep<M>({
      plan: experiment.plan,
      ...(loaded.data ? { data: loaded.data } : {}),
      ...(experiment.dataset ? { dataset: experiment.dataset } : {}),
      ...(experiment.measure ? { measure: experiment.measure } : {}),
      train,
      signal,
      onEvent: (event) => {
        // Training events reach the views through the job, tagged with their point.
        if (event.type === 'point-train') return;
        saver.add(event as SweepEvent);
        this.parts.listeners.tell((l) => l.sweepEvent?.(event, experiment.kind));
      },
    });
    return { value, last };
  }

  private async openRun(
    point: SweepPoint,
    meta: ReturnType<typeof datasetMeta>,
    purpose: string,
  ): Promise<string | undefined> {
    try {
      return (await this.parts.host.startRun(point.spec, meta, purpose)).runId;
    } catch (error) {
      this.parts.listeners.notice(this.parts.words().notSaved(messageOf(error)), 'warning');
      return undefined;
    }
  }
}
