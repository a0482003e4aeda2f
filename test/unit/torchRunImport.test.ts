/**
 * "Import Weights…" of a whole model (`src/node/torchRunImport.ts`): a PyTorch-format weights file
 * becomes a run folder the lab loads like its own — the same weights, the same per-step states,
 * the training's events (only the last training's, and only when they are these weights'), the
 * lab's checkpoint event — and a file that does not fit its spec's model leaves nothing behind.
 * The last case is the whole way with Debian's PyTorch: a trained run exported, `train.py
 * --epochs 1`, its weights imported, and the imported run inspected as PyTorch traced it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { inspectSequence } from '../../src/engine/inspectSequence';
import { loadRun } from '../../src/engine/runStore';
import { createModel, type SeqModel } from '../../src/engine/seqModel';
import { TorchImportError } from '../../src/engine/torchImport';
import { gateStatistics } from '../../src/engine/evaluate';
import {
  modelFromTorchFile,
  torchModelFile,
  type TorchModelFile,
} from '../../src/engine/torchModel';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { readRunSummary } from '../../src/node/runListing';
import { FileRunStore } from '../../src/node/runFiles';
import { importTorchRun, trainingEvents } from '../../src/node/torchRunImport';
import { resolveSpec } from '../../src/spec/resolveSpec';
import { buildDataset } from '../../src/tasks/buildDataset';
import type { SymbolSample } from '../../src/tasks/dataset';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-5;

const SPEC = {
  name: 't-import',
  task: { kind: 'reverse', length: [3, 5], vocab: 'abcd', samples: 120, testSamples: 16 },
  model: { cell: 'lstm', hidden: 6, embedding: 4, architecture: 'seq2seq', attention: 'dot' },
  train: { epochs: 1, batchSize: 16, learningRate: 0.02, seed: 3 },
  inspect: { inputs: ['abcd'] },
};

function maxDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, 'same length');
    return a.reduce((m: number, x, i) => Math.max(m, maxDiff(x, b[i])), 0);
  }
  return a === b ? 0 : Infinity;
}

function trainedFile(epoch: number): { model: SeqModel; file: TorchModelFile } {
  const spec = resolveSpec(SPEC as never);
  const model = createModel({ ...spec, train: { ...spec.train, seed: 11 } }, buildDataset(spec));
  // The seed-11 weights under the spec of seed 3: weights that are not the spec's own start.
  const file = torchModelFile(model, epoch, { loss: 0.5, accuracy: 0.75 });
  return { model, file: { ...file, spec } };
}

const start = (name: string): TrainEvent => ({
  type: 'start',
  spec: name,
  backend: 'pytorch-cpu x2',
  params: { parts: [], total: 10 },
  trainSamples: 120,
  testSamples: 16,
  batchesPerEpoch: 4,
  epochs: 2,
  firstEpoch: 1,
  time: '2026-12-02T10:00:00Z',
});
const epochEvent = (epoch: number): TrainEvent => ({
  type: 'epoch',
  epoch,
  lastEpoch: 2,
  trainLoss: 1 / epoch,
  testLoss: 1.2 / epoch,
  accuracy: 0.3 * epoch,
  gates: [],
  learningRate: 0.02,
  teacherForcing: 1,
  seconds: 0.1,
});
const lines = (events: readonly unknown[]) => events.map((e) => JSON.stringify(e)).join('\n');

describe('trainingEvents: the events of the training that wrote the weights', () => {
  const file = trainedFile(2).file;
  file.spec = { ...file.spec, name: 't-import' };
  const done: TrainEvent = { type: 'done', epoch: 2, metrics: { loss: 0.6 }, seconds: 1 };
  const checkpoint: TrainEvent = { type: 'checkpoint', epoch: 2, files: ['weights.json'] };
  const second = [start('t-import'), epochEvent(1), epochEvent(2), checkpoint, done];

  it('keeps the last training (from its start), without PyTorch’s checkpoint events', () => {
    const text = `${lines([start('t-import'), epochEvent(1), done])}\n${lines(second)}\n{"torn`;
    const got = trainingEvents(text, file);
    assert.deepEqual(
      got.map((e) => e.type),
      ['start', 'epoch', 'epoch', 'done'],
    );
    assert.equal((got[2] as { trainLoss: number }).trainLoss, 0.5);
  });

  it('keeps nothing of another spec’s training, or of one that ended at another epoch', () => {
    assert.deepEqual(
      trainingEvents(lines([start('other'), epochEvent(1), epochEvent(2)]), file),
      [],
    );
    assert.deepEqual(trainingEvents(lines([start('t-import'), epochEvent(1)]), file), []);
    assert.deepEqual(trainingEvents(undefined, file), []);
    assert.deepEqual(trainingEvents('not json\n', file), []);
  });
});

describe('importTorchRun: a whole model as a run folder', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('writes a run the lab loads with the same weights, states and events', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rnnlab-import-'));
    const { model, file } = trainedFile(2);
    try {
      const events = [start('t-import'), epochEvent(1), epochEvent(2)];
      const done: TrainEvent = { type: 'done', epoch: 2, metrics: { loss: 0.5 }, seconds: 2 };
      const imported = await importTorchRun(root, file, {
        events: [...events, done],
        lockHolder: 'a test',
        now: new Date(2026, 11, 2, 10, 0, 0),
      });
      assert.equal(imported.runId, 't-import-pytorch-20261202-100000');
      assert.equal(imported.events, 4);
      assert.deepEqual(
        readdirSync(imported.dir).sort(),
        [
          'dataset.json',
          'metrics.jsonl',
          'spec.json',
          'weights.json',
          readdirSync(imported.dir).find((n) => /^weights-[0-9a-f]{16,64}\.bin$/.test(n)) ??
            'no .bin',
        ].sort(),
      );
      const run = await loadRun(new FileRunStore(imported.dir));
      try {
        assert.equal(run.epoch, 2);
        assert.deepEqual(run.metrics, { loss: 0.5, accuracy: 0.75 });
        assert.equal(run.spec.train.seed, 3, 'the spec of the file, not of the weights’ seed');
        const ours = new Map(run.model.weights().map((w) => [w.name, w.variable]));
        for (const w of model.weights()) {
          assert.equal(maxDiff(w.variable.arraySync(), ours.get(w.name)?.arraySync()), 0, w.name);
        }
        const a = inspectSequence(model, model.meta, 'abcd');
        const b = inspectSequence(run.model, run.datasetMeta, 'abcd');
        // The same weights: the same numbers at every step, exactly.
        assert.deepEqual(b.layers, a.layers);
        assert.deepEqual(b.seq2seq, a.seq2seq);
        assert.deepEqual(b.outputs, a.outputs);
      } finally {
        run.model.dispose();
      }
      const written = readFileSync(path.join(imported.dir, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as TrainEvent);
      assert.deepEqual(
        written.map((e) => e.type),
        ['start', 'epoch', 'epoch', 'checkpoint', 'done'],
      );
      const checkpoint = written[3] as { files: string[] };
      assert.ok(checkpoint.files.includes('weights.json'), checkpoint.files.join(', '));
      const summary = await readRunSummary(imported.dir, 'runs/x');
      assert.equal(summary.status, 'done');
      assert.equal(summary.hasCheckpoint, true);
      assert.equal(summary.purpose, 'pytorch');
      assert.equal(summary.epoch, 2);
    } finally {
      model.dispose();
    }
  });

  it('refuses weights that do not fit the spec’s model, leaving no folder', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rnnlab-import-'));
    const { model, file } = trainedFile(1);
    model.dispose();
    const wider = { ...file, spec: { ...file.spec, model: { ...file.spec.model, hidden: 7 } } };
    await assert.rejects(
      importTorchRun(root, wider, { lockHolder: 'a test' }),
      (e: unknown) =>
        e instanceof TorchImportError &&
        /stateDict\.\S+: expected shape \[\d+(, \d+)*\], got/.test(String(e)),
    );
    assert.deepEqual(readdirSync(root), []);
  });
});

describe('a model trained by the exported train.py comes back as a run, with PyTorch', () => {
  it('export a trained run, train.py --epochs 1, import: the run inspects as PyTorch traced it', async () => {
    await tf.setBackend('cpu');
    const work = mkdtempSync(path.join(tmpdir(), 'rnnlab-import-py-'));
    const sh = (cmd: string, args: string[], cwd = work) => {
      const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000 });
      assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };
    writeFileSync(path.join(work, 't.rnnlab.json'), JSON.stringify(SPEC));
    sh(process.execPath, [CLI, 'train', 't.rnnlab.json', '--json']);
    const runs = path.join(work, '.rnnlab', 'runs');
    const [trained] = readdirSync(runs);
    assert.ok(trained);
    sh(process.execPath, [
      CLI,
      'export',
      path.join(runs, trained),
      '--to',
      'pytorch',
      '--out',
      'py',
    ]);
    const project = path.join(work, 'py');
    sh(PYTHON, ['train.py', '--epochs', '1', '--device', 'cpu'], project);
    const weightsPath = path.join(project, 'runs', 'pytorch', 'weights.json');
    const file = JSON.parse(readFileSync(weightsPath, 'utf8')) as TorchModelFile;
    assert.equal(file.epoch, 2, 'the exported run trained 1 epoch, train.py one more');
    const metrics = readFileSync(path.join(project, 'runs', 'pytorch', 'metrics.jsonl'), 'utf8');
    const imported = await importTorchRun(path.join(work, 'imported'), file, {
      events: trainingEvents(metrics, file),
      lockHolder: 'a test',
    });
    assert.ok(imported.events >= 3, `${imported.events} events carried over`);
    // The epoch's gate statistics, as PyTorch computed them, are the lab's of the same weights on
    // the same first test samples.
    const epochEvent = trainingEvents(metrics, file).find((e) => e.type === 'epoch');
    assert.ok(epochEvent?.type === 'epoch');
    const test = readFileSync(path.join(project, 'data', 'test.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SymbolSample);
    const labModel = modelFromTorchFile(file);
    try {
      const lab = await gateStatistics(labModel, test.slice(0, 64));
      assert.deepEqual(
        epochEvent.gates.map((g) => `${g.layer} ${g.gate}`),
        lab.map((g) => `${g.layer} ${g.gate}`),
      );
      assert.deepEqual(
        lab.map((g) => `${g.layer} ${g.gate}`),
        ['encoder 1 i', 'encoder 1 f', 'encoder 1 o', 'decoder 1 i', 'decoder 1 f', 'decoder 1 o'],
      );
      for (const [k, g] of epochEvent.gates.entries()) {
        const want = lab[k];
        assert.ok(want);
        for (const key of ['mean', 'below01', 'above09'] as const) {
          assert.ok(
            Math.abs(g[key] - want[key]) < 1e-4,
            `${g.layer} ${g.gate} ${key}: PyTorch ${g[key]}, lab ${want[key]}`,
          );
        }
      }
    } finally {
      labModel.dispose();
    }
    const lab = JSON.parse(sh(process.execPath, [CLI, 'inspect', imported.dir, '--json'])) as {
      epoch: number;
      layers: { h: number[][]; c: number[][]; gates: Record<string, number[][]> }[];
      seq2seq: { decoder: { h: number[][] }[]; attention: number[][]; decoded: string[] };
    };
    const torch = JSON.parse(
      sh(PYTHON, ['train.py', '--weights', weightsPath, '--trace', 'abcd'], project),
    ) as {
      layers: typeof lab.layers;
      decoder: { h: number[][] }[];
      attention: number[][];
      decoded: number[];
    };
    assert.equal(lab.epoch, 2);
    const encoder = lab.layers[0];
    const theirs = torch.layers[0];
    assert.ok(encoder && theirs);
    assert.ok(maxDiff(encoder.h, theirs.h) < TOLERANCE, 'encoder h');
    assert.ok(maxDiff(encoder.c, theirs.c) < TOLERANCE, 'encoder c');
    for (const gate of ['i', 'f', 'g', 'o']) {
      assert.ok(maxDiff(encoder.gates[gate], theirs.gates[gate]) < TOLERANCE, gate);
    }
    assert.ok(maxDiff(lab.seq2seq.decoder[0]?.h, torch.decoder[0]?.h) < TOLERANCE, 'decoder h');
    assert.ok(maxDiff(lab.seq2seq.attention, torch.attention) < TOLERANCE, 'attention');
    const tokens = file.dataset.type === 'symbols' ? file.dataset.outputVocab.tokens : [];
    assert.deepEqual(
      lab.seq2seq.decoded,
      torch.decoded.map((id) => tokens[Number(id)]),
      'the same decoding',
    );
  });
});
