/**
 * Run folders on disk, safe against crashes: the extension host's `RunStore`, and the recovery
 * that runs before a run folder is read or appended to. Free of `vscode` (Node's fs only) so it is
 * unit-tested without VS Code; the CLI uses it too.
 *
 * What can go wrong and what is done about it:
 * - a whole file (checkpoint, spec) is written to `<name>.<8 hex>.tmp` in the same folder, flushed
 *   to disk and renamed over the old one: a crash leaves the old file or the new one, never half
 *   of either, plus perhaps a stray temp file, which `recoverRunFolder` deletes (and so does any
 *   reader of a folder no live process writes: `tidyIdleRunFolder`);
 * - a checkpoint is one atomic step (src/engine/checkpointFormat.ts): a crash at worst leaves a
 *   data file no manifest names, which recovery deletes (`checkpointFiles.ts`);
 * - one writer per folder: `run.lock` (`runLock.ts`), which a dead process's lock does not hold;
 * - `metrics.jsonl` gets one `appendFile` per event (line and newline in one write). A crash in
 *   the middle of that write can leave a torn last line without its newline; readers skip it,
 *   and before the next append `repairJsonLines` cuts it off, so the next event does not get glued
 *   to half an event. At most the event being written (the current batch) is lost.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { RUN_FILES } from '../engine/runFileNames';
import { removeOrphanCheckpointData } from './checkpointFiles';
import { acquireRunLock, liveLockHolder, LOCK_FILE, type RunLock } from './runLock';
import { writePoint } from './writePoints';
import type { RunStore } from '../engine/runStore';
import type { TrainEvent } from '../engine/trainEvents';

/** `weights.json.1a2b3c4d.tmp`: what `writeFileAtomic` writes before the rename. */
const TEMP_FILE = /\.[0-9a-f]{8}\.tmp$/;

/** Whether a name is a plain file name inside a run folder (no separators, no `..`). */
export function isRunFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 128 &&
    name !== '.' &&
    name !== '..' &&
    name !== LOCK_FILE &&
    !/[\\/:\0]/.test(name) &&
    !TEMP_FILE.test(name)
  );
}

/** Replaces `target` as a whole: temp file in the same folder, flushed, then renamed over it. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      // Flush before the rename, or a power cut could leave the new name on empty blocks.
      await handle.sync();
    } finally {
      await handle.close();
    }
    writePoint(`wrote temp of ${path.basename(target)}`);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  writePoint(`renamed ${path.basename(target)}`);
  await syncFolder(path.dirname(target));
}

/** Makes a rename durable (the folder's entry on disk); not possible everywhere (Windows). */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The rename itself is atomic; only its durability across a power cut is not ensured.
  }
}

/**
 * Makes a JSON-lines file end with a complete line: a torn last line (no newline, not valid
 * JSON) is cut off; a complete JSON value that only lacks its newline gets one. Returns the bytes
 * removed (0 when nothing was torn). A missing file is fine.
 */
export async function repairJsonLines(file: string): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return 0;
  const lastNewline = bytes.lastIndexOf(0x0a);
  const tail = bytes.subarray(lastNewline + 1).toString('utf8');
  try {
    JSON.parse(tail);
    await appendFile(file, '\n');
    return 0;
  } catch {
    const handle = await open(file, 'r+');
    try {
      await handle.truncate(lastNewline + 1);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return bytes.length - (lastNewline + 1);
  }
}

/** Deletes the temp files a crash left in `dir`; returns their names. */
export async function cleanTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const stray = names.filter((name) => TEMP_FILE.test(name));
  await Promise.all(stray.map((name) => rm(path.join(dir, name), { force: true })));
  return stray;
}

export interface Recovery {
  /** Temp files and checkpoint data files no manifest names, deleted. */
  removedTempFiles: string[];
  /** Bytes of a torn last line cut from `metrics.jsonl`. */
  tornBytes: number;
}

/** Undoes what a crash mid-write can leave in a run folder. Safe to call on a healthy one. */
export async function recoverRunFolder(dir: string): Promise<Recovery> {
  const removedTempFiles = [
    ...(await cleanTempFiles(dir)),
    ...(await removeOrphanCheckpointData(dir)),
  ];
  const tornBytes = await repairJsonLines(path.join(dir, RUN_FILES.metrics));
  return { removedTempFiles, tornBytes };
}

/**
 * What a reader of a run folder may clean: the temp files and unnamed checkpoint data a killed
 * writer left, when no live process writes the folder (its files are then nobody's work in
 * progress). A torn metrics line is left to the next writer. Returns the names deleted.
 */
