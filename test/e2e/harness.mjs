// @ts-check
// The end-to-end harness: a real VS Code (code-server, scripts/codeServer.mjs) on 127.0.0.1 with
// the packaged extension, a temporary workspace, and Debian's Chromium driven by playwright-core
// through the workbench UI the way a person uses it (keys, clicks, the mouse).
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { installCodeServer, installExtension, startCodeServer } from '../../scripts/codeServer.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
/** Screenshots, the code-server log and VS Code's own logs (ignored by git). */
export const resultsDir = join(root, 'test-results', 'e2e');
export const vsixPath = join(resultsDir, 'rnn-lab.vsix');

/**
 * Everything the tests need, idempotent: the Debian packages, code-server (installed once), the
 * production build packed into test-results/e2e/rnn-lab.vsix. Throws with the reason when any of
 * it cannot be done, so the tests fail instead of passing without having run.
 */
export async function prepare({ log = console.log } = {}) {
  const started = Date.now();
  await installCodeServer({ browser: true });
  log(`code-server ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  mkdirSync(resultsDir, { recursive: true });
  // Screenshots and logs of the layout before each session had a folder of its own.
  for (const name of readdirSync(resultsDir)) {
    if (name.endsWith('.png') || name === 'code-server.log' || name === 'vscode-logs') {
      rmSync(join(resultsDir, name), { recursive: true, force: true });
    }
  }
  rmSync(vsixPath, { force: true });
  const packStarted = Date.now();
  // `npm run package` = production build + vsce; its output is long, keep it for reading.
  const output = execFileSync(process.execPath, ['scripts/package.mjs', '--out', vsixPath], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  writeFileSync(join(resultsDir, 'package.log'), output);
  if (!existsSync(vsixPath)) throw new Error(`npm run package wrote no ${vsixPath}`);
  log(`packaged ${vsixPath} (${((Date.now() - packStarted) / 1000).toFixed(1)} s)`);
  return vsixPath;
}

/** @type {Record<string, string>} The manifest's English words. */
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));

/**
 * A word of the manifest (package.nls.json); throws for a key it lacks.
 * @param {string} key
 */
export function word(key) {
  const text = nls[key];
  if (text === undefined) throw new Error(`package.nls.json has no "${key}"`);
  return text;
}

/**
 * A command's title in the palette: `RNN Lab: Train`.
 * @param {string} key the command's key in package.nls.json
 */
export function commandTitle(key) {
  return `${word('category')}: ${word(key)}`;
}

/**
 * An example spec's text (examples name no `$schema`: the extension gives VS Code its schema).
 * @param {string} fileName
 */
export function exampleText(fileName) {
  return readFileSync(join(root, 'examples', fileName), 'utf8');
}

/**
 * @param {string} workspace
 * @param {string[]} fileNames
 */
export function copyExamples(workspace, fileNames) {
  for (const name of fileNames) writeFileSync(join(workspace, name), exampleText(name));
  cpSync(join(root, 'examples', 'data'), join(workspace, 'data'), { recursive: true });
}

/**
 * A running session: code-server with the extension in a fresh extensions folder, a temporary
 * workspace, a browser on the workbench. `close()` stops all of it (safe to call twice) and
 * keeps the logs in test-results/e2e/. With `testHook`, every frame gets the pages' test hook
 * before its scripts run (webview/common/vscodeApi.ts): the lab page then shows where training
 * is (`data-trained` on its body) while still talking to the real VS Code.
 * The walkthrough RNN Lab opens on its first activation stays shut (it would take the keyboard
 * from a step) unless `walkthrough` asks for it. `files` (workspace-relative name → text) are in
 * the folder before VS Code starts, as in a cloned repository.
 * @param {{ vsix: string, name?: string, logLevel?: string, testHook?: boolean, walkthrough?: boolean, files?: Record<string, string> }} options
 */
export async function openSession({
  vsix,
  name = 'workbench',
  logLevel,
  testHook = false,
  walkthrough = false,
  files = {},
}) {
  removeStaleScratch();
  const scratch = mkdtempSync(join(tmpdir(), SCRATCH_PREFIX));
  writeFileSync(join(scratch, 'owner.pid'), String(process.pid));
  const workspace = join(scratch, 'workspace');
  const extensionsDir = join(scratch, 'extensions');
  const userDataDir = join(scratch, 'user-data');
  mkdirSync(workspace);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, file)), { recursive: true });
    writeFileSync(join(workspace, file), text);
  }
  // This session's screenshots and logs only, in a folder of its own (one per test file).
  const outDir = join(resultsDir, name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const serverLog = join(outDir, 'code-server.log');

  /** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await browser?.close();
    } catch {
      // the browser is already gone
    }
    await server?.stop();
    // VS Code's own logs (extension host, the "RNN Lab" output channel) help read a failure.
    const logs = join(userDataDir, 'logs');
    if (existsSync(logs)) cpSync(logs, join(outDir, 'vscode-logs'), { recursive: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  // Ctrl-C or a kill of the test process: stop what it started, then die of that signal.
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    void close().finally(() => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.kill(process.pid, signal);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    installExtension(vsix, extensionsDir);
    // A machine-scoped setting: on a remote extension host (code-server) VS Code reads it from the
    // machine's settings, not the user's.
    const machineSettings = join(userDataDir, 'Machine', 'settings.json');
    mkdirSync(dirname(machineSettings), { recursive: true });
    writeFileSync(
      machineSettings,
      `${JSON.stringify({ 'workbench.welcomePage.walkthroughs.openOnInstall': walkthrough })}\n`,
    );
    server = await startCodeServer({
      workspace,
      extensionsDir,
      userDataDir,
      logFile: serverLog,
      ...(logLevel ? { logLevel } : {}),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    if (testHook) {
      await page.addInitScript(() => {
        const page = /** @type {{ rnnLabTestHost?: object }} */ (
          /** @type {unknown} */ (globalThis)
        );
        page.rnnLabTestHost ??= {};
      });
    }
    const workbench = new Workbench(page, outDir);
    await workbench.open(server.url);
    return { workspace, server, browser, page, workbench, close, outDir };
  } catch (error) {
    await close();
    throw error;
  }
}

const SCRATCH_PREFIX = 'rnnlab-e2e-';

/** Temporary folders of earlier runs that were killed before they could clean up. */
function removeStaleScratch() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner = 0;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      process.kill(owner, 0); // still running: not ours to remove
      continue;
    } catch {
      // no owner, or the owner is gone
    }
    if (owner > 0) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Escapes a string for a RegExp.
 * @param {string} text
 */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {string} outDir where screenshots go
   */
  constructor(page, outDir = resultsDir) {
    this.page = page;
    this.outDir = outDir;
    this.shot = 0;
  }

  /** @param {string} url */
  async open(url) {
    // The workbench keeps loading resources: wait for its DOM, not for `load`.
    await this.page.goto(url, { waitUntil: 'commit' });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // Ready for input once the status bar and the activity bar are drawn.
    await this.page.locator('.part.statusbar').waitFor();
    await this.page.locator('.activitybar .action-item').first().waitFor();
  }

  get quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  get quickInputBox() {
    return this.quickInput.locator('.quick-input-box input');
  }

  /**
   * Rows of the open quick input (command palette, quick open, quick pick).
   * @param {string} label
   */
  quickRow(label) {
    return this.quickInput.locator('.monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${literal(label)}$`) }),
    });
  }

  /**
   * Opens the command palette (F1) and types `text` after its `>`.
   * @param {string} text
   */
  async palette(text) {
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor({ state: 'visible' });
    await this.page.keyboard.type(text);
  }

  /**
   * Runs a command as a person does: F1, types its full palette title, presses Enter. Enter runs
   * the palette's focused (first) row, so a title that another command or view ranks above (VS
   * Code sorts the matches by recent use, then by label) would run that other command: this
   * throws instead, naming both, before pressing Enter.
   * @param {string} title e.g. `RNN Lab: Train`
   */
  async runCommand(title) {
    await this.palette(title);
    const focused = await this.paletteFocus(title);
    if (focused !== title) {
      await this.closeQuickInput();
      throw new Error(
        `typing "${title}" in the palette puts "${focused}" first: Enter would run that instead`,
      );
    }
    await this.page.keyboard.press('Enter');
    // The palette has closed: the widget is hidden, or shows what the command asks next (an
    // input box, a quick pick), whose value no longer starts with the palette's `>`.
    await waitFor(
      async () =>
        !(await this.quickInput.isVisible().catch(() => false)) ||
        !(await this.quickInputBox.inputValue().catch(() => '')).startsWith('>'),
      `the palette to run "${title}"`,
    );
  }

  /**
   * The label of the row Enter would run once the palette has filtered for `title` (typed): read
   * until it stays the same for 300 ms, since the list is filtered as the keys arrive.
   * @param {string} title
   */
  async paletteFocus(title) {
    await this.quickRow(title).first().waitFor();
    const focusedLabel = this.quickInput.locator('.monaco-list-row.focused .label-name').first();
    let last = '';
    let sameSince = Date.now();
    await waitFor(
      async () => {
        const now = (await focusedLabel.textContent().catch(() => ''))?.trim() ?? '';
        if (now !== last) {
          last = now;
          sameSince = Date.now();
        }
        return now !== '' && Date.now() - sameSince >= 300;
      },
      `the palette's focused row for "${title}"`,
      10_000,
      100,
    );
    return last;
  }

  /** Every label the open quick input lists (scrolls its virtual list to the end). */
  async quickLabels() {
    /** @type {Set<string>} */
    const labels = new Set();
    const list = this.quickInput.locator('.monaco-list-row .label-name');
    for (let round = 0; round < 20; round++) {
      const before = labels.size;
      for (const text of await list.allTextContents()) labels.add(text.trim());
      if (round > 0 && labels.size === before) break;
      await this.page.keyboard.press('PageDown');
    }
    return [...labels];
  }

  async closeQuickInput() {
    await this.page.keyboard.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /**
   * Opens a workspace file with Quick Open (Ctrl+P) and waits for its tab.
   * @param {string} fileName
   */
  async openFile(fileName) {
    await this.page.keyboard.press('Control+P');
    await this.quickInputBox.waitFor({ state: 'visible' });
    await this.page.keyboard.type(fileName);
    const row = this.quickRow(fileName);
    await row.first().waitFor();
    await row.first().click();
    await this.activeTab(fileName).waitFor();
    await this.editor.locator('.view-lines').waitFor();
  }

  /** @param {string} fileName */
  activeTab(fileName) {
    return this.page.locator('.tabs-container .tab.active').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${literal(fileName)}$`) }),
    });
  }

  /** The editor of the active group. */
  get editor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * A token of the active editor whose text is exactly `text` (JSON strings keep quotes).
   * @param {string} text
   */
  token(text) {
    return this.editor.locator('.view-lines span span', {
      hasText: new RegExp(`^${literal(text)}$`),
    });
  }

  async editorText() {
    return (await this.editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  /** Opens (or focuses) the Problems panel with its keyboard shortcut. */
  async showProblems() {
    await this.page.keyboard.press('Control+Shift+M');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    return panel;
  }

  /** The marker rows of the Problems panel (not the file rows). */
  get markerRows() {
    return this.page
      .locator('.markers-panel .monaco-list-row')
      .filter({ has: this.page.locator('.marker-message') });
  }

  /**
   * Clicks the activity bar entry whose label is `label`.
   * @param {string} label
   */
  async activity(label) {
    const item = this.page.locator(
      `.activitybar .action-item a.action-label[aria-label="${label}"]`,
    );
    await item.click();
    return item;
  }

  /** Webview frames (VS Code nests each webview page in two iframes) with body text. */
  async webviewTexts() {
    const texts = [];
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame()) continue;
      const text = await frame
        .evaluate(() => globalThis.document?.body?.innerText ?? '')
        .catch(() => '');
      if (text.trim()) texts.push(text);
    }
    return texts;
  }

  /**
   * The webview frame (VS Code nests each webview's page in an inner iframe) whose document has
   * `selector`; waits for it. Frames come and go (a reload, a restored panel): looked up anew.
   * @param {string} selector
   * @returns {Promise<import('playwright-core').Frame>}
   */
  async webviewFrame(selector, timeoutMs = 30_000) {
    /** @type {import('playwright-core').Frame | undefined} */
    let found;
    await waitFor(
      async () => {
        for (const frame of this.page.frames()) {
          if (frame === this.page.mainFrame() || frame.isDetached()) continue;
          const count = await frame
            .locator(selector)
            .count()
            .catch(() => 0);
          if (count > 0) {
            found = frame;
            return true;
          }
        }
        return false;
      },
      `a webview with ${selector}`,
      timeoutMs,
    );
    if (!found) throw new Error(`no webview with ${selector}`);
    return found;
  }

  /** The editor groups, left to right, with the labels of their tabs. */
  async editorGroups() {
    const groups = this.page.locator('.editor-group-container');
    const result = [];
    for (let i = 0; i < (await groups.count()); i++) {
      result.push(await groups.nth(i).locator('.tabs-container .tab .label-name').allInnerTexts());
    }
    return result;
  }

  /** `Developer: Reload Window` from the palette; waits for the new workbench. */
  async reloadWindow() {
    const navigated = this.page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === this.page.mainFrame(),
      timeout: 60_000,
    });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await this.page.locator('.part.statusbar').waitFor();
    await this.page.locator('.activitybar .action-item').first().waitFor();
  }

  /**
   * A numbered screenshot in test-results/e2e/.
   * @param {string} name
   */
  async screenshot(name) {
    this.shot += 1;
    const file = join(this.outDir, `${String(this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file }).catch(() => undefined);
    return file;
  }
}

