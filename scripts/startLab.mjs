// `npm start` (also `npm run lab`): RNN Lab in a real VS Code in the browser. On a fresh clone it
// first installs the npm dependencies (`npm ci`, scripts/ensureInstalled.mjs), then packs the
// extension (`npm run package`: production build + .vsix), installs code-server once
// (scripts/codeServer.mjs), installs the .vsix into a fresh extensions folder, and serves a
// workspace of the example specs on 127.0.0.1 until Ctrl-C. Nothing has to be typed before it.
//
// The workspace is `.cache/lab-workspace/` (a copy of examples/ made the first time, so edits and
// runs survive restarts); the VS Code profile is `.cache/lab/user-data/`. Options:
//   --port N          serve on this port (default: a free one)
//   --workspace DIR   serve DIR instead
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installCodeServer, installExtension, startCodeServer } from './codeServer.mjs';
import { ensureInstalled, root, run } from './ensureInstalled.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string' }, workspace: { type: 'string' } },
});
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}

const labDir = join(root, '.cache', 'lab');
const workspace = resolve(values.workspace ?? join(root, '.cache', 'lab-workspace'));

/** The examples, copied into the lab's workspace folder. */
function copyExamples(target) {
  cpSync(join(root, 'examples'), target, { recursive: true });
}

async function main() {
  // First: everything below (the build, vsce) needs node_modules, which a fresh clone lacks.
  ensureInstalled();
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const vsix = join(root, `rnn-lab-${version}.vsix`);
  run('node', ['scripts/package.mjs', '--out', vsix]);
  await installCodeServer();

  // A fresh extensions folder each start: the lab runs the extension just built, nothing else.
  const extensionsDir = join(labDir, 'extensions');
  rmSync(extensionsDir, { recursive: true, force: true });
  installExtension(vsix, extensionsDir);

  if (!existsSync(workspace)) {
    copyExamples(workspace);
    console.log(`\nCopied examples/ into ${workspace}`);
  }

  const server = await startCodeServer({
    workspace,
    extensionsDir,
    userDataDir: join(labDir, 'user-data'),
    logFile: join(labDir, 'code-server.log'),
    ...(port === undefined ? {} : { port }),
  });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server…`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  console.log(
    [
      '',
      `RNN Lab is running in VS Code (code-server) at:`,
      '',
      `    ${server.url}`,
      '',
      `workspace: ${workspace}`,
      `log:       ${server.logFile}`,
      '',
      'Open the URL in a browser (only this machine can reach it). Ctrl-C stops it.',
      `In desktop VS Code (1.99 or newer):  code --install-extension ${vsix}`,
      '',
    ].join('\n'),
  );

  const { code, signal } = await server.exited;
  if (!stopping) {
    console.error(
      `code-server exited on its own (${signal ?? `code ${code}`}); see ${server.logFile}`,
    );
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(
    `\nnpm start (the lab) failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(typeof error?.status === 'number' && error.status !== 0 ? error.status : 1);
});
