/**
 * The one path of a PyTorch export, shared by `rnnlab export --to pytorch` and the extension's
 * "RNN Lab: Export to PyTorch…": where the model comes from (a spec's seeded start, a run of that
 * very spec, or a run folder whose data is read again) and writing the project into a new or empty
 * folder (`exportFolder.ts`). Every refusal is an `ExportSourceError` (or `ExportFolderError`)
 * with a sentence for people, thrown before anything is written. Free of `vscode`: the callers
 * hand in how they name files and how data files are read.
 */
import { datasetMeta } from '../engine/datasetMeta';
import { loadRun, type LoadedRun } from '../engine/runStore';
import { createModel, type SeqModel } from '../engine/seqModel';
import { pytorchProject, type WeightsSource } from '../export/pytorch/exportProject';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { sameSpec, specDifferences, specIdentity } from '../spec/specIdentity';
import { buildDataset } from '../tasks/buildDataset';
import type { DataFileReader } from '../tasks/dataFileReader';
import type { Dataset } from '../tasks/dataset';
import type { LoadedData } from '../tasks/loadedData';
import { loadTaskData } from '../tasks/loadTaskData';
import { writeExportFolder } from './exportFolder';
import { FileRunStore, tidyIdleRunFolder } from './runFiles';

/** An export refused for its source (a run of another spec, changed data, …). */
export class ExportSourceError extends Error {
  override readonly name = 'ExportSourceError';
}

export interface ExportSource {
  model: SeqModel;
  dataset: Dataset;
  source: WeightsSource;
  /** For people: "run … after epoch 3", "the initial weights of … (seed 1)". */
  what: string;
}

/** A run folder's model and files; `shown` is how people see the folder. */
export async function openExportRun(dir: string, shown: string): Promise<LoadedRun> {
  await tidyIdleRunFolder(dir);
  return loadRun(new FileRunStore(dir)).catch((error: unknown) => {
    throw new ExportSourceError(`${shown}: ${(error as Error).message}`);
  });
}

function runSource(run: LoadedRun, runId: string, dataset: Dataset, shown: string): ExportSource {
  return {
    model: run.model,
    dataset,
    source: {
      kind: 'run',
      run: runId,
      epoch: run.epoch,
      ...(run.metrics ? { metrics: run.metrics } : {}),
    },
    what: `run ${shown} after epoch ${run.epoch}`,
  };
}

function sameData(dataset: Dataset, run: LoadedRun): boolean {
  return JSON.stringify(datasetMeta(dataset)) === JSON.stringify(run.datasetMeta);
}

/** A spec's model as the lab would start training it (its seeded initial weights). */
export function initialSource(
  spec: ResolvedSpec,
  data: LoadedData | undefined,
  shown: string,
): ExportSource {
  let dataset: Dataset;
  try {
    dataset = buildDataset(spec, data);
  } catch (error) {
    throw new ExportSourceError(`${shown}: ${(error as Error).message}`);
  }
  return {
    model: createModel(spec, dataset),
    dataset,
    source: { kind: 'initial' },
    what: `the initial weights of ${spec.name} (seed ${spec.train.seed})`,
  };
}

/**
 * A trained run of this very spec (name and content, `specIdentity.ts`) with the spec's data as
 * checked now, which must be the data the run trained on. `shownRun` names the run as the caller's
 * user passed it (`--run x`, a run id).
 */
export async function specRunSource(
  spec: ResolvedSpec,
  data: LoadedData | undefined,
  runDir: string,
  runId: string,
  names: { spec: string; run: string; otherSpecHint: string },
): Promise<ExportSource> {
  let dataset: Dataset;
  try {
    dataset = buildDataset(spec, data);
  } catch (error) {
    throw new ExportSourceError(`${names.spec}: ${(error as Error).message}`);
  }
  const run = await openExportRun(runDir, names.run);
  if (!sameSpec(spec, run.spec)) {
    run.model.dispose();
    throw new ExportSourceError(
      `${names.run} is a run of another spec ("${run.spec.name}", content ` +
        `${specIdentity(run.spec).hash}; ${names.spec}: "${spec.name}", ${specIdentity(spec).hash}; ` +
        `they differ in ${specDifferences(spec, run.spec).join(', ')}); ${names.otherSpecHint}`,
    );
  }
  if (!sameData(dataset, run)) {
    run.model.dispose();
    throw new ExportSourceError(
      `${names.run}: the data changed since this run trained (its vocabularies or lengths ` +
        'differ from its dataset.json)',
    );
  }
  return runSource(run, runId, dataset, names.run);
}

/**
 * A run folder on its own: its spec (the resolved one it trained, not re-validated) and weights;
 * its data files are read again with `reader` (beside the spec it came from) and must give the
 * data it trained on, or the exported splits would not be the lab's.
 */
export async function runFolderSource(
  runDir: string,
  runId: string,
  reader: DataFileReader,
  shown: string,
): Promise<ExportSource> {
  const run = await openExportRun(runDir, shown);
  try {
    const loaded = await loadTaskData(run.spec, reader);
    const errors = loaded.problems.filter((p) => (p.severity ?? 'error') === 'error');
    if (errors.length > 0) {
      const why = errors.map((p) => `${p.path}: ${p.message}`).join('; ');
      throw new ExportSourceError(`${shown}: its data cannot be read again (${why})`);
    }
    let dataset: Dataset;
    try {
      dataset = buildDataset(run.spec, loaded.data);
    } catch (error) {
      throw new ExportSourceError(
        `${shown}: its data cannot be rebuilt (${(error as Error).message})`,
      );
    }
    if (!sameData(dataset, run)) {
      throw new ExportSourceError(
        `${shown}: the data changed since this run trained (its vocabularies or lengths differ ` +
          'from its dataset.json); export the spec and train again',
      );
    }
    return runSource(run, runId, dataset, shown);
  } catch (error) {
    run.model.dispose();
    throw error;
  }
}

/** Writes the project of `source` into `out` (new or empty) and disposes its model; returns the
 * files written. */
export async function writePytorchExport(out: string, source: ExportSource): Promise<string[]> {
  try {
    return await writeExportFolder(out, pytorchProject(source));
  } finally {
    source.model.dispose();
  }
}
