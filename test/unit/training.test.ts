/**
 * The training loop and run storage: determinism, learning, divergence (NaN) handling that keeps
 * the last good checkpoint, no tensor leaks across epochs, cancellation within one batch,
 * checkpoints that load back to identical predictions, continuing a run, events; and the CLI's
 * `train`, `inspect` and `compare` on tiny specs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { CliIO } from '../../src/cli/command';
import { bottleneckCommand } from '../../src/cli/commands/bottleneck';
import { compareCommand } from '../../src/cli/commands/compare';
import { inspectCommand } from '../../src/cli/commands/inspect';
import { trainCommand } from '../../src/cli/commands/train';
import { FileRunStore } from '../../src/node/runFiles';
import { inspectSequence } from '../../src/engine/inspectSequence';
import {
  loadRun,
  MemoryRunStore,
  readMetrics,
  readText,
  type WeightsFile,
} from '../../src/engine/runStore';
import { RUN_FILES } from '../../src/engine/runFileNames';
import { createModel, type SeqModel } from '../../src/engine/seqModel';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { createTrainControl, trainModel, type TrainOptions } from '../../src/engine/trainRun';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { buildDataset } from '../../src/tasks/buildDataset';
import type { Dataset } from '../../src/tasks/dataset';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function specOf(spec: Omit<Spec, 'name'>): ResolvedSpec {
  return resolveSpec({ name: 'test', ...spec });
}

/** xs[i], failing the test when it is missing (the lint forbids `!`). */
function at<T>(xs: readonly T[] | undefined, i: number): T {
  const x = xs?.[i];
  if (x === undefined) throw new Error(`no element ${i}`);
  return x;
}

const recall = (train: Spec['train'] = {}, model: Spec['model'] = {}) =>
  specOf({
    task: { kind: 'delayed-recall', lag: 3, samples: 160, testSamples: 40 },
    model: { cell: 'lstm', hidden: 8, embedding: 4, ...model },
    train: { epochs: 3, batchSize: 16, learningRate: 0.02, ...train },
  });

interface Trained {
  events: TrainEvent[];
  result: Awaited<ReturnType<typeof trainModel>>;
  model: SeqModel;
  dataset: Dataset;
}

async function train(
  spec: ResolvedSpec,
  extra: Partial<TrainOptions> & { keep?: boolean } = {},
): Promise<Trained> {
  const dataset = extra.dataset ?? buildDataset(spec);
  const model = extra.model ?? createModel(spec, dataset);
  const events: TrainEvent[] = [];
  const { keep, onEvent, ...rest } = extra;
  const result = await trainModel({
    spec,
    dataset,
    model,
    ...rest,
    onEvent: (e) => {
      events.push(e);
      onEvent?.(e);
    },
  });
  if (!keep) model.dispose();
  return { events, result, model, dataset };
}

const losses = (events: TrainEvent[]) =>
  events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));

