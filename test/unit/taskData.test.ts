import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createWorkspaceReader } from '../../src/cli/workspaceFiles';
import { resolveSpec, type ResolvedSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { buildDataset, describeSample } from '../../src/tasks/buildDataset';
import { parseCsv } from '../../src/tasks/csvRecords';
import type { SymbolDataset } from '../../src/tasks/dataset';
import { DataFileError } from '../../src/tasks/dataFileReader';
import { loadTaskData } from '../../src/tasks/loadTaskData';
import { rejectingReader } from './helpers/memoryReader';

/** A temp folder with a workspace/ inside it (and room outside it for escape attempts). */
function workspace(files: Record<string, string>): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'rnnlab-tasks-'));
  const root = join(base, 'workspace');
  mkdirSync(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return { root, outside: base };
}

function specOf(
  task: Partial<Spec['task']> & Pick<Spec['task'], 'kind'>,
  model: Spec['model'] = {},
) {
  return resolveSpec({ name: 'test', task, model } as Spec);
}

async function load(root: string, spec: ResolvedSpec, specFile = 'task.rnnlab.json') {
  return loadTaskData(spec, createWorkspaceReader(join(root, specFile), root));
}

const PAIRS = [
  { input: 'cat', target: 'cats' },
  { input: 'box', target: 'boxes' },
  { input: 'city', target: 'cities' },
  { input: 'a, b', target: 'a, bs' },
  { input: 'say "hi"', target: 'says "hi"' },
];

describe('loadTaskData: example files', () => {
  it('reads .jsonl (blank lines allowed) and builds the dataset from it', async () => {
    const jsonl = PAIRS.map((p) => JSON.stringify(p)).join('\n\n') + '\n';
    const { root } = workspace({ 'data/pairs.jsonl': jsonl });
    const spec = specOf({ kind: 'examples', file: 'data/pairs.jsonl' });
    const { data, problems } = await load(root, spec);
    assert.deepEqual(
      problems.filter((p) => p.severity !== 'warning'),
      [],
    );
    assert.deepEqual(data.examples, PAIRS);
    const dataset = buildDataset(spec, data) as SymbolDataset;
    const all = [...dataset.train, ...dataset.test].map((s) => describeSample(dataset, s));
    assert.equal(all.length, PAIRS.length);
    assert.equal(dataset.test.length, 1);
  });

  it('reads .csv with quoted commas, doubled quotes and a line break in a field', async () => {
    const csv =
      'input,target\r\n' +
      'cat,cats\r\n' +
      'box,boxes\r\n' +
      '\r\n' +
      'city,"cities"\r\n' +
      '"a, b","a, bs"\r\n' +
      '"say ""hi""","says ""hi"""\r\n' +
      '"two\nlines",twos';
    const { root } = workspace({ 'pairs.csv': `\uFEFF${csv}` });
    const { data, problems } = await load(root, specOf({ kind: 'examples', file: 'pairs.csv' }));
    assert.deepEqual(
      problems.filter((p) => p.severity !== 'warning'),
      [],
    );
    assert.deepEqual(data.examples, [...PAIRS, { input: 'two\nlines', target: 'twos' }]);
  });

  it('accepts the columns in either order', async () => {
    const { root } = workspace({ 'pairs.csv': 'target,input\nx,abc\n' });
    const { data } = await load(root, specOf({ kind: 'examples', file: 'pairs.csv' }));
    assert.deepEqual(data.examples, [{ input: 'abc', target: 'x' }]);
  });

  it('reports every bad .jsonl line with its number, and keeps the good ones', async () => {
    const lines = [
      '{"input": "ab", "target": "ba"}',
      '{"input": "ab", "target": 3}',
      '',
      '{"input": "abc"',
      '["ab", "ba"]',
      '{"target": "x"}',
      '{"input": "cd", "target": "dc"}',
    ];
    const { root } = workspace({ 'data/pairs.jsonl': lines.join('\n') });
    const { data, problems } = await load(
      root,
      specOf({ kind: 'examples', file: 'data/pairs.jsonl' }),
    );
    assert.deepEqual(data.examples, [
      { input: 'ab', target: 'ba' },
      { input: 'cd', target: 'dc' },
    ]);
    // Two good examples are too few to test on: a warning beside the errors.
    const errors = problems.filter((p) => p.severity !== 'warning');
    assert.ok(errors.every((p) => p.path === 'task.file'));
    const messages = errors.map((p) => p.message);
    assert.ok(
      messages.includes('data/pairs.jsonl line 2: "target" must be a string'),
      messages.join('\n'),
    );
    assert.ok(messages.some((m) => m.startsWith('data/pairs.jsonl line 4: not valid JSON')));
    assert.ok(messages.some((m) => m.startsWith('data/pairs.jsonl line 5: expected an object')));
    assert.ok(messages.includes('data/pairs.jsonl line 6: "input" is missing'));
    assert.equal(errors.length, 4);
  });

  it('reports every bad .csv row with its line', async () => {
    const csv = [
      'input,target',
      'ab,ba',
      'a,b,c',
      'x"y,z',
      '"ab"c,d',
      'cd,dc',
      '"never closed,x',
      'ef,fe',
    ].join('\n');
    const { root } = workspace({ 'pairs.csv': csv });
    const { data, problems } = await load(root, specOf({ kind: 'examples', file: 'pairs.csv' }));
    assert.deepEqual(data.examples, [
      { input: 'ab', target: 'ba' },
      { input: 'cd', target: 'dc' },
    ]);
    const messages = problems.map((p) => p.message);
    for (const line of [3, 4, 5, 7]) {
      assert.ok(
        messages.some((m) => m.startsWith(`pairs.csv line ${line}: `)),
        `line ${line} in:\n${messages.join('\n')}`,
      );
    }
    assert.match(
      messages[0] ?? '',
      /line 3: expected 2 fields \(input,target\), found 3; put a field that contains a comma in double quotes/,
    );
    assert.match(messages[3] ?? '', /line 7: a quoted field is never closed/);
  });

  it('needs an input,target header', async () => {
    const { root } = workspace({ 'pairs.csv': 'word,plural\ncat,cats\n' });
    const { problems } = await load(root, specOf({ kind: 'examples', file: 'pairs.csv' }));
    assert.match(
      problems[0]?.message ?? '',
      /pairs\.csv line 1: the first line must be the header input,target/,
    );
  });

  it('refuses other file types and empty files', async () => {
    const { root } = workspace({ 'pairs.txt': 'cat cats', 'empty.jsonl': '\n\n' });
    const wrongType = await load(root, specOf({ kind: 'examples', file: 'pairs.txt' }));
    assert.match(wrongType.problems[0]?.message ?? '', /unsupported file type.*\.jsonl.*\.csv/);
    const empty = await load(root, specOf({ kind: 'examples', file: 'empty.jsonl' }));
    assert.match(empty.problems[0]?.message ?? '', /contains no examples/);
  });
});

