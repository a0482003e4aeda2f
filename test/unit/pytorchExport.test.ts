/**
 * `rnnlab export --to pytorch` against Debian's PyTorch (`/usr/bin/python3`, torch 1.13; `npm
 * test` installs `python3-torch`): for a spec of each cell and Seq2Seq with each attention, a
 * trained run is exported and `train.py --check` replays the stored inputs and matches the lab at
 * every step; `torchrun` with 2 gloo processes trains an epoch and lowers the test loss; its
 * weights come back through `rnnlab inspect --torch` with PyTorch's per-step states; bad input is
 * refused with a message and nothing written. Tiny models and datasets keep it to about a minute
 * on a 2-core machine (most of it Python start-up).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { parse as parseJsonc } from 'jsonc-parser';
import { createModel } from '../../src/engine/seqModel';
import { loadTorchStateDict, torchStateDict, torchStateShapes } from '../../src/engine/torchModel';
import { TorchImportError } from '../../src/engine/torchImport';
import { resolveSpec } from '../../src/spec/resolveSpec';
import { buildDataset } from '../../src/tasks/buildDataset';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';
const TORCHRUN = '/usr/bin/torchrun';
const TOLERANCE = 1e-5;

function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeout = 240_000,
): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env } });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(
    result.status,
    0,
    `${what} exited ${result.status}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
  );
  return result.stdout;
}

/** A tiny spec: 120 samples, 1 epoch, a few units. */
function spec(name: string, task: object, model: object, train: object = {}): object {
  return {
    name,
    task: { samples: 120, testSamples: 16, ...task },
    model: { hidden: 6, embedding: 4, ...model },
    train: { epochs: 1, batchSize: 16, learningRate: 0.02, clipNorm: 1, seed: 2, ...train },
  };
}

const reverse = { kind: 'reverse', length: [3, 5], vocab: 'abcd' };
const parity = { kind: 'parity', length: [2, 6] };
const CASES: { name: string; spec: object }[] = [
  { name: 'rnn', spec: spec('t-rnn', parity, { cell: 'rnn', architecture: 'many-to-one' }) },
  {
    name: 'gru-2-layers',
    spec: spec('t-gru', parity, { cell: 'gru', layers: 2, embedding: 0 }),
  },
  {
    name: 'lstm-seq2seq-additive',
    spec: spec(
      't-lstm-add',
      reverse,
      { cell: 'lstm', layers: 2, architecture: 'seq2seq', attention: 'additive' },
      { teacherForcing: 0.7 },
    ),
  },
  {
    name: 'gru-seq2seq-dot-reversed-previous+context',
    spec: spec('t-gru-dot', reverse, {
      cell: 'gru',
      architecture: 'seq2seq',
      attention: 'dot',
      decoderInput: 'previous+context',
      reverseInput: true,
    }),
  },
  {
    name: 'rnn-seq2seq-none-context',
    spec: spec('t-rnn-none', reverse, {
      cell: 'rnn',
      architecture: 'seq2seq',
      attention: 'none',
      decoderInput: 'context',
    }),
  },
];

/** Largest |a - b| over two nested arrays of one shape (Infinity when the shapes differ). */
function maxDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return Infinity;
  return a.reduce<number>((m, x, k) => Math.max(m, maxDiff(x, b[k])), 0);
}

