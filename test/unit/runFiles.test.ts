import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkpointManifest, writeCheckpoint } from '../../src/engine/checkpointFormat';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { modelFiles } from '../../src/node/checkpointFiles';
import { acquireRunLock } from '../../src/node/runLock';
import {
  FileRunStore,
  createRunFolder,
  isRunFileName,
  parseMetrics,
  recoverRunFolder,
  repairJsonLines,
  writeFileAtomic,
} from '../../src/node/runFiles';
import { findLiveGates, listRuns, readRunSnapshot, summarizeRun } from '../../src/node/runListing';
import { RUN_FILES } from '../../src/engine/runFileNames';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = () => mkdtempSync(join(tmpdir(), 'rnnlab-runfiles-'));

const start = (spec = 'copy', epochs = 3): TrainEvent => ({
  type: 'start',
  spec,
  backend: 'cpu',
  params: { parts: [], total: 10 },
  trainSamples: 100,
  testSamples: 10,
  batchesPerEpoch: 4,
  epochs,
  firstEpoch: 1,
  time: '2025-01-01T10:00:00.000Z',
});
const batch = (epoch: number, b: number): TrainEvent => ({
  type: 'batch',
  epoch,
  batch: b,
  batches: 4,
  loss: 1 / b,
  meanLoss: 1 / b,
  stepsPerSecond: 10,
});
const epochEvent = (epoch: number, forgetMean = 0.81): TrainEvent => ({
  type: 'epoch',
  epoch,
  lastEpoch: 3,
  trainLoss: 0.5 / epoch,
  testLoss: 0.6 / epoch,
  accuracy: 0.3 * epoch,
  gates: [
    { layer: 'layer 1', gate: 'i', mean: 0.4, below01: 0.1, above09: 0.05 },
    { layer: 'layer 1', gate: 'f', mean: forgetMean, below01: 0.02, above09: 0.34 },
  ],
  learningRate: 0.01,
  teacherForcing: 1,
  seconds: 1,
});
/** A `weights.json` of an earlier version: one float32 weight of `size` values in weights.bin. */
const legacyManifest = (size: number) => ({
  format: 'rnnlab-weights',
  epoch: 1,
  weightsManifest: [
    { paths: ['weights.bin'], weights: [{ name: 'w', shape: [size], dtype: 'float32' }] },
  ],
});
const lines = (events: TrainEvent[]) => events.map((e) => `${JSON.stringify(e)}\n`).join('');

describe('run files: atomic writes', () => {
  it('replaces a file whole and leaves no temp file', async () => {
    const dir = tempDir();
    const file = join(dir, 'weights.json');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, new Uint8Array([123, 125]));
    assert.equal(readFileSync(file, 'utf8'), '{}');
    assert.deepEqual(readdirSync(dir), ['weights.json']);
  });

  it('keeps the old file and removes the temp file when the rename fails', async () => {
    const dir = tempDir();
    // A folder where the file should go: the rename over it fails.
    mkdirSync(join(dir, 'weights.bin'));
    writeFileSync(join(dir, 'weights.bin', 'keep'), 'x');
    await assert.rejects(writeFileAtomic(join(dir, 'weights.bin'), 'new'));
    assert.deepEqual(readdirSync(dir), ['weights.bin']);
    assert.deepEqual(readdirSync(join(dir, 'weights.bin')), ['keep']);
  });

  it('accepts only plain run file names', async () => {
    for (const good of ['weights.bin', 'metrics.jsonl', 'dataset.json']) {
      assert.equal(isRunFileName(good), true, good);
    }
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a\\b', 'c:x', 'weights.json.0123abcd.tmp']) {
      assert.equal(isRunFileName(bad), false, bad);
    }
    const store = new FileRunStore(tempDir());
    await assert.rejects(store.writeFile('../escape.json', '{}'), /not a run file name/);
    await assert.rejects(store.appendLine('metrics.jsonl', 'a\nb'), /newline/);
  });
});

