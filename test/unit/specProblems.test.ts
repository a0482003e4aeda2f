import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTree, type ParseError } from 'jsonc-parser';
import { TASK_KINDS } from '../../src/spec/taskKinds';
import { validateSpecText } from '../../src/spec/validateSpec';
import type { DataFileReader } from '../../src/tasks';
import { memoryReader } from './helpers/memoryReader';
import { labelledSeriesCsv, toneWav } from './helpers/realDataFiles';
import { LineIndex } from '../../src/spec/lineIndex';
import { checkSpecAndData } from '../../src/tasks/checkSpecAndData';
import { problemsToRanges } from '../../src/host/problemRanges';
import { findSpecLenses } from '../../src/host/specLenses';
import { COMMENT_COLUMNS, specNameFrom, specTemplate } from '../../src/host/specTemplates';

const noFiles: DataFileReader = memoryReader();

function filesReader(files: Record<string, string>): DataFileReader {
  return memoryReader(files);
}

/** The text a range covers. */
function covered(
  text: string,
  r: { line: number; character: number; endLine: number; endCharacter: number },
) {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(r.line, r.character), lines.offset(r.endLine, r.endCharacter));
}

const BAD_SPEC = `{
  // a comment, as specs may have
  "name": "rev",
  "task": { "kind": "reverse", "length": [3, 8] },
  "model": { "cell": "lstn", "hidden": 0 },
}
`;