/**
 * Runs `attempt` up to `times` times, until it does not throw.
 * @template T
 * @param {number} times
 * @param {() => Promise<T>} attempt
 * @returns {Promise<T>}
 */
export async function retry(times, attempt) {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= times) throw error;
    }
  }
}

/**
 * Polls `check` until it is true (for things no selector can wait for).
 * @param {() => boolean | Promise<boolean>} check
 * @param {string} what
 */
export async function waitFor(check, what, timeoutMs = 20_000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => globalThis.setTimeout(resolve, everyMs));
  }
}

/**
 * After each test step: a screenshot named after the step, and a quick input a failed step left
 * open closed, so it cannot break the next step.
 * @param {Workbench | undefined} wb
 * @param {{ name?: string } | undefined} t
 */
export async function afterStep(wb, t) {
  const name = String(t?.name ?? 'step')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  if (!wb) return;
  await wb.screenshot(name);
  if (await wb.quickInput.isVisible().catch(() => false)) {
    await wb.page.keyboard.press('Escape');
  }
}

/**
 * Sets `rnnLab.explanationLanguage` in the workspace's `.vscode/settings.json`, as a person edits
 * it (the file holds only that setting).
 * @param {string} workspace
 * @param {'en' | 'ko'} lang
 */
export function setExplanationLanguage(workspace, lang) {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'rnnLab.explanationLanguage': lang }, null, 2)}\n`,
  );
}