describe('trainModel', () => {
  it('is deterministic: the same seed gives the same losses, another seed others', async () => {
    const a = await train(recall({ epochs: 2, seed: 5 }));
    const b = await train(recall({ epochs: 2, seed: 5 }));
    const c = await train(recall({ epochs: 2, seed: 6 }));
    assert.equal(a.result.status, 'done');
    assert.deepEqual(losses(a.events), losses(b.events));
    assert.notDeepEqual(losses(a.events), losses(c.events));
  });

  it('lowers the loss on a small task, and reports the documented events', async () => {
    const { events, result } = await train(recall({ epochs: 6 }));
    assert.equal(result.status, 'done');
    const epochs = result.epochs;
    assert.equal(epochs.length, 6);
    assert.ok(
      at(epochs, 5).testLoss < at(epochs, 0).testLoss * 0.7,
      JSON.stringify(epochs.map((e) => e.testLoss)),
    );
    assert.equal(events[0]?.type, 'start');
    assert.equal(events[events.length - 1]?.type, 'done');
    const start = events[0];
    if (start?.type === 'start') {
      assert.equal(start.batchesPerEpoch, 10);
      assert.equal(start.params.total, result.epochs.length > 0 ? start.params.total : 0);
    }
    const epoch = at(epochs, 0);
    assert.ok(epoch.accuracy !== undefined && epoch.sequenceAccuracy === epoch.accuracy);
    // LSTM gates i, f, o (the sigmoid ones) of the one layer.
    assert.deepEqual(
      epoch.gates.map((g) => g.gate),
      ['i', 'f', 'o'],
    );
    for (const g of epoch.gates) {
      assert.ok(g.mean > 0 && g.mean < 1 && g.below01 >= 0 && g.above09 <= 1);
    }
    // Every event survives JSON (metrics.jsonl, postMessage).
    for (const e of events) assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
  });

  it('reports per-step gradient norms of encoder and decoder every gradientEvery batches', async () => {
    const spec = specOf({
      task: { kind: 'reverse', length: 4, vocab: 'abcd', samples: 48, testSamples: 8 },
      model: { cell: 'gru', hidden: 6, embedding: 4, attention: 'additive' },
      train: { epochs: 1, batchSize: 16, gradientEvery: 2 },
    });
    const { events } = await train(spec);
    const gradients = events.filter((e) => e.type === 'gradients');
    assert.deepEqual(
      gradients.map((g) => g.batch),
      [1, 3],
    );
    const g = at(gradients, 0);
    assert.deepEqual(
      g.layers.map((l) => [l.layer, l.norms.length]),
      [
        ['encoder 1', 4],
        ['decoder 1', 5],
      ],
    );
    assert.ok(g.layers.every((l) => l.norms.every((n) => Number.isFinite(n) && n >= 0)));
    assert.ok(g.weights.some((w) => w.name === 'attention/score'));
    const total = Math.sqrt(g.weights.reduce((s, w) => s + w.norm ** 2, 0));
    assert.ok(Math.abs(total - g.globalNorm) < 1e-3 * Math.max(1, total));
  });

  it('leaks no tensors: the count after every epoch equals the count after the first', async () => {
    const counts: number[] = [];
    const spec = specOf({
      task: { kind: 'reverse', length: [3, 4], vocab: 'abc', samples: 48, testSamples: 8 },
      model: { cell: 'lstm', hidden: 6, embedding: 4, attention: 'dot' },
      train: { epochs: 4, batchSize: 16, gradientEvery: 3, teacherForcing: 0.5 },
    });
    const store = new MemoryRunStore();
    const { result } = await train(spec, {
      store,
      onEvent: (e) => {
        if (e.type === 'checkpoint') counts.push(tf.memory().numTensors);
      },
    });
    assert.equal(result.status, 'done');
    assert.equal(counts.length, 4);
    assert.ok(
      counts.every((n) => n === counts[0]),
      `tensors after each epoch: ${counts.join(', ')}`,
    );
  });

  it('stops within one batch when the signal aborts', async () => {
    const controller = new AbortController();
    let batchesAfterAbort = 0;
    const { events, result } = await train(recall({ epochs: 3 }), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type !== 'batch') return;
        if (controller.signal.aborted) batchesAfterAbort++;
        if (e.epoch === 2 && e.batch === 3) controller.abort();
      },
    });
    assert.equal(result.status, 'stopped');
    assert.equal(batchesAfterAbort, 0);
    const stopped = events[events.length - 1];
    assert.equal(stopped?.type, 'stopped');
    if (stopped?.type === 'stopped') {
      assert.equal(stopped.epoch, 2);
      assert.equal(stopped.batch, 3);
      assert.ok(stopped.metrics);
    }
    assert.equal(result.epoch, 1);
  });

  it('yields to the event loop between batches, so a timer can stop it', async () => {
    const controller = new AbortController();
    let aborted = -1;
    let last = 0;
    const timer = setTimeout(() => {
      aborted = last;
      controller.abort();
    }, 50);
    const { events } = await train(recall({ epochs: 50 }), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'batch') last++;
      },
    });
    clearTimeout(timer);
    assert.equal(events[events.length - 1]?.type, 'stopped');
    // The timer fired between two batches: no batch ran after it.
    assert.equal(last, aborted);
  });

  it('stops on a NaN loss with the epoch, batch and a hint, keeping the last good checkpoint', async () => {
    const store = new MemoryRunStore();
    const spec = recall({ epochs: 4 });
    const model = createModel(spec, buildDataset(spec));
    const { events, result } = await train(spec, {
      store,
      model,
      onEvent: (e) => {
        // Poison a weight once epoch 1 is saved: epoch 2's first batch gives NaN.
        if (e.type === 'checkpoint' && e.epoch === 1) {
          const head = at(
            model.weights().filter((w) => w.name === 'head/kernel'),
            0,
          ).variable;
          head.assign(tf.fill(head.shape, NaN));
        }
      },
    });
    model.dispose();
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /epoch 2, batch 1/);
    assert.match(result.message ?? '', /clipNorm/);
    assert.match(result.message ?? '', /learningRate/);
    const failed = events[events.length - 1];
    assert.equal(failed?.type, 'failed');
    const weights = JSON.parse(await readText(store, RUN_FILES.weightsManifest)) as WeightsFile;
    assert.equal(weights.epoch, 1);
    assert.match(result.message ?? '', /The checkpoint of epoch 1, the last good one, was kept/);
    const loaded = await loadRun(store);
    for (const w of loaded.model.weights()) {
      assert.ok(Array.from(w.variable.dataSync()).every(Number.isFinite), w.name);
    }
    loaded.model.dispose();
    // The failure is on record too.
    const recorded = await readMetrics(store);
    assert.equal(recorded[recorded.length - 1]?.type, 'failed');
  });

  it('stops a diverging relu RNN (huge learning rate) with a failed event', async () => {
    const spec = specOf({
      task: { kind: 'delayed-recall', lag: 30, samples: 64, testSamples: 8 },
      model: { cell: 'rnn', activation: 'relu', hidden: 16, embedding: 8 },
      train: { epochs: 20, batchSize: 16, optimizer: 'sgd', momentum: 0.9, learningRate: 10 },
    });
    const { result } = await train(spec);
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /NaN or infinite at epoch \d+, batch \d+/);
    assert.match(result.message ?? '', /activation "tanh"/);
  });

  it('applies learning-rate changes from the control at the next epoch', async () => {
    const spec = recall({ epochs: 2 });
    const control = createTrainControl(spec);
    const { result } = await train(spec, {
      control,
      onEvent: (e) => {
        if (e.type === 'epoch' && e.epoch === 1) control.learningRate = 0.001;
      },
    });
    assert.deepEqual(
      result.epochs.map((e) => e.learningRate),
      [0.02, 0.001],
    );
  });
});

