/**
 * A sweep in the run store and in the Sweep view: the record folded from a real sweep's events
 * equals the engine's own at the end and holds every finished point on the way; the host's writer
 * makes one folder, replaces `sweep.json` atomically in order and releases its lock at the end;
 * listing says which sweeps were cut short and names each point's run; the view's chart data
 * puts the numeric axis along x with a line per categorical value and the seeds' min–max band.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { runSweep } from '../../src/engine/sweep';
import { SweepRecorder, isSweepRecord, type SweepRecord } from '../../src/engine/sweepRecord';
import { SweepWriter } from '../../src/host/sweepWriter';
import { refusal } from '../../src/host/runWriter';
import {
  listSweeps,
  readPointEvents,
  readSweepRecord,
  SWEEP_FILE,
} from '../../src/node/sweepFiles';
import { LOCK_FILE } from '../../src/node/runLock';
import { validateSpecText } from '../../src/spec/validateSpec';
import {
  isHostToWebview,
  isWebviewToHost,
  type ViewKind,
  type WebviewToHost,
} from '../../src/protocol';
import { metricsOf, pointRows, sweepChartData, xAxisOf } from '../../webview/lab/views/sweepData';

const guardedRefusal = (type: WebviewToHost['type'], from: ViewKind, trusted: boolean) =>
  refusal({ type } as WebviewToHost, from, trusted);

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const SPEC = {
  name: 'recall-sweep',
  task: { kind: 'delayed-recall', lag: 2, samples: 32, testSamples: 8 },
  model: { cell: 'gru', hidden: 4, embedding: 3 },
  train: { epochs: 1, batchSize: 16, seed: 7 },
  sweep: { over: { 'task.lag': [2, 3], 'model.cell': ['rnn', 'gru'] }, seeds: 2 },
};

async function realSweep(): Promise<{ records: SweepRecord[]; final: SweepRecord }> {
  const checked = validateSpecText(JSON.stringify(SPEC));
  assert.ok(checked.sweep);
  const recorder = new SweepRecorder();
  const records: SweepRecord[] = [];
  const result = await runSweep({
    plan: checked.sweep,
    onEvent: (event) => {
      const record = recorder.add(event);
      if (record) records.push(structuredClone(record));
    },
  });
  const final = records[records.length - 1];
  assert.ok(final);
  assert.deepEqual({ ...final, planned: undefined }, { ...result, planned: undefined });
  return { records, final };
}

let sweep: Awaited<ReturnType<typeof realSweep>>;
before(async () => {
  sweep = await realSweep();
});

describe('the sweep record', () => {
  it('grows by one point per finished training and ends as the engine’s record', () => {
    const { records, final } = sweep;
    assert.deepEqual(
      records.map((r) => [r.status, r.points.length]),
      [
        ['running', 0],
        ['running', 1],
        ['running', 2],
        ['running', 3],
        ['running', 4],
        ['running', 5],
        ['running', 6],
        ['running', 7],
        ['running', 8],
        ['done', 8],
      ],
    );
    assert.equal(final.planned, 8);
    assert.equal(records[2]?.groups[0]?.metrics.loss?.n, 2, 'the first point, both seeds');
    assert.ok(records.every(isSweepRecord));
  });
});

describe('sweeps in the run store', () => {
  it('one folder, sweep.json replaced in order, the lock held until the record ends', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rnnlab-sweeps-'));
    const writer = new SweepWriter({
      root: () => root,
      find: async (id) => join(root, id),
      label: (dir) => dir.slice(root.length + 1),
      holder: 'test',
    });
    const [first, ...rest] = sweep.records;
    assert.ok(first);
    const { sweepId, folder } = await writer.save(undefined, first);
    assert.match(sweepId, /^recall-sweep-sweep-\d{8}-\d{6}$/);
    assert.equal(folder, sweepId);
    const middle = rest.slice(0, 3);
    await Promise.all(middle.map((r) => writer.save(sweepId, r)));
    const dir = join(root, sweepId);
    assert.equal((await readSweepRecord(dir)).points.length, 3, 'the last one sent is on disk');
    assert.ok(readdirSync(dir).includes(LOCK_FILE), 'locked while it runs');
    let [listed] = await listSweeps(root);
    assert.equal(listed?.status, 'running');
    for (const r of rest.slice(3)) await writer.save(sweepId, r);
    assert.deepEqual(readdirSync(dir).sort(), [SWEEP_FILE], 'the end releases the lock');
    [listed] = await listSweeps(root, (d) => d.slice(root.length + 1));
    assert.equal(listed?.status, 'done');
    assert.equal(listed?.finished, 8);
    assert.deepEqual(listed?.axes, ['task.lag', 'model.cell']);
    assert.equal(listed?.points[0]?.label, 'task.lag=2, model.cell=rnn, train.seed=7');
  });

  it('a record left running by a killed writer lists as interrupted; its temp file is cleared', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rnnlab-sweeps-'));
    const writer = new SweepWriter({
      root: () => root,
      find: async (id) => join(root, id),
      label: (dir) => dir,
      holder: 'test',
    });
    const { sweepId } = await writer.save(undefined, sweep.records[3] as SweepRecord);
    await writer.dispose(); // the lock goes, the record still says running
    const dir = join(root, sweepId);
    writeFileSync(join(dir, `${SWEEP_FILE}.0123abcd.tmp`), '{"half":');
    writeFileSync(join(root, 'not-a-sweep.json'), '{}');
    const [listed, ...others] = await listSweeps(root);
    assert.equal(others.length, 0);
    assert.equal(listed?.status, 'interrupted');
    assert.equal(listed?.finished, 3);
    assert.deepEqual(readdirSync(dir), [SWEEP_FILE]);
  });

  it("a saved Compare's point runs give back their epoch, reach and end events", async () => {
    const root = mkdtempSync(join(tmpdir(), 'rnnlab-points-'));
    const record: SweepRecord = {
      ...sweep.final,
      experiment: 'compare',
      points: sweep.final.points.map((p, i) => ({ ...p, runId: `cell-${i}` })),
    };
    // The first point's run folder as the run writer leaves it; the second point's run is gone.
    const events = [
      { type: 'start', firstEpoch: 1 },
      { type: 'batch', epoch: 1, batch: 1 },
      { type: 'gradients', epoch: 1, batch: 1 },
      { type: 'reach', when: 'init' },
      { type: 'epoch', epoch: 1 },
      { type: 'reach', when: 'trained' },
      { type: 'done', epoch: 1 },
    ];
    mkdirSync(join(root, 'cell-0'));
    writeFileSync(
      join(root, 'cell-0', 'metrics.jsonl'),
      events.map((e) => JSON.stringify(e)).join('\n') + '\n',
    );
    const found = await readPointEvents(record, async (id) =>
      id === 'cell-0' ? join(root, id) : undefined,
    );
    assert.deepEqual(Object.keys(found), ['cell-0']);
    assert.deepEqual(
      found['cell-0']?.map((e) => e.type),
      ['start', 'reach', 'epoch', 'reach', 'done'],
    );
    const sweep_ = { id: 's', folder: 'runs/s', record, runEvents: found };
    assert.equal(isHostToWebview({ type: 'showSweep', sweep: sweep_ }), true);
    assert.equal(
      isHostToWebview({ type: 'showSweep', sweep: { ...sweep_, runEvents: 'no' } }),
      false,
    );
  });

  it('the protocol checks a saveSweep from the page; the side bar may not save one', () => {
    const record = sweep.final;
    assert.equal(isWebviewToHost({ type: 'saveSweep', requestId: 1, record }), true);
    assert.equal(
      isWebviewToHost({ type: 'saveSweep', requestId: 1, sweepId: '../x', record }),
      false,
    );
    assert.equal(isWebviewToHost({ type: 'openSweep', sweepId: 'a/b' }), false);
    assert.match(guardedRefusal('saveSweep', 'sidebar', true) ?? '', /may not send "saveSweep"/);
    assert.match(guardedRefusal('saveSweep', 'lab', false) ?? '', /untrusted/);
    assert.equal(guardedRefusal('openSweep', 'sidebar', true), undefined);
  });
});

describe('the Sweep view’s data', () => {
  it('the numeric axis along x, a line per categorical value, the band from the seeds', () => {
    const record = sweep.final;
    assert.deepEqual(xAxisOf(record), { field: 'task.lag', numeric: true });
    assert.deepEqual(metricsOf(record), ['accuracy', 'sequenceAccuracy', 'loss']);
    const data = sweepChartData(record, 'accuracy');
    assert.deepEqual(data.x, [2, 3]);
    assert.deepEqual(
      data.lines.map((l) => l.label),
      ['model.cell=rnn', 'model.cell=gru'],
    );
    for (const line of data.lines) {
      line.mean.forEach((m, i) => {
        assert.ok(m !== null);
        assert.ok((line.low[i] ?? 2) <= m + 1e-12 && m <= (line.high[i] ?? -1) + 1e-12);
      });
    }
    const g = record.groups.find(
      (x) => x.point['task.lag'] === 3 && x.point['model.cell'] === 'gru',
    );
    const seeds = (g?.points ?? []).map((i) => record.points[i]?.metrics?.accuracy ?? NaN);
    assert.equal(data.lines[1]?.low[1], Math.min(...seeds));
    assert.equal(data.lines[1]?.high[1], Math.max(...seeds));
  });

  it('a categorical-only sweep puts the categories along x; the CSV has a row per training', () => {
    const record: SweepRecord = {
      ...sweep.final,
      axes: [{ field: 'model.cell', values: ['rnn', 'gru'] }],
    };
    assert.deepEqual(xAxisOf(record), { field: 'model.cell', numeric: false });
    const { header, rows } = pointRows(sweep.final);
    assert.deepEqual(header.slice(0, 4), ['task.lag', 'model.cell', 'train.seed', 'status']);
    assert.equal(rows.length, 8);
  });
});
