/**
 * The `series` task kind: reading CSV and JSONL (one file, an id column, a folder of files), every
 * bad case with its file and line, the split by whole sequence, normalisation from the training
 * split only, windows with a stride, forecast targets, and a short training run of each kind.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createWorkspaceReader } from '../../src/cli/workspaceFiles';
import { datasetMeta, parseDatasetMeta } from '../../src/engine/datasetMeta';
import { inspectSequence } from '../../src/engine/inspectSequence';
import { createModel } from '../../src/engine/seqModel';
import { trainModel } from '../../src/engine/trainRun';
import { resolveSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { validateSpecText } from '../../src/spec/validateSpec';
import { buildDataset } from '../../src/tasks/buildDataset';
import { checkSpecAndData } from '../../src/tasks/checkSpecAndData';
import type { RealDataset } from '../../src/tasks/dataset';
import { describeSample } from '../../src/tasks/describeSample';
import { MAX_DATA_FILE_BYTES } from '../../src/tasks/dataFileReader';
import { loadTaskData } from '../../src/tasks/loadTaskData';
import { memoryReader } from './helpers/memoryReader';

function specOf(
  task: Record<string, unknown>,
  model: Spec['model'] = {},
  train: Spec['train'] = {},
) {
  return resolveSpec({
    name: 'series-test',
    task: { kind: 'series', ...task },
    model,
    train,
  } as Spec);
}

async function load(
  task: Record<string, unknown>,
  files: Record<string, string>,
  model: Spec['model'] = {},
) {
  const spec = specOf(task, model);
  return { spec, ...(await loadTaskData(spec, memoryReader(files))) };
}

const errors = (problems: readonly { severity?: string; message: string }[]) =>
  problems.filter((p) => (p.severity ?? 'error') === 'error').map((p) => p.message);

/** `n` labelled sequences of `steps` rows: class "up" rises, "down" falls. */
function labelledCsv(n: number, steps: number): string {
  const rows = ['id,t,x,y,label'];
  for (let i = 0; i < n; i++) {
    const label = i % 2 === 0 ? 'up' : 'down';
    for (let t = 0; t < steps; t++) {
      const trend = (label === 'up' ? 1 : -1) * (t / steps);
      rows.push(
        `s${i},${t},${(trend + 0.1 * Math.sin(i + t)).toFixed(4)},${(0.5 * Math.cos(t + i)).toFixed(4)},${label}`,
      );
    }
  }
  return rows.join('\n') + '\n';
}

