// @ts-check
// A real VS Code for the lab and the end-to-end tests: code-server 4.99.4 (VS Code 1.99.3, the
// newest that runs on Node 20), installed from the npm registry once into `.cache/code-server/`
// (ignored by git), then started on 127.0.0.1 only. The steps follow
// shared/notes/real-vscode-and-webgl-offline.md: code-server's own postinstall downloads ripgrep
// from the internet, so it is skipped and its native parts are rebuilt here instead.
//
// As a module: `installCodeServer()`, `startCodeServer({ workspace, extensionsDir, userDataDir })`,
// `installExtension(vsix, extensionsDir)`, `ensureSystemPackages()`.
// As a command:
//   node scripts/codeServer.mjs install            install once (prints the version)
//   node scripts/codeServer.mjs start FOLDER       serve FOLDER until Ctrl-C (fresh profile)
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  closeSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './chromium.mjs';

export const CODE_SERVER_VERSION = '4.99.4';
/** The VS Code inside it (`engines.vscode` must stay at or below this). */
export const VSCODE_VERSION = '1.99.3';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where code-server lives; RNNLAB_CODE_SERVER_DIR moves it (e.g. to a CI cache). */
export const installDir = resolve(
  process.env.RNNLAB_CODE_SERVER_DIR ?? join(root, '.cache', 'code-server', CODE_SERVER_VERSION),
);
const packageDir = join(installDir, 'node_modules', 'code-server');
const vscodeDir = join(packageDir, 'lib', 'vscode');
export const entryScript = join(packageDir, 'out', 'node', 'entry.js');
const watchdogScript = fileURLToPath(new URL('codeServerWatchdog.mjs', import.meta.url));
/** Written last, after `entry.js --version` answered: its presence means "installed". */
const stampFile = join(installDir, '.installed');
const lockDir = `${installDir}.lock`;

/** Debian packages code-server needs to be rebuilt here (native modules) and to search files. */
export const BUILD_PACKAGES = [
  'ripgrep',
  'libkrb5-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'pkg-config',
  'g++',
  'make',
  'python3',
];
/**
 * The browser the end-to-end tests drive (Debian's; playwright never downloads one here), and a
 * CJK font so that the Korean screenshots are legible rather than boxes.
 */
export const BROWSER_PACKAGES = ['chromium', 'fonts-noto-cjk'];
/**
 * PyTorch (Debian's, under /usr/bin/python3) for the tests that check the engine's numbers and
 * recipes against it, and espeak-ng to make the spoken-digit audio set reproducibly.
 */
export const REFERENCE_PACKAGES = ['python3-torch', 'espeak-ng'];

/** @param {string} message */
const log = (message) => console.log(`[code-server] ${message}`);

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').ExecFileSyncOptions} options
 */
function sh(command, args, options = {}) {
  execFileSync(command, args, { stdio: 'inherit', ...options });
}

/**
 * @param {string[]} args
 * @param {string} cwd
 * @param {Record<string, string>} env
 */
function npm(args, cwd, env = {}) {
  log(`npm ${args.join(' ')}   (in ${cwd})`);
  sh('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env: { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false', ...env },
  });
}

/** @param {string} name */
function dpkgInstalled(name) {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return String(out).includes('install ok installed');
  } catch {
    return false;
  }
}

/** @param {string} name */
function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the Debian packages are there: installs the missing ones with apt-get when running
 * as root, otherwise throws with the exact command to type. On a system without dpkg it checks
 * only the commands it calls (rg, and chromium when asked) and leaves the rest to the build.
 */
