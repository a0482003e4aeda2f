/**
 * A run folder's checkpoint on disk (format: src/engine/checkpointFormat.ts): reading it verified,
 * telling whether there is one, and deleting the data files no manifest names any more (what a
 * crash between writing a new data file and committing its manifest, or between the commit and
 * the deletion of the previous file, leaves behind).
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
  dataFileOf,
  isCheckpointDataName,
  parseWeightsFile,
  readCheckpoint,
  type WeightsFile,
} from '../engine/checkpointFormat';
import { RUN_FILES } from '../engine/runFileNames';
import { writePoint } from './writePoints';

/** The manifest of a folder's checkpoint; undefined when there is none or it does not parse. */
export async function readManifestFile(dir: string): Promise<WeightsFile | undefined> {
  try {
    const text = await readFile(path.join(dir, RUN_FILES.weightsManifest), 'utf8');
    return parseWeightsFile(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Whether the folder has a manifest and the data file it names (not verified: for listings). */
export async function hasCheckpointFiles(dir: string): Promise<boolean> {
  const manifest = await readManifestFile(dir);
  if (!manifest) return false;
  try {
    return (await stat(path.join(dir, dataFileOf(manifest)))).isFile();
  } catch {
    return false;
  }
}

/** The checkpoint's manifest and data, checked (size, checksum); throws `CheckpointError`. */
export function readCheckpointFiles(
  dir: string,
): Promise<{ file: WeightsFile; bytes: Uint8Array }> {
  return readCheckpoint({
    readFile: (name) => readFile(path.join(dir, name)),
    writeFile: () => Promise.reject(new Error('read only')),
  });
}

/**
 * Deletes checkpoint data files the manifest does not name. Without a manifest every data file is
 * an orphan; with a manifest that cannot be read nothing is deleted (it may be needed to repair
 * by hand). Returns the names deleted.
 */
export async function removeOrphanCheckpointData(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const data = names.filter(isCheckpointDataName);
  if (data.length === 0) return [];
  let keep: string | undefined;
  if (names.includes(RUN_FILES.weightsManifest)) {
    const manifest = await readManifestFile(dir);
    if (!manifest) return [];
    keep = dataFileOf(manifest);
  }
  const orphans = data.filter((name) => name !== keep);
  for (const name of orphans) {
    await rm(path.join(dir, name), { force: true });
    writePoint(`removed ${name}`);
  }
  return orphans;
}

/**
 * The files that make up a run's model, for copying it elsewhere: the checkpoint (verified first:
 * a damaged one throws `CheckpointError`), the spec and the dataset meta when there is one.
 */
export async function modelFiles(dir: string): Promise<string[]> {
  const { file } = await readCheckpointFiles(dir);
  const names = [RUN_FILES.weightsManifest, dataFileOf(file), RUN_FILES.spec];
  try {
    await stat(path.join(dir, RUN_FILES.dataset));
    names.push(RUN_FILES.dataset);
  } catch {
    // Runs of older versions have no dataset.json.
  }
  return names;
}