describe('series files: good ones', () => {
  it('reads a CSV with an id and a label column into labelled sequences of the named channels', async () => {
    const { data, problems } = await load(
      { file: 'd.csv', idColumn: 'id', labelColumn: 'label', channels: ['x', 'y'] },
      { 'd.csv': labelledCsv(4, 5) },
    );
    assert.deepEqual(errors(problems), []);
    assert.deepEqual(data.series?.channels, ['x', 'y']);
    assert.equal(data.series?.sequences.length, 4);
    assert.deepEqual(
      data.series?.sequences.map((s) => [s.name, s.label, s.values.length]),
      [
        ['d.csv id=s0', 'up', 5],
        ['d.csv id=s1', 'down', 5],
        ['d.csv id=s2', 'up', 5],
        ['d.csv id=s3', 'down', 5],
      ],
    );
  });

  it('takes every column but the id and the label as channels by default; rows of one id may be apart', async () => {
    const csv = 'id,a,b,label\n1,0.5,1,x\n2,3,4,y\n1,1.5,2,x\n';
    const { data, problems } = await load(
      { file: 'd.csv', idColumn: 'id', labelColumn: 'label' },
      { 'd.csv': csv },
    );
    assert.deepEqual(errors(problems), []);
    assert.deepEqual(data.series?.channels, ['a', 'b']);
    assert.deepEqual(data.series?.sequences[0]?.values, [
      [0.5, 1],
      [1.5, 2],
    ]);
  });

  it('reads JSONL rows (one object of columns per line) the same way as CSV', async () => {
    const jsonl = [
      { id: 'a', v: 1, label: 'p' },
      { id: 'a', v: 2, label: 'p' },
      { id: 'b', v: -1, label: 'q' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const { data, problems } = await load(
      { file: 'd.jsonl', idColumn: 'id', labelColumn: 'label' },
      { 'd.jsonl': jsonl },
    );
    assert.deepEqual(errors(problems), []);
    assert.deepEqual(
      data.series?.sequences.map((s) => [s.label, s.values]),
      [
        ['p', [[1], [2]]],
        ['q', [[-1]]],
      ],
    );
  });

  it('reads a folder of files, each one sequence, in name order', async () => {
    const { data, problems } = await load(
      { file: 'runs', horizon: 1, length: 2 },
      { 'runs/b.csv': 'v\n3\n4\n5\n', 'runs/a.csv': 'v\n1\n2\n3\n', 'runs/notes.txt': 'ignored' },
      { architecture: 'many-to-one' },
    );
    assert.deepEqual(errors(problems), []);
    assert.deepEqual(
      data.series?.sequences.map((s) => s.name),
      ['runs/a.csv', 'runs/b.csv'],
    );
  });
});

describe('series files: each bad case names the file and the line', () => {
  const bad = async (file: string, content: string, task: Record<string, unknown> = {}) =>
    errors((await load({ file, ...task }, { [file]: content })).problems);

  it('a ragged row', async () => {
    assert.deepEqual(await bad('d.csv', 'a,b\n1,2\n3\n4,5\n'), [
      'd.csv line 3: expected 2 fields (a,b), found 1; every row needs a value for every column of the header',
    ]);
  });

  it('a cell that is not a number, NaN, empty, infinite', async () => {
    const found = await bad('d.csv', 'a,b\n1,x\nNaN,2\n,3\n4,Infinity\n');
    assert.deepEqual(found, [
      'd.csv line 2: column "b" is "x", not a number',
      'd.csv line 3: column "a" is NaN; fill in the missing value or drop the row',
      'd.csv line 4: column "a" is empty (a missing value); fill it in or drop the row',
      'd.csv line 5: column "b" is Infinity, not a finite number',
    ]);
  });

  it('a date column read as a channel says to list the channels', async () => {
    const found = await bad('d.csv', 'date,v\n2024-01-01,1\n2024-01-02,2\n');
    assert.match(found[0] ?? '', /^d\.csv line 2: column "date" is "2024-01-01", not a number$/);
  });

  it('a missing label, and labels that disagree within one sequence', async () => {
    const found = await bad('d.csv', 'id,v,label\n1,0.1,a\n1,0.2,\n2,0.3,b\n2,0.4,c\n', {
      idColumn: 'id',
      labelColumn: 'label',
    });
    assert.deepEqual(found, [
      'd.csv line 3: the label column "label" is empty; give every row its sequence\'s class',
      'd.csv line 5: label "c" differs from "b" (line 4) of the same sequence; a sequence has one class: fix the label, or give the rows their own id',
    ]);
  });

  it('a column the spec names that the file lacks', async () => {
    const { problems } = await load(
      { file: 'd.csv', labelColumn: 'class' },
      { 'd.csv': 'v,label\n1,a\n' },
    );
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [['task.labelColumn', 'd.csv line 1: no column "class" (the columns are "v", "label")']],
    );
  });

  it('JSONL: invalid JSON, a missing key, a null value', async () => {
    const found = await bad(
      'd.jsonl',
      '{"a": 1, "b": 2}\n{"a": 1\n{"a": 3}\n{"a": null, "b": 1}\n',
    );
    assert.equal(found.length, 3);
    assert.match(found[0] ?? '', /^d\.jsonl line 2: not valid JSON/);
    assert.equal(
      found[1],
      'd.jsonl line 3: missing "b": every line needs the keys of the first one (a, b)',
    );
    assert.equal(
      found[2],
      'd.jsonl line 4: column "a" is null (a missing value); fill it in or drop the row',
    );
  });

  it('an unsupported file type, a folder without data files, a missing file', async () => {
    assert.match((await bad('d.xlsx', 'x'))[0] ?? '', /unsupported file type for series/);
    const empty = errors((await load({ file: 'data' }, { 'data/readme.md': 'x' })).problems);
    assert.deepEqual(empty, ['"data" holds no .csv or .jsonl file; put the series files in it']);
    const missing = errors((await load({ file: 'nope.csv' }, {})).problems);
    assert.deepEqual(missing, ['file "nope.csv" not found (paths are relative to the spec file)']);
  });

  it('a file over the size cap, read from disk', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rnnlab-series-'));
    writeFileSync(join(root, 'big.csv'), Buffer.alloc(MAX_DATA_FILE_BYTES + 1, 0x31));
    const spec = specOf({ file: 'big.csv' });
    const { problems } = await loadTaskData(
      spec,
      createWorkspaceReader(join(root, 's.rnnlab.json'), root),
    );
    assert.match(
      errors(problems)[0] ?? '',
      /^file "big\.csv" is 16 MiB, more than the 16 MiB a data file may have/,
    );
  });

  it('a folder whose files together pass the cap', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rnnlab-series-'));
    mkdirSync(join(root, 'parts'));
    const half = Buffer.alloc(MAX_DATA_FILE_BYTES / 2 + 1, 0x31);
    writeFileSync(join(root, 'parts', 'a.csv'), half);
    writeFileSync(join(root, 'parts', 'b.csv'), half);
    const spec = specOf({ file: 'parts' });
    const { problems } = await loadTaskData(
      spec,
      createWorkspaceReader(join(root, 's.rnnlab.json'), root),
    );
    assert.match(
      errors(problems)[0] ?? '',
      /^the files of folder "parts" come to more than 16 MiB/,
    );
  });

  it('forecast windows longer than any sequence, a forecast channel that is no input channel', async () => {
    const short = await bad('d.csv', 'v\n1\n2\n3\n', { length: 3, horizon: 2 });
    assert.deepEqual(short, [
      'the longest sequence has 3 steps, but a forecast window needs 5 (task.length 3 + horizon 2): lower task.length',
    ]);
    const { problems } = await load(
      { file: 'd.csv', forecastChannels: ['w'] },
      { 'd.csv': 'v\n1\n2\n' },
    );
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [['task.forecastChannels[0]', '"w" is not an input channel (the channels are "v")']],
    );
  });

  it('the spec checks: no file, a label with many-to-many, the id as a channel', () => {
    const messages = (task: string, model = '{}') =>
      validateSpecText(`{"name": "s", "task": ${task}, "model": ${model}}`).problems.map(
        (p) => `${p.path}: ${p.message}`,
      );
    assert.deepEqual(messages('{"kind": "series"}'), [
      'task: the "series" task needs "file": a .csv or .jsonl file, or a folder of them',
    ]);
    assert.deepEqual(
      messages(
        '{"kind": "series", "file": "d.csv", "labelColumn": "c"}',
        '{"architecture": "many-to-many"}',
      ),
      [
        'model.architecture: a labelled series is classified after reading the whole sequence: use "architecture": "many-to-one"',
      ],
    );
    assert.deepEqual(
      messages('{"kind": "series", "file": "d.csv", "idColumn": "id", "channels": ["id", "v"]}'),
      ['task.channels[0]: "id" is the id column; it cannot be an input channel too'],
    );
  });
});