export async function tidyIdleRunFolder(dir: string): Promise<string[]> {
  if (await liveLockHolder(dir)) return [];
  try {
    return [...(await cleanTempFiles(dir)), ...(await removeOrphanCheckpointData(dir))];
  } catch {
    return [];
  }
}

/**
 * A run folder as a `RunStore`. Appends are chained, so events land in the order they were
 * given even when the caller does not wait; the first append repairs a torn last line first.
 */
export class FileRunStore implements RunStore {
  private appendChain: Promise<void> = Promise.resolve();
  private readonly repaired = new Set<string>();
  private lock: RunLock | undefined;

  constructor(readonly dir: string) {}

  /**
   * Creates the folder if needed and recovers it from any crash (temp files, torn line). With
   * `lock` (who writes, for messages) it first takes the folder's lock, and throws
   * `RunLockedError` when a live process holds it; `close` releases it.
   */
  static async open(
    dir: string,
    options: { lock?: string } = {},
  ): Promise<{ store: FileRunStore; recovery: Recovery }> {
    await mkdir(dir, { recursive: true });
    const lock = options.lock !== undefined ? await acquireRunLock(dir, options.lock) : undefined;
    try {
      const recovery = await recoverRunFolder(dir);
      const store = new FileRunStore(dir);
      store.lock = lock;
      store.repaired.add(RUN_FILES.metrics);
      return { store, recovery };
    } catch (error) {
      await lock?.release();
      throw error;
    }
  }

  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    await writeFileAtomic(this.path(name), data);
  }

  async removeFile(name: string): Promise<void> {
    await rm(this.path(name), { force: true });
    writePoint(`removed ${name}`);
  }

  /** Waits for the appends given so far, then releases the folder's lock (if it holds one). */
  async close(): Promise<void> {
    await this.flush();
    const lock = this.lock;
    this.lock = undefined;
    await lock?.release();
  }

  appendLine(name: string, line: string): Promise<void> {
    if (line.includes('\n')) {
      return Promise.reject(new Error(`${name}: a line to append may not contain a newline`));
    }
    const file = this.path(name);
    const next = this.appendChain.then(async () => {
      if (!this.repaired.has(name)) {
        await repairJsonLines(file);
        this.repaired.add(name);
      }
      await appendFile(file, `${line}\n`);
      writePoint(`appended ${name}`);
    });
    // A failed append must not stop later ones; the caller still sees its own failure.
    this.appendChain = next.catch(() => undefined);
    return next;
  }

  async readFile(name: string): Promise<Uint8Array> {
    return readFile(this.path(name));
  }

  /** Resolves when every append given so far has been written. */
  flush(): Promise<void> {
    return this.appendChain;
  }

  private path(name: string): string {
    if (!isRunFileName(name)) throw new Error(`not a run file name: ${JSON.stringify(name)}`);
    return path.join(this.dir, name);
  }
}

/** Events of a `metrics.jsonl` text; lines that do not parse (a torn tail) are skipped. */
export function parseMetrics(text: string): { events: TrainEvent[]; skippedLines: number } {
  const events: TrainEvent[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && 'type' in value) {
        events.push(value as TrainEvent);
      } else {
        skippedLines++;
      }
    } catch {
      skippedLines++;
    }
  }
  return { events, skippedLines };
}

/** Reads a run's events without changing the folder (readers never repair; writers do). */
export async function readRunEvents(dir: string): Promise<TrainEvent[]> {
  try {
    return parseMetrics(await readFile(path.join(dir, RUN_FILES.metrics), 'utf8')).events;
  } catch {
    return [];
  }
}

/** `<name>-<YYYYMMDD-HHMMSS>` (local time), as the CLI names its runs. */
export function runStamp(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
  );
}

/** A name as a run folder name has it (runListing.ts reads the purpose back with it). */
export function safeRunName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
}

/**
 * Creates a new, empty run folder under `root`: `<name>[-<purpose>]-<stamp>`, with `-2`, `-3`…
 * when taken. Returns its id (the folder name).
 */
export async function createRunFolder(
  root: string,
  name: string,
  options: { purpose?: string; now?: Date } = {},
): Promise<string> {
  const purpose = options.purpose ? `-${safeRunName(options.purpose)}` : '';
  const base = `${safeRunName(name) || 'run'}${purpose}-${runStamp(options.now ?? new Date())}`;
  await mkdir(root, { recursive: true });
  for (let k = 1; ; k++) {
    const id = k === 1 ? base : `${base}-${k}`;
    try {
      await mkdir(path.join(root, id));
      return id;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
