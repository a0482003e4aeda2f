// Runs one command (code-server) in this process group and ends the whole group when the
// process that started it goes away, however it goes (a test runner's SIGKILL included): that
// process holds the other end of our stdin, and the kernel closes it when that process dies.
// Used by startCodeServer() in codeServer.mjs: `node codeServerWatchdog.mjs NODE_SCRIPT ARGS…`.
import { spawn } from 'node:child_process';

const child = spawn(process.execPath, process.argv.slice(2), {
  stdio: ['ignore', 'inherit', 'inherit'],
});
let ending = false;

function endGroup(signal) {
  if (ending) return;
  ending = true;
  try {
    process.kill(-process.pid, signal); // the group: code-server, its extension host, its pty host
  } catch {
    child.kill(signal);
  }
  // Whatever is still there after a grace period goes, this process last.
  globalThis.setTimeout(() => process.kill(-process.pid, 'SIGKILL'), 8000).unref();
}

// The group's own SIGTERM/SIGINT reach this process too: end the group, wait for the child.
process.on('SIGTERM', () => endGroup('SIGTERM'));
process.on('SIGINT', () => endGroup('SIGTERM'));
process.stdin.on('close', () => endGroup('SIGTERM'));
process.stdin.on('error', () => endGroup('SIGTERM'));
process.stdin.resume();

child.on('exit', (code, signal) => {
  // Leave no stragglers behind in the group (file watcher, extension host); this process
  // ignores the SIGTERM (its handler is a no-op once ending) and exits with the child's code.
  ending = true;
  try {
    process.kill(-process.pid, 'SIGTERM');
  } catch {
    // nothing left
  }
  process.exit(code ?? (signal ? 1 : 0));
});
