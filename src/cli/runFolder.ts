/**
 * Where the CLI keeps runs: `.rnnlab/runs/<name>-<YYYYMMDD-HHMMSS>/` beside the spec (format in
 * docs/run-folder.md). The files themselves are written by the crash-safe `FileRunStore` that the
 * extension uses too (src/node/runFiles.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createRunFolder, FileRunStore, RUN_FILE_NAMES } from '../node/runFiles';

/** Where runs of a spec go by default: `.rnnlab/runs/` beside the spec. */
export function runsFolderFor(specPath: string): string {
  return path.join(path.dirname(specPath), '.rnnlab', 'runs');
}

/** Opens (creating and recovering if needed) the run folder `dir`. */
export async function openRunFolder(dir: string): Promise<FileRunStore> {
  return (await FileRunStore.open(dir)).store;
}

/** A new run folder for a spec: `<name>-<stamp>` under `runsFolderFor(specPath)`. */
export async function newRunFolder(specPath: string, name: string): Promise<FileRunStore> {
  const root = runsFolderFor(specPath);
  const id = await createRunFolder(root, name);
  return openRunFolder(path.join(root, id));
}

/** Whether `dir` holds a run with a checkpoint. */
export async function isRunFolder(dir: string): Promise<boolean> {
  try {
    await stat(path.join(dir, RUN_FILE_NAMES.weightsManifest));
    await stat(path.join(dir, RUN_FILE_NAMES.spec));
    return true;
  } catch {
    return false;
  }
}

/**
 * The newest run of a spec that has a checkpoint: among `.rnnlab/runs/<name>-*` beside the spec,
 * the one whose `weights.json` changed last. Undefined when there is none.
 */
export async function newestRun(specPath: string, name: string): Promise<string | undefined> {
  const root = runsFolderFor(specPath);
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return undefined;
  }
  let best: { dir: string; time: number } | undefined;
  for (const entry of entries) {
    if (!entry.startsWith(`${name}-`)) continue;
    const dir = path.join(root, entry);
    try {
      const info = await stat(path.join(dir, RUN_FILE_NAMES.weightsManifest));
      if (!best || info.mtimeMs > best.time) best = { dir, time: info.mtimeMs };
    } catch {
      // No checkpoint (a run stopped before its first epoch ended): skip it.
    }
  }
  return best?.dir;
}
