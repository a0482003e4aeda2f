// `npm run test:e2e`: prepares (Debian packages, code-server once, the .vsix) with its output in
// view, then runs test/e2e/*.test.mjs with node's test runner. Where anything cannot be prepared
// it says why and exits 1: it never reports a pass it did not run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureInstalled } from '../../scripts/ensureInstalled.mjs';
import { prepare, root } from './harness.mjs';

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let vsix;
try {
  ensureInstalled();
  vsix = await prepare({ log: (message) => console.log(`[e2e] ${message}`) });
} catch (error) {
  console.error(
    `\nThe end-to-end tests did NOT run: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}

const here = join(root, 'test', 'e2e');
const files = readdirSync(here)
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => relative(root, join(here, name)));
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=1', ...process.argv.slice(2), ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, RNNLAB_E2E_VSIX: vsix } },
);
console.log(`[e2e] finished in ${seconds()}; screenshots and logs in test-results/e2e/`);
process.exit(result.status ?? 1);