describe('run storage', () => {
  it('saves a checkpoint that loads back to identical predictions', async () => {
    const spec = specOf({
      task: { kind: 'reverse', length: [3, 5], vocab: 'abcd', samples: 64, testSamples: 8 },
      model: { cell: 'lstm', hidden: 6, embedding: 4, layers: 2, attention: 'additive' },
      train: { epochs: 1, batchSize: 16 },
    });
    const store = new MemoryRunStore();
    const { model, dataset } = await train(spec, { store, keep: true });
    const loaded = await loadRun(store);
    assert.equal(loaded.epoch, 1);
    assert.deepEqual(loaded.spec, spec);
    assert.equal(loaded.datasetMeta.type, 'symbols');
    for (const input of ['abcd', 'dcbaa', 'cab']) {
      assert.deepEqual(
        inspectSequence(loaded.model, loaded.datasetMeta, input),
        inspectSequence(model, dataset, input),
      );
    }
    // The data file is plain tf.io weights data: tf.io.decodeWeights reads it.
    const manifest = JSON.parse(await readText(store, RUN_FILES.weightsManifest)) as WeightsFile;
    assert.equal(manifest.format, 'rnnlab-weights');
    const dataFile = at(at(manifest.weightsManifest, 0).paths, 0);
    assert.match(dataFile, /^weights-[0-9a-f]{16}\.bin$/);
    const bin = await store.readFile(dataFile);
    assert.equal(manifest.data?.bytes, bin.byteLength);
    const decoded = tf.io.decodeWeights(
      bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      at(manifest.weightsManifest, 0).weights,
    );
    assert.deepEqual(
      Object.keys(decoded),
      model.weights().map((w) => w.name),
    );
    tf.dispose(Object.values(decoded));
    model.dispose();
    loaded.model.dispose();
  });

  it('keeps label and weights together when a checkpoint is cut off between its two files', async () => {
    const spec = recall({ epochs: 2 });
    /** A store that dies (throws) on the manifest of epoch 2, after its data file was written. */
    class CrashingStore extends MemoryRunStore {
      manifests = 0;
      override async writeFile(name: string, data: string | Uint8Array): Promise<void> {
        if (name === RUN_FILES.weightsManifest && ++this.manifests === 2) throw new Error('killed');
        await super.writeFile(name, data);
      }
    }
    const store = new CrashingStore();
    const model = createModel(spec, buildDataset(spec));
    let epoch1: number[][] = [];
    const { result } = await train(spec, {
      store,
      model,
      onEvent: (e) => {
        if (e.type === 'checkpoint' && e.epoch === 1) {
          epoch1 = model.weights().map((w) => Array.from(w.variable.dataSync()));
        }
      },
    });
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /killed/);
    const loaded = await loadRun(store);
    assert.equal(loaded.epoch, 1, 'the label of the last committed checkpoint');
    assert.deepEqual(
      loaded.model.weights().map((w) => Array.from(w.variable.dataSync())),
      epoch1,
      'and its weights, not those of epoch 2',
    );
    loaded.model.dispose();
  });

  it('writes a run folder on disk atomically and continues a run from its checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-run-'));
    const spec = recall({ epochs: 2 });
    const folder = new FileRunStore(dir);
    const first = await train(spec, { store: folder });
    assert.equal(first.result.status, 'done');
    const names = readdirSync(dir).sort();
    assert.equal(names.length, 5, names.join(' '));
    assert.deepEqual(
      names.filter((n) => !/^weights-[0-9a-f]{16}\.bin$/.test(n)),
      ['dataset.json', 'metrics.jsonl', 'spec.json', 'weights.json'],
    );
    const loaded = await loadRun(folder);
    assert.equal(loaded.epoch, 2);
    const second = await train(loaded.spec, {
      store: folder,
      model: loaded.model,
      startEpoch: loaded.epoch + 1,
      epochs: 1,
    });
    assert.deepEqual(
      second.result.epochs.map((e) => e.epoch),
      [3],
    );
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    const types = lines.map((l) => (JSON.parse(l) as TrainEvent).type);
    assert.equal(types.filter((t) => t === 'start').length, 2);
    assert.equal(types.filter((t) => t === 'checkpoint').length, 3);
    assert.equal(
      (JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as WeightsFile).epoch,
      3,
    );
  });
});

