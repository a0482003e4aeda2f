// `npm test`: every check, in the order a failure is cheapest to read. Installs what it needs:
// npm dependencies always; Debian packages (Chromium, code-server's build tools) when run as root,
// otherwise it stops and prints the exact apt-get line. Ends with one line that adds up every
// suite: `tests: N passed, N failed, N skipped`.
import { spawn } from 'node:child_process';
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

const totals = { passed: 0, failed: 0, skipped: 0 };

/**
 * Runs one suite with its output passed through as it comes, and adds the counts of node's test
 * runner summary (`ℹ pass N`, `ℹ fail N`, `ℹ skipped N`) to the totals.
 */
function suite(name, command, args) {
  console.log(`\n> ${name}: ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk.toString();
    });
    child.on('close', (code) => {
      const count = (word) => Number(text.match(new RegExp(`^ℹ ${word} (\\d+)$`, 'm'))?.[1] ?? 0);
      const passed = count('pass');
      const failed = count('fail');
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += count('skipped');
      // A suite that exited non-zero without reporting a failure (it could not start) counts as one.
      if (code !== 0 && failed === 0) totals.failed += 1;
      resolve(code ?? 1);
    });
  });
}

let setupFailed = false;
try {
  ensureInstalled();
  const { ensureSystemPackages } = await import('./codeServer.mjs');
  ensureSystemPackages({ browser: true });
  run('node', ['esbuild.mjs']);
  run('npx', ['tsc', '--noEmit', '-p', '.']);
  // The webview pages: browser types (DOM), not Node's.
  run('npx', ['tsc', '--noEmit', '-p', 'webview/tsconfig.json']);
  // The end-to-end suite: JavaScript with JSDoc types (`// @ts-check`).
  run('npx', ['tsc', '--noEmit', '-p', 'test/e2e/tsconfig.json']);
  run('npx', ['eslint', '.']);
  run('npx', ['prettier', '--check', '.']);
} catch (error) {
  // The failing step already printed its own report (or this message says what to install).
  if (!(typeof error.status === 'number')) console.error(`\n${error.message ?? error}`);
  setupFailed = true;
}

if (setupFailed) {
  process.exitCode = 1;
} else {
  const node = process.execPath;
  const codes = [
    await suite('unit', node, [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      ...testFiles('test/unit'),
    ]),
    // The built pages in headless Chromium (WebGL on SwiftShader, WASM).
    await suite('browser', node, [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      ...testFiles('test/browser'),
    ]),
    // A real VS Code (code-server) driven like a person.
    await suite('e2e', node, ['test/e2e/run.mjs']),
  ];
  console.log(
    `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
  );
  process.exitCode = codes.every((code) => code === 0) ? 0 : 1;
}
