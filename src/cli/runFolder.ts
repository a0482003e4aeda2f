/**
 * Where the CLI keeps runs: `.rnnlab/runs/<name>-<YYYYMMDD-HHMMSS>/` beside the spec (format in
 * docs/run-folder.md). The files themselves are written by the crash-safe `FileRunStore` that the
 * extension uses too (src/node/runFiles.ts).
 *
 * A spec's runs are the folders whose `spec.json` is the same spec: the same name and content
 * (`specIdentity.ts`), never a folder that merely starts with the name (`parity-big-…` is not a run
 * of `parity`). Reading the folders also cleans what killed writers left (`tidyIdleRunFolder`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { hasCheckpointFiles } from '../node/checkpointFiles';
import { tidyIdleRunFolder } from '../node/runFiles';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { sameSpec } from '../spec/specIdentity';
import { RUN_FILES } from '../engine/runFileNames';

/** Where runs of a spec go by default: `.rnnlab/runs/` beside the spec. */
export function runsFolderFor(specPath: string): string {
  return path.join(path.dirname(specPath), '.rnnlab', 'runs');
}

/** Whether `dir` holds a run with a checkpoint (a manifest and the data file it names). */
export async function isRunFolder(dir: string): Promise<boolean> {
  try {
    await stat(path.join(dir, RUN_FILES.spec));
  } catch {
    return false;
  }
  return hasCheckpointFiles(dir);
}

export interface SpecRun {
  dir: string;
  /** When its checkpoint (else its metrics, else its spec) last changed. */
  time: number;
  hasCheckpoint: boolean;
}

export interface SpecRuns {
  /** Runs of this very spec, newest first. */
  runs: SpecRun[];
  /** Folders of runs with the same name but other content (another spec of that name). */
  sameNameOtherSpec: string[];
}

async function readSpec(dir: string): Promise<ResolvedSpec | undefined> {
  try {
    const value = JSON.parse(await readFile(path.join(dir, RUN_FILES.spec), 'utf8')) as
      ResolvedSpec | undefined;
    return value && typeof value === 'object' && value.model && value.train && value.task
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

async function newestTime(dir: string): Promise<number> {
  for (const file of [RUN_FILES.weightsManifest, RUN_FILES.metrics, RUN_FILES.spec]) {
    try {
      return (await stat(path.join(dir, file))).mtimeMs;
    } catch {
      // Not there: the next one.
    }
  }
  return 0;
}

/** Every run of `spec` beside its file (see the header), newest first. */
export async function specRuns(specPath: string, spec: ResolvedSpec): Promise<SpecRuns> {
  const root = runsFolderFor(specPath);
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return { runs: [], sameNameOtherSpec: [] };
  }
  const runs: SpecRun[] = [];
  const sameNameOtherSpec: string[] = [];
  for (const entry of entries.sort()) {
    const dir = path.join(root, entry);
    const runSpec = await readSpec(dir);
    if (!runSpec) continue;
    await tidyIdleRunFolder(dir);
    if (!sameSpec(spec, runSpec)) {
      if (runSpec.name === spec.name) sameNameOtherSpec.push(dir);
      continue;
    }
    runs.push({ dir, time: await newestTime(dir), hasCheckpoint: await hasCheckpointFiles(dir) });
  }
  runs.sort((a, b) => b.time - a.time);
  return { runs, sameNameOtherSpec };
}

/** Runs of `spec`, newest first; with `withCheckpoint` only those that have one. */
export async function findSpecRuns(
  specPath: string,
  spec: ResolvedSpec,
  options: { withCheckpoint: boolean },
): Promise<SpecRun[]> {
  const { runs } = await specRuns(specPath, spec);
  return options.withCheckpoint ? runs.filter((r) => r.hasCheckpoint) : runs;
}
