/**
 * What the lab holds between calls: the loaded spec or run (`runLoader.ts`), its model, its
 * in-memory run files, the training controls the sliders change, a run it may continue, or
 * PyTorch weights it only inspects.
 */
import { SHARING_LENGTHS, weightSharing } from '../../../src/engine/weightSharing';
import { inspectSequence, type Inspection } from '../../../src/engine/inspectSequence';
import { createModel, type SeqModel } from '../../../src/engine/seqModel';
import { createTrainControl, type TrainControl } from '../../../src/engine/trainRun';
import type { RunSnapshot, SpecSnapshot } from '../../../src/protocol/messages';
import { describeSample } from '../../../src/tasks';
import type { BackendGuard } from './backendGuard';
import { loadRun, loadedKey, type Loaded } from './runLoader';
import { RunMemory } from './runMemory';
import { TorchSession } from './torchSession';

export class LabModel {
  loaded: Loaded | undefined;
  model: SeqModel | undefined;
  memory: RunMemory;
  control: TrainControl | undefined;
  /** A loaded run that can train on: its id and checkpoint epoch. */
  continuable: { runId: string; epoch: number } | undefined;
  torch: TorchSession | undefined;

  constructor(private readonly gpuLost: () => boolean) {
    this.memory = new RunMemory(gpuLost);
  }

  /**
   * Whether `snapshot` is what is loaded (same spec, same data) with a model: then nothing is
   * rebuilt, and only its sweep is taken.
   */
  keeps(snapshot: SpecSnapshot): boolean {
    const loaded = this.loaded;
    if (!snapshot.spec || !loaded || !this.model) return false;
    if (loaded.key !== loadedKey(snapshot.spec, snapshot.data)) return false;
    if (snapshot.sweep) loaded.sweep = snapshot.sweep;
    else delete loaded.sweep;
    return true;
  }

  /** Holds `loaded` with a fresh model. */
  take(loaded: Loaded): void {
    this.loaded = loaded;
    this.fresh();
  }

  /** Holds nothing. */
  clear(): void {
    this.drop();
    this.loaded = undefined;
  }

  /** Holds a run of the store; returns its checkpoint's epoch (undefined without weights). */
  async takeRun(run: RunSnapshot): Promise<number | undefined> {
    const opened = await loadRun(run, this.loaded, this.gpuLost);
    this.drop();
    this.model = opened.model;
    this.memory = opened.memory;
    this.loaded = opened.loaded;
    this.control = createTrainControl(run.spec);
    this.continuable =
      opened.epoch !== undefined && opened.loaded.dataset
        ? { runId: run.summary.id, epoch: opened.epoch }
        : undefined;
    return opened.epoch;
  }

  /**
   * Where a training call starts: a new run from epoch 1 (with new weights from the seed unless
   * the model is `ready`, untrained), or, to continue `continueRun`, after its checkpoint;
   * undefined when that run cannot continue here.
   */
  startOf(
    continueRun: string | undefined,
    ready: boolean,
  ): { startEpoch: number; runId?: string } | undefined {
    if (continueRun === undefined) {
      if (!ready || !this.model) this.fresh();
      return { startEpoch: 1 };
    }
    if (this.continuable?.runId !== continueRun || !this.model) return undefined;
    return { startEpoch: this.continuable.epoch + 1, runId: continueRun };
  }

  /** New weights from the seed, new controls from the spec. */
  fresh(): void {
    const loaded = this.loaded;
    this.drop();
    if (!loaded) return;
    this.model = createModel(loaded.spec, loaded.meta);
    this.control = createTrainControl(loaded.spec);
  }

  /** The model on the backend active now, from its last checkpoint (after WebGL was lost). */
  async moveTo(backend: BackendGuard): Promise<void> {
    if (this.model && this.loaded) {
      this.model = await backend.rebuild(
        this.model,
        this.loaded.spec,
        this.loaded.meta,
        this.memory,
      );
    }
  }

  inspect(input: string, noModel: string): Promise<Inspection> | Inspection {
    if (this.torch) return this.torch.inspect(input);
    const model = this.model;
    const loaded = this.loaded;
    if (!model || !loaded) throw new Error(noModel);
    const inspection = inspectSequence(model, loaded.meta, input);
    const longest = longestTrainingInput(loaded);
    // The inspected input's own length is one of the lengths the sharing is counted at.
    const sharing = weightSharing(model, [...SHARING_LENGTHS, inspection.inputTokens.length]);
    return {
      ...inspection,
      sharing,
      ...(longest === undefined ? {} : { longestTrained: longest }),
    };
  }

  testSamples(count: number): { input: string; target: string }[] {
    const dataset = this.loaded?.dataset;
    if (!dataset) return [];
    return dataset.test.slice(0, count).map((sample) => describeSample(dataset, sample));
  }

  setLearningRate(value: number): void {
    if (this.control && Number.isFinite(value) && value > 0) this.control.learningRate = value;
  }

  setTeacherForcing(value: number): void {
    if (this.control && Number.isFinite(value) && value >= 0 && value <= 1) {
      this.control.teacherForcing = value;
    }
  }

  private drop(): void {
    this.model?.dispose();
    this.model = undefined;
    this.memory = new RunMemory(this.gpuLost);
    this.continuable = undefined;
  }
}

/** The longest training input of what is loaded (its dataset), when the lab has the data. */
function longestTrainingInput(loaded: Loaded): number | undefined {
  const train = loaded.dataset?.train;
  if (!train || train.length === 0) return undefined;
  return train.reduce((m, s) => Math.max(m, s.input.length), 0);
}
