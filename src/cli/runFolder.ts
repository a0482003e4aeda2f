/**
 * The Node `RunStore`: a run is a folder on disk (format in docs/run-folder.md). Whole files are
 * written to a temporary name in the same folder and renamed over the old one, so a crash or a
 * Ctrl-C never leaves a half-written checkpoint; lines are appended with one `appendFile` call
 * each (O_APPEND), so every event line lands whole.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import * as path from 'node:path';
import type { RunStore } from '../engine/runStore';
import { RUN_FILES } from '../engine/runStore';

export class RunFolder implements RunStore {
  constructor(readonly dir: string) {}

  /** Creates the folder (and its parents) if needed. */
  static async create(dir: string): Promise<RunFolder> {
    await mkdir(dir, { recursive: true });
    return new RunFolder(dir);
  }

  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    const target = this.path(name);
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async appendLine(name: string, line: string): Promise<void> {
    await appendFile(this.path(name), `${line}\n`);
  }

  async readFile(name: string): Promise<Uint8Array> {
    return readFile(this.path(name));
  }

  private path(name: string): string {
    // Names are the run's own file names; refuse anything that would leave the folder.
    if (name !== path.basename(name) || name === '..' || name === '.') {
      throw new Error(`not a run file name: ${name}`);
    }
    return path.join(this.dir, name);
  }
}

/** Where runs of a spec go by default: `.rnnlab/runs/` beside the spec. */
export function runsFolderFor(specPath: string): string {
  return path.join(path.dirname(specPath), '.rnnlab', 'runs');
}

/** `<name>-<YYYYMMDD-HHMMSS>` (local time), sortable; `-2`, `-3`… if taken within one second. */
export async function newRunFolder(
  specPath: string,
  name: string,
  now = new Date(),
): Promise<RunFolder> {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const root = runsFolderFor(specPath);
  await mkdir(root, { recursive: true });
  const base = path.join(root, `${name}-${stamp}`);
  for (let k = 1; ; k++) {
    const dir = k === 1 ? base : `${base}-${k}`;
    try {
      await mkdir(dir);
      return new RunFolder(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Whether `dir` holds a run with a checkpoint. */
export async function isRunFolder(dir: string): Promise<boolean> {
  try {
    await stat(path.join(dir, RUN_FILES.weightsManifest));
    await stat(path.join(dir, RUN_FILES.spec));
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
      const info = await stat(path.join(dir, RUN_FILES.weightsManifest));
      if (!best || info.mtimeMs > best.time) best = { dir, time: info.mtimeMs };
    } catch {
      // No checkpoint (a run stopped before its first epoch ended): skip it.
    }
  }
  return best?.dir;
}