export function ensureSystemPackages({ browser = false } = {}) {
  const wanted = [
    ...BUILD_PACKAGES,
    ...(browser ? [...BROWSER_PACKAGES, ...REFERENCE_PACKAGES] : []),
  ];
  if (!hasCommand('dpkg-query')) {
    const missing = [];
    if (!hasCommand('rg')) missing.push('ripgrep (rg)');
    if (browser && !existsSync(CHROMIUM)) missing.push(`chromium at ${CHROMIUM}`);
    if (missing.length > 0) {
      throw new Error(`missing: ${missing.join(', ')} (no dpkg here: install them by hand)`);
    }
    return;
  }
  const missing = wanted.filter((name) => !dpkgInstalled(name));
  if (missing.length === 0) return;
  const line = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `system packages missing: ${missing.join(', ')}.\nInstall them with:\n  sudo apt-get update && sudo ${line}`,
    );
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', ['update'], { env });
  sh('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

/** `entry.js --version`, or undefined when it does not run. */
export function codeServerVersion() {
  if (!existsSync(entryScript)) return undefined;
  try {
    return String(
      execFileSync(process.execPath, [entryScript, '--version'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: cleanEnv(),
        timeout: 60_000,
      }),
    ).trim();
  } catch {
    return undefined;
  }
}

export function isInstalled() {
  return existsSync(stampFile) && existsSync(entryScript);
}

/** @param {number} pid */
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One install at a time (the lab and the tests may start together): an atomic mkdir lock.
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withInstallLock(work) {
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
    } catch (caught) {
      const error = /** @type {NodeJS.ErrnoException} */ (caught);
      // Only an existing lock means "someone else installs"; anything else (no permission, a
      // read-only disk) is a reason to fail now, not to wait forever.
      if (error?.code !== 'EEXIST') {
        throw new Error(`cannot create the install lock ${lockDir}: ${error?.message ?? error}`);
      }
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        // the other process has not written its pid yet
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      log(`another install is running (pid ${owner}); waiting…`);
      await sleep(3000);
      continue;
    }
    try {
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
    } catch (error) {
      rmSync(lockDir, { recursive: true, force: true });
      throw error;
    }
    break;
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * @param {string} target
 * @param {string} path
 */
function symlink(target, path) {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

/**
 * Installs code-server once (about two minutes, most of it compiling native modules) and returns
 * the path of its entry script. Later calls only check the stamp file.
 */
export async function installCodeServer({ browser = false } = {}) {
  ensureSystemPackages({ browser });
  if (isInstalled()) return entryScript;
  return withInstallLock(async () => {
    if (isInstalled()) return entryScript; // another process finished it while we waited
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir} (once)`);
    // A half-finished earlier try is removed: every step below assumes a clean folder.
    rmSync(installDir, { recursive: true, force: true });
    mkdirSync(installDir, { recursive: true });
    // Its own package.json, so npm does not climb up to the repository's.
    writeFileSync(
      join(installDir, 'package.json'),
      `${JSON.stringify({ name: 'rnnlab-code-server', private: true }, null, 2)}\n`,
    );
    // Its postinstall downloads ripgrep and refuses root: the steps it would do follow by hand.
    npm(['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], installDir);
    npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
    const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgBin, { recursive: true });
    const rg = String(execFileSync('sh', ['-c', 'command -v rg'])).trim();
    copyFileSync(rg, join(rgBin, 'rg'));
    chmodSync(join(rgBin, 'rg'), 0o755);
    npm(
      ['rebuild', 'kerberos', 'node-pty', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid'],
      vscodeDir,
    );
    symlink('node_modules', join(vscodeDir, 'node_modules.asar'));
    symlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    symlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
    npm(['install', '--omit=dev'], join(vscodeDir, 'extensions'));
    npm(['rebuild', 'argon2'], installDir);
    const version = codeServerVersion();
    if (!version?.includes(CODE_SERVER_VERSION)) {
      throw new Error(
        `code-server installed but \`entry.js --version\` printed ${JSON.stringify(version)}, ` +
          `not ${CODE_SERVER_VERSION}`,
      );
    }
    writeFileSync(stampFile, `${version}\n`);
    log(`installed: ${version.split('\n')[0]} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return entryScript;
  });
}

/**
 * The environment for code-server: without VS Code's own variables (run from a VS Code
 * terminal, VSCODE_IPC_HOOK_CLI would make it open the folder in *that* VS Code and exit) and
 * without the variables code-server reads a password or token from.
 */
function cleanEnv(extra = {}) {
  const secrets = new Set(['PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'NODE_OPTIONS']);
  const kept = Object.entries(process.env).filter(
    ([key]) => !key.startsWith('VSCODE_') && !key.startsWith('ELECTRON_') && !secrets.has(key),
  );
  return { ...Object.fromEntries(kept), ...extra };
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released for code-server). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * @param {string} url
 * @returns {Promise<number>}
 */
function httpStatus(url) {
  return new Promise((resolveStatus) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveStatus(0));
    req.end();
  });
}

/** @param {string} file */
function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Settings of a fresh profile: quiet, offline, no welcome page in the way. */
export const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
};

/**
 * Writes the profile's settings.json unless it exists (a user's changes stay).
 * @param {string} userDataDir
 * @param {Record<string, unknown>} settings
 */
export function writeDefaultSettings(userDataDir, settings = DEFAULT_USER_SETTINGS) {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** Processes started here, stopped when this Node process exits however it exits. */
const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts code-server on 127.0.0.1 (a free port unless `port` is given) with no password (only
 * ever on the loopback interface), serving `workspace`. Resolves once its HTTP endpoint answers.
 * `stop()` ends its whole process group (the server, its extension host, its pty host) by its
 * own pid and waits for it.
 */
/**
 * @typedef {object} CodeServerOptions
 * @property {string} workspace the folder it opens
 * @property {string} extensionsDir
 * @property {string} userDataDir
 * @property {number} [port] default: a free one
 * @property {string} [logFile] default: code-server.log in `userDataDir`
 * @property {Record<string, unknown>} [settings] the profile's settings.json when it has none
 * @property {number} [timeoutMs] how long it may take to answer
 * @property {string} [logLevel] VS Code's `--log` level
 */

/**
 * @typedef {object} RunningCodeServer
 * @property {string} url the workbench on `workspace`
 * @property {string} base
 * @property {number} port
 * @property {number} pid
 * @property {string} logFile
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {() => Promise<void>} stop ends every process it started
 */

/**
 * @param {CodeServerOptions} options
 * @returns {Promise<RunningCodeServer>}
 */
export async function startCodeServer(options) {
  // A free port can be taken by someone else before code-server binds it: try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      const portInUse = /** @type {{ portInUse?: boolean }} */ (error)?.portInUse;
      if (options.port !== undefined || attempt >= 3 || !portInUse) throw error;
      log(`port taken before code-server bound it; trying another`);
    }
  }
}

/**
 * @param {CodeServerOptions} options
 * @returns {Promise<RunningCodeServer>}
 */
async function startOnce({
  workspace,
  extensionsDir,
  userDataDir,
  port,
  logFile,
  settings = DEFAULT_USER_SETTINGS,
  timeoutMs = 90_000,
  logLevel,
}) {
  if (!isInstalled()) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed (run \`node scripts/codeServer.mjs install\`)`,
    );
  }
  const folder = resolve(workspace);
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  writeDefaultSettings(userDataDir, settings);
  const chosenPort = port ?? (await freePort());
  // Its own config file: ~/.config/code-server/config.yaml (password, cert, bind address) of
  // whoever runs this must not apply.
  const config = join(userDataDir, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${chosenPort}\nauth: none\ncert: false\n`);
  const logPath = resolve(logFile ?? join(userDataDir, 'code-server.log'));
  mkdirSync(dirname(logPath), { recursive: true });
  const out = openSync(logPath, 'a');
  const args = [
    entryScript,
    '--config',
    config,
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    resolve(userDataDir),
    '--extensions-dir',
    resolve(extensionsDir),
    '--session-socket',
    join(resolve(userDataDir), 'ipc.sock'),
    // VS Code's log level (trace, debug, info, …): the extensions' log channels follow it.
    ...(logLevel ? ['--log', logLevel] : []),
    folder,
  ];
  // Through the watchdog, in a process group of its own: stop() reaches every process
  // code-server starts, and the group ends by itself when this process dies (even by SIGKILL,
  // as a test runner does to a test file on Ctrl-C), since the watchdog's stdin is our pipe.
  const child = spawn(process.execPath, [watchdogScript, ...args], {
    cwd: folder,
    detached: true,
    stdio: ['pipe', out, out],
    env: cleanEnv(),
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  running.add(pid);
  let exited = false;
  const exit = new Promise((resolveExit) =>
    child.once('exit', (code, signal) => {
      exited = true;
      running.delete(pid);
      resolveExit({ code, signal });
    }),
  );

  const stop = async () => {
    if (exited) return;
    /** @type {[NodeJS.Signals, number][]} */
    const steps = [
      ['SIGTERM', 10_000],
      ['SIGKILL', 5_000],
    ];
    for (const [signal, wait] of steps) {
      try {
        process.kill(-pid, signal);
      } catch {
        break; // the group is gone
      }
      if (await Promise.race([exit.then(() => true), sleep(wait).then(() => false)])) break;
    }
    // The leader may exit before the rest of its group: end the stragglers too.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // nothing left
    }
    running.delete(pid);
  };

  const base = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Answering is not enough: the answer must come from our process, still running.
    if (!exited && (await httpStatus(`${base}/healthz`)) === 200) {
      await sleep(300);
      if (!exited) break;
    }
    if (exited || Date.now() > deadline) {
      await stop();
      const logText = tail(logPath);
      const error = Object.assign(
        new Error(
          `code-server did not answer on ${base} (${exited ? 'it exited' : 'timeout'}); ` +
            `log ${logPath}:\n${logText}`,
        ),
        { portInUse: exited && /EADDRINUSE/.test(logText) },
      );
      throw error;
    }
    await sleep(250);
  }
  return {
    url: `${base}/?folder=${encodeURIComponent(folder)}`,
    base,
    port: chosenPort,
    pid,
    logFile: logPath,
    exited: exit,
    stop,
  };
}

/**
 * Installs a .vsix into an extensions folder with code-server's own `--install-extension`
 * (works offline for an extension without dependencies, and writes `extensions.json` the way VS
 * Code does): under a second. Returns the extension folders now in `extensionsDir`.
 * @param {string} vsixPath
 * @param {string} extensionsDir
 */
export function installExtension(vsixPath, extensionsDir) {
  if (!isInstalled()) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed`);
  mkdirSync(extensionsDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'rnnlab-cs-'));
  try {
    const output = String(
      execFileSync(
        process.execPath,
        [
          entryScript,
          '--extensions-dir',
          resolve(extensionsDir),
          '--user-data-dir',
          scratch,
          '--install-extension',
          resolve(vsixPath),
          '--force',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(), timeout: 120_000 },
      ),
    );
    if (!/successfully installed/i.test(output)) {
      throw new Error(`installing ${basename(vsixPath)} failed:\n${output}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // The folder it landed in: `<publisher>.<name>-<version>` (extensions.json lists it too).
  return readdirSync(extensionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(extensionsDir, entry.name));
}

async function main() {
  const [command = 'install', folder] = process.argv.slice(2);
  if (command === 'install') {
    const started = Date.now();
    await installCodeServer();
    console.log(
      `${codeServerVersion()?.split('\n')[0]}  (${entryScript}; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } else if (command === 'start' && folder) {
    await installCodeServer();
    const profile = mkdtempSync(join(tmpdir(), 'rnnlab-cs-profile-'));
    const server = await startCodeServer({
      workspace: folder,
      extensionsDir: join(profile, 'extensions'),
      userDataDir: join(profile, 'user-data'),
    });
    console.log(`code-server: ${server.url}\nlog: ${server.logFile}\nCtrl-C stops it.`);
    const stopAll = async () => {
      await server.stop();
      rmSync(profile, { recursive: true, force: true });
      process.exit(0);
    };
    process.once('SIGINT', stopAll);
    process.once('SIGTERM', stopAll);
    await server.exited;
  } else {
    console.error(
      'usage: node scripts/codeServer.mjs install | node scripts/codeServer.mjs start FOLDER',
    );
    process.exitCode = 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`[code-server] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
