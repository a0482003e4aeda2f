// `npm run test:vscode`: the integration suite (test/vscode/suite.ts) inside a real VS Code
// extension host, through @vscode/test-electron. It needs VS Code desktop: the executable named by
// VSCODE_EXECUTABLE, or one @vscode/test-electron downloads (cached in .cache/vscode-test). Where
// neither is possible it says so and exits 1: it never reports a pass it did not run. Not part
// of `npm test`.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ensureInstalled, root, run } from './ensureInstalled.mjs';

/** The VS Code version to download when VSCODE_EXECUTABLE is not set (the oldest we support). */
const VSCODE_VERSION = process.env.VSCODE_VERSION ?? '1.99.3';

function writeWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-vscode-'));
  const example = readFileSync(join(root, 'examples', 'delayed-recall.rnnlab.json'), 'utf8');
  writeFileSync(join(dir, 'good.rnnlab.json'), example);
  writeFileSync(
    join(dir, 'bad.rnnlab.json'),
    '{\n  // specs may carry comments\n  "name": "rev",\n  "task": { "kind": "reverse" },\n' +
      '  "model": { "cell": "lstn", "hidden": 0 },\n}\n',
  );
  writeFileSync(
    join(dir, 'outside.rnnlab.json'),
    '{ "name": "outside", "task": { "kind": "text", "file": "../../etc/hostname" } }\n',
  );
  writeFileSync(
    join(dir, 'model.py'),
    'import torch.nn as nn\n\nlstm = nn.LSTM(8, 16)\nforget_gate = None\n',
  );
  const run = join(dir, '.rnnlab', 'runs', 'delayed-recall-20250101-101010');
  mkdirSync(run, { recursive: true });
  const events = [
    {
      type: 'start',
      spec: 'delayed-recall',
      backend: 'cpu',
      params: { parts: [], total: 1 },
      trainSamples: 10,
      testSamples: 2,
      batchesPerEpoch: 1,
      epochs: 1,
      firstEpoch: 1,
      time: '2025-01-01T10:10:10.000Z',
    },
    {
      type: 'epoch',
      epoch: 1,
      lastEpoch: 1,
      trainLoss: 0.5,
      testLoss: 0.6,
      learningRate: 0.01,
      teacherForcing: 1,
      seconds: 1,
      gates: [{ layer: 'layer 1', gate: 'f', mean: 0.81, below01: 0.02, above09: 0.34 }],
    },
  ];
  writeFileSync(join(run, 'metrics.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return dir;
}

async function vscodeExecutable() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  try {
    return await downloadAndUnzipVSCode({
      version: VSCODE_VERSION,
      cachePath: join(root, '.cache', 'vscode-test'),
      timeout: 30_000,
    });
  } catch (error) {
    console.error(
      `\nThe VS Code integration suite did NOT run: VS Code ${VSCODE_VERSION} could not be ` +
        `downloaded here (${error instanceof Error ? error.message : String(error)}).\n` +
        'Set VSCODE_EXECUTABLE to the path of a VS Code 1.99 or newer executable, or run this ' +
        'where the download works.',
    );
    return undefined;
  }
}

ensureInstalled();
try {
  run('node', ['esbuild.mjs']);
  const suite = join(root, 'out', 'test', 'vscode', 'suite.js');
  await esbuild.build({
    entryPoints: [join(root, 'test', 'vscode', 'suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['vscode'],
    sourcemap: true,
    logLevel: 'warning',
  });
  const executable = await vscodeExecutable();
  if (!executable) {
    process.exitCode = 1;
  } else {
    const workspace = writeWorkspace();
    const { runTests } = await import('@vscode/test-electron');
    console.log(`\nVS Code: ${executable}\nworkspace: ${workspace}`);
    // The workspace must be trusted (data checks need it): --disable-workspace-trust.
    process.exitCode = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
      ],
      extensionTestsEnv: { RNNLAB_TEST_WORKSPACE: workspace },
    });
  }
} catch (error) {
  // runTests rejects when the suite fails (TestRunFailedError, with the host's exit code).
  console.error(`\nThe VS Code integration suite failed: ${error?.message ?? error}`);
  const code = error?.status ?? error?.code;
  process.exitCode = typeof code === 'number' && code !== 0 ? code : 1;
}