describe('the PyTorch state dict of a whole model', () => {
  it('round-trips every weight and names a wrong key or shape', async () => {
    await tf.setBackend('cpu');
    const s = resolveSpec(
      spec('t-map', reverse, {
        cell: 'gru',
        layers: 2,
        architecture: 'seq2seq',
        attention: 'additive',
      }) as never,
    );
    const dataset = buildDataset(s);
    const a = createModel(s, dataset);
    const b = createModel({ ...s, train: { ...s.train, seed: 9 } }, dataset);
    try {
      const dict = torchStateDict(a);
      assert.deepEqual(Object.keys(dict).sort(), [...torchStateShapes(a).keys()].sort());
      assert.ok('decoder.bias_hh_l1' in dict && 'attention.score.weight' in dict);
      loadTorchStateDict(b, dict);
      const wb = new Map(b.weights().map((w) => [w.name, w.variable]));
      for (const w of a.weights()) {
        const other = wb.get(w.name);
        assert.ok(other, w.name);
        assert.equal(maxDiff(w.variable.arraySync(), other.arraySync()), 0, w.name);
      }
      const missing = { ...dict };
      delete missing['head.bias'];
      assert.throws(() => loadTorchStateDict(b, missing), /stateDict\.head\.bias is missing/);
      assert.throws(
        () => loadTorchStateDict(b, { ...dict, 'head.weight': [[1, 2]] }),
        (e: unknown) =>
          e instanceof TorchImportError && /head\.weight: expected shape/.test(String(e)),
      );
      assert.throws(() => loadTorchStateDict(b, { ...dict, extra: [1] }), /"extra"/);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('rnnlab export --to pytorch, with PyTorch', () => {
  let work: string;
  const runs = new Map<string, string>();

  before(() => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    const torch = run(PYTHON, ['-c', 'import torch; print(torch.__version__)'], ROOT);
    assert.equal(torch.status, 0, 'PyTorch is missing: apt-get install python3-torch');
    work = mkdtempSync(path.join(tmpdir(), 'rnnlab-export-'));
    for (const c of CASES) {
      writeFileSync(path.join(work, `${c.name}.rnnlab.json`), JSON.stringify(c.spec));
      const out = ok(
        run(
          process.execPath,
          [CLI, 'train', `${c.name}.rnnlab.json`, '--json', '--backend', 'cpu'],
          work,
        ),
        `train ${c.name}`,
      );
      runs.set(c.name, (JSON.parse(out.trim().split('\n').pop() ?? '{}') as { run: string }).run);
    }
  });

  for (const c of CASES) {
    it(`${c.name}: the exported run's --check matches every step of the lab`, () => {
      const out = path.join(work, `export-${c.name}`);
      ok(
        run(
          process.execPath,
          [CLI, 'export', runs.get(c.name) ?? '', '--to', 'pytorch', '--out', out],
          work,
        ),
        'export',
      );
      const check = ok(run(PYTHON, ['train.py', '--check'], out), '--check');
      assert.match(check, /check passed: [1-9]\d* inputs/);
      assert.doesNotMatch(check, /FAIL/);
    });
  }

  it("--check fails loudly when the weights are not the lab's", () => {
    const out = path.join(work, 'export-lstm-seq2seq-additive');
    const file = path.join(out, 'weights.json');
    const weights = JSON.parse(readFileSync(file, 'utf8')) as {
      stateDict: Record<string, number[][]>;
    };
    const row = weights.stateDict['encoder.weight_hh_l0']?.[0];
    assert.ok(row);
    row[0] = (row[0] ?? 0) + 0.01;
    const changed = path.join(out, 'changed-weights.json');
    writeFileSync(changed, JSON.stringify(weights));
    const result = run(PYTHON, ['train.py', '--check', '--weights', changed], out);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /FAIL .* differs by/);
    assert.match(result.stdout, /CHECK FAILED/);
  });

  it('torchrun, 2 gloo processes: an epoch lowers the test loss, and the weights come back', () => {
    // A spec export: the lab's initial weights, so the epoch has something to learn.
    const out = path.join(work, 'export-ddp');
    ok(
      run(
        process.execPath,
        [CLI, 'export', 'lstm-seq2seq-additive.rnnlab.json', '--to', 'pytorch', '--out', out],
        work,
      ),
      'export',
    );
    ok(
      run(
        TORCHRUN,
        [
          '--standalone',
          '--nproc_per_node=2',
          '--redirects',
          '1',
          '--tee',
          '1',
          'train.py',
          '--epochs',
          '1',
          '--device',
          'cpu',
        ],
        out,
      ),
      'torchrun',
    );
    const events = readFileSync(path.join(out, 'runs', 'pytorch', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const start = events.find((e) => e.type === 'start') as { initialMetrics: { loss: number } };
    const epoch = events.find((e) => e.type === 'epoch') as { testLoss: number; processes: number };
    assert.equal(epoch.processes, 2);
    assert.ok(
      epoch.testLoss < start.initialMetrics.loss,
      `test loss ${epoch.testLoss} after the epoch, ${start.initialMetrics.loss} before`,
    );
    const weights = path.join(out, 'runs', 'pytorch', 'weights.json');
    const lab = JSON.parse(
      ok(
        run(
          process.execPath,
          [CLI, 'inspect', '--torch', weights, '--input', 'dcab', '--json'],
          out,
        ),
        'inspect',
      ),
    ) as {
      layers: { h: number[][]; c: number[][]; gates: Record<string, number[][]> }[];
      seq2seq: {
        decoder: { h: number[][]; c: number[][]; gates: Record<string, number[][]> }[];
        attention: number[][];
      };
    };
    const torch = JSON.parse(
      ok(run(PYTHON, ['train.py', '--weights', weights, '--trace', 'dcab'], out), '--trace'),
    ) as { layers: typeof lab.layers; decoder: typeof lab.layers; attention: number[][] };
    const pairs = [
      ...lab.layers.map((l, k) => [l, torch.layers[k]] as const),
      ...lab.seq2seq.decoder.map((l, k) => [l, torch.decoder[k]] as const),
    ];
    for (const [ours, theirs] of pairs) {
      assert.ok(theirs);
      assert.ok(maxDiff(ours.h, theirs.h) < TOLERANCE, 'h');
      assert.ok(maxDiff(ours.c, theirs.c) < TOLERANCE, 'c');
      for (const gate of ['i', 'f', 'g', 'o']) {
        assert.ok(maxDiff(ours.gates[gate], theirs.gates[gate]) < TOLERANCE, gate);
      }
    }
    assert.ok(maxDiff(lab.seq2seq.attention, torch.attention) < TOLERANCE, 'attention');
  });

  it('refuses a non-empty folder, a run of another spec and an unknown target, writing nothing', () => {
    const full = path.join(work, 'full');
    const untouched = path.join(full, 'notes.txt');
    run('mkdir', [full], work);
    writeFileSync(untouched, 'mine');
    const refused = run(
      process.execPath,
      [CLI, 'export', 'rnn.rnnlab.json', '--to', 'pytorch', '--out', full],
      work,
    );
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      /--out full: it is not empty \(1 entry: notes\.txt\); export into a new or empty folder/,
    );
    assert.deepEqual(readdirSync(full), ['notes.txt']);
    assert.equal(readFileSync(untouched, 'utf8'), 'mine');

    const other = run(
      process.execPath,
      [
        CLI,
        'export',
        'rnn.rnnlab.json',
        '--run',
        runs.get('gru-2-layers') ?? '',
        '--to',
        'pytorch',
        '--out',
        'other',
      ],
      work,
    );
    assert.equal(other.status, 2);
    assert.match(other.stderr, /is a run of another spec \("t-gru".*they differ in/);
    assert.equal(existsSync(path.join(work, 'other')), false);

    const unknown = run(
      process.execPath,
      [CLI, 'export', 'rnn.rnnlab.json', '--to', 'tensorflow', '--out', 'tf'],
      work,
    );
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--to: unknown target "tensorflow"; the targets are "pytorch"/);
    assert.equal(existsSync(path.join(work, 'tf')), false);
    assert.doesNotMatch(refused.stderr + other.stderr + unknown.stderr, /at .*\.js:\d+/);
  });
});

describe('real-valued heads in the PyTorch export: series forecasts, labelled series, audio', () => {
  /** The examples' own specs (their data files copied beside them), trained one epoch. */
  const EXAMPLES = ['series-forecast', 'series', 'audio'];

  it('--check passes, and PyTorch scores the exported weights as the lab did', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'rnnlab-export-real-'));
    cpSync(path.join(ROOT, 'examples', 'data'), path.join(work, 'data'), { recursive: true });
    for (const name of EXAMPLES) {
      const text = readFileSync(path.join(ROOT, 'examples', `${name}.rnnlab.json`), 'utf8');
      const spec = parseJsonc(text) as { $schema?: string; train: { epochs: number } };
      delete spec.$schema;
      spec.train.epochs = 1;
      writeFileSync(path.join(work, `${name}.rnnlab.json`), JSON.stringify(spec));
      const trained = JSON.parse(
        ok(
          run(process.execPath, [CLI, 'train', `${name}.rnnlab.json`, '--json'], work),
          `train ${name}`,
        )
          .trim()
          .split('\n')
          .pop() ?? '{}',
      ) as { run: string };
      const out = path.join(work, `py-${name}`);
      ok(
        run(process.execPath, [CLI, 'export', trained.run, '--to', 'pytorch', '--out', out], work),
        'export',
      );
      const check = ok(run(PYTHON, ['train.py', '--check'], out), `${name} --check`);
      assert.match(check, /check passed: [1-9]\d* inputs/);
      ok(run(PYTHON, ['train.py', '--epochs', '1', '--device', 'cpu'], out), `${name} train.py`);
      const start = JSON.parse(
        readFileSync(path.join(out, 'runs', 'pytorch', 'metrics.jsonl'), 'utf8').split('\n')[0] ??
          '{}',
      ) as { initialMetrics: Record<string, number | number[]> };
      const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8')) as {
        exported: { metrics: Record<string, number | number[]> };
      };
      const lab = config.exported.metrics;
      const keys = Object.keys(lab).sort();
      assert.deepEqual(Object.keys(start.initialMetrics).sort(), keys, name);
      assert.ok(
        name === 'series-forecast' ? keys.includes('mseByHorizon') : keys.includes('accuracy'),
        `${name}: ${keys.join(', ')}`,
      );
      for (const key of keys) {
        assert.ok(
          maxDiff(start.initialMetrics[key], lab[key]) < TOLERANCE,
          `${name} ${key}: PyTorch ${JSON.stringify(start.initialMetrics[key])}, lab ${JSON.stringify(lab[key])}`,
        );
      }
    }
  });
});
