import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';
import { TASK_KINDS } from '../../src/spec/taskKinds';
import { labelledSeriesCsv, toneWav } from './helpers/realDataFiles';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd = root): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('rnnlab validate', () => {
  it('accepts every example spec (one per task kind)', async () => {
    const specs = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.rnnlab.json'));
    for (const kind of TASK_KINDS) {
      assert.ok(specs.includes(`${kind}.rnnlab.json`), `examples/${kind}.rnnlab.json is missing`);
    }
    const result = await cli(['validate', ...specs.map((s) => `examples/${s}`)]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim().split('\n').length, specs.length);
  });

  it('exits 2 with every problem as FILE:LINE:COL PATH: message', async () => {
    const dir = workspace({
      'rev.rnnlab.json': [
        '{',
        '  "name": "rev",',
        '  "task": { "kind": "reverse", "length": [3, 8] },',
        '  "model": { "cell": "lstm", "hidden": 0 },',
        '  "train": { "epochs": 0 }',
        '}',
      ].join('\n'),
    });
    const result = await cli(['validate', 'rev.rnnlab.json'], dir);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'rev.rnnlab.json:4:40 model.hidden: must be an integer from 1 to 1024 (got 0)\n' +
        'rev.rnnlab.json:5:24 train.epochs: must be an integer from 1 to 10000 (got 0)\n',
    );
    assert.equal(result.stdout, '');
  });

  it('reports a missing data file and a data file outside the workspace at task.file', async () => {
    const dir = workspace({
      'a.rnnlab.json': '{"name":"a","task":{"kind":"text","file":"data/none.txt"}}',
      'b.rnnlab.json': '{"name":"b","task":{"kind":"text","file":"../../etc/passwd"}}',
    });
    const missing = await cli(['validate', 'a.rnnlab.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^a\.rnnlab\.json:1:\d+ task\.file: .*not found/m);
    const outside = await cli(['validate', 'b.rnnlab.json'], dir);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /^b\.rnnlab\.json:1:\d+ task\.file: .*outside the workspace/m);
  });

  it('names a spec file that does not exist, and a missing argument', async () => {
    const result = await cli(['validate', 'nope.rnnlab.json']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^nope\.rnnlab\.json:1:1 no such file/);
    assert.equal((await cli(['validate'])).code, 2);
  });

  it('--json reports validity on stdout', async () => {
    const dir = workspace({
      'x.rnnlab.json': '{"name":"x","task":{"kind":"copy"},"model":{"cell":"cnn"}}',
    });
    const result = await cli(['validate', '--json', 'x.rnnlab.json'], dir);
    assert.equal(result.code, 2);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      files: { problems: { path: string }[] }[];
    };
    assert.equal(report.valid, false);
    assert.equal(report.files[0]?.problems[0]?.path, 'model.cell');
  });
});

describe('rnnlab tasks, sample and arguments', () => {
  it('lists every task kind with an example spec that validates', async () => {
    const result = await cli(['tasks', '--json']);
    assert.equal(result.code, 0);
    const list = JSON.parse(result.stdout) as { kind: string; example: unknown }[];
    assert.deepEqual(
      list.map((t) => t.kind),
      [...TASK_KINDS],
    );
    const dir = workspace({
      ...Object.fromEntries(list.map((t) => [`${t.kind}.rnnlab.json`, JSON.stringify(t.example)])),
      // The data files the series and audio examples name.
      'series.csv': labelledSeriesCsv(10, 8),
      'audio/high/a.wav': toneWav(2000, 2500),
      'audio/low/a.wav': toneWav(200, 300),
    });
    const validated = await cli(['validate', ...list.map((t) => `${t.kind}.rnnlab.json`)], dir);
    assert.equal(validated.stderr, '');
    assert.equal(validated.code, 0);
    const human = await cli(['tasks']);
    assert.match(human.stdout, /^delayed-recall +Report the first symbol/m);
  });

  it('sample prints the generated data, the same for the same seed', async () => {
    const first = await cli(['sample', 'examples/addition.rnnlab.json', '--n', '4', '--json']);
    assert.equal(first.code, 0, first.stderr);
    const parsed = JSON.parse(first.stdout) as { samples: { input: string; target: string }[] };
    assert.equal(parsed.samples.length, 4);
    for (const { input, target } of parsed.samples) {
      const [a, b] = input.split('+').map(Number);
      assert.equal(Number(target), (a ?? NaN) + (b ?? NaN), `${input} -> ${target}`);
    }
    const again = await cli(['sample', 'examples/addition.rnnlab.json', '--n', '4', '--json']);
    assert.equal(again.stdout, first.stdout);
    const human = await cli(['sample', 'examples/reverse.rnnlab.json', '--n', '2']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /input +-> +target/);
  });

  it('rejects bad arguments with a usage message and exit 2', async () => {
    assert.equal((await cli(['sample', 'examples/addition.rnnlab.json', '--n', 'x'])).code, 2);
    const unknown = await cli(['validate', '--frobnicate', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /usage: rnnlab validate/);
    const command = await cli(['frobnicate']);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command "frobnicate"/);
    assert.equal((await cli(['--help'])).code, 0);
  });
});

describe('the built CLI (dist/cli.js)', () => {
  const cliPath = join(root, 'dist', 'cli.js');

  it('runs as a program with real exit codes and no stack traces', (t) => {
    if (!existsSync(cliPath)) {
      // npm test builds first; running this file alone needs `npm run build`.
      assert.fail('dist/cli.js is missing: run `npm run build` first');
    }
    const ok = spawnSync(process.execPath, [cliPath, 'validate', 'examples/reverse.rnnlab.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
    const dir = workspace({
      'bad.rnnlab.json': '{"name": "b", "task": {"kind": "sort"}, "model": {"layers": 99}}',
    });
    const bad = spawnSync(process.execPath, [cliPath, 'validate', 'bad.rnnlab.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(
      bad.stderr,
      /bad\.rnnlab\.json:1:\d+ model\.layers: must be an integer from 1 to 8 \(got 99\)/,
    );
    assert.doesNotMatch(bad.stderr, /\bat .*\.js:\d+/);
    t.diagnostic(bad.stderr.trim());
  });
});
