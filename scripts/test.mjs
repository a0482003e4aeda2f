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
  run('npx', ['eslint', '.']);
  run('npx', ['prettier', '--check', '.']);
  run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles('test/unit')]);
} catch (error) {
  // The failing step already printed its own report; exit with its code, without a stack.
  process.exitCode = typeof error.status === 'number' && error.status !== 0 ? error.status : 1;
}
