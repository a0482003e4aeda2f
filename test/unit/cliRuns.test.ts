/**
 * The CLI and its run folders: `--out` never mixes two runs, `--resume` continues only a run of
 * the same spec and data, one process writes a folder at a time (a dead process's lock does not
 * block), `inspect SPEC` uses a run of that very spec and says which, Ctrl-C and SIGTERM are
 * handled from the first moment (also while a big model is built) and leave no empty folder, and
 * a closed pipe ends a command quietly. Old run folders (weights.bin) still load.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import { loadRun } from '../../src/engine/runStore';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { acquireRunLock, LOCK_FILE, RunLockedError } from '../../src/node/runLock';
import { FileRunStore, parseMetrics } from '../../src/node/runFiles';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = join(root, 'dist', 'cli.js');

const parity = (name: string, hidden = 4, extra: Record<string, unknown> = {}) => ({
  name,
  task: { kind: 'parity', length: [2, 4], samples: 40, testSamples: 10 },
  model: { cell: 'gru', hidden, embedding: 0 },
  train: { epochs: 2, batchSize: 20, seed: 1, backend: 'cpu', ...extra },
});

function workspace(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-runs-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

async function cli(cwd: string, args: string[], signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    cwd,
    ...(signal ? { signal } : {}),
  };
  return { code: await runCli(args, io), stdout, stderr };
}

function events(dir: string): TrainEvent[] {
  return parseMetrics(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')).events;
}

function spawnCli(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, out, exited };
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('train --out and --resume', () => {
  it('starts with a line that says what trains, and what train.tbptt cuts when it is set', async () => {
    const dir = workspace({
      'a.rnnlab.json': parity('a'),
      'cut.rnnlab.json': {
        ...parity('cut'),
        task: { kind: 'delayed-recall', lag: 6, samples: 40, testSamples: 10 },
        train: { epochs: 1, batchSize: 20, seed: 1, backend: 'cpu', tbptt: 3 },
      },
    });
    const plain = await cli(dir, ['train', 'a.rnnlab.json', '--out', 'a']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(
      plain.stderr,
      /^training a on cpu: epochs 1-2, 40 train \/ 10 test samples, \d+ batches an epoch\n/,
    );
    assert.doesNotMatch(plain.stderr, /tbptt/);
    const cut = await cli(dir, ['train', 'cut.rnnlab.json', '--out', 'cut']);
    assert.equal(cut.code, 0, cut.stderr);
    assert.match(
      cut.stderr,
      /^training cut on cpu: epochs 1-1, .*; truncated BPTT \(train\.tbptt 3\): gradients reach the last 3 steps only\n/,
    );
    // --json keeps stderr for problems only.
    const quiet = await cli(dir, ['train', 'cut.rnnlab.json', '--out', 'quiet', '--json']);
    assert.doesNotMatch(quiet.stderr, /^training /m);
  });

  it('refuses a folder that holds a run, and resumes only a run of the same spec', async () => {
    const dir = workspace({
      'a.rnnlab.json': parity('a'),
      'wider.rnnlab.json': parity('a', 5),
      'b.rnnlab.json': parity('b'),
    });
    const first = await cli(dir, ['train', 'a.rnnlab.json', '--out', 'run', '--json']);
    assert.equal(first.code, 0, first.stderr);
    const again = await cli(dir, ['train', 'a.rnnlab.json', '--out', 'run']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /run already holds a run of "a"; pass --resume/);
    for (const [file, differs] of [
      ['wider.rnnlab.json', /differ in model\.hidden/],
      ['b.rnnlab.json', /another spec \("a"/],
    ] as const) {
      const other = await cli(dir, ['train', file, '--out', 'run', '--resume']);
      assert.equal(other.code, 2, other.stderr);
      assert.match(other.stderr, differs);
    }
    // Nothing of the refused attempts reached the run.
    assert.equal(events(join(dir, 'run')).filter((e) => e.type === 'start').length, 1);

    const resumed = await cli(dir, [
      'train',
      'a.rnnlab.json',
      '--out',
      'run',
      '--resume',
      '--epochs',
      '4',
      '--json',
    ]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const summary = JSON.parse(resumed.stdout) as { resumedFrom: number; epochs: number };
    assert.deepEqual([summary.resumedFrom, summary.epochs], [2, 4]);
    const starts = events(join(dir, 'run')).filter((e) => e.type === 'start');
    assert.deepEqual(
      starts.map((e) => e.type === 'start' && e.firstEpoch),
      [1, 3],
    );
    // Already done: nothing to train, nothing written.
    const done = await cli(dir, ['train', 'a.rnnlab.json', '--out', 'run', '--resume']);
    assert.equal(done.code, 0);
    assert.match(done.stdout, /trained 4 of 2 epoch\(s\) already/);
    // --resume without --out: the newest run of the same spec beside it.
    const beside = await cli(dir, ['train', 'a.rnnlab.json', '--json']);
    const besideRun = (JSON.parse(beside.stdout) as { run: string }).run;
    const more = await cli(dir, ['train', 'a.rnnlab.json', '--resume', '--epochs', '3', '--json']);
    assert.equal((JSON.parse(more.stdout) as { run: string }).run, besideRun);
    const none = await cli(dir, ['train', 'b.rnnlab.json', '--resume']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no run of "b"/);
  });

  it('refuses a folder with other files in it, and resumes a run on changed data not at all', async () => {
    const dir = workspace({ 'a.rnnlab.json': parity('a') });
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'todo.txt'), 'keep me');
    const refused = await cli(dir, ['train', 'a.rnnlab.json', '--out', 'notes']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not empty and holds no run/);
    assert.deepEqual(readdirSync(join(dir, 'notes')), ['todo.txt']);

    const ex = workspace({
      'e.rnnlab.json': { name: 'e', task: { kind: 'examples', file: 'e.jsonl' } },
      'e.jsonl': '{"input":"ab","target":"ba"}\n{"input":"abc","target":"cba"}\n',
    });
    const trained = await cli(ex, ['train', 'e.rnnlab.json', '--out', 'run', '--epochs', '1']);
    assert.equal(trained.code, 0, trained.stderr);
    writeFileSync(
      join(ex, 'e.jsonl'),
      '{"input":"xy","target":"yx"}\n{"input":"xyz","target":"zyx"}\n',
    );
    const changed = await cli(ex, ['train', 'e.rnnlab.json', '--out', 'run', '--resume']);
    assert.equal(changed.code, 2);
    assert.match(changed.stderr, /the data changed since this run began/);
  });

  it('lets one process write a folder at a time; a dead process’s lock does not block', async () => {
    const dir = workspace({ 'a.rnnlab.json': parity('a', 4, { epochs: 10000 }) });
    const run = join(dir, 'run');
    const first = spawnCli(dir, ['train', 'a.rnnlab.json', '--out', 'run']);
    try {
      await until('the first run to train', () => existsSync(join(run, 'weights.json')));
      const second = await cli(dir, ['train', 'a.rnnlab.json', '--out', 'run', '--resume']);
      assert.equal(second.code, 2);
      assert.match(
        second.stderr,
        new RegExp(`run is being written by rnnlab train \\(process ${first.child.pid}`),
      );
      // SIGTERM in the middle of training: stopped after the batch, the run kept, exit 143.
      first.child.kill('SIGTERM');
      const exit = await first.exited;
      assert.equal(exit.code, 143, first.out.stderr);
      assert.equal(events(run).at(-1)?.type, 'stopped');
      assert.equal(existsSync(join(run, LOCK_FILE)), false, 'the lock is released');
    } finally {
      first.child.kill('SIGKILL');
    }
    // A lock left by a process that is gone is taken over.
    writeFileSync(
      join(run, LOCK_FILE),
      JSON.stringify({ pid: 999_999_999, host: (await import('node:os')).hostname(), since: 'x' }),
    );
    const lock = await acquireRunLock(run, 'a test');
    await lock.release();
    // A live one is not (this process's parent stands in for another live writer).
    writeFileSync(
      join(run, LOCK_FILE),
      JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname(), by: 'x' }),
    );
    await assert.rejects(acquireRunLock(run, 'a test'), RunLockedError);
  });
});

describe('inspect SPEC picks a run of that very spec', () => {
  it('never a run of another spec whose name starts the same, and says which it used', async () => {
    const dir = workspace({
      'parity.rnnlab.json': parity('parity'),
      'parity-big.rnnlab.json': parity('parity-big', 6),
      'edited.rnnlab.json': parity('parity', 5),
    });
    const own = await cli(dir, ['train', 'parity.rnnlab.json', '--json']);
    const ownRun = (JSON.parse(own.stdout) as { run: string }).run;
    // Newer runs: another spec named parity-big, and another version of "parity".
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await cli(dir, ['train', 'parity-big.rnnlab.json'])).code, 0);
    assert.equal((await cli(dir, ['train', 'edited.rnnlab.json'])).code, 0);
    const inspected = await cli(dir, ['inspect', 'parity.rnnlab.json', '--input', '0110']);
    assert.equal(inspected.code, 0, inspected.stderr);
    const runLine = inspected.stdout.split('\n')[0] ?? '';
    assert.ok(runLine.includes(ownRun.slice(dir.length + 1)), runLine);
    assert.match(
      runLine,
      /epoch 2; the newest of 1 trained run\(s\) of "parity" \(content [0-9a-f]{12}\)/,
    );
    assert.match(runLine, /1 run\(s\) named "parity" of other content were not used/);
    const json = JSON.parse(
      (await cli(dir, ['inspect', 'parity.rnnlab.json', '--input', '01', '--json'])).stdout,
    ) as { run: string; chosen: string };
    assert.equal(json.run, ownRun);
    assert.match(json.chosen, /newest of 1/);
    // A spec with no run of its own gets none of the others'.
    const lonely = workspace({ 'parity.rnnlab.json': parity('parity', 7) });
    renameSync(join(dir, '.rnnlab'), join(lonely, '.rnnlab'));
    const missing = await cli(lonely, ['inspect', 'parity.rnnlab.json', '--input', '01']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no trained run of "parity" \(content [0-9a-f]{12}\)/);
    assert.match(missing.stderr, /2 run\(s\) named "parity" of other content were not used/);
  });
});

describe('signals and pipes', () => {
  it('Ctrl-C while the model is built: a stopped summary, exit 130, no folder left', async () => {
    const dir = workspace({ 'a.rnnlab.json': parity('a') });
    const stop = new AbortController();
    stop.abort('SIGINT');
    const stopped = await cli(dir, ['train', 'a.rnnlab.json', '--json'], stop.signal);
    assert.equal(stopped.code, 130, stopped.stderr);
    const summary = JSON.parse(stopped.stdout) as { status: string; message: string };
    assert.equal(summary.status, 'stopped');
    assert.match(summary.message, /before training began/);
    assert.deepEqual(readdirSync(join(dir, '.rnnlab', 'runs')), [], 'no empty run folder');
  });

  it(
    'the built CLI: SIGINT and SIGTERM during a 2×1024 LSTM build stop it cleanly',
    { timeout: 120_000 },
    async () => {
      assert.ok(existsSync(cliPath), 'dist/cli.js is missing: run `npm run build` first');
      const big = {
        name: 'big',
        task: { kind: 'parity', length: [2, 4], samples: 40, testSamples: 10 },
        model: { cell: 'lstm', hidden: 1024, layers: 2, embedding: 0 },
        train: { epochs: 1, batchSize: 20, backend: 'cpu' },
      };
      for (const [signal, afterMs, code] of [
        ['SIGINT', 1500, 130],
        ['SIGTERM', 4500, 143],
      ] as const) {
        const dir = workspace({ 'big.rnnlab.json': big });
        const run = spawnCli(dir, ['train', 'big.rnnlab.json']);
        await new Promise((resolve) => setTimeout(resolve, afterMs));
        run.child.kill(signal);
        const exit = await run.exited;
        assert.equal(exit.code, code, `${signal}: ${run.out.stderr}`);
        assert.match(run.out.stdout, /stopped while the model was being built/, signal);
        assert.match(run.out.stderr, /Stopped before training began; nothing was written/);
        if (signal === 'SIGTERM') {
          assert.match(run.out.stderr, /building the model: \d+\/8 gate blocks/, 'progress shown');
        }
        const runs = join(dir, '.rnnlab', 'runs');
        assert.deepEqual(existsSync(runs) ? readdirSync(runs) : [], [], `${signal}: no folder`);
      }
    },
  );

  it('a closed pipe (`| head`) ends a command quietly', async () => {
    assert.ok(existsSync(cliPath), 'dist/cli.js is missing: run `npm run build` first');
    const dir = workspace({ 'a.rnnlab.json': parity('a', 4) });
    const run = spawnCli(dir, ['sample', 'a.rnnlab.json', '--n', '200000']);
    run.child.stdout.once('data', () => run.child.stdout.destroy());
    const exit = await run.exited;
    assert.equal(exit.code, 0, run.out.stderr);
    assert.equal(run.out.stderr, '');
  });
});

describe('run folders of earlier versions', () => {
  it('load and resume: weights.bin with a manifest without a checksum', async () => {
    const dir = workspace({ 'a.rnnlab.json': parity('a') });
    assert.equal((await cli(dir, ['train', 'a.rnnlab.json', '--out', 'run'])).code, 0);
    // Rewrite the run as the previous version wrote it.
    const run = join(dir, 'run');
    const manifest = JSON.parse(readFileSync(join(run, 'weights.json'), 'utf8'));
    const data = manifest.weightsManifest[0].paths[0] as string;
    renameSync(join(run, data), join(run, 'weights.bin'));
    delete manifest.data;
    manifest.weightsManifest[0].paths = ['weights.bin'];
    writeFileSync(join(run, 'weights.json'), JSON.stringify(manifest));
    const loaded = await loadRun(new FileRunStore(run));
    assert.equal(loaded.epoch, 2);
    loaded.model.dispose();
    const inspected = await cli(dir, ['inspect', 'run', '--input', '0110']);
    assert.equal(inspected.code, 0, inspected.stderr);
    const resumed = await cli(dir, [
      'train',
      'a.rnnlab.json',
      '--out',
      'run',
      '--resume',
      '--epochs',
      '3',
    ]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const names = readdirSync(run);
    assert.ok(!names.includes('weights.bin'), 'replaced by the new checkpoint');
    assert.equal(names.filter((n) => /^weights-[0-9a-f]{16}\.bin$/.test(n)).length, 1);
    // A truncated data file is refused, not loaded.
    const current = JSON.parse(readFileSync(join(run, 'weights.json'), 'utf8'));
    const file = join(run, current.weightsManifest[0].paths[0] as string);
    writeFileSync(file, readFileSync(file).subarray(0, 8));
    await assert.rejects(
      loadRun(new FileRunStore(run)),
      /has 8 bytes, but weights\.json describes/,
    );
  });
});
