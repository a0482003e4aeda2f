/**
 * The lab's runtime in Node (it imports no DOM): training a spec and what the host and the views
 * hear, a divergence told by its reason, Compare, Bottleneck and the spec's sweep as sweeps of
 * the engine, Stop keeping the finished points, trust and one call at a time. On TensorFlow.js'
 * CPU backend; WebGL and its lost context are the browser tests'.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SweepEvent } from '../../src/engine/sweep';
import { bottleneckResultOf, compareResultOf } from '../../src/engine/experiments';
import type { SweepRecord } from '../../src/engine/sweepRecord';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { yieldToEventLoop } from '../../src/engine/yieldToEventLoop';
import type { SpecSnapshot } from '../../src/protocol/messages';
import { validateSpecText } from '../../src/spec/validateSpec';
import type { RuntimeState, VariantTag } from '../../webview/lab/labContracts';
import { WebviewLabRuntime } from '../../webview/lab/runtime/labRuntime';
import type { RunHost } from '../../webview/lab/runtime/runHost';
import { cpuPlatform } from '../shared/cpuPlatform';

function snapshotOf(spec: object): SpecSnapshot {
  const text = JSON.stringify(spec, null, 2);
  const checked = validateSpecText(text);
  assert.deepEqual(
    checked.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return {
    uri: 'file:///workspace/test.rnnlab.json',
    fileName: 'test.rnnlab.json',
    text,
    problems: checked.problems,
    ...(checked.spec ? { spec: checked.spec } : {}),
    ...(checked.sweep ? { sweep: checked.sweep } : {}),
    dataLoaded: true,
  };
}

/** A host that keeps what the runtime sends it (the protocol's side of the page). */
function recordingHost() {
  const runs: { runId: string; purpose: string | undefined }[] = [];
  const events: { runId: string; event: TrainEvent }[] = [];
  const checkpoints: { runId: string; files: string[] }[] = [];
  const statuses: string[] = [];
  const sweeps: { sweepId: string | undefined; record: SweepRecord }[] = [];
  const host: RunHost = {
    async saveSweep(sweepId, record) {
      sweeps.push({ sweepId, record });
      return { sweepId: sweepId ?? 'sweep-1', folder: '.rnnlab/runs/sweep-1' };
    },
    async startRun(spec, _dataset, purpose) {
      const runId = `run-${runs.length + 1}-${purpose ?? spec.name}`;
      runs.push({ runId, purpose });
      return { runId, folder: `.rnnlab/runs/${runId}` };
    },
    trainEvent: (runId, event) => void events.push({ runId, event }),
    async saveCheckpoint(runId, files) {
      checkpoints.push({ runId, files: files.map((f) => f.name) });
    },
    status: (state) => void statuses.push(state),
    log: () => {},
  };
  return { host, runs, events, checkpoints, statuses, sweeps };
}

/** What the views hear. */
function recordingViews(runtime: WebviewLabRuntime) {
  const heard = {
    events: [] as { event: TrainEvent; tag: VariantTag }[],
    sweep: [] as { event: SweepEvent; experiment: string }[],
    states: [] as { state: RuntimeState; detail: string | undefined }[],
    notices: [] as string[],
  };
  runtime.subscribe({
    trainEvent: (event, tag) => void heard.events.push({ event, tag }),
    sweepEvent: (event, experiment) => void heard.sweep.push({ event, experiment }),
    state: (state, detail) => void heard.states.push({ state, detail }),
    backend: () => {},
    notice: (message) => void heard.notices.push(message),
  });
  return heard;
}

