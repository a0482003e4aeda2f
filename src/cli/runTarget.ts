/**
 * The run folder `rnnlab train` writes, chosen and locked before anything is built or trained:
 * - by default a new folder `.rnnlab/runs/<name>-<stamp>` beside the spec;
 * - `--out DIR`: DIR, which must be new or empty — a folder that holds a run (or anything else)
 *   is refused, so two runs never mix in one `metrics.jsonl`;
 * - `--resume` (with `--out DIR`, or alone for the newest run of the spec beside it): a run of
 *   the same spec (name and content, `specIdentity.ts`) and the same data, continued from the
 *   checkpoint it names.
 * Every folder is written under its lock (`run.lock`): a folder another live process writes is
 * refused; the lock of a process that died does not block. A folder this command made is removed
 * again when it is stopped before anything was written, so no empty run folders are left.
 */
import { readdir, readFile, rmdir } from 'node:fs/promises';
import * as path from 'node:path';
import { CheckpointError, readCheckpoint } from '../engine/checkpointFormat';
import { datasetMeta } from '../engine/datasetMeta';
import { RUN_FILES } from '../engine/runFileNames';
import { createRunFolder, FileRunStore } from '../node/runFiles';
import { LOCK_FILE, RunLockedError } from '../node/runLock';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { sameSpec, specDifferences, specIdentity } from '../spec/specIdentity';
import type { Dataset } from '../tasks/dataset';
import { CliError, type CliIO } from './command';
import { findSpecRuns, runsFolderFor } from './runFolder';
import { displayPath } from './specFile';

/** Who holds the lock of a folder this command writes. */
const LOCK_HOLDER = 'rnnlab train';

export interface TrainTarget {
  store: FileRunStore;
  dir: string;
  /** This command made the folder. */
  created: boolean;
  /** Resuming: the epoch of the checkpoint to continue from (0: the run has none yet). */
  resumeFrom?: number;
}

export interface TargetRequest {
  specPath: string;
  spec: ResolvedSpec;
  dataset: Dataset;
  /** `--out`, as given. */
  out?: string;
  resume: boolean;
}

/** Files that do not make a folder a run's: the lock. */
const NOT_CONTENT = new Set([LOCK_FILE]);

async function exists(dir: string): Promise<boolean> {
  try {
    await readdir(dir);
    return true;
  } catch {
    return false;
  }
}

async function openLocked(io: CliIO, dir: string): Promise<FileRunStore> {
  try {
    return (await FileRunStore.open(dir, { lock: LOCK_HOLDER })).store;
  } catch (error) {
    if (error instanceof RunLockedError) {
      throw new CliError(error.message.replace(error.dir, displayPath(io, error.dir)));
    }
    throw new CliError(`${displayPath(io, dir)}: cannot be written (${(error as Error).message})`);
  }
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/** Chooses, locks and checks the folder (see the header). Throws `CliError` (exit 2) to refuse. */
export async function openTrainTarget(io: CliIO, request: TargetRequest): Promise<TrainTarget> {
  const { spec } = request;
  let dir: string;
  let created = false;
  if (request.out !== undefined) {
    dir = path.resolve(io.cwd, request.out);
    created = !(await exists(dir));
  } else if (request.resume) {
    const [newest] = await findSpecRuns(request.specPath, spec, { withCheckpoint: false });
    if (!newest) {
      throw new CliError(
        `no run of "${spec.name}" (content ${specIdentity(spec).hash}) to resume in ` +
          `${displayPath(io, runsFolderFor(request.specPath))}; train one first, or name its folder with --out`,
      );
    }
    dir = newest.dir;
  } else {
    const root = runsFolderFor(request.specPath);
    dir = path.join(root, await createRunFolder(root, spec.name));
    created = true;
  }
  const store = await openLocked(io, dir);
  const target: TrainTarget = { store, dir, created };
  try {
    const names = (await readdir(dir)).filter((n) => !NOT_CONTENT.has(n));
    if (names.length === 0) return target;
    const shown = displayPath(io, dir);
    if (!names.includes(RUN_FILES.spec)) {
      throw new CliError(
        `${shown} is not empty and holds no run (no ${RUN_FILES.spec}); train into a new or empty folder`,
      );
    }
    let runSpec: ResolvedSpec;
    try {
      runSpec = (await readJson(path.join(dir, RUN_FILES.spec))) as ResolvedSpec;
    } catch {
      throw new CliError(
        `${shown}: its ${RUN_FILES.spec} cannot be read; train into another folder`,
      );
    }
    if (!request.resume) {
      throw new CliError(
        `${shown} already holds a run of "${String(runSpec.name)}"; pass --resume to continue it ` +
          '(same spec only), or choose another --out',
      );
    }
    if (!sameSpec(spec, runSpec)) {
      throw new CliError(
        `${shown} holds a run of another spec ("${String(runSpec.name)}", content ` +
          `${specIdentity(runSpec).hash}; this spec: "${spec.name}", ${specIdentity(spec).hash}; ` +
          `they differ in ${specDifferences(spec, runSpec).join(', ')}); --resume continues a run of the same spec only`,
      );
    }
    await checkSameData(shown, dir, request.dataset);
    try {
      const { file } = await readCheckpoint(store);
      target.resumeFrom = file.epoch;
    } catch (error) {
      if (!(error instanceof CheckpointError) || !/no checkpoint/.test(error.message)) {
        throw new CliError(`${shown}: ${(error as Error).message}; train into another folder`);
      }
      // Stopped before its first epoch ended: it goes on from the start.
      target.resumeFrom = 0;
    }
    return target;
  } catch (error) {
    await abandonTarget(target);
    throw error;
  }
}

/** The run's vocabularies and lengths must be those the data gives now, or its weights do not fit. */
async function checkSameData(shown: string, dir: string, dataset: Dataset): Promise<void> {
  let saved: unknown;
  try {
    saved = await readJson(path.join(dir, RUN_FILES.dataset));
  } catch {
    return; // Killed before it was written: nothing to compare with.
  }
  if (JSON.stringify(saved) !== JSON.stringify(datasetMeta(dataset))) {
    throw new CliError(
      `${shown}: the data changed since this run began (its vocabularies or lengths differ from ` +
        `${RUN_FILES.dataset}); --resume continues a run on the same data only`,
    );
  }
}

/**
 * Gives the folder up without training: the lock is released, and a folder this command made is
 * removed when nothing but the lock was ever in it.
 */
export async function abandonTarget(target: TrainTarget): Promise<void> {
  await target.store.close();
  if (!target.created) return;
  try {
    await rmdir(target.dir);
  } catch {
    // Not empty: something was written after all; keep it.
  }
}