describe('loadTaskData: checks that need the data', () => {
  it('names symbols outside task.vocab: at the inline example, or at the file line', async () => {
    const inline = await loadTaskData(
      specOf({
        kind: 'examples',
        vocab: 'ab',
        examples: [
          { input: 'ab', target: 'x' },
          { input: 'abzq', target: 'y' },
        ],
      }),
      rejectingReader('no file expected'),
    );
    const [problem] = inline.problems;
    assert.equal(problem?.path, 'task.examples[1].input');
    assert.match(problem?.message ?? '', /not in task\.vocab: "z", "q"/);

    const { root } = workspace({
      'p.jsonl': '{"input":"ab","target":"x"}\n{"input":"az","target":"y"}\n',
    });
    const fromFile = await load(root, specOf({ kind: 'examples', vocab: 'ab', file: 'p.jsonl' }));
    assert.equal(fromFile.problems[0]?.path, 'task.file');
    assert.match(fromFile.problems[0]?.message ?? '', /^p\.jsonl line 2: .*"z"/);
  });

  it('many-to-many: target and input lengths must agree', async () => {
    const spec = specOf(
      {
        kind: 'examples',
        examples: [
          { input: 'abc', target: 'ABC' },
          { input: 'abc', target: 'AB' },
        ],
      },
      { architecture: 'many-to-many' },
    );
    const { problems } = await loadTaskData(spec, rejectingReader('unused'));
    assert.equal(problems[0]?.path, 'task.examples[1].target');
    assert.match(problems[0]?.message ?? '', /the input has 3, the target 2/);
  });

  it('warns when too few examples leave nothing to test on', async () => {
    const spec = specOf({ kind: 'examples', examples: [{ input: 'a', target: 'b' }] });
    const { problems } = await loadTaskData(spec, rejectingReader('unused'));
    assert.equal(problems[0]?.path, 'task.testSamples');
    assert.equal(problems[0]?.severity, 'warning');
  });

  it('text from a file: loaded, and too short for task.length is reported', async () => {
    const { root } = workspace({
      'data/story.txt': 'hello, recurrent world',
      'data/tiny.txt': 'tiny',
    });
    const ok = await load(
      root,
      specOf({ kind: 'text', file: 'data/story.txt', length: 8, testSamples: 5 }),
    );
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.data.text, 'hello, recurrent world');
    const dataset = buildDataset(
      specOf({ kind: 'text', file: 'data/story.txt', length: 8, testSamples: 5, samples: 20 }),
      ok.data,
    ) as SymbolDataset;
    assert.equal(dataset.train.length, 20);

    const short = await load(root, specOf({ kind: 'text', file: 'data/tiny.txt', length: 4 }));
    assert.equal(short.problems[0]?.path, 'task.file');
    assert.match(
      short.problems[0]?.message ?? '',
      /has 4 characters; windows of task\.length 4 need at least 5/,
    );
  });

  it('too few distinct inputs for task.testSamples: says how many and what to change', async () => {
    const spec = specOf({ kind: 'parity', length: 4, testSamples: 200 });
    const { problems } = await loadTaskData(spec, rejectingReader('unused'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'task.testSamples');
    assert.match(
      problems[0]?.message ?? '',
      /only 16 distinct inputs.*lower task\.testSamples to at most 8/,
    );

    const { root } = workspace({ 'rep.txt': 'ab'.repeat(100) });
    const text = await load(
      root,
      specOf({ kind: 'text', file: 'rep.txt', length: 10, testSamples: 20 }),
    );
    assert.match(
      text.problems[0]?.message ?? '',
      /only 2 distinct inputs.*longer, more varied text/,
    );
  });
});