describe('rnnlab train / inspect / compare', () => {
  function io(cwd: string) {
    const out = { stdout: '', stderr: '' };
    const cli: CliIO = {
      stdout: (t) => void (out.stdout += t),
      stderr: (t) => void (out.stderr += t),
      isTTY: false,
      cwd,
    };
    return { cli, out };
  }

  function workspace(spec: object): string {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-train-'));
    writeFileSync(join(dir, 'tiny.rnnlab.json'), JSON.stringify(spec, null, 2));
    return dir;
  }

  const tiny = {
    name: 'tiny',
    task: { kind: 'reverse', length: [3, 4], vocab: 'abc', samples: 40, testSamples: 8 },
    model: { cell: 'gru', hidden: 6, embedding: 4, attention: 'dot' },
    train: { epochs: 3, batchSize: 16 },
  };

  it('train --json writes a run folder and ends stdout with the summary', async () => {
    const dir = workspace(tiny);
    const { cli, out } = io(dir);
    const code = await trainCommand.run({
      positionals: ['tiny.rnnlab.json'],
      values: { json: true, epochs: '2', backend: 'cpu' },
      io: cli,
    });
    assert.equal(code, 0, out.stderr);
    const last = out.stdout.trim().split('\n').pop() ?? '';
    const summary = JSON.parse(last) as Record<string, unknown>;
    assert.equal(summary.epochs, 2);
    assert.equal(summary.backend, 'cpu');
    for (const key of ['loss', 'accuracy', 'sequenceAccuracy', 'seconds']) {
      assert.equal(typeof summary[key], 'number', key);
    }
    const run = String(summary.run);
    assert.ok(run.includes(join('.rnnlab', 'runs', 'tiny-')));
    for (const file of [RUN_FILES.spec, RUN_FILES.dataset, RUN_FILES.metrics]) {
      assert.ok(existsSync(join(run, file)), file);
    }
    const manifest = JSON.parse(readFileSync(join(run, RUN_FILES.weightsManifest), 'utf8'));
    assert.ok(existsSync(join(run, (manifest as WeightsFile).weightsManifest[0]?.paths[0] ?? '')));

    // inspect the spec: its newest run.
    const inspected = io(dir);
    const code2 = await inspectCommand.run({
      positionals: ['tiny.rnnlab.json'],
      values: { input: 'abca', json: true },
      io: inspected.cli,
    });
    assert.equal(code2, 0, inspected.out.stderr);
    const inspection = JSON.parse(inspected.out.stdout) as {
      run: string;
      inputTokens: string[];
      seq2seq: { attention: number[][] };
    };
    assert.equal(inspection.run, run);
    assert.deepEqual(inspection.inputTokens, ['a', 'b', 'c', 'a']);
    assert.equal(inspection.seq2seq.attention[0]?.length, 4);

    // The human table of the run folder itself.
    const human = io(dir);
    assert.equal(
      await inspectCommand.run({ positionals: [run], values: { input: 'cab' }, io: human.cli }),
      0,
    );
    assert.match(human.out.stdout, /encoder 1 \(gru, 6 units\)/);
    assert.match(human.out.stdout, /update gate z/);
    assert.match(human.out.stdout, /attention/);

    const unknown = io(dir);
    await assert.rejects(
      inspectCommand.run({ positionals: [run], values: { input: 'xyz' }, io: unknown.cli }),
      /symbols the model does not know: "x", "y", "z"/,
    );
  });

  it('train exits 1 with the message on NaN, and inspect says when there is no run', async () => {
    const dir = workspace({
      name: 'boom',
      task: { kind: 'delayed-recall', lag: 30, samples: 64, testSamples: 8 },
      model: { cell: 'rnn', activation: 'relu', hidden: 16, embedding: 8 },
      train: { epochs: 20, batchSize: 16, optimizer: 'sgd', learningRate: 10 },
    });
    const { cli, out } = io(dir);
    const code = await trainCommand.run({ positionals: ['tiny.rnnlab.json'], values: {}, io: cli });
    assert.equal(code, 1);
    assert.match(out.stderr, /NaN or infinite at epoch/);
    const other = workspace(tiny);
    await assert.rejects(
      inspectCommand.run({
        positionals: ['tiny.rnnlab.json'],
        values: { input: 'ab' },
        io: io(other).cli,
      }),
      /no trained run of "tiny"/,
    );
  });

  it('compare --json trains each cell on the same data', async () => {
    const dir = workspace(tiny);
    const { cli, out } = io(dir);
    const code = await compareCommand.run({
      positionals: ['tiny.rnnlab.json'],
      values: { json: true, cells: 'rnn,gru', epochs: '1' },
      io: cli,
    });
    assert.equal(code, 0, out.stderr);
    const report = JSON.parse(out.stdout) as {
      results: { cell: string; params: number; status: string }[];
    };
    assert.deepEqual(
      report.results.map((r) => [r.cell, r.status]),
      [
        ['rnn', 'done'],
        ['gru', 'done'],
      ],
    );
    assert.ok(at(report.results, 1).params > at(report.results, 0).params);
  });

  it("bottleneck: the lab's experiment, accuracy by input length per attention kind", async () => {
    const dir = workspace({
      name: 'tiny',
      task: { kind: 'reverse', length: [3, 4], vocab: 'abc', samples: 40, testSamples: 12 },
      model: { cell: 'gru', hidden: 6, embedding: 4, architecture: 'seq2seq' },
      train: { epochs: 1, batchSize: 16, seed: 2 },
    });
    const { cli, out } = io(dir);
    const code = await bottleneckCommand.run({
      positionals: ['tiny.rnnlab.json'],
      values: { json: true },
      io: cli,
    });
    assert.equal(code, 0, out.stderr);
    const report = JSON.parse(out.stdout) as {
      trained: number[];
      tested: number[];
      byLength: { length: number; attention: string; accuracy: number }[];
    };
    assert.deepEqual(report.tested, [3, 4]);
    assert.deepEqual(
      report.byLength.map((p) => [p.attention, p.length]),
      [
        ['none', 3],
        ['none', 4],
        ['additive', 3],
        ['additive', 4],
      ],
    );
    const text = io(dir);
    assert.equal(
      await bottleneckCommand.run({ positionals: ['tiny.rnnlab.json'], values: {}, io: text.cli }),
      0,
    );
    assert.match(text.out.stdout, /length +none +additive\n3 +\d+\.\d% +\d+\.\d%/);
    // Not a Seq2Seq spec: a clear message, no stack trace.
    const plain = workspace({
      name: 'tiny',
      task: { kind: 'delayed-recall', lag: 3, samples: 32, testSamples: 8 },
      model: { cell: 'gru', hidden: 6, embedding: 4 },
    });
    await assert.rejects(
      bottleneckCommand.run({ positionals: ['tiny.rnnlab.json'], values: {}, io: io(plain).cli }),
      /needs "model\.architecture": "seq2seq"/,
    );
  });
});
