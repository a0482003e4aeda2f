/**
 * Fault injection for the crash tests (test/unit/faultInjection.test.ts): every step at which the
 * run-file writer changes the disk is a numbered write point (a temp file written, a rename, an
 * append, a deletion, the lock taken). With `RNNLAB_KILL_AT=K` the process SIGKILLs itself right
 * after write point K, so a test can stop a real training at exactly that moment, with no timer
 * racing it; with `RNNLAB_WRITE_TRACE=FILE` it appends `K label` for every write point, which is
 * how the test learns the points of a run. Both are read once; without them this costs a branch.
 */
import { appendFileSync } from 'node:fs';

interface Settings {
  killAt: number;
  trace: string | undefined;
}

let settings: Settings | undefined;
let count = 0;

function read(): Settings {
  const killAt = Number(process.env.RNNLAB_KILL_AT ?? 0);
  return {
    killAt: Number.isInteger(killAt) && killAt > 0 ? killAt : 0,
    trace: process.env.RNNLAB_WRITE_TRACE || undefined,
  };
}

/** Marks that a change to the disk has just been made (e.g. `renamed weights.json`). */
export function writePoint(label: string): void {
  settings ??= read();
  if (settings.killAt === 0 && settings.trace === undefined) return;
  count++;
  if (settings.trace !== undefined) appendFileSync(settings.trace, `${count} ${label}\n`);
  if (count === settings.killAt) process.kill(process.pid, 'SIGKILL');
}