describe('workspace reader', () => {
  it('reads a file named relative to the spec folder', async () => {
    const { root } = workspace({ 'specs/data/a.txt': 'abc' });
    const reader = createWorkspaceReader(join(root, 'specs', 'x.rnnlab.json'), root);
    assert.equal(await reader.read('data/a.txt'), 'abc');
    assert.equal(await reader.read('../specs/data/a.txt'), 'abc');
  });

  it('refuses missing files, folders and paths outside the workspace', async () => {
    const { root, outside } = workspace({ 'data/a.txt': 'abc' });
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    symlinkSync(outside, join(root, 'linkdir'));
    const reader = createWorkspaceReader(join(root, 'x.rnnlab.json'), root);
    const reason = async (file: string) => {
      try {
        await reader.read(file);
        return 'read';
      } catch (error) {
        assert.ok(error instanceof DataFileError, String(error));
        assert.equal(error.file, file);
        return error.reason;
      }
    };
    assert.equal(await reason('data/none.txt'), 'missing');
    assert.equal(await reason('data'), 'not-a-file');
    assert.equal(await reason('../secret.txt'), 'outside-workspace');
    assert.equal(await reason(join(outside, 'secret.txt')), 'outside-workspace');
    assert.equal(await reason('link.txt'), 'outside-workspace');
    assert.equal(await reason('linkdir/secret.txt'), 'outside-workspace');
    assert.equal(await reason('../nothing-there.txt'), 'outside-workspace');
  });

  it('turns each reason into a problem at task.file that says what to do', async () => {
    const { root, outside } = workspace({ 'data/sub/x.txt': 'x' });
    writeFileSync(join(outside, 'pairs.csv'), 'input,target\na,b\n');
    const problem = async (file: string) =>
      (await load(root, specOf({ kind: 'examples', file }))).problems[0];
    const missing = await problem('data/x.csv');
    assert.deepEqual(missing, {
      path: 'task.file',
      message: 'file "data/x.csv" not found (paths are relative to the spec file)',
    });
    assert.match(
      (await problem('../pairs.csv'))?.message ?? '',
      /"\.\.\/pairs\.csv" is outside the workspace folder; move it/,
    );
    assert.match((await problem('data/sub'))?.message ?? '', /"data\/sub" is not a file/);
  });

  it('reports an unreadable file', { skip: process.getuid?.() === 0 }, async () => {
    const { root } = workspace({ 'locked.txt': 'secret text' });
    const { chmodSync } = await import('node:fs');
    chmodSync(join(root, 'locked.txt'), 0o000);
    const { problems } = await load(root, specOf({ kind: 'text', file: 'locked.txt', length: 4 }));
    assert.match(
      problems[0]?.message ?? '',
      /could not be read \(EACCES\); check that it is readable/,
    );
  });
});

describe('csv reader', () => {
  it('keeps empty fields and trailing commas, and treats a lone CR as a line break', () => {
    const { records, errors } = parseCsv('a,b\r,x\ry,\r"",""');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      records.map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b']],
        [2, ['', 'x']],
        [3, ['y', '']],
        [4, ['', '']],
      ],
    );
  });
});