describe('run files: recovery after a crash', () => {
  it('removes leftover temp files and cuts a torn last line, then appends cleanly', async () => {
    const dir = tempDir();
    const events = [start(), batch(1, 1), batch(1, 2)];
    const torn = JSON.stringify(batch(1, 3)).slice(0, 25);
    writeFileSync(join(dir, RUN_FILES.metrics), lines(events) + torn);
    writeFileSync(join(dir, 'weights.json.0a1b2c3d.tmp'), '{"format": "rnnlab-weig');
    writeFileSync(join(dir, RUN_FILES.weightsManifest), '{"format":"rnnlab-weights"}');

    // A reader skips the torn line without touching the folder.
    const before = parseMetrics(readFileSync(join(dir, RUN_FILES.metrics), 'utf8'));
    assert.equal(before.events.length, 3);
    assert.equal(before.skippedLines, 1);

    const { store, recovery } = await FileRunStore.open(dir);
    assert.deepEqual(recovery.removedTempFiles, ['weights.json.0a1b2c3d.tmp']);
    assert.equal(recovery.tornBytes, torn.length);
    assert.deepEqual(readdirSync(dir).sort(), [RUN_FILES.metrics, RUN_FILES.weightsManifest]);

    await store.appendLine(RUN_FILES.metrics, JSON.stringify(batch(1, 3)));
    const text = readFileSync(join(dir, RUN_FILES.metrics), 'utf8');
    assert.ok(text.endsWith('\n'));
    const after = parseMetrics(text);
    assert.equal(after.skippedLines, 0);
    assert.deepEqual(after.events, [...events, batch(1, 3)]);
  });

  it('repairs on the first append even without open(), and only once', async () => {
    const dir = tempDir();
    const file = join(dir, RUN_FILES.metrics);
    writeFileSync(file, `${JSON.stringify(start())}\n{"type":"ba`);
    const store = new FileRunStore(dir);
    await store.appendLine(RUN_FILES.metrics, JSON.stringify(batch(1, 1)));
    await store.appendLine(RUN_FILES.metrics, JSON.stringify(batch(1, 2)));
    assert.deepEqual(parseMetrics(readFileSync(file, 'utf8')), {
      events: [start(), batch(1, 1), batch(1, 2)],
      skippedLines: 0,
    });
  });

  it('keeps a complete last line that only lacks its newline', async () => {
    const dir = tempDir();
    const file = join(dir, RUN_FILES.metrics);
    writeFileSync(file, `${JSON.stringify(start())}\n${JSON.stringify(batch(1, 1))}`);
    assert.equal(await repairJsonLines(file), 0);
    assert.equal(parseMetrics(readFileSync(file, 'utf8')).events.length, 2);
    assert.ok(readFileSync(file, 'utf8').endsWith('\n'));
    assert.equal(await repairJsonLines(join(dir, 'missing.jsonl')), 0);
    assert.deepEqual(await recoverRunFolder(join(dir, 'no-such-run')), {
      removedTempFiles: [],
      tornBytes: 0,
    });
  });

  it('keeps events in order when appends are not awaited', async () => {
    const dir = tempDir();
    const store = new FileRunStore(dir);
    const writes = Array.from({ length: 60 }, (_, i) =>
      store.appendLine(RUN_FILES.metrics, JSON.stringify(batch(1, i + 1))),
    );
    await Promise.all(writes);
    const { events } = parseMetrics(readFileSync(join(dir, RUN_FILES.metrics), 'utf8'));
    assert.deepEqual(
      events.map((e) => (e.type === 'batch' ? e.batch : 0)),
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
  });

  it('survives a writer killed mid-run: every remaining line parses, the checkpoint is whole', async () => {
    const dir = tempDir();
    const modulePath = join(root, 'src/node/runFiles.ts');
    const script = `
      const { FileRunStore, writeFileAtomic } = require(${JSON.stringify(modulePath)});
      (async () => {
        const { store } = await FileRunStore.open(${JSON.stringify(dir)});
        const big = 'x'.repeat(20000);
        for (let i = 1; ; i++) {
          void store.appendLine('metrics.jsonl', JSON.stringify({ type: 'batch', batch: i, pad: big }));
          if (i % 5 === 0) {
            await writeFileAtomic(${JSON.stringify(join(dir, 'weights.json'))}, JSON.stringify({ i, big }));
            // Killed only after the first checkpoint exists.
            if (i === 5) process.stdout.write('ready\\n');
          }
          await store.flush();
        }
      })();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    await recoverRunFolder(dir);
    const text = readFileSync(join(dir, RUN_FILES.metrics), 'utf8');
    const { events, skippedLines } = parseMetrics(text);
    assert.equal(skippedLines, 0);
    assert.ok(events.length > 0);
    assert.ok(text === '' || text.endsWith('\n'));
    assert.ok(!readdirSync(dir).some((name) => name.endsWith('.tmp')));
    const checkpoint = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as { i: number };
    assert.equal(checkpoint.i % 5, 0);
  });
});

describe('run files: runs of a workspace', () => {
  it('creates unique run folders named like the CLI', async () => {
    const runs = join(tempDir(), '.rnnlab', 'runs');
    const now = new Date(2025, 0, 2, 3, 4, 5);
    const a = await createRunFolder(runs, 'copy', { now });
    const b = await createRunFolder(runs, 'copy', { now });
    const c = await createRunFolder(runs, 'copy', { now, purpose: 'compare gru' });
    assert.deepEqual(
      [a, b, c],
      ['copy-20250102-030405', 'copy-20250102-030405-2', 'copy-compare-gru-20250102-030405'],
    );
  });

  it('summarises runs: done, interrupted, failed; newest first', async () => {
    const runs = tempDir();
    const write = (id: string, events: TrainEvent[], time: number) => {
      mkdirSync(join(runs, id));
      writeFileSync(join(runs, id, RUN_FILES.metrics), lines(events));
      utimesSync(join(runs, id, RUN_FILES.metrics), time, time);
    };
    write(
      'done-run',
      [
        start('copy'),
        epochEvent(1),
        epochEvent(2),
        epochEvent(3),
        { type: 'done', epoch: 3, metrics: { loss: 0.2, accuracy: 0.9 }, seconds: 3 },
      ],
      1000,
    );
    write('cut-run', [start('reverse'), epochEvent(1), batch(2, 1)], 3000);
    write(
      'failed-run',
      [
        start('parity'),
        {
          type: 'failed',
          epoch: 1,
          batch: 2,
          reason: 'diverged',
          message: 'loss is NaN',
          seconds: 1,
        },
      ],
      2000,
    );
    mkdirSync(join(runs, 'not-a-run'));
    writeFileSync(
      join(runs, 'done-run', RUN_FILES.weightsManifest),
      JSON.stringify(legacyManifest(2)),
    );
    writeFileSync(join(runs, 'done-run', RUN_FILES.weightsData), new Uint8Array(8));

    const listed = await listRuns(runs, (dir) => `label:${dir.slice(runs.length + 1)}`);
    assert.deepEqual(
      listed.map((r) => [r.id, r.name, r.status]),
      [
        ['cut-run', 'reverse', 'interrupted'],
        ['failed-run', 'parity', 'failed'],
        ['done-run', 'copy', 'done'],
      ],
    );
    const done = listed[2];
    assert.equal(done?.folder, 'label:done-run');
    assert.equal(done?.epoch, 3);
    assert.equal(done?.epochs, 3);
    assert.equal(done?.hasCheckpoint, true);
    assert.equal(listed[0]?.hasCheckpoint, false);
    assert.equal(summarizeRun('x', 'x', [], false).status, 'interrupted');
  });

  it('reads a run snapshot with its checkpoint as base64', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, RUN_FILES.spec), JSON.stringify({ name: 'copy', model: {} }));
    writeFileSync(join(dir, RUN_FILES.dataset), '{"inputVocab":["a"]}');
    writeFileSync(join(dir, RUN_FILES.metrics), lines([start('copy'), epochEvent(1)]));
    writeFileSync(join(dir, RUN_FILES.weightsManifest), JSON.stringify(legacyManifest(1)));
    writeFileSync(join(dir, RUN_FILES.weightsData), new Uint8Array([1, 2, 3, 4]));
    const snapshot = await readRunSnapshot(dir, 'runs/x');
    assert.equal(snapshot.spec.name, 'copy');
    assert.deepEqual(snapshot.dataset, { inputVocab: ['a'] });
    assert.equal(snapshot.events.length, 2);
    assert.deepEqual(snapshot.weights, {
      manifest: legacyManifest(1),
      data: { encoding: 'base64', data: 'AQIDBA==' },
    });
    // A data file of another size than its manifest describes is not handed to the lab.
    writeFileSync(join(dir, RUN_FILES.weightsData), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    const damaged = await readRunSnapshot(dir, 'runs/x');
    assert.equal(damaged.weights, undefined);
    assert.equal(damaged.summary.hasCheckpoint, false);
  });

  it('clears what a killed writer left when runs are listed, but not while a writer is at work', async () => {
    const runs = tempDir();
    const dir = join(runs, 'killed');
    mkdirSync(dir);
    writeFileSync(join(dir, RUN_FILES.metrics), lines([start('copy')]));
    const stray = ['weights.json.0a1b2c3d.tmp', 'weights-0123456789abcdef.bin'];
    for (const name of stray) writeFileSync(join(dir, name), 'x');
    // Written by a process that is alive (this one): its files are work in progress.
    const lock = await acquireRunLock(dir, 'a test');
    await listRuns(runs);
    assert.deepEqual(readdirSync(dir).sort(), [...stray, 'metrics.jsonl', 'run.lock'].sort());
    await lock.release();
    // A lock of a process that is gone counts for nothing.
    writeFileSync(
      join(dir, 'run.lock'),
      JSON.stringify({ pid: 999_999_999, host: hostname(), since: 'x', by: 'x' }),
    );
    await listRuns(runs);
    assert.deepEqual(readdirSync(dir).sort(), ['metrics.jsonl', 'run.lock']);
  });

  it('names the files of a run’s model for an export, after checking the checkpoint', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, RUN_FILES.spec), '{}');
    writeFileSync(join(dir, RUN_FILES.weightsManifest), JSON.stringify(legacyManifest(1)));
    writeFileSync(join(dir, RUN_FILES.weightsData), new Uint8Array(4));
    assert.deepEqual(await modelFiles(dir), ['weights.json', 'weights.bin', 'spec.json']);
    writeFileSync(join(dir, RUN_FILES.dataset), '{}');
    const { store } = await FileRunStore.open(dir);
    const { file } = checkpointManifest(
      { epoch: 2 },
      [{ name: 'w', shape: [1], dtype: 'float32' }],
      new Uint8Array(4),
    );
    await writeCheckpoint(store, file, new Uint8Array(4));
    assert.deepEqual(await modelFiles(dir), [
      'weights.json',
      file.weightsManifest[0]?.paths[0],
      'spec.json',
      'dataset.json',
    ]);
    // The legacy data file went with the old checkpoint.
    assert.ok(!readdirSync(dir).includes('weights.bin'));
    writeFileSync(join(dir, file.weightsManifest[0]?.paths[0] ?? ''), new Uint8Array(8));
    await assert.rejects(modelFiles(dir), /damaged/);
  });

  it('finds the newest gate statistics, preferring a spec name', async () => {
    const runs = tempDir();
    const write = (id: string, events: TrainEvent[], time: number) => {
      mkdirSync(join(runs, id));
      writeFileSync(join(runs, id, RUN_FILES.metrics), lines(events));
      utimesSync(join(runs, id, RUN_FILES.metrics), time, time);
    };
    write('copy-1', [start('copy'), epochEvent(1, 0.5), epochEvent(2, 0.81)], 1000);
    write('parity-1', [start('parity'), epochEvent(1, 0.6)], 2000);
    write('sine-1', [start('sine'), batch(1, 1)], 3000); // newest, but no gate stats yet

    const newest = await findLiveGates([runs, join(runs, 'missing')]);
    assert.equal(newest?.runId, 'parity-1');
    const copy = await findLiveGates([runs], 'copy');
    assert.equal(copy?.runId, 'copy-1');
    assert.equal(copy?.epoch, 2);
    assert.equal(copy?.gates.find((g) => g.gate === 'f')?.mean, 0.81);
    assert.equal((await findLiveGates([runs], 'nothing-like-it'))?.runId, 'parity-1');
    assert.equal(await findLiveGates([join(runs, 'missing')]), undefined);
  });
});
