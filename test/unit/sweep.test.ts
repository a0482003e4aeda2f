/**
 * Sweeps, the one experiment engine: the grid and its seeds, the `sweep` section's validation at
 * the right line and column (schema, cross checks and data, for every point), a small real sweep
 * with its mean and spread, Stop keeping the finished points, the per-point measure, and
 * `rnnlab sweep` (`--json` lines, the table, exit codes).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { CliIO } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import { accuracyByLength, type LengthAccuracy } from '../../src/engine/lengthAccuracy';
import { runSweep, trainFreshModel, type SweepEvent } from '../../src/engine/sweep';
import { spreadOf } from '../../src/engine/sweepResult';
import type { Sample } from '../../src/engine/encoderRun';
import { problemsToRanges } from '../../src/host/problemRanges';
import { LineIndex } from '../../src/spec/lineIndex';
import { formatProblem } from '../../src/spec/problems';
import { sweepPoints, type SweepPlan } from '../../src/spec/sweepGrid';
import { validateSpecText } from '../../src/spec/validateSpec';
import { checkSpecAndData } from '../../src/tasks/checkSpecAndData';
import { memoryReader } from './helpers/memoryReader';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The plan of a spec that must be valid. */
function planOf(spec: object): SweepPlan {
  const checked = validateSpecText(JSON.stringify(spec));
  assert.deepEqual(
    checked.problems.filter((p) => p.severity === 'error').map((p) => p.message),
    [],
  );
  assert.ok(checked.sweep, 'the spec has a sweep');
  return checked.sweep;
}

/** Every problem as the CLI prints it. */
function problemsOf(text: string): string[] {
  return validateSpecText(text).problems.map((p) => formatProblem('s.rnnlab.json', p));
}

const RECALL = {
  name: 'recall-tiny',
  task: { kind: 'delayed-recall', lag: 3, samples: 48, testSamples: 12 },
  model: { cell: 'gru', hidden: 6, embedding: 4 },
  train: { epochs: 1, batchSize: 16, seed: 5 },
};

