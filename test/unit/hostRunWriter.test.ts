/**
 * The host's own rules for what webviews may make it write (src/host/runWriter.ts): nothing in an
 * untrusted workspace, nothing from the side bar, and from the lab only the files a checkpoint is
 * made of, verified, as one atomic step; live runs hold their folder's lock until their last event.
 */
import type { SweepRecord } from '../../src/engine/sweepRecord';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkpointManifest, type WeightEntry } from '../../src/engine/checkpointFormat';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { DISK_WRITES, refusal, RunWriter, writeSentCheckpoint } from '../../src/host/runWriter';
import { liveLockHolder, LOCK_FILE } from '../../src/node/runLock';
import { createRunFolder, FileRunStore } from '../../src/node/runFiles';
import type { ViewKind, WebviewToHost } from '../../src/protocol/messages';
import type { ResolvedSpec } from '../../src/spec/resolveSpec';

const payload = { encoding: 'utf8' as const, data: '' };
const spec = { name: 'copy' } as unknown as ResolvedSpec;
const event: TrainEvent = { type: 'stopped', epoch: 1, batch: 0, seconds: 0 };

/** One message of every type a webview can send. */
const MESSAGES: WebviewToHost[] = [
  { type: 'ready', view: 'lab', protocol: 1 },
  { type: 'startRun', requestId: 1, spec },
  { type: 'trainEvent', runId: 'r', event },
  { type: 'saveCheckpoint', requestId: 2, runId: 'r', files: [] },
  { type: 'saveFile', requestId: 3, suggestedName: 'a.png', kind: 'png', payload },
  { type: 'revealProblem', uri: 'file:///a.rnnlab.json', line: 1, column: 1 },
  { type: 'log', level: 'info', message: 'hello' },
  { type: 'status', state: 'idle' },
  { type: 'openRun', runId: 'r' },
  { type: 'openSweep', sweepId: 's' },
  { type: 'saveSweep', requestId: 5, record: {} as SweepRecord },
  { type: 'reply', requestId: 4, ok: true },
];

const WEIGHTS: WeightEntry[] = [{ name: 'w', shape: [3], dtype: 'float32' }];
const values = (...xs: number[]) => new Uint8Array(new Float32Array(xs).buffer);

/** The files the lab sends for a checkpoint of `data` at `epoch`. */
function checkpointFiles(epoch: number, data: Uint8Array) {
  const { file, dataName } = checkpointManifest({ epoch }, WEIGHTS, data);
  return {
    dataName,
    files: [
      { name: dataName, data },
      { name: 'weights.json', data: new TextEncoder().encode(JSON.stringify(file)) },
    ],
  };
}

async function openRun() {
  const root = mkdtempSync(join(tmpdir(), 'rnnlab-host-'));
  const id = await createRunFolder(root, 'copy');
  const dir = join(root, id);
  const { store } = await FileRunStore.open(dir, { lock: 'a test' });
  return { root, id, dir, store };
}

describe('host: which webview messages it acts on', () => {
  it('refuses every message that writes to disk in an untrusted workspace, from any view', () => {
    for (const message of MESSAGES) {
      const refused = refusal(message, 'lab', false);
      assert.equal(refused !== undefined, DISK_WRITES.has(message.type), message.type);
      if (refused) assert.match(refused, /untrusted workspace/);
    }
    assert.deepEqual([...DISK_WRITES].sort(), [
      'saveCheckpoint',
      'saveFile',
      'saveSweep',
      'startRun',
      'trainEvent',
    ]);
  });

  it('lets the side bar only get ready, log, open a run or a sweep and answer, trusted or not', () => {
    const allowed = (view: ViewKind, trusted: boolean) =>
      MESSAGES.filter((m) => refusal(m, view, trusted) === undefined).map((m) => m.type);
    assert.deepEqual(allowed('sidebar', true), ['ready', 'log', 'openRun', 'openSweep', 'reply']);
    assert.deepEqual(allowed('sidebar', false), ['ready', 'log', 'openRun', 'openSweep', 'reply']);
    assert.match(refusal(MESSAGES[1] as WebviewToHost, 'sidebar', true) ?? '', /side bar may not/);
    // The lab, trusted, may send them all.
    assert.equal(allowed('lab', true).length, MESSAGES.length);
  });
});

