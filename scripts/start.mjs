// `npm start`: the main job on a fresh clone. Builds the CLI and trains an example spec with it,
// printing progress and where the run was saved. (The lab in VS Code takes over this command
// once the extension lands.)
import { ensureInstalled, run } from './ensureInstalled.mjs';

const spec = process.argv[2] ?? 'examples/delayed-recall.rnnlab.json';
ensureInstalled();
try {
  run('node', ['esbuild.mjs']);
  run('node', ['dist/cli.js', 'sample', spec, '--n', '3']);
  run('node', ['dist/cli.js', 'train', spec]);
} catch (error) {
  process.exitCode = typeof error.status === 'number' && error.status !== 0 ? error.status : 1;
}
