/**
 * Which run a lab opened on a spec brings back: the newest run of that very spec (same name and
 * content, `spec/specIdentity.ts`, as the CLI's `inspect SPEC` chooses), one with a checkpoint
 * before one without (a run stopped before its first epoch has no trained weights to show).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { RUN_FILES } from '../engine/runFileNames';
import type { RunSummary } from '../protocol/messages';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { sameSpec } from '../spec/specIdentity';

export interface RunCandidate {
  summary: RunSummary;
  dir: string;
}

/** A run folder's `spec.json`; undefined when it is missing or unreadable. */
export async function readRunSpec(dir: string): Promise<ResolvedSpec | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, RUN_FILES.spec), 'utf8')) as ResolvedSpec;
  } catch {
    return undefined;
  }
}

/**
 * The newest run of `spec` among `runs` (newest first, as `listRuns` gives them), preferring one
 * with a checkpoint; `skip` leaves out a run (the one training now).
 */
export async function newestRunOfSpec(
  runs: readonly RunCandidate[],
  spec: ResolvedSpec,
  options: { skip?: string; readSpec?: (dir: string) => Promise<ResolvedSpec | undefined> } = {},
): Promise<RunCandidate | undefined> {
  const read = options.readSpec ?? readRunSpec;
  let withoutWeights: RunCandidate | undefined;
  for (const run of runs) {
    if (run.summary.id === options.skip || run.summary.name !== spec.name) continue;
    if (run.summary.hasCheckpoint === false && withoutWeights) continue;
    const runSpec = await read(run.dir);
    let same = false;
    try {
      same = runSpec !== undefined && sameSpec(spec, runSpec);
    } catch {
      // A spec.json of an older or damaged run that no longer resolves: not this spec's.
    }
    if (!same) continue;
    if (run.summary.hasCheckpoint) return run;
    withoutWeights ??= run;
  }
  return withoutWeights;
}