describe('diagnostics: problems → editor ranges', () => {
  it('puts each validator problem on the value it is about', async () => {
    const result = await checkSpecAndData(BAD_SPEC, noFiles);
    const ranges = problemsToRanges(BAD_SPEC, result.problems);
    const hidden = ranges.find((r) => r.path === 'model.hidden');
    const cell = ranges.find((r) => r.path === 'model.cell');
    assert.ok(hidden && cell, JSON.stringify(ranges));
    assert.deepEqual(
      {
        line: hidden.line,
        character: hidden.character,
        endLine: hidden.endLine,
        endCharacter: hidden.endCharacter,
      },
      { line: 4, character: 39, endLine: 4, endCharacter: 40 },
    );
    assert.equal(covered(BAD_SPEC, hidden), '0');
    assert.equal(covered(BAD_SPEC, cell), '"lstn"');
    assert.equal(hidden.severity, 'error');
    assert.match(hidden.message, /integer from 1 to 1024/);
    assert.match(cell.message, /did you mean "lstm"/);
    assert.equal(result.spec, undefined);
    assert.equal(result.dataChecked, false);
  });

  it('agrees with the validator’s 1-based line/column', () => {
    const { problems } = validateSpecText(BAD_SPEC);
    for (const [problem, range] of problems.map(
      (p, i) => [p, problemsToRanges(BAD_SPEC, problems)[i]] as const,
    )) {
      assert.equal(range?.line, problem.line - 1);
      assert.equal(range?.character, problem.column - 1);
    }
  });

  it('counts CRLF and lone CR line breaks as VS Code does', () => {
    const crlf = BAD_SPEC.replace(/\n/g, '\r\n');
    const ranges = problemsToRanges(crlf, validateSpecText(crlf).problems);
    const hidden = ranges.find((r) => r.path === 'model.hidden');
    assert.ok(hidden);
    assert.equal(hidden.line, 4);
    assert.equal(hidden.character, 39);
    assert.equal(covered(crlf, hidden), '0');
    const lines = new LineIndex('a\rb\r\nc\nd');
    assert.deepEqual(lines.editorPosition(2), { line: 1, character: 0 });
    assert.deepEqual(lines.editorPosition(5), { line: 2, character: 0 });
    assert.deepEqual(lines.editorPosition(7), { line: 3, character: 0 });
    assert.deepEqual(lines.editorPosition(99), { line: 3, character: 1 });
    assert.deepEqual(lines.position(5), { line: 3, column: 1 });
  });

  for (const [name, lineBreak] of [
    ['CR-only', '\r'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`a ${name} spec gets the same lines and columns in the CLI as in the editor`, async () => {
      const text = BAD_SPEC.replace(/\n/g, lineBreak);
      const { problems } = await checkSpecAndData(text, noFiles);
      const lf = (await checkSpecAndData(BAD_SPEC, noFiles)).problems;
      // The CLI prints problem.line:problem.column; they match the LF file's.
      assert.deepEqual(
        problems.map((p) => [p.path, p.line, p.column]),
        lf.map((p) => [p.path, p.line, p.column]),
      );
      assert.deepEqual(
        problems.map((p) => [p.path, p.line, p.column]),
        [
          ['model.cell', 5, 22],
          ['model.hidden', 5, 40],
        ],
      );
      // The Problems panel puts them on the same line and character.
      const ranges = problemsToRanges(text, problems);
      problems.forEach((p, i) => {
        assert.equal(ranges[i]?.line, p.line - 1);
        assert.equal(ranges[i]?.character, p.column - 1);
      });
      assert.deepEqual(
        ranges.map((r) => covered(text, r)),
        ['"lstn"', '0'],
      );
    });
  }

  it('handles an empty file and a file cut short', async () => {
    const empty = problemsToRanges('', (await checkSpecAndData('', noFiles)).problems);
    assert.deepEqual(
      empty.map((r) => [r.line, r.character, r.endLine, r.endCharacter]),
      [[0, 0, 0, 0]],
    );
    const cut = '{\n  "name": "x",\n  "task": { "kind": "copy"\n';
    const ranges = problemsToRanges(cut, (await checkSpecAndData(cut, noFiles)).problems);
    assert.ok(ranges.length > 0);
    for (const r of ranges) {
      assert.ok(r.line <= 3 && r.endLine <= 3, JSON.stringify(r));
      assert.match(r.message, /malformed JSON/);
    }
  });

  it('widens a zero-length problem to one character, not across a line break', () => {
    const text = 'ab\ncd';
    const problem = { path: 'p', message: 'm', severity: 'warning' as const, line: 1, column: 1 };
    const [one, atBreak] = problemsToRanges(text, [
      { ...problem, offset: 1, length: 0 },
      { ...problem, offset: 2, length: 0 },
    ]);
    assert.deepEqual([one?.character, one?.endCharacter], [1, 2]);
    assert.deepEqual(
      [atBreak?.line, atBreak?.character, atBreak?.endLine, atBreak?.endCharacter],
      [0, 2, 0, 2],
    );
    assert.equal(one?.severity, 'warning');
  });

  it('adds data-file and inspect-input problems when the data may be read', async () => {
    const spec = `{
  "name": "plurals",
  "task": { "kind": "examples", "file": "data/pairs.jsonl", "testSamples": 1 },
  "inspect": { "inputs": ["cat", "c4t"] }
}`;
    const missing = await checkSpecAndData(spec, noFiles);
    const file = problemsToRanges(spec, missing.problems).find((r) => r.path === 'task.file');
    assert.ok(file);
    assert.equal(covered(spec, file), '"data/pairs.jsonl"');
    assert.match(file.message, /not found/);
    assert.equal(missing.spec, undefined);

    const pairs = ['cat', 'dog', 'box', 'fox', 'bus', 'cow']
      .map((w) => JSON.stringify({ input: w, target: `${w}s` }))
      .join('\n');
    const read = await checkSpecAndData(spec, filesReader({ 'data/pairs.jsonl': pairs }));
    assert.equal(read.dataChecked, true);
    assert.equal(read.data?.examples?.length, 6);
    const input = problemsToRanges(spec, read.problems).find((r) => r.path === 'inspect.inputs[1]');
    assert.ok(input, JSON.stringify(read.problems));
    assert.equal(covered(spec, input), '"c4t"');
    assert.match(input.message, /"4"/);

    // Untrusted: no reader, so no data problems and no data.
    const untrusted = await checkSpecAndData(spec, undefined);
    assert.equal(untrusted.dataChecked, false);
    assert.equal(untrusted.data, undefined);
    assert.ok(!untrusted.problems.some((p) => p.path === 'task.file'));
  });
});

describe('CodeLens positions', () => {
  it('puts Train / Open Lab / Compare on the opening brace and Inspect on each input', () => {
    const text = `// reverse, with attention
{
  "name": "reverse",
  "task": { "kind": "reverse" },
  "inspect": {
    "inputs": ["abcdefgh", "dcebh",
      "ab"],
  },
}`;
    const lenses = findSpecLenses(text);
    assert.deepEqual(
      lenses.slice(0, 3).map((l) => [l.kind, l.line, l.character, l.endCharacter]),
      [
        ['train', 1, 0, 1],
        ['openLab', 1, 0, 1],
        ['compare', 1, 0, 1],
      ],
    );
    const inspect = lenses.filter((l) => l.kind === 'inspect');
    assert.deepEqual(
      inspect.map((l) => [l.input, l.index, l.line, l.character, l.endCharacter]),
      [
        ['abcdefgh', 0, 5, 15, 25],
        ['dcebh', 1, 5, 27, 34],
        ['ab', 2, 6, 6, 10],
      ],
    );
  });

  it('puts Run sweep on the "sweep" key of a spec that has one, and only then', () => {
    const text = '{\n  "name": "s",\n  "sweep": { "over": { "task.lag": [1, 2] } }\n}';
    assert.deepEqual(
      findSpecLenses(text)
        .filter((l) => l.kind === 'sweep')
        .map((l) => [l.line, l.character, l.endCharacter]),
      [[2, 2, 9]],
    );
    assert.equal(
      findSpecLenses('{"name": "s", "sweep": 3}').some((l) => l.kind === 'sweep'),
      false,
    );
  });

  it('still offers the top lenses on a broken spec, and skips non-string inputs', () => {
    const broken = findSpecLenses('{ "name": ');
    assert.deepEqual(
      broken.map((l) => l.kind),
      ['train', 'openLab', 'compare'],
    );
    assert.deepEqual(
      findSpecLenses('').map((l) => [l.kind, l.line]),
      [
        ['train', 0],
        ['openLab', 0],
        ['compare', 0],
      ],
    );
    const mixed = findSpecLenses('{"inspect": {"inputs": [1, "ok", null]}}').filter(
      (l) => l.kind === 'inspect',
    );
    assert.deepEqual(
      mixed.map((l) => [l.input, l.index]),
      [['ok', 1]],
    );
  });
});

describe('New Task Spec templates', () => {
  for (const kind of TASK_KINDS) {
    it(`${kind}: a commented spec that passes every check`, async () => {
      const text = specTemplate(kind, `my ${kind} spec`);
      assert.match(text, /^\/\/ RNN Lab task spec: /);
      // Every comment fits a side-by-side editor (the lab takes the other half).
      const long = text.split('\n').filter((l) => /^\s*\/\//.test(l) && l.length > COMMENT_COLUMNS);
      assert.deepEqual(long, [], 'comment lines wrapped');
      // Comments yes (JSONC), trailing commas no: VS Code's JSON service warns about them.
      const syntax: ParseError[] = [];
      parseTree(text, syntax, { allowTrailingComma: false, disallowComments: false });
      assert.deepEqual(syntax, []);
      // The kinds that read the user's files get the files their template names.
      const files = {
        'series.csv': labelledSeriesCsv(10, 8),
        'audio/high/a.wav': toneWav(2000, 2500),
        'audio/low/a.wav': toneWav(200, 300),
      };
      const result = await checkSpecAndData(text, memoryReader(files));
      assert.deepEqual(result.problems, []);
      assert.equal(result.spec?.task.kind, kind);
      assert.equal(result.spec?.name, `my-${kind}-spec`);
      // Audio is inspected on a test clip picked in the lab: no input to type.
      if (kind === 'audio') {
        assert.deepEqual(result.spec.inspect.inputs, []);
      } else {
        assert.ok(result.spec.inspect.inputs.length > 0);
        assert.ok(findSpecLenses(text).some((l) => l.kind === 'inspect'));
      }
    });
  }

  it('turns file names into valid spec names', () => {
    assert.equal(specNameFrom('copy-2.rnnlab.json'), 'copy-2');
    assert.equal(specNameFrom('..weird name!.rnnlab.json'), 'weird-name-');
    assert.equal(specNameFrom('???'), 'spec');
  });
});
