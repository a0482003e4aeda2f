/**
 * Crash consistency of run folders, measured on the real CLI (dist/cli.js, a tiny model on the cpu
 * backend): a training is killed with SIGKILL right after each write point of a run — the lock
 * taken, every temp file written, every rename, every metrics append, every deletion, of spec,
 * dataset, metrics and checkpoint (`RNNLAB_KILL_AT=K`, src/node/writePoints.ts: the process kills
 * itself there, no timer races it) — and at seeded random moments. After every kill:
 * - the folder is readable: `spec.json` parses, every line of `metrics.jsonl` but a torn last one
 *   parses, the checkpoint passes its size and checksum check and loads;
 * - the checkpoint's label is true: the epoch `weights.json` names is the epoch whose weights it
 *   holds (the data file is the one an uninterrupted run wrote for that epoch, byte for byte);
 * - `rnnlab inspect` works on it (or says plainly that it has no checkpoint yet);
 * - `rnnlab train --resume` continues from the checkpoint it names: its `start` event begins at
 *   the next epoch, and its final weights are exactly those of a run resumed from that epoch
 *   without any crash; afterwards no temp file or unnamed data file is left.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import { dataFileOf } from '../../src/engine/checkpointFormat';
import { loadRun } from '../../src/engine/runStore';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { readCheckpointFiles } from '../../src/node/checkpointFiles';
import { FileRunStore, parseMetrics } from '../../src/node/runFiles';
import { createRandom } from '../../src/tasks/seededRandom';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = join(root, 'dist', 'cli.js');
const EPOCHS = 2;

/** Two batches an epoch, gradients once: every kind of write point, a few times each. */
const SPEC = {
  name: 'crash',
  task: { kind: 'parity', length: [2, 4], samples: 40, testSamples: 10 },
  model: { cell: 'gru', hidden: 4, embedding: 0 },
  train: { epochs: EPOCHS, batchSize: 20, learningRate: 0.01, seed: 1, gradientEvery: 100 },
  inspect: { inputs: ['0110'] },
};

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let workspace: string;

/** `rnnlab train` as a process; `killAfterMs` sends SIGKILL from here after that long. */
function train(
  args: string[],
  env: Record<string, string> = {},
  killAfterMs?: number,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cliPath, 'train', 'crash.rnnlab.json', '--backend', 'cpu', '--json', ...args],
      { cwd: workspace, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    cwd: workspace,
  };
  return { code: await runCli(args, io), stdout, stderr };
}

function events(dir: string): TrainEvent[] {
  const file = join(dir, 'metrics.jsonl');
  return existsSync(file) ? parseMetrics(readFileSync(file, 'utf8')).events : [];
}

/** The data file of each epoch's checkpoint in a run, from its `checkpoint` events. */
function checkpointData(dir: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of events(dir)) if (e.type === 'checkpoint') out.set(e.epoch, e.files[0] ?? '');
  return out;
}

/** The data file of the final checkpoint of a run resumed from each epoch, without a crash. */
const resumedFinal = new Map<number, string>();
/** What an uninterrupted run writes at each epoch. */
let reference = new Map<number, string>();
let writePoints: string[] = [];
let referenceMs = 0;

