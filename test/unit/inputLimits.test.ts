/**
 * Bad input is refused with a message, before it can hurt: JSON nested thousands deep (it used to
 * overflow the stack), a model that would not fit in memory with the data read from a file (it
 * used to validate and then die at 4 GB), a data file too large to read, an input with unknown
 * symbols against a large vocabulary (the message used to list all of it), and a divergence
 * message that claims a checkpoint only when there is one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { CliIO } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import { createModel } from '../../src/engine/seqModel';
import { trainModel } from '../../src/engine/trainRun';
import { MemoryRunStore } from '../../src/engine/runStore';
import { inspectSequence } from '../../src/engine/inspectSequence';
import { findSpecLenses } from '../../src/host/specLenses';
import { MAX_JSON_DEPTH } from '../../src/spec/jsonDepth';
import { resolveSpec } from '../../src/spec/resolveSpec';
import { validateSpecText } from '../../src/spec/validateSpec';
import { checkInputs } from '../../src/tasks/checkInputs';
import { buildDataset } from '../../src/tasks/buildDataset';
import { MAX_DATA_FILE_BYTES } from '../../src/tasks/dataFileReader';

async function cli(cwd: string, args: string[]) {
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

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-limits-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('deeply nested JSON', () => {
  const deep = (levels: number, open = '[', close = ']') =>
    `{"name": "x", "task": ${open.repeat(levels)}${close.repeat(levels)}}`;

  it('is bad input (exit 2, a message at the bracket), not a stack overflow', async () => {
    for (const [open, close] of [
      ['[', ']'],
      ['{"a":', '}'],
    ]) {
      const text = deep(4000, open, close);
      const { problems } = validateSpecText(text);
      assert.equal(problems.length, 1);
      assert.match(problems[0]?.message ?? '', /nests more than 64 levels deep/);
      assert.equal(problems[0]?.line, 1);
      const dir = workspace({ 'deep.rnnlab.json': text });
      const result = await cli(dir, ['validate', 'deep.rnnlab.json']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /deep\.rnnlab\.json:1:\d+ the JSON nests more than 64 levels/);
    }
    // The editor's lenses and problems do not throw either.
    assert.equal(findSpecLenses(deep(4000)).length, 3);
    // At the limit it is an ordinary (schema) problem.
    const shallow = validateSpecText(deep(MAX_JSON_DEPTH - 1));
    assert.doesNotMatch(shallow.problems[0]?.message ?? '', /nests/);
  });
});

describe('the memory estimate uses the data the run will use', () => {
  const longExamples = Array.from({ length: 20 }, (_, i) => {
    const input = (i % 2 ? 'ab' : 'ba').repeat(5000);
    return JSON.stringify({ input, target: input.slice(0, 3) });
  }).join('\n');
  const spec = (task: object) =>
    JSON.stringify({
      name: 'long',
      task: { kind: 'examples', ...task },
      model: { cell: 'lstm', hidden: 1024, architecture: 'many-to-one' },
    });

  it('refuses 10 000-step examples from a .jsonl file as it does the same examples inline', async () => {
    const dir = workspace({
      'file.rnnlab.json': spec({ file: 'long.jsonl' }),
      'long.jsonl': `${longExamples}\n`,
      'inline.rnnlab.json': spec({
        examples: longExamples.split('\n').map((l) => JSON.parse(l) as object),
      }),
    });
    const fromFile = await cli(dir, ['validate', 'file.rnnlab.json']);
    assert.equal(fromFile.code, 2, fromFile.stdout);
    assert.match(
      fromFile.stderr,
      /file\.rnnlab\.json:1:\d+ task\.file: training this spec with the data of "long\.jsonl" needs about \d+ GiB, more than the limit of 2\.0 GiB \(activations .* for batch 32 × 10000 steps/,
    );
    const inline = await cli(dir, ['validate', 'inline.rnnlab.json']);
    assert.equal(inline.code, 2);
    assert.match(inline.stderr, /model\.hidden: training this spec needs about/);
    // Short examples from a file are fine.
    const ok = workspace({
      'file.rnnlab.json': spec({ file: 'short.jsonl' }),
      'short.jsonl': '{"input":"ab","target":"b"}\n{"input":"ba","target":"a"}\n',
    });
    assert.equal((await cli(ok, ['validate', 'file.rnnlab.json'])).code, 0);
  });

  it('caps a data file’s size, saying the limit and the size', async () => {
    const dir = workspace({
      'big.rnnlab.json': JSON.stringify({ name: 'big', task: { kind: 'text', file: 'big.txt' } }),
      'big.txt': 'abcd'.repeat(MAX_DATA_FILE_BYTES / 4 + 1024),
    });
    const result = await cli(dir, ['validate', 'big.rnnlab.json']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /task\.file: file "big\.txt" is 16 MiB, more than the 16 MiB a data file may have/,
    );
  });
});

describe('messages stay short and true', () => {
  it('cuts the list of known symbols with a count', () => {
    const vocab = Array.from({ length: 5000 }, (_, i) => String.fromCodePoint(0x4e00 + i));
    const inputVocab = { tokens: ['<pad>', ...vocab], pad: 0 };
    const problems = checkInputs({ type: 'symbols', inputVocab }, ['§§']);
    const message = problems[0]?.message ?? '';
    assert.match(message, /"§"/);
    assert.match(message, /… and 4960 more, 5000 in all/);
    assert.ok(message.length < 600, `${message.length} characters`);
  });

  it('the inspector’s unknown-symbol error is cut the same way', async () => {
    await tf.setBackend('cpu');
    const spec = resolveSpec({
      name: 'big-vocab',
      task: {
        kind: 'examples',
        examples: Array.from({ length: 300 }, (_, i) => ({
          input: String.fromCodePoint(0x4e00 + i),
          target: 'a',
        })),
      },
      model: { hidden: 2, architecture: 'many-to-one' },
    });
    const model = createModel(spec, buildDataset(spec));
    try {
      assert.throws(
        () => inspectSequence(model, model.meta, '§'),
        (error: Error) =>
          /… and 260 more, 300 in all/.test(error.message) && error.message.length < 600,
      );
    } finally {
      model.dispose();
    }
  });

  it('a run that diverges before any epoch ended does not claim a checkpoint was kept', async () => {
    await tf.setBackend('cpu');
    const spec = resolveSpec({
      name: 'boom',
      task: { kind: 'delayed-recall', lag: 5, samples: 32, testSamples: 8 },
      model: { cell: 'rnn', hidden: 4, embedding: 2 },
      train: { epochs: 2, batchSize: 16 },
    });
    const dataset = buildDataset(spec);
    const model = createModel(spec, dataset);
    const head = model.weights().find((w) => w.name === 'head/kernel')?.variable;
    head?.assign(tf.fill(head.shape, NaN));
    const result = await trainModel({
      spec,
      dataset,
      model,
      store: new MemoryRunStore(),
      onEvent: () => undefined,
    });
    model.dispose();
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /No epoch had finished, so there is no checkpoint to keep/);
    assert.doesNotMatch(result.message ?? '', /was kept/);
  });
});
