import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatProblem, type Problem } from '../../src/spec/problems';
import { renderSchema, SCHEMA_FILE } from '../../src/spec/schemaFile';
import { validateSpecText } from '../../src/spec/validateSpec';
import { estimateTrainingMemory } from '../../src/spec/memoryEstimate';

/** The spec of the issue, as a user would write it. */
const GOOD = `{
  "name": "reverse-8",
  "task": { "kind": "reverse", "length": [3, 8], "vocab": "abcdefgh", "samples": 2000, "testSamples": 200 },
  "model": { "cell": "lstm", "hidden": 64, "layers": 1, "embedding": 16, "architecture": "seq2seq", "attention": "none" },
  "train": { "epochs": 20, "batchSize": 32, "optimizer": "adam", "learningRate": 0.01,
             "clipNorm": 1.0, "teacherForcing": 1.0, "seed": 1, "backend": "auto" },
  "inspect": { "inputs": ["abcdefg"] }
}`;

function problems(text: string): Problem[] {
  return validateSpecText(text).problems;
}

function only(text: string, path: string): Problem {
  const found = problems(text).filter((p) => p.path === path);
  assert.equal(
    found.length,
    1,
    `expected one problem at ${path}, got ${JSON.stringify(problems(text))}`,
  );
  return found[0] as Problem;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe('spec validation', () => {
  it('accepts the spec of the issue and resolves every default', () => {
    const result = validateSpecText(GOOD);
    assert.deepEqual(result.problems, []);
    assert.ok(result.spec);
    assert.deepEqual(result.spec.task.length, [3, 8]);
    assert.equal(result.spec.model.architecture, 'seq2seq');
    assert.equal(result.spec.train.clipNorm, 1);
    assert.equal(result.spec.train.gradientEvery, 10);
  });

  it('fills task-dependent defaults: architecture, length, vocab', () => {
    const result = validateSpecText('{"name":"p","task":{"kind":"parity"}}');
    assert.ok(result.spec);
    assert.equal(result.spec.model.architecture, 'many-to-one');
    assert.equal(result.spec.model.cell, 'lstm');
    assert.equal(result.spec.task.vocab, '01');
    assert.deepEqual(result.spec.task.length, [4, 12]);
    const addition = validateSpecText('{"name":"a","task":{"kind":"addition","digits":2}}');
    assert.deepEqual(addition.spec?.task.length, [1, 2]);
  });

  it('accepts comments and trailing commas (JSONC)', () => {
    const text = '{\n  // a comment\n  "name": "x", "task": {"kind": "copy",},\n}';
    assert.deepEqual(problems(text), []);
  });

  it('formats FILE:LINE:COL PATH: message, with the range in words', () => {
    const text = GOOD.replace('"hidden": 64', '"hidden": 0');
    const problem = only(text, 'model.hidden');
    const at = positionOf(text, '0, "layers"');
    assert.equal(
      formatProblem('rev.rnnlab.json', problem),
      `rev.rnnlab.json:${at.line}:${at.column} model.hidden: must be an integer from 1 to 1024 (got 0)`,
    );
  });

  it('reports malformed JSON at the broken spot', () => {
    const text = '{\n  "name": "x",\n  "task": { "kind": "copy" \n';
    const found = problems(text);
    assert.ok(found.length >= 1);
    assert.match(found[0]?.message ?? '', /malformed JSON: a closing "}" is missing/);
    assert.equal(found[0]?.line, 4);
    const comma = problems('{ "name": "x" "task": {} }');
    assert.match(comma[0]?.message ?? '', /"," was expected/);
    assert.equal(comma[0]?.column, 15);
    assert.match(problems('')[0]?.message ?? '', /empty/);
    assert.match(problems('[1, 2]')[0]?.message ?? '', /must be a JSON object/);
  });

  it('names an unknown kind or cell and suggests the closest value', () => {
    const kind = only(GOOD.replace('"kind": "reverse"', '"kind": "revers"'), 'task.kind');
    assert.match(
      kind.message,
      /must be one of "copy", "reverse".*\(got "revers"\); did you mean "reverse"\?/,
    );
    const text = GOOD.replace('"cell": "lstm"', '"cell": "lstn"');
    const cell = only(text, 'model.cell');
    assert.equal(
      cell.message,
      'must be one of "rnn", "lstm", "gru" (got "lstn"); did you mean "lstm"?',
    );
    assert.equal(cell.line, positionOf(text, '"lstn"').line);
    assert.equal(cell.column, positionOf(text, '"lstn"').column);
  });

  it('reports wrong types and unknown or missing fields', () => {
    const text = GOOD.replace('"epochs": 20', '"epochs": "20"').replace(
      '"layers": 1',
      '"layrs": 1',
    );
    const found = problems(text);
    assert.equal(found.length, 2, JSON.stringify(found));
    const epochs = found.find((p) => p.path === 'train.epochs');
    assert.match(epochs?.message ?? '', /must be an integer from 1 to 10000 \(got "20"\)/);
    const layers = found.find((p) => p.path === 'model.layrs');
    assert.equal(layers?.message, 'unknown field "layrs" (did you mean "layers"?)');
    // The key itself is marked, not its value.
    assert.deepEqual({ line: layers?.line, column: layers?.column }, positionOf(text, '"layrs"'));
    const missing = only('{"name":"x","task":{"length":3}}', 'task');
    assert.equal(missing.message, 'missing required field "kind" (task.kind)');
  });

  it('reports out-of-range numbers with the allowed range', () => {
    assert.match(
      only(GOOD.replace('"learningRate": 0.01', '"learningRate": -1'), 'train.learningRate')
        .message,
      /greater than 0 and at most 10 \(got -1\)/,
    );
    assert.match(
      only(GOOD.replace('"teacherForcing": 1.0', '"teacherForcing": 1.5'), 'train.teacherForcing')
        .message,
      /from 0 to 1 \(got 1.5\)/,
    );
    assert.match(
      only(GOOD.replace('[3, 8]', '[0, 8]'), 'task.length').message,
      /an integer from 1 to 512, or \[x, x\] with each x an integer from 1 to 512 \(got \[0,8\]\)/,
    );
    assert.match(only(GOOD.replace('"reverse-8"', '"my spec"'), 'name').message, /letters, digits/);
  });

  it('reports every problem, not only the first', () => {
    const text = GOOD.replace('"hidden": 64', '"hidden": 0')
      .replace('"cell": "lstm"', '"cell": "cnn"')
      .replace('"seed": 1', '"seed": -3');
    const paths = problems(text)
      .map((p) => p.path)
      .sort();
    assert.deepEqual(paths, ['model.cell', 'model.hidden', 'train.seed']);
  });

  it('reports fields that contradict each other', () => {
    const attention = GOOD.replace(
      '"architecture": "seq2seq", "attention": "none"',
      '"architecture": "many-to-many", "attention": "dot"',
    );
    const problem = only(attention, 'model.attention');
    assert.match(problem.message, /attention needs "architecture": "seq2seq"/);
    assert.deepEqual(
      { line: problem.line, column: problem.column },
      positionOf(attention, '"dot"'),
    );
    assert.match(
      only(GOOD.replace('[3, 8]', '[8, 3]'), 'task.length').message,
      /min 8 greater than max 3; write \[3, 8\]/,
    );
    assert.match(
      only(GOOD.replace('"seq2seq"', '"many-to-one"'), 'model.architecture').message,
      /cannot be learned many-to-one; use "seq2seq" or "many-to-many"/,
    );
    assert.match(
      only(GOOD.replace('"abcdefgh"', '"abcdefga"'), 'task.vocab').message,
      /repeated: "a"/,
    );
    assert.match(
      only('{"name":"t","task":{"kind":"text"}}', 'task').message,
      /needs "text".*or "file"/,
    );
    assert.match(
      only('{"name":"t","task":{"kind":"examples"}}', 'task').message,
      /needs "examples".*or "file"/,
    );
    assert.match(
      only('{"name":"m","task":{"kind":"motif","motif":"TATATATA","length":[4,10]}}', 'task.motif')
        .message,
      /as short as 4/,
    );
  });

  it('train.tbptt: a range, refused for seq2seq at its line, a warning when it cuts nothing', () => {
    const recall = (train: string, model = '') =>
      `{\n  "name": "t",\n  "task": { "kind": "delayed-recall", "lag": 20 },${model}\n  "train": ${train}\n}`;
    const ok = validateSpecText(recall('{ "tbptt": 5 }'));
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.spec?.train.tbptt, 5);
    assert.equal(validateSpecText(recall('{}')).spec?.train.tbptt, undefined);
    assert.match(only(recall('{ "tbptt": 0 }'), 'train.tbptt').message, /integer from 1 to 512/);
    const seq2seq = GOOD.replace('"seed": 1,', '"seed": 1, "tbptt": 4,');
    const refused = only(seq2seq, 'train.tbptt');
    assert.equal(refused.severity, 'error');
    assert.match(refused.message, /many-to-one and many-to-many.*remove "tbptt"/);
    const key = positionOf(seq2seq, '"tbptt": 4');
    assert.deepEqual(
      { line: refused.line, column: refused.column },
      { line: key.line, column: key.column + '"tbptt": '.length },
    );
    // Lag 20: inputs of 21 steps.
    const whole = validateSpecText(recall('{ "tbptt": 21 }'));
    assert.ok(whole.spec, 'a warning must not block the spec');
    const warning = only(recall('{ "tbptt": 21 }'), 'train.tbptt');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /21 steps.*cuts nothing.*below 21/);
  });

  it('adding: T of at least 2 steps, one length, at the line of the field', () => {
    const short = '{"name":"a",\n"task":{"kind":"adding",\n"length":1}}';
    const problem = only(short, 'task.length');
    assert.match(problem.message, /needs at least 2 steps \(one marker in each half\); got 1/);
    assert.equal(problem.line, 3);
    const range = validateSpecText('{"name":"a","task":{"kind":"adding","length":[10,50]}}');
    assert.ok(range.spec, 'a range is a warning, not an error');
    const warning = range.problems.find((p) => p.path === 'task.length');
    assert.equal(warning?.severity, 'warning');
    assert.match(warning?.message ?? '', /one length T .* the largest: 50; write "length": 50/);
    const fine = validateSpecText('{"name":"a","task":{"kind":"adding","length":200}}');
    assert.deepEqual(fine.problems, []);
    assert.equal(fine.spec?.model.architecture, 'many-to-one');
    assert.match(
      only('{"name":"a","task":{"kind":"adding","lag":5}}', 'task.lag').message,
      /not used by the "adding" task/,
    );
  });

  it('warns, without failing, about fields the task ignores', () => {
    const result = validateSpecText(
      GOOD.replace('"samples": 2000', '"digits": 4, "samples": 2000'),
    );
    assert.ok(result.spec, 'a warning must not block the spec');
    const warning = result.problems.find((p) => p.path === 'task.digits');
    assert.equal(warning?.severity, 'warning');
    assert.match(
      formatProblem('f', warning as Problem),
      /task\.digits: warning: "digits" is not used by the "reverse" task/,
    );
  });

  it('rejects a spec too large for memory, with the estimate and the limit', () => {
    const huge = GOOD.replace('"hidden": 64, "layers": 1', '"hidden": 1024, "layers": 8').replace(
      '"batchSize": 32',
      '"batchSize": 4096',
    );
    const problem = only(huge, 'model.hidden');
    assert.match(problem.message, /needs about \d+(\.\d)? GiB, more than the limit of 2\.0 GiB/);
    assert.match(problem.message, /lower model\.hidden/);
    const small = validateSpecText(GOOD, { memoryLimitBytes: 1024 });
    assert.ok(
      small.problems.some((p) => p.path === 'model.hidden'),
      'the limit is an option',
    );
  });

  it('estimates memory that grows with length and hidden, not the other way', () => {
    const base = validateSpecText(GOOD).spec;
    const longer = validateSpecText(GOOD.replace('[3, 8]', '[3, 80]')).spec;
    const wider = validateSpecText(GOOD.replace('"hidden": 64', '"hidden": 256')).spec;
    assert.ok(base && longer && wider);
    const b = estimateTrainingMemory(base).bytes;
    assert.ok(estimateTrainingMemory(longer).bytes > b);
    assert.ok(estimateTrainingMemory(wider).bytes > b);
  });
});

describe('schema file', () => {
  it(`${SCHEMA_FILE} is generated from the one definition (run \`npm run schema\` if this fails)`, () => {
    const onDisk = readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), 'utf8');
    assert.equal(onDisk, renderSchema());
  });

  it('documents every field for editor hovers', () => {
    const schema = JSON.parse(renderSchema()) as Record<string, unknown>;
    const undocumented: string[] = [];
    const walk = (node: Record<string, unknown>, path: string): void => {
      const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(properties ?? {})) {
        if (
          typeof child.description !== 'string' ||
          typeof child.markdownDescription !== 'string'
        ) {
          undocumented.push(`${path}${key}`);
        }
        walk(child, `${path}${key}.`);
        const items = child.items as Record<string, unknown> | undefined;
        if (items && !Array.isArray(items)) walk(items, `${path}${key}[].`);
      }
    };
    walk(schema, '');
    assert.deepEqual(undocumented, []);
  });
});