describe('host: the checkpoint files a page may have written', () => {
  it('writes a verified checkpoint atomically and keeps only the newest data file', async () => {
    const { dir, store } = await openRun();
    const first = checkpointFiles(1, values(1, 2, 3));
    assert.deepEqual(await writeSentCheckpoint(store, first.files), [
      first.dataName,
      'weights.json',
    ]);
    const second = checkpointFiles(2, values(4, 5, 6));
    await writeSentCheckpoint(store, [
      ...second.files,
      { name: 'dataset.json', data: new TextEncoder().encode(DATASET) },
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8'));
    assert.equal(manifest.epoch, 2);
    assert.deepEqual(manifest.weightsManifest[0].paths, [second.dataName]);
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith('weights-')),
      [second.dataName],
    );
    assert.ok(existsSync(join(dir, 'dataset.json')));
    await store.close();
  });

  it('refuses, writing nothing, names a checkpoint does not own and data that is not what it says', async () => {
    const { dir, store } = await openRun();
    const good = checkpointFiles(1, values(1, 2, 3));
    const before = readdirSync(dir).sort();
    const text = (s: string) => new TextEncoder().encode(s);
    const attempts: [string, { name: string; data: Uint8Array }[], RegExp][] = [
      ['spec.json', [...good.files, { name: 'spec.json', data: text('{}') }], /not a checkpoint/],
      ['metrics', [{ name: 'metrics.jsonl', data: text('{}\n') }], /not a checkpoint/],
      ['the lock', [{ name: LOCK_FILE, data: text('{}') }], /not a checkpoint/],
      ['a path', [{ name: '../evil.json', data: text('{}') }], /not a checkpoint/],
      ['legacy name', [{ name: 'weights.bin', data: values(1) }], /not a checkpoint/],
      ['any other file', [{ name: 'notes.txt', data: text('x') }], /not a checkpoint/],
      ['no manifest', [good.files[0] as never], /needs weights\.json/],
      [
        'a torn data file',
        [{ name: good.dataName, data: values(1, 2) }, good.files[1] as never],
        /has 8 bytes/,
      ],
      [
        'other values under the name',
        [{ name: good.dataName, data: values(9, 9, 9) }, good.files[1] as never],
        /checksum/,
      ],
      ['the data missing', [good.files[1] as never], /which was not sent/],
      [
        'a second data file',
        [...good.files, { name: 'weights-0123456789abcdef.bin', data: values(1, 2, 3) }],
        /not named by the manifest/,
      ],
      [
        'a bad dataset.json',
        [...good.files, { name: 'dataset.json', data: text('{"type":"nope"}') }],
        /dataset\.json/,
      ],
    ];
    for (const [what, files, error] of attempts) {
      await assert.rejects(writeSentCheckpoint(store, files), error, what);
      assert.deepEqual(readdirSync(dir).sort(), before, `${what}: nothing written`);
    }
    await store.close();
  });
});

describe('host: live runs and their locks', () => {
  it('holds a run folder’s lock from its start until its last event', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rnnlab-host-'));
    const writer = new RunWriter({
      async create(s) {
        const runId = await createRunFolder(root, s.name);
        const dir = join(root, runId);
        const { store } = await FileRunStore.open(dir, { lock: 'the RNN Lab extension' });
        await store.writeFile('spec.json', JSON.stringify(s));
        return { runId, dir, store, folder: runId };
      },
      async reopen(runId) {
        const dir = join(root, runId);
        if (!existsSync(dir)) return undefined;
        return {
          dir,
          store: (await FileRunStore.open(dir, { lock: 'the RNN Lab extension' })).store,
        };
      },
    });
    const { runId, dir } = await writer.startRun(spec, undefined);
    assert.equal((await liveLockHolder(dir))?.by, 'the RNN Lab extension');
    const batch: TrainEvent = {
      type: 'batch',
      epoch: 1,
      batch: 1,
      batches: 1,
      loss: 1,
      meanLoss: 1,
      stepsPerSecond: 1,
    };
    await writer.recordEvent(runId, batch);
    await writer.saveCheckpoint(runId, checkpointFiles(1, values(1, 2, 3)).files);
    assert.ok(existsSync(join(dir, LOCK_FILE)));
    await writer.recordEvent(runId, { type: 'done', epoch: 1, metrics: { loss: 1 }, seconds: 1 });
    assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'released after the last event');
    const types = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as TrainEvent).type);
    assert.deepEqual(types, ['batch', 'done']);
    // A run continued later is opened and locked again; what arrives meanwhile waits, in order.
    const pending = [
      writer.recordEvent(runId, batch),
      writer.saveCheckpoint(runId, checkpointFiles(2, values(4, 5, 6)).files),
      writer.recordEvent(runId, { ...batch, batch: 2 }),
    ];
    await Promise.all(pending);
    assert.ok(existsSync(join(dir, LOCK_FILE)));
    const after = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').slice(2);
    assert.deepEqual(
      after.map((l) => (JSON.parse(l) as { batch: number }).batch),
      [1, 2],
    );
    assert.equal(JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')).epoch, 2);
    await writer.dispose();
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
    await assert.rejects(writer.recordEvent('nope', batch), /no run folder "nope"/);
  });
});

const DATASET = JSON.stringify({
  type: 'symbols',
  architecture: 'many-to-one',
  inputVocab: { tokens: ['<pad>', 'a'], pad: 0 },
  outputVocab: { tokens: ['<pad>', '0', '1'], pad: 0 },
  maxInputLength: 4,
  maxTargetLength: 1,
});
