/**
 * What the lab is about: a spec from the host (with its data, and its sweep when it has one) or
 * a run from the run store (its spec, events and checkpoint). Building the dataset, the model and
 * the in-memory run files it needs; the runtime decides when.
 */
import { dataFileOf, parseWeightsFile } from '../../../src/engine/checkpointFormat';
import { datasetMeta, parseDatasetMeta, type DatasetMeta } from '../../../src/engine/datasetMeta';
import { RUN_FILES } from '../../../src/engine/runFileNames';
import { loadCheckpoint } from '../../../src/engine/runStore';
import { createModel, type SeqModel } from '../../../src/engine/seqModel';
import { payloadBytes } from '../../../src/protocol/payload';
import type { RunSnapshot, SpecSnapshot } from '../../../src/protocol/messages';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import type { SweepPlan } from '../../../src/spec/sweepGrid';
import { buildDataset, type Dataset, type LoadedData } from '../../../src/tasks';
import type { RuntimeState } from '../labContracts';
import { messageOf } from './errorMessage';
import { RunMemory } from './runMemory';

/** The spec (or run) the lab is about, with its data when it could be built. */
export interface Loaded {
  spec: ResolvedSpec;
  meta: DatasetMeta;
  /** Absent for a run whose data cannot be rebuilt here: inspect only. */
  dataset?: Dataset;
  data?: LoadedData;
  /** The spec's sweep (a spec from the host only). */
  sweep?: SweepPlan;
  /** Identity of spec + data: the same key keeps the trained model. */
  key: string;
}

export function loadedKey(spec: ResolvedSpec, data: LoadedData | undefined): string {
  return JSON.stringify([spec, data ?? null]);
}

/** A valid spec snapshot with its dataset, or why its dataset cannot be built. */
export function loadSnapshot(
  snapshot: SpecSnapshot & { spec: ResolvedSpec },
): { loaded: Loaded } | { error: string } {
  const { spec, data } = snapshot;
  let dataset: Dataset;
  try {
    dataset = buildDataset(spec, data);
  } catch (error) {
    return { error: messageOf(error) };
  }
  return {
    loaded: {
      spec,
      meta: datasetMeta(dataset),
      dataset,
      ...(data ? { data } : {}),
      ...(snapshot.sweep ? { sweep: snapshot.sweep } : {}),
      key: loadedKey(spec, data),
    },
  };
}

export interface LoadedRun {
  loaded: Loaded;
  model: SeqModel;
  memory: RunMemory;
  /** The checkpoint's epoch; undefined for a run without weights. */
  epoch: number | undefined;
}

/**
 * A run of the store as the lab holds it: its model with the checkpoint's weights, its files in
 * memory. The data is the loaded spec's when the run has the same spec, else rebuilt when it can
 * be (a run of a data file the lab has not read is inspect-only).
 */
export async function loadRun(
  run: RunSnapshot,
  current: Loaded | undefined,
  gpuLost: () => boolean,
): Promise<LoadedRun> {
  const spec = run.spec;
  const sameSpec = current && JSON.stringify(current.spec) === JSON.stringify(spec);
  let dataset: Dataset | undefined = sameSpec ? current?.dataset : undefined;
  const data = sameSpec ? current?.data : undefined;
  if (!dataset) {
    try {
      dataset = buildDataset(spec, data);
    } catch {
      dataset = undefined;
    }
  }
  const meta =
    run.dataset !== undefined
      ? parseDatasetMeta(run.dataset)
      : dataset
        ? datasetMeta(dataset)
        : undefined;
  if (!meta) throw new Error(`run ${run.summary.id} has no dataset.json and no data to rebuild it`);
  const memory = new RunMemory(gpuLost);
  const model = createModel(spec, meta);
  let epoch: number | undefined;
  try {
    if (run.weights) {
      const manifest = parseWeightsFile(run.weights.manifest);
      await memory.writeFile(dataFileOf(manifest), payloadBytes(run.weights.data));
      await memory.writeFile(RUN_FILES.weightsManifest, JSON.stringify(manifest));
      epoch = (await loadCheckpoint(memory, model)).epoch;
    }
    await memory.writeFile(RUN_FILES.dataset, JSON.stringify(meta));
  } catch (error) {
    model.dispose();
    throw error;
  }
  const loaded: Loaded = {
    spec,
    meta,
    ...(dataset ? { dataset } : {}),
    ...(data ? { data } : {}),
    key: loadedKey(spec, data),
  };
  return { loaded, model, memory, epoch };
}

/** The state a loaded run shows, from how it ended. */
export const RUN_STATES: Readonly<Record<RunSnapshot['summary']['status'], RuntimeState>> = {
  done: 'done',
  stopped: 'stopped',
  interrupted: 'stopped',
  failed: 'failed',
  running: 'stopped',
};