/** The checks after a kill (see the header); returns the epoch of the checkpoint found (0: none). */
async function checkKilled(dir: string, what: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const names = readdirSync(dir);
  if (existsSync(join(dir, 'spec.json'))) {
    assert.equal(JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8')).name, 'crash', what);
  }
  if (existsSync(join(dir, 'metrics.jsonl'))) {
    const text = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    const { skippedLines } = parseMetrics(text);
    const torn = text !== '' && !text.endsWith('\n') ? 1 : 0;
    assert.ok(skippedLines <= torn, `${what}: only a torn last line may not parse`);
  }
  if (!names.includes('weights.json')) {
    const inspected = await cli(['inspect', dir, '--input', '0110']);
    assert.equal(inspected.code, 2, `${what}: ${inspected.stderr}`);
    assert.match(inspected.stderr, /not a run folder/, what);
    return 0;
  }
  const { file } = await readCheckpointFiles(dir);
  assert.equal(
    dataFileOf(file),
    reference.get(file.epoch),
    `${what}: weights.json says epoch ${file.epoch}, and holds that epoch's weights`,
  );
  const run = await loadRun(new FileRunStore(dir));
  assert.equal(run.epoch, file.epoch);
  run.model.dispose();
  const inspected = await cli(['inspect', dir, '--input', '0110', '--json']);
  assert.equal(inspected.code, 0, `${what}: ${inspected.stderr}`);
  assert.equal((JSON.parse(inspected.stdout) as { epoch: number }).epoch, file.epoch, what);
  return file.epoch;
}

/** Resumes a killed run and checks that it went on from `epoch` to the end. */
async function checkResumed(dir: string, epoch: number, what: string): Promise<void> {
  const before = events(dir).filter((e) => e.type === 'start').length;
  const resumed = await train(['--out', dir, '--resume']);
  assert.equal(resumed.code, 0, `${what}: resume: ${resumed.stderr}`);
  const summary = JSON.parse(resumed.stdout.trim().split('\n').at(-1) ?? '{}') as {
    resumedFrom?: number;
    epochs: number;
  };
  assert.equal(summary.epochs, EPOCHS, what);
  if (epoch < EPOCHS) {
    const starts = events(dir).filter((e) => e.type === 'start');
    assert.equal(starts.length, before + 1, what);
    const start = starts.at(-1);
    assert.equal(start?.type === 'start' && start.firstEpoch, epoch + 1, `${what}: goes on`);
  }
  const names = readdirSync(dir);
  assert.deepEqual(
    names.filter((n) => n.endsWith('.tmp') || n === 'run.lock'),
    [],
    `${what}: no temp file, no lock`,
  );
  const { file } = await readCheckpointFiles(dir);
  assert.equal(file.epoch, EPOCHS, what);
  assert.deepEqual(
    names.filter((n) => n.startsWith('weights-')),
    [dataFileOf(file)],
    `${what}: the checkpoint's data file only`,
  );
  assert.equal(
    dataFileOf(file),
    resumedFinal.get(epoch),
    `${what}: the weights of a run resumed from epoch ${epoch}`,
  );
  const { skippedLines } = parseMetrics(readFileSync(join(dir, 'metrics.jsonl'), 'utf8'));
  assert.equal(skippedLines, 0, `${what}: the resumed run cut the torn line`);
}

describe(
  'fault injection: SIGKILL at every write point of a CLI training',
  { timeout: 240_000 },
  () => {
    before(async () => {
      assert.ok(existsSync(cliPath), 'dist/cli.js is missing: run `npm run build` first');
      workspace = mkdtempSync(join(tmpdir(), 'rnnlab-crash-'));
      writeFileSync(join(workspace, 'crash.rnnlab.json'), JSON.stringify(SPEC));
      const trace = join(workspace, 'trace.txt');
      const t0 = performance.now();
      const ref = await train(['--out', 'reference'], { RNNLAB_WRITE_TRACE: trace });
      referenceMs = performance.now() - t0;
      assert.equal(ref.code, 0, ref.stderr);
      writePoints = readFileSync(trace, 'utf8').trim().split('\n');
      reference = checkpointData(join(workspace, 'reference'));
      assert.deepEqual([...reference.keys()], [1, 2]);
      // Runs resumed from each epoch without a crash: what a resumed killed run must end with.
      resumedFinal.set(0, reference.get(EPOCHS) ?? '');
      resumedFinal.set(EPOCHS, reference.get(EPOCHS) ?? '');
      const one = await train(['--out', 'from-1', '--epochs', '1']);
      assert.equal(one.code, 0, one.stderr);
      const on = await train(['--out', 'from-1', '--resume']);
      assert.equal(on.code, 0, on.stderr);
      resumedFinal.set(1, checkpointData(join(workspace, 'from-1')).get(EPOCHS) ?? '');
    });

    it('leaves every folder readable, truthfully labelled, inspectable and resumable', async (t: TestContext) => {
      const kinds = new Set(
        writePoints.map((p) => p.replace(/^\d+ /, '').replace(/-[0-9a-f]{16}/, '-<hash>')),
      );
      for (const kind of [
        'locked run.lock',
        'wrote temp of spec.json',
        'renamed spec.json',
        'wrote temp of dataset.json',
        'renamed dataset.json',
        'appended metrics.jsonl',
        'wrote temp of weights-<hash>.bin',
        'renamed weights-<hash>.bin',
        'wrote temp of weights.json',
        'renamed weights.json',
        'removed weights-<hash>.bin',
      ]) {
        assert.ok(kinds.has(kind), `the run has a write point "${kind}"`);
      }
      let kills = 0;
      const byEpoch = new Map<number, number>();
      for (let k = 1; k <= writePoints.length; k++) {
        const what = `killed after write point ${writePoints[k - 1]}`;
        const dir = join(workspace, `kill-${k}`);
        const killed = await train(['--out', dir], { RNNLAB_KILL_AT: String(k) });
        assert.equal(killed.signal, 'SIGKILL', `${what}: the process died there`);
        kills++;
        const epoch = await checkKilled(dir, what);
        byEpoch.set(epoch, (byEpoch.get(epoch) ?? 0) + 1);
        await checkResumed(dir, epoch, what);
      }
      // And at seeded random moments over a run's lifetime.
      const random = createRandom(15, 'kill-moments');
      for (let i = 0; i < 6; i++) {
        const ms = Math.round(referenceMs * (0.3 + 0.7 * random.next()));
        const dir = join(workspace, `random-${i}`);
        const run = await train(['--out', dir], {}, ms);
        const what = `killed after ${ms} ms`;
        if (run.signal === 'SIGKILL') kills++;
        const epoch = await checkKilled(dir, what);
        byEpoch.set(epoch, (byEpoch.get(epoch) ?? 0) + 1);
        await checkResumed(dir, epoch, what);
      }
      t.diagnostic(
        `${kills} kills (${writePoints.length} at the write points of a run, ${kills - writePoints.length} at random moments): ` +
          `checkpoints found at epoch ${[...byEpoch].map(([e, n]) => `${e}: ${n}×`).join(', ')}; nothing lost`,
      );
      assert.ok(kills >= 20, `${kills} kills`);
    });
  },
);
