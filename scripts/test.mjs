// `npm test`: every check, in the order a failure is cheapest to read. Installs what it needs.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureInstalled, root, run } from './ensureInstalled.mjs';

function testFiles(folder) {
  return readdirSync(join(root, folder), { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => relative(root, join(root, folder, name)))
    .sort();
}

ensureInstalled();
try {
  run('node', ['esbuild.mjs']);
  run('npx', ['tsc', '--noEmit', '-p', '.']);
  // The webview pages: browser types (DOM), not Node's.
  run('npx', ['tsc', '--noEmit', '-p', 'webview/tsconfig.json']);
  run('npx', ['eslint', '.']);
  run('npx', ['prettier', '--check', '.']);
  run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles('test/unit')]);
  // The built pages in headless Chromium (WebGL on SwiftShader, WASM); needs /usr/bin/chromium.
  run('node', [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    ...testFiles('test/browser'),
  ]);
} catch (error) {
  // The failing step already printed its own report; exit with its code, without a stack.
  process.exitCode = typeof error.status === 'number' && error.status !== 0 ? error.status : 1;
}