describe('the sweep grid', () => {
  it('crosses the axes in the order written, seeds fastest, from train.seed on', () => {
    const plan = planOf({
      ...RECALL,
      sweep: { over: { 'task.lag': [10, 50], 'model.cell': ['rnn', 'lstm', 'gru'] }, seeds: 2 },
    });
    const points = sweepPoints(plan);
    assert.equal(points.length, 12);
    assert.deepEqual(points[0]?.values, { 'task.lag': 10, 'model.cell': 'rnn', 'train.seed': 5 });
    assert.deepEqual(points[1]?.values, { 'task.lag': 10, 'model.cell': 'rnn', 'train.seed': 6 });
    assert.deepEqual(points[2]?.values, { 'task.lag': 10, 'model.cell': 'lstm', 'train.seed': 5 });
    assert.deepEqual(points[11]?.values, { 'task.lag': 50, 'model.cell': 'gru', 'train.seed': 6 });
    assert.deepEqual(
      points.map((p) => p.group),
      [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
    );
    for (const p of points) {
      assert.equal(p.spec.task.lag, p.values['task.lag']);
      assert.equal(p.spec.model.cell, p.values['model.cell']);
      assert.equal(p.spec.train.seed, p.values['train.seed']);
      // Fields not named keep the spec's values.
      assert.equal(p.spec.model.hidden, 6);
      assert.equal(p.spec.train.epochs, 1);
      assert.equal('sweep' in p.spec, false);
    }
  });

  it('resolves each point anew: defaults that follow a swept field follow it', () => {
    const plan = planOf({
      name: 'add',
      task: { kind: 'addition' },
      sweep: { over: { 'task.digits': [2, 3] } },
    });
    const [two, three] = sweepPoints(plan);
    assert.deepEqual(two?.spec.task.length, [1, 2]);
    assert.deepEqual(three?.spec.task.length, [1, 3]);
    assert.equal(two?.values['train.seed'], 1, 'one seed by default: train.seed');
    const kinds = sweepPoints(
      planOf({
        name: 'k',
        task: { kind: 'copy' },
        sweep: { over: { 'task.kind': ['copy', 'parity'] } },
      }),
    );
    assert.deepEqual(
      kinds.map((p) => p.spec.model.architecture),
      ['seq2seq', 'many-to-one'],
    );
  });

  it('sweeps fields of any depth the schema has, without a list of known fields', () => {
    const plan = planOf({ ...RECALL, sweep: { over: { 'train.clipNorm': [0.5, 1] } } });
    assert.deepEqual(
      sweepPoints(plan).map((p) => p.spec.train.clipNorm),
      [0.5, 1],
    );
  });

  it('sweeps model.init: a number or "chrono" for the forget bias, a recurrent scale', () => {
    const plan = planOf({
      ...RECALL,
      sweep: { over: { 'model.init.forgetBias': [0, 'chrono'], 'model.init.recurrentScale': [2] } },
    });
    assert.deepEqual(
      sweepPoints(plan).map((p) => p.spec.model.init),
      [
        { forgetBias: 0, recurrentScale: 2 },
        { forgetBias: 'chrono', recurrentScale: 2 },
      ],
    );
    assert.match(
      problemsOf(
        '{ "name": "s", "task": { "kind": "delayed-recall" }, ' +
          '"sweep": { "over": { "model.init.forgetBias": ["slow"] } } }',
      )[0] ?? '',
      /sweep\.over\["model\.init\.forgetBias"\]\[0\]/,
    );
  });
});

describe('sweep validation, at the offending value', () => {
  const lines = (over: string, seeds = '') =>
    [
      '{',
      '  "name": "s",',
      '  "task": { "kind": "delayed-recall", "samples": 64, "testSamples": 16 },',
      `  "sweep": { "over": ${over}${seeds} }`,
      '}',
    ].join('\n');

  it('an unknown field, with a guess; fields a sweep cannot vary, with the reason', () => {
    assert.deepEqual(problemsOf(lines('{ "model.cel": ["rnn"], "train.seed": [1, 2] }')), [
      's.rnnlab.json:4:24 sweep.over["model.cel"]: "model.cel" is not a field of the spec (did you mean "model.cell"?)',
      's.rnnlab.json:4:46 sweep.over["train.seed"]: "train.seed" cannot be swept: the seeds of a sweep come from "seeds": train.seed, train.seed + 1, …',
    ]);
    assert.match(
      problemsOf(lines('{ "model.size": [8] }'))[0] ?? '',
      /:4:24 sweep\.over\["model\.size"\]: "model\.size" is not a field of the spec; an axis is a dotted field of task, model or train/,
    );
  });

  it('a value the field rejects, by the field’s own rule', () => {
    assert.deepEqual(problemsOf(lines('{ "task.lag": [10, 600], "model.cell": ["rnn", "cnn"] }')), [
      's.rnnlab.json:4:41 sweep.over["task.lag"][1]: must be an integer from 0 to 500 (got 600)',
      's.rnnlab.json:4:69 sweep.over["model.cell"][1]: must be one of "rnn", "lstm", "gru" (got "cnn"); did you mean "rnn"?',
    ]);
  });

  it('an empty list, a value twice, no axis, a grid over the limit', () => {
    assert.deepEqual(problemsOf(lines('{ "task.lag": [], "model.cell": ["gru", "gru"] }')), [
      's.rnnlab.json:4:36 sweep.over["task.lag"]: an empty list sweeps nothing: give at least one value of task.lag, or remove it',
      's.rnnlab.json:4:62 sweep.over["model.cell"][1]: "gru" is listed twice (also at position 1); remove one',
    ]);
    assert.match(problemsOf(lines('{}'))[0] ?? '', /:4:22 sweep\.over: names no field to sweep/);
    const lags = JSON.stringify(Array.from({ length: 30 }, (_, i) => i));
    const big = lines(`{ "task.lag": ${lags}, "model.hidden": [4, 8, 16] }`, ', "seeds": 3');
    const seedsColumn = (big.split('\n')[3] ?? '').indexOf('"seeds": 3') + '"seeds": '.length + 1;
    assert.deepEqual(problemsOf(big), [
      `s.rnnlab.json:4:${seedsColumn} sweep.seeds: the grid is 30 × 3 point(s) × 3 seed(s) = 270 trainings, more than the limit of 200; use fewer values or seeds`,
    ]);
  });

  it('a value the rest of the spec rejects, alone or with another axis, by the real cross checks', () => {
    assert.deepEqual(problemsOf(lines('{ "model.attention": ["none", "additive"] }')), [
      's.rnnlab.json:4:52 sweep.over["model.attention"][1]: attention needs "architecture": "seq2seq" (this spec is many-to-one); set attention to "none" or use seq2seq',
    ]);
    const text = [
      '{',
      '  "name": "s",',
      '  "task": { "kind": "reverse" },',
      '  "sweep": { "over": {',
      '    "model.architecture": ["seq2seq", "many-to-many"],',
      '    "model.attention": ["none", "dot"]',
      '  } }',
      '}',
    ].join('\n');
    assert.deepEqual(problemsOf(text), [
      's.rnnlab.json:6:33 sweep.over["model.attention"][1]: with model.architecture=many-to-many: attention needs "architecture": "seq2seq" (this spec is many-to-many); set attention to "none" or use seq2seq',
    ]);
    // A point too large for memory: the value that makes it.
    assert.match(
      problemsOf(lines('{ "train.batchSize": [16, 4096], "model.hidden": [1024] }'))[0] ?? '',
      /^s\.rnnlab\.json:4:\d+ sweep\.over\["model\.hidden"\]\[0\]: with train\.batchSize=4096: training this spec needs about/,
    );
  });

  it('the data checks of every point: a length whose inputs are too few for the test split', async () => {
    const text = [
      '{',
      '  "name": "p",',
      '  "task": { "kind": "parity", "length": 8, "testSamples": 20 },',
      '  "sweep": { "over": { "task.length": [8, 3] } }',
      '}',
    ].join('\n');
    const none = memoryReader();
    const check = await checkSpecAndData(text, none);
    assert.equal(check.sweep, undefined);
    const problem = check.problems[0];
    assert.ok(problem);
    assert.equal(
      formatProblem('p.rnnlab.json', problem),
      'p.rnnlab.json:4:43 sweep.over["task.length"][1]: makes task.testSamples invalid: only 8 distinct inputs exist for task "parity" with these settings; 20 test samples need at least 40, since half of them must stay for training: lower task.testSamples to at most 4, or make task.length longer',
    );
  });
});

describe('sweep problems in the editor', () => {
  it('the Problems panel underlines the offending value, on the line and column the CLI prints', () => {
    const text =
      '{\r\n  "name": "s",\r\n  "task": { "kind": "delayed-recall" },\r\n  "sweep": { "over": { "task.lag": [10, 600] } }\r\n}';
    const { problems } = validateSpecText(text);
    const [range] = problemsToRanges(text, problems);
    assert.ok(range && problems[0]);
    assert.equal(range.path, 'sweep.over["task.lag"][1]');
    assert.equal(range.line + 1, problems[0].line);
    assert.equal(range.character + 1, problems[0].column);
    const lines = new LineIndex(text);
    assert.equal(
      text.slice(
        lines.offset(range.line, range.character),
        lines.offset(range.endLine, range.endCharacter),
      ),
      '600',
    );
  });
});

describe('runSweep', () => {
  it('trains every point and reports each point with the mean and spread over its seeds', async () => {
    const plan = planOf({ ...RECALL, sweep: { over: { 'model.cell': ['rnn', 'gru'] }, seeds: 2 } });
    const events: SweepEvent[] = [];
    const record = await runSweep({ plan, onEvent: (e) => void events.push(e) });
    assert.equal(record.format, 'rnnlab-sweep');
    assert.equal(record.status, 'done');
    assert.deepEqual(record.seeds, [5, 6]);
    assert.equal(record.points.length, 4);
    for (const p of record.points) {
      assert.equal(p.status, 'done');
      assert.equal(p.epochs, 1);
      assert.ok(p.params && p.params > 0);
      assert.ok(p.metrics && Number.isFinite(p.metrics.loss));
    }
    assert.deepEqual(
      record.groups.map((g) => [g.point, g.points]),
      [
        [{ 'model.cell': 'rnn' }, [0, 1]],
        [{ 'model.cell': 'gru' }, [2, 3]],
      ],
    );
    const [a, b] = [
      record.points[0]?.metrics?.accuracy ?? NaN,
      record.points[1]?.metrics?.accuracy ?? NaN,
    ];
    const rnn = record.groups[0]?.metrics.accuracy;
    assert.ok(rnn);
    assert.ok(Math.abs(rnn.mean - (a + b) / 2) < 1e-12);
    assert.ok(Math.abs(rnn.std - Math.abs(a - b) / Math.SQRT2) < 1e-12);
    assert.equal(rnn.n, 2);
    assert.deepEqual(
      events.filter((e) => e.type !== 'point-train').map((e) => e.type),
      [
        'sweep-start',
        ...Array.from({ length: 4 }, () => ['point-start', 'point-done']).flat(),
        'sweep-done',
      ],
    );
    const trained = events.filter((e) => e.type === 'point-train');
    assert.ok(
      trained.some((e) => e.type === 'point-train' && e.index === 3 && e.event.type === 'done'),
    );
    // The record is plain JSON (what a sweep.json would hold).
    assert.deepEqual(JSON.parse(JSON.stringify(record)), record);
  });

  it('stops on the signal and keeps every point that finished', async () => {
    const plan = planOf({ ...RECALL, sweep: { over: { 'task.lag': [2, 3, 4] } } });
    const stop = new AbortController();
    const record = await runSweep({
      plan,
      signal: stop.signal,
      onEvent(event) {
        // Stop in the middle of the second point's training.
        if (event.type === 'point-train' && event.index === 1 && event.event.type === 'batch') {
          stop.abort();
        }
      },
    });
    assert.equal(record.status, 'stopped');
    assert.deepEqual(
      record.points.map((p) => p.status),
      ['done', 'stopped', 'skipped'],
    );
    assert.ok(record.points[0]?.metrics, 'the finished point keeps its metrics');
    assert.equal(record.groups[0]?.metrics.loss?.n, 1);
    assert.equal(record.groups[2]?.metrics.loss, undefined);
  });

  it('measures each trained point with the caller’s hook (accuracy by input length)', async () => {
    const plan = planOf({
      name: 'rev',
      task: { kind: 'reverse', length: [3, 4], vocab: 'abc', samples: 40, testSamples: 12 },
      model: { cell: 'gru', hidden: 6, embedding: 4, architecture: 'seq2seq' },
      train: { epochs: 1, batchSize: 16 },
      sweep: { over: { 'model.attention': ['none', 'dot'] } },
    });
    const seen: string[] = [];
    const record = await runSweep<LengthAccuracy[]>({
      plan,
      measure: ({ point, model, dataset }) => {
        seen.push(String(point.values['model.attention']));
        return accuracyByLength(model, dataset.test as readonly Sample[]);
      },
    });
    assert.deepEqual(seen, ['none', 'dot']);
    for (const p of record.points) {
      assert.deepEqual(
        p.measures?.map((m) => m.length),
        [3, 4],
      );
      assert.equal(
        p.measures?.reduce((n, m) => n + m.samples, 0),
        12,
      );
    }
  });

  it('a point that cannot start is a failed point, and the sweep goes on', async () => {
    const plan = planOf({ ...RECALL, sweep: { over: { 'model.cell': ['rnn', 'gru'] } } });
    const record = await runSweep({
      plan,
      train: async (training) => {
        if (training.point.values['model.cell'] === 'rnn') throw new Error('no memory left');
        return trainFreshModel(training);
      },
    });
    assert.deepEqual(
      record.points.map((p) => [p.status, p.reason, p.message]),
      [
        ['failed', 'error', 'Training failed: no memory left'],
        ['done', undefined, undefined],
      ],
    );
    assert.equal(record.status, 'done');
  });

  it('spreadOf: mean, sample standard deviation, min, max', () => {
    assert.deepEqual(spreadOf([1, 2, 3, 6]), {
      mean: 3,
      std: Math.sqrt(14 / 3),
      min: 1,
      max: 6,
      n: 4,
    });
    assert.deepEqual(spreadOf([0.5]), { mean: 0.5, std: 0, min: 0.5, max: 0.5, n: 1 });
    assert.equal(spreadOf([]), undefined);
  });
});

describe('rnnlab sweep', () => {
  async function cli(args: string[], cwd: string) {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      isTTY: false,
      cwd,
    };
    return { code: await runCli(args, io), stdout, stderr };
  }

  function workspace(spec: object | string): string {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-sweep-'));
    writeFileSync(
      join(dir, 's.rnnlab.json'),
      typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2),
    );
    return dir;
  }

  it('--json prints one line per finished point, then every point', async () => {
    const dir = workspace({
      ...RECALL,
      sweep: { over: { 'task.lag': [2, 4], 'model.cell': ['rnn', 'gru'] }, seeds: 2 },
    });
    const result = await cli(['sweep', 's.rnnlab.json', '--json', '--backend', 'cpu'], dir);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 9);
    const first = lines[0] ?? {};
    assert.deepEqual(first.point, { 'task.lag': 2, 'model.cell': 'rnn', 'train.seed': 5 });
    for (const key of ['accuracy', 'sequenceAccuracy', 'loss', 'seconds']) {
      assert.equal(typeof first[key], 'number', key);
    }
    const last = lines[8] as {
      points: Record<string, unknown>[];
      seconds: number;
      groups: unknown[];
    };
    assert.deepEqual(last.points, lines.slice(0, 8));
    assert.equal(typeof last.seconds, 'number');
    assert.equal(last.groups.length, 4);
    assert.match(result.stderr, /^point 1 of 8: task\.lag=2, model\.cell=rnn, train\.seed=5$/m);
    assert.match(result.stderr, /^point 2 of 8: .*, about \d+s left$/m);
  });

  it('ends with a table of mean ± spread per point; 2 without a sweep or with a bad one', async () => {
    const dir = workspace({
      ...RECALL,
      sweep: { over: { 'model.cell': ['rnn', 'gru'] }, seeds: 2 },
    });
    const human = await cli(['sweep', 's.rnnlab.json', '--backend', 'cpu'], dir);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^model\.cell +accuracy +sequence +loss +seconds +seeds$/m);
    assert.match(human.stdout, /^rnn +\d+\.\d ± \d+\.\d % .* 2\/2$/m);
    const plain = await cli(['sweep', 's.rnnlab.json'], workspace(RECALL));
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /s\.rnnlab\.json has no "sweep": add one/);
    const bad = await cli(
      ['sweep', 's.rnnlab.json'],
      workspace({ ...RECALL, sweep: { over: { 'task.lag': [3, 501] } } }),
    );
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^s\.rnnlab\.json:\d+:\d+ sweep\.over\["task\.lag"\]\[1\]: must be an integer from 0 to 500 \(got 501\)$/m,
    );
  });

  it('Ctrl-C stops after the current batch, prints the finished points and exits 130', async (t) => {
    const cliPath = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'cli.js');
    if (!existsSync(cliPath)) assert.fail('dist/cli.js is missing: run `npm run build` first');
    const dir = workspace({
      ...RECALL,
      task: { ...RECALL.task, samples: 96 },
      train: { ...RECALL.train, epochs: 40 },
      sweep: { over: { 'task.lag': [2, 3, 4] } },
    });
    const child = spawn(
      process.execPath,
      [cliPath, 'sweep', 's.rnnlab.json', '--json', '--backend', 'cpu'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // The second point has begun: the first one is finished.
      if (!sent && /^point 2 of 3: /m.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    t.diagnostic(stderr.trim().split('\n').slice(-2).join(' | '));
    assert.ok(sent, `the sweep never reached its second point: ${stderr}`);
    assert.equal(code, 130, stderr);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = lines.at(-1) as { status: string; points: { status: string }[] };
    assert.equal(last.status, 'stopped');
    assert.deepEqual(
      last.points.map((p) => p.status),
      ['done', 'stopped', 'skipped'],
    );
    // Each finished point has its own line before the last one (the stopped one too).
    assert.equal(lines.length, 3);
    assert.deepEqual((lines[0] as { point: unknown }).point, { 'task.lag': 2, 'train.seed': 5 });
    assert.match(stderr, /Stopped: 1 point\(s\) finished/);
  });
});