/** The listeners are told in a task of their own: let it run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await yieldToEventLoop();
}

async function runtimeOn(spec: object) {
  const recorded = recordingHost();
  const runtime = new WebviewLabRuntime({ host: recorded.host, lang: 'en', platform: cpuPlatform });
  const heard = recordingViews(runtime);
  await runtime.start('cpu');
  await runtime.load(snapshotOf(spec));
  return { runtime, heard, ...recorded };
}

const RECALL = {
  name: 'recall-tiny',
  task: { kind: 'delayed-recall', lag: 3, samples: 48, testSamples: 12 },
  model: { cell: 'gru', hidden: 6, embedding: 4 },
  train: { epochs: 2, batchSize: 16, seed: 3 },
};

const REVERSE = {
  name: 'reverse-tiny',
  task: { kind: 'reverse', length: [3, 4], vocab: 'abc', samples: 40, testSamples: 12 },
  model: { cell: 'gru', hidden: 6, embedding: 4, architecture: 'seq2seq' },
  train: { epochs: 1, batchSize: 16, seed: 2 },
};

before(async () => {
  await cpuPlatform.start(
    'cpu',
    'test',
    (await import('../../webview/lab/runtime/runtimeText')).runtimeText('en'),
  );
});

describe('lab runtime (Node, CPU backend)', () => {
  it('trains the loaded spec: the host gets the run and its events, the views its states', async () => {
    const { runtime, heard, runs, events, checkpoints } = await runtimeOn(RECALL);
    assert.equal(runtime.state, 'ready');
    assert.equal(runtime.backendInfo?.name, 'cpu');
    await runtime.train();
    await settle();
    assert.equal(runtime.state, 'done');
    assert.equal(runtime.isBusy, false);
    assert.deepEqual(runs, [{ runId: 'run-1-recall-tiny', purpose: undefined }]);
    const types = events.map((e) => e.event.type);
    assert.equal(types[0], 'start');
    assert.equal(types.at(-1), 'done');
    assert.equal(types.filter((t) => t === 'epoch').length, 2);
    // Each epoch is told with its checkpoint.
    assert.deepEqual(
      types.filter((t) => t === 'epoch' || t === 'checkpoint'),
      ['epoch', 'checkpoint', 'epoch', 'checkpoint'],
    );
    assert.equal(checkpoints.length, 2);
    // The checkpoint's content-named data file first, then the manifest naming it.
    assert.match(checkpoints[0]?.files[0] ?? '', /^weights-[0-9a-f]{16}\.bin$/);
    assert.ok(checkpoints[0]?.files.includes('weights.json'));
    assert.deepEqual(
      heard.states.map((s) => s.state),
      ['ready', 'training', 'done'],
    );
    assert.ok(heard.events.every((e) => e.tag.experiment === 'train'));
    assert.equal(heard.events.length, events.length);
    const inspection = await runtime.inspect('abcd');
    assert.equal(inspection.layers[0]?.h.length, 4);
  });

  it('a diverging run fails with reason "diverged" and the engine\'s own advice', async () => {
    const { runtime, heard, events } = await runtimeOn({
      name: 'boom',
      task: { kind: 'delayed-recall', lag: 20, samples: 32, testSamples: 8 },
      model: { cell: 'rnn', activation: 'relu', hidden: 16, embedding: 8 },
      train: { epochs: 5, batchSize: 16, optimizer: 'sgd', learningRate: 10 },
    });
    await runtime.train();
    await settle();
    const failed = events.map((e) => e.event).find((e) => e.type === 'failed');
    assert.ok(failed?.type === 'failed');
    assert.equal(failed.reason, 'diverged');
    assert.match(failed.message, /^Training diverged: the .* became NaN or infinite/);
    // Not a backend failure: no "try another backend" advice appended.
    assert.doesNotMatch(failed.message, /another backend/);
    assert.equal(runtime.state, 'failed');
    assert.equal(heard.states.at(-1)?.detail, failed.message);
  });

  it('Compare is a sweep over model.cell: a run per cell, events tagged, the sweep told', async () => {
    const { runtime, heard, runs, sweeps } = await runtimeOn(RECALL);
    const result = await runtime.compare(['rnn', 'gru']);
    await settle();
    assert.deepEqual(
      result.runs.map((r) => [r.cell, r.runId, r.stopped ?? false]),
      [
        ['rnn', 'run-1-compare-rnn', false],
        ['gru', 'run-2-compare-gru', false],
      ],
    );
    for (const run of result.runs) assert.ok(run.metrics && Number.isFinite(run.metrics.loss));
    assert.deepEqual(
      runs.map((r) => r.purpose),
      ['compare-rnn', 'compare-gru'],
    );
    const tags = heard.events.map((e) => e.tag);
    assert.ok(tags.every((t) => t.experiment === 'compare'));
    assert.deepEqual([...new Set(tags.map((t) => t.variant))], ['rnn', 'gru']);
    assert.deepEqual(tags[0]?.point, {
      index: 0,
      values: { 'model.cell': 'rnn', 'train.seed': 3 },
    });
    assert.deepEqual(
      heard.sweep.map((s) => s.event.type),
      ['sweep-start', 'point-start', 'point-done', 'point-start', 'point-done', 'sweep-done'],
    );
    assert.ok(heard.sweep.every((s) => s.experiment === 'compare'));
    assert.equal(runtime.state, 'done');
    // Saved as a sweep (sweep.json) marked as a Compare, its points naming the cells' runs; the
    // saved record gives back the same answer (what the lab shows when the side bar opens it).
    const saved = sweeps.at(-1)?.record;
    assert.equal(saved?.experiment, 'compare');
    assert.equal(saved?.status, 'done');
    assert.deepEqual(
      saved?.points.map((p) => [p.point['model.cell'], p.runId]),
      [
        ['rnn', 'run-1-compare-rnn'],
        ['gru', 'run-2-compare-gru'],
      ],
    );
    assert.deepEqual(
      compareResultOf(saved?.points ?? []).runs.map((r) => [r.cell, r.metrics?.loss]),
      result.runs.map((r) => [r.cell, r.metrics?.loss]),
    );
    assert.ok(compareResultOf(saved?.points ?? []).runs.every((r) => (r.params ?? 0) > 0));
  });

  it('Stop during a compare keeps the finished cell; the cells not begun are stopped', async () => {
    const { runtime, heard } = await runtimeOn({
      ...RECALL,
      train: { ...RECALL.train, epochs: 3 },
    });
    // Stop once the second cell has trained a batch.
    runtime.subscribe({
      trainEvent: (event, tag) => {
        if (tag.variant === 'lstm' && event.type === 'batch') runtime.stop();
      },
      state: () => {},
      backend: () => {},
      notice: () => {},
    });
    const result = await runtime.compare(['rnn', 'lstm', 'gru']);
    await settle();
    assert.deepEqual(
      result.runs.map((r) => [r.cell, r.stopped ?? false, r.metrics !== undefined]),
      [
        ['rnn', false, true],
        ['lstm', true, result.runs[1]?.metrics !== undefined],
        ['gru', true, false],
      ],
    );
    assert.equal(result.runs[2]?.runId, undefined, 'the cell not begun has no run');
    assert.equal(runtime.state, 'stopped');
    const done = heard.sweep.find((s) => s.event.type === 'sweep-done')?.event;
    assert.ok(done?.type === 'sweep-done');
    assert.equal(done.result.status, 'stopped');
    assert.deepEqual(
      done.result.points.map((p) => p.status),
      ['done', 'stopped', 'skipped'],
    );
  });

  it('Bottleneck is a sweep over model.attention measured by input length', async () => {
    const { runtime, runs, heard, sweeps } = await runtimeOn(REVERSE);
    const result = await runtime.bottleneck(['none', 'additive']);
    await settle();
    assert.deepEqual(
      runs.map((r) => r.purpose),
      ['bottleneck-none', 'bottleneck-additive'],
    );
    const lengths = [...new Set(result.points.map((p) => p.length))].sort();
    assert.deepEqual(lengths, [3, 4]);
    for (const attention of ['none', 'additive']) {
      assert.equal(result.points.filter((p) => p.attention === attention).length, 2);
    }
    for (const p of result.points) assert.ok(p.accuracy >= 0 && p.accuracy <= 1);
    assert.ok(heard.notices.some((n) => /^Bottleneck: each model trains 1 epoch/.test(n)));
    const saved = sweeps.at(-1)?.record;
    assert.equal(saved?.experiment, 'bottleneck');
    assert.deepEqual(bottleneckResultOf(saved?.points ?? []), result, 'saved with its lengths');
    await assert.rejects(
      (await runtimeOn(RECALL)).runtime.bottleneck(['none']),
      /needs a seq2seq spec \(this one is many-to-one\)/,
    );
  });

  it("runs the spec's own sweep: every point a run, mean and spread per grid point", async () => {
    const { runtime, runs, heard, sweeps } = await runtimeOn({
      ...RECALL,
      train: { ...RECALL.train, epochs: 1 },
      sweep: { over: { 'task.lag': [2, 4] }, seeds: 2 },
    });
    const record = await runtime.sweep();
    await settle();
    assert.equal(record.status, 'done');
    assert.deepEqual(
      record.points.map((p) => [p.point['task.lag'], p.point['train.seed'], p.status]),
      [
        [2, 3, 'done'],
        [2, 4, 'done'],
        [4, 3, 'done'],
        [4, 4, 'done'],
      ],
    );
    assert.deepEqual(
      runs.map((r) => r.purpose),
      ['sweep-1', 'sweep-2', 'sweep-3', 'sweep-4'],
    );
    assert.equal(record.groups.length, 2);
    assert.equal(record.groups[0]?.metrics.accuracy?.n, 2);
    assert.ok(heard.events.every((e) => e.tag.experiment === 'sweep' && e.tag.point));
    // Saved as it went: the start, each point, the end; the first save makes the folder.
    assert.deepEqual(
      sweeps.map((s) => [s.sweepId, s.record.status, s.record.points.length]),
      [
        [undefined, 'running', 0],
        ['sweep-1', 'running', 1],
        ['sweep-1', 'running', 2],
        ['sweep-1', 'running', 3],
        ['sweep-1', 'running', 4],
        ['sweep-1', 'done', 4],
      ],
    );
    const last = sweeps[sweeps.length - 1]?.record;
    assert.equal(last?.planned, 4);
    assert.deepEqual(
      last?.points.map((p) => p.runId),
      runs.map((r) => r.runId),
      'each point names its run',
    );
    assert.deepEqual(sweeps[2]?.record.groups[0]?.metrics.accuracy?.n, 2);
    // A spec without a sweep says so.
    await assert.rejects((await runtimeOn(RECALL)).runtime.sweep(), /has no "sweep"/);
  });

  it('trains only when trusted, and one call at a time', async () => {
    const { runtime, heard, runs } = await runtimeOn(RECALL);
    runtime.setTrusted(false);
    await runtime.train();
    await assert.rejects(runtime.compare(['rnn']), /not trusted/);
    await settle();
    assert.equal(runs.length, 0);
    assert.ok(heard.notices.some((n) => /not trusted/.test(n)));
    runtime.setTrusted(true);
    const training = runtime.train();
    assert.equal(runtime.isBusy, true);
    await assert.rejects(runtime.compare(['rnn']), /busy/);
    await training;
    assert.equal(runtime.isBusy, false);
  });
});
