// `npm run package`: builds the production bundles and packs the extension into
// `rnn-lab-<version>.vsix` with @vscode/vsce. The extension is a self-contained esbuild bundle
// (only `vscode` is external), so vsce is told not to collect node_modules (--no-dependencies);
// `.vscodeignore` is the allow-list of what goes in. Extra arguments go to `vsce package`
// (`npm run package -- --out /tmp/rnn-lab.vsix`).
import { join } from 'node:path';
import { ensureInstalled, root, run } from './ensureInstalled.mjs';

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

ensureInstalled();
try {
  run('node', ['esbuild.mjs', '--production']);
  run('node', [
    vsce,
    'package',
    '--no-dependencies',
    // The manifest has no repository field yet (the extension is not published).
    '--allow-missing-repository',
    // Without a repository there is no base URL for the README's relative links: keep them as
    // they are (they work inside the package, e.g. schemas/rnnlab.schema.json).
    '--no-rewrite-relative-links',
    ...process.argv.slice(2),
  ]);
} catch (error) {
  process.exitCode = typeof error.status === 'number' && error.status !== 0 ? error.status : 1;
}
