/**
 * One writer per run folder: `run.lock` holds the writing process's id, host and start time. It is
 * created exclusively (`wx`), so of two processes that start at once only one gets it; the other is
 * told who holds the folder. A lock whose process is gone (killed, crashed) does not block: on the
 * same host a process that no longer exists is detected (`kill(pid, 0)`) and its lock is taken
 * over. A lock from another host (a shared drive) cannot be checked and counts as held.
 *
 * Within one process (the extension host) a folder may be locked twice (a run reopened while it is
 * still open): the lock is counted and the file removed with the last release.
 */
import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { writePoint } from './writePoints';

export const LOCK_FILE = 'run.lock';

export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it, for messages: `rnnlab train`, `the RNN Lab extension`. */
  by: string;
}

/** The folder is being written by another live process. */
export class RunLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `${dir} is being written by ${holder.by} (process ${holder.pid}${
        holder.host === hostname() ? '' : ` on ${holder.host}`
      }, since ${holder.since}); wait for it to finish or use another folder`,
    );
    this.name = 'RunLockedError';
  }
}

/** Locks this process holds: folder → count. */
const held = new Map<string, number>();
let exitHookInstalled = false;

function lockPath(dir: string): string {
  return path.join(dir, LOCK_FILE);
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockInfo>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return {
        pid: value.pid,
        host: value.host,
        since: String(value.since ?? '?'),
        by: String(value.by ?? 'another process'),
      };
    }
  } catch {
    // A lock being written right now, or torn by a crash.
  }
  return undefined;
}

/** Whether the process of a lock still runs (a lock of another host is assumed to). */
export function isLockAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  if (info.pid === process.pid) return true;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Who holds the folder's lock, when a live process does; undefined when the folder is free (no
 * lock, or the lock of a dead process). An unreadable lock (being written, or torn) younger than
 * `grace` ms counts as held.
 */
export async function liveLockHolder(dir: string, grace = 2000): Promise<LockInfo | undefined> {
  let text: string;
  try {
    text = await readFile(lockPath(dir), 'utf8');
  } catch {
    return undefined;
  }
  const info = parseLock(text);
  if (info) return isLockAlive(info) ? info : undefined;
  try {
    const age = Date.now() - (await stat(lockPath(dir))).mtimeMs;
    if (age < grace) return { pid: 0, host: hostname(), since: '?', by: 'another process' };
  } catch {
    // Gone meanwhile.
  }
  return undefined;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // process.exit (a second Ctrl-C) skips pending promises: remove our locks synchronously.
  process.on('exit', () => {
    for (const dir of held.keys()) rmSync(lockPath(dir), { force: true });
    held.clear();
  });
}

export interface RunLock {
  readonly dir: string;
  /** Removes the lock (once; later calls do nothing). */
  release(): Promise<void>;
}

/** Takes the folder's lock; throws `RunLockedError` when a live process holds it. */
export async function acquireRunLock(dir: string, by: string): Promise<RunLock> {
  const key = path.resolve(dir);
  const count = held.get(key);
  if (count !== undefined) {
    held.set(key, count + 1);
    return makeLock(key);
  }
  const file = lockPath(key);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    by,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(info)}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 20) throw error;
      const holder = await liveLockHolder(key);
      if (holder && holder.pid !== 0) throw new RunLockedError(key, holder);
      if (holder) {
        // Being written this instant (or torn less than a moment ago): look again shortly.
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      // The lock of a process that is gone: take it over.
      await rm(file, { force: true });
    }
  }
  writePoint(`locked ${LOCK_FILE}`);
  installExitHook();
  held.set(key, 1);
  return makeLock(key);
}

function makeLock(dir: string): RunLock {
  let released = false;
  return {
    dir,
    async release() {
      if (released) return;
      released = true;
      const count = held.get(dir) ?? 0;
      if (count > 1) {
        held.set(dir, count - 1);
        return;
      }
      held.delete(dir);
      await rm(lockPath(dir), { force: true });
    },
  };
}