describe('series datasets: split, normalisation, windows', () => {
  it('splits by whole sequence, classes in proportion, and scales with the training split only', async () => {
    const { spec, data } = await load(
      { file: 'd.csv', idColumn: 'id', labelColumn: 'label', channels: ['x', 'y'], length: 64 },
      { 'd.csv': labelledCsv(20, 10) },
    );
    const dataset = buildDataset(spec, data) as RealDataset;
    const sources = (split: RealDataset['train']) => new Set(split.map((s) => s.source));
    const train = sources(dataset.train);
    const test = sources(dataset.test);
    assert.equal(test.size, 4);
    for (const name of test) assert.ok(!train.has(name), `${name} is in both splits`);
    assert.deepEqual(dataset.classes?.tokens, ['down', 'up']);
    // Two test sequences per class (a fifth of ten each).
    const testLabels = dataset.test.map((s) => s.target[0]?.[0]);
    assert.deepEqual(
      [0, 1].map((c) => testLabels.filter((l) => l === c).length),
      [2, 2],
    );
    // Mean 0 and deviation 1 on the training split, not on the whole data.
    const xs = dataset.train.flatMap((s) => s.input.map((r) => r[0] ?? 0));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    assert.ok(Math.abs(mean) < 1e-5 && Math.abs(sd - 1) < 1e-4, `train x: mean ${mean}, sd ${sd}`);
    const meta = parseDatasetMeta(JSON.parse(JSON.stringify(datasetMeta(dataset))));
    assert.deepEqual(meta, datasetMeta(dataset));
    assert.ok(meta.type === 'real' && meta.normalization?.mean.length === 2);
  });

  it('cuts long sequences into windows with a stride; one sequence is split in time', async () => {
    const values = Array.from({ length: 100 }, (_, t) => t);
    const { spec, data } = await load(
      { file: 'd.csv', length: 10, stride: 5, horizon: 2, normalize: false },
      { 'd.csv': `v\n${values.join('\n')}\n` },
      { architecture: 'many-to-one' },
    );
    const dataset = buildDataset(spec, data) as RealDataset;
    // The first 80 steps train, the last 20 test: windows of 10 + 2 every 5 steps.
    assert.equal(dataset.train.length, Math.floor((80 - 12) / 5) + 1);
    assert.equal(dataset.test.length, Math.floor((20 - 12) / 5) + 1);
    const first = dataset.train[0];
    assert.deepEqual(
      first?.input.map((r) => r[0]),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(first?.target, [[10, 11]]);
    assert.ok(
      dataset.test.every((s) => (s.input[0]?.[0] ?? 0) >= 80),
      'a test window reaches into training',
    );
    assert.deepEqual(dataset.forecast, { channels: ['v'], horizon: 2 });
    assert.equal(dataset.outputs, 2);
  });

  it('many-to-many forecasts the next values after every step', async () => {
    const { spec, data } = await load(
      { file: 'd.csv', length: 4, horizon: 1, normalize: false },
      { 'd.csv': `a,b\n${Array.from({ length: 30 }, (_, t) => `${t},${-t}`).join('\n')}\n` },
      { architecture: 'many-to-many' },
    );
    const dataset = buildDataset(spec, data) as RealDataset;
    const first = dataset.train[0];
    assert.deepEqual(first?.target, [
      [1, -1],
      [2, -2],
      [3, -3],
      [4, -4],
    ]);
    assert.deepEqual(describeSample(dataset, first ?? { input: [], target: [] }), {
      input: '(0.000 0.000), (1.000 -1.000), (2.000 -2.000), (3.000 -3.000)',
      target: '(1.000 -1.000), (2.000 -2.000), (3.000 -3.000), (4.000 -4.000)',
    });
  });
});

describe('series: training', () => {
  it('classifies labelled sequences (rising or falling): test accuracy at least 90 %', async () => {
    const files = { 'd.csv': labelledCsv(60, 12) };
    const check = await checkSpecAndData(
      JSON.stringify({
        name: 'updown',
        task: {
          kind: 'series',
          file: 'd.csv',
          idColumn: 'id',
          labelColumn: 'label',
          channels: ['x', 'y'],
        },
        model: { cell: 'gru', hidden: 16 },
        train: { epochs: 8, batchSize: 16, learningRate: 0.02, seed: 1, backend: 'cpu' },
      }),
      memoryReader(files),
    );
    assert.deepEqual(check.problems, []);
    const spec = check.spec;
    assert.ok(spec);
    const dataset = buildDataset(spec, check.data);
    const model = createModel(spec, dataset);
    const result = await trainModel({ spec, dataset, model, onEvent: () => {} });
    assert.ok((result.metrics?.accuracy ?? 0) >= 0.9, `accuracy ${result.metrics?.accuracy}`);
    // An input typed in the data's units is scaled as in training: a rising stroke is "up".
    const rising = Array.from({ length: 12 }, (_, t) => `${(t / 12).toFixed(3)} 0`).join(', ');
    const inspection = inspectSequence(model, dataset, rising);
    assert.equal(inspection.outputs[0]?.token, 'up');
    assert.deepEqual(inspection.channels, ['x', 'y']);
    model.dispose();
  });

  it('forecasts two channels two steps ahead better than the last value does', async () => {
    const rows = Array.from(
      { length: 400 },
      (_, t) => `${Math.sin(t / 4).toFixed(4)},${Math.cos(t / 7).toFixed(4)}`,
    );
    const check = await checkSpecAndData(
      JSON.stringify({
        name: 'waves',
        task: { kind: 'series', file: 'w.csv', length: 16, stride: 2, horizon: 2 },
        model: { cell: 'lstm', hidden: 16, architecture: 'many-to-one' },
        train: { epochs: 10, batchSize: 16, learningRate: 0.02, seed: 1, backend: 'cpu' },
      }),
      memoryReader({ 'w.csv': `a,b\n${rows.join('\n')}\n` }),
    );
    assert.deepEqual(check.problems, []);
    const spec = check.spec;
    assert.ok(spec);
    const dataset = buildDataset(spec, check.data) as RealDataset;
    // The persistence forecast (the last value, for both steps ahead), in the same scaled units.
    let persistence = 0;
    let count = 0;
    for (const s of dataset.test) {
      const last = s.input[s.input.length - 1] ?? [];
      (s.target[0] ?? []).forEach((v, k) => {
        persistence += (v - (last[k % 2] ?? 0)) ** 2;
        count++;
      });
    }
    persistence /= count;
    const model = createModel(spec, dataset);
    const result = await trainModel({ spec, dataset, model, onEvent: () => {} });
    const mse = result.metrics?.mse ?? Infinity;
    assert.ok(mse < persistence / 2, `mse ${mse} against persistence ${persistence}`);
    assert.equal(result.metrics?.mseByHorizon?.length, 2);
    model.dispose();
  });
});
