// @ts-check
// When one machine is not enough (issue 16), as a person does it in VS Code: a trained run of a
// Seq2Seq spec exported with "RNN Lab: Export to PyTorch…" (the newest run, a new folder beside
// the spec, "Open README"), a folder with a file in it refused, the exported train.py trained one
// more epoch with Debian's PyTorch, and its weights brought back with "RNN Lab: Import Weights…":
// the lab opens on the imported run, and its inspector decodes what `rnnlab inspect --torch`
// decodes from the same weights, with every gate of the LSTM drawn. Commands are run by typing
// their full title in the palette and pressing Enter; dialogs are VS Code's own (code-server's
// simple file dialog: a path typed, Enter).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  afterStep,
  commandTitle,
  openSession,
  prepare,
  root,
  setExplanationLanguage,
  waitFor,
  word,
} from './harness.mjs';

const CLI = join(root, 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';

/** Reverse with dot attention on an LSTM: the CLI trains it in a few seconds. */
const SPEC = {
  name: 'rev-torch',
  task: { kind: 'reverse', length: [3, 5], vocab: 'abcd', samples: 400, testSamples: 32 },
  model: { cell: 'lstm', hidden: 16, embedding: 8, architecture: 'seq2seq', attention: 'dot' },
  train: { epochs: 4, batchSize: 32, learningRate: 0.02, seed: 1 },
  inspect: { inputs: ['abcd'] },
};
const SPEC_FILE = 'rev-torch.rnnlab.json';
/** Another spec: the same task, another model. */
const OTHER = { ...SPEC, name: 'rev-other', model: { ...SPEC.model, hidden: 8 } };
const OTHER_FILE = 'rev-other.rnnlab.json';

/** @type {Awaited<ReturnType<typeof openSession>>} */
let session;
/** @type {import('./harness.mjs').Workbench} */
let wb;
let trainedRun = '';
const exported = () => join(session.workspace, 'rev-torch-pytorch');
const runsRoot = () => join(session.workspace, '.rnnlab', 'runs');

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} cwd
 */
function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  assert.equal(
    r.status,
    0,
    `${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`,
  );
  return r.stdout;
}

before(async () => {
  const vsix = process.env.RNNLAB_E2E_VSIX ?? (await prepare());
  assert.ok(existsSync(vsix), `no .vsix at ${vsix}`);
  session = await openSession({ vsix, name: 'pytorch' });
  wb = session.workbench;
  writeFileSync(join(session.workspace, SPEC_FILE), `${JSON.stringify(SPEC, null, 2)}\n`);
  writeFileSync(join(session.workspace, OTHER_FILE), `${JSON.stringify(OTHER, null, 2)}\n`);
  // The trained run the export starts from: the CLI's, in `.rnnlab/runs` beside the spec, where
  // the extension finds a spec's runs too.
  sh(process.execPath, [CLI, 'train', SPEC_FILE], session.workspace);
  [trainedRun = ''] = readdirSync(runsRoot());
  assert.ok(trainedRun, 'the CLI wrote a run');
});

after(async () => {
  await session?.close();
});

afterEach((t) => afterStep(wb, t));

/** A notification toast with `text`, and its button `label`. */
function toast(/** @type {RegExp} */ text) {
  return wb.page.locator('.notification-toast').filter({ hasText: text });
}

/**
 * Gives VS Code's simple file dialog (the quick input code-server opens for a file or folder) a
 * path and accepts it with its button, as a person who pastes a path and clicks OK.
 * @param {string} path
 * @param {string} accept the dialog's button: its `openLabel`, or `OK`
 */
async function pickInFileDialog(path, accept) {
  await wb.quickInputBox.waitFor({ state: 'visible' });
  // The dialog fills in its start folder and lists it as it reads it: once that is shown, the
  // path replaces it, in one go (typed key by key, the dialog completes and opens folders).
  await waitFor(
    async () => (await wb.quickInputBox.inputValue()).endsWith('/'),
    'the dialog to show its folder',
  );
  // It may add a `/` to a folder and lists what is there, and a late update of its own can put
  // its start folder back: filled again until it shows the path and has stopped changing.
  const settled = async () => {
    let last = await wb.quickInputBox.inputValue();
    for (let stable = 0, n = 0; stable < 6 && n < 50; stable++, n++) {
      await new Promise((resolve) => globalThis.setTimeout(resolve, 100));
      const now = await wb.quickInputBox.inputValue();
      if (now !== last) {
        last = now;
        stable = -1;
      }
    }
    return last === path || last === `${path}/`;
  };
  await waitFor(
    async () => {
      await wb.quickInputBox.fill(path);
      return settled();
    },
    `the dialog to settle on ${path}`,
    20_000,
    100,
  );
  // While it still reads a folder the dialog ignores its button: clicked again until it closes.
  const button = wb.quickInput.locator('.monaco-button', { hasText: accept });
  for (let k = 0; ; k++) {
    await button.click();
    const closed = await wb.quickInput
      .waitFor({ state: 'hidden', timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return;
    if (k >= 4) throw new Error(`the file dialog did not take ${path}`);
  }
}

/**
 * The spec opened, `RNN Lab: Export to PyTorch…` run from the palette, and its first question
 * shown with the newest run (the CLI's) as the focused, first row.
 */
async function startExport() {
  await wb.openFile(SPEC_FILE);
  await wb.runCommand(commandTitle('command.exportPytorch'));
  await wb.quickInput.locator('.monaco-list-row.focused').filter({ hasText: trainedRun }).waitFor();
}

describe('PyTorch: export, train, import', () => {
  test('p1. Export to PyTorch… writes the newest run as a project beside the spec', async () => {
    // First question: which weights; the newest run of this spec is the first row.
    await startExport();
    await wb.screenshot('export-source');
    await wb.page.keyboard.press('Enter');
    // Second: where; a new folder beside the spec is the first row.
    await wb.quickInput
      .locator('.monaco-list-row.focused')
      .filter({ hasText: 'rev-torch-pytorch' })
      .waitFor();
    await wb.screenshot('export-folder');
    await wb.page.keyboard.press('Enter');
    const done = toast(/Exported run .* to rev-torch-pytorch \(10 files\)/);
    await done.waitFor({ timeout: 60_000 });
    await wb.screenshot('exported');
    for (const file of ['README.md', 'model.py', 'train.py', 'weights.json', 'check/cases.json']) {
      assert.ok(existsSync(join(exported(), file)), file);
    }
    const config = JSON.parse(readFileSync(join(exported(), 'config.json'), 'utf8'));
    assert.equal(config.exported.kind, 'run');
    assert.equal(config.exported.run, trainedRun);
    await done.locator('.monaco-button', { hasText: 'Open README' }).click();
    await wb.activeTab('README.md').waitFor();
    assert.match(await wb.editorText(), /train\.py --check/);
  });

  test('p1b. a trained run’s context menu in the Runs view exports it to PyTorch', async () => {
    await wb.activity(word('viewsContainer.rnnLab'));
    const sidebar = await wb.webviewFrame('[data-testid="sidebar-progress"]');
    const row = sidebar.locator(`[data-testid="run"][data-run-id="${trainedRun}"]`);
    await row.waitFor();
    await row.click({ button: 'right' });
    const item = wb.page.locator('.context-view .monaco-menu .action-label', {
      hasText: word('command.exportPytorch'),
    });
    await item.waitFor();
    await wb.screenshot('run-context-menu');
    // From a run the command asks only where (the run is the source), and exports that run.
    await item.click();
    await wb.quickInput
      .locator('.monaco-list-row.focused')
      .filter({ hasText: 'rev-torch-pytorch-2' })
      .waitFor();
    await wb.page.keyboard.press('Enter');
    await toast(/Exported run .* to rev-torch-pytorch-2 \(10 files\)/).waitFor({ timeout: 60_000 });
    const config = JSON.parse(
      readFileSync(join(session.workspace, 'rev-torch-pytorch-2', 'config.json'), 'utf8'),
    );
    assert.equal(config.exported.run, trainedRun);
  });

  test('p2. a folder with a file in it is refused, and the file stays', async () => {
    const full = join(session.workspace, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'mine');
    await startExport();
    await wb.page.keyboard.press('Enter');
    const choose = wb.quickInput.locator('.monaco-list-row', { hasText: 'Choose a folder…' });
    await choose.waitFor();
    await choose.click();
    await pickInFileDialog(full, 'Export Here');
    const refused = toast(/full cannot take the project: it is not empty \(1 entry: notes\.txt\)/);
    await refused.waitFor({ timeout: 30_000 });
    await wb.screenshot('refused');
    assert.deepEqual(readdirSync(full), ['notes.txt']);
    assert.equal(readFileSync(join(full, 'notes.txt'), 'utf8'), 'mine');
  });

  test('p3. train.py --check passes, and one epoch more trains in PyTorch', () => {
    const check = sh(PYTHON, ['train.py', '--check'], exported());
    assert.match(check, /check passed/);
    sh(PYTHON, ['train.py', '--epochs', '1', '--device', 'cpu'], exported());
    const weights = JSON.parse(
      readFileSync(join(exported(), 'runs', 'pytorch', 'weights.json'), 'utf8'),
    );
    assert.equal(weights.epoch, SPEC.train.epochs + 1);
  });

  test('p4. Import Weights… opens the PyTorch-trained model in the lab’s inspector', async () => {
    const weights = join(exported(), 'runs', 'pytorch', 'weights.json');
    const torch = JSON.parse(
      sh(process.execPath, [CLI, 'inspect', '--torch', weights, '--input', 'abcd', '--json'], root),
    );
    const expected = torch.seq2seq.decoded.join('');
    const before = new Set(readdirSync(runsRoot()));
    await wb.runCommand(commandTitle('command.importWeights'));
    await pickInFileDialog(weights, 'OK');
    await toast(/Imported weights\.json \(rev-torch, epoch 5\) as run rev-torch-pytorch-/).waitFor({
      timeout: 60_000,
    });
    const added = readdirSync(runsRoot()).filter((id) => !before.has(id));
    assert.equal(added.length, 1, `one new run: ${added.join(', ')}`);
    const lab = await wb.webviewFrame('[data-testid="backend"]', 60_000);
    /** @type {{ decoded: string, kinds: string[], state: string | null }} */
    let shown = { decoded: '', kinds: [], state: null };
    await waitFor(
      async () => {
        const decoded = lab.locator('[data-testid="decoded"]');
        shown = {
          // "decoded: dcba": the words before the colon are the page's.
          decoded:
            (await decoded.count()) > 0
              ? (await decoded.first().innerText()).replace(/^[^:]*:/, '').trim()
              : '',
          kinds: await lab
            .locator('[data-testid="heatmap"][data-part="encoder"]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? '')),
          state: await lab.locator('[data-testid="state"]').getAttribute('data-state'),
        };
        return shown.decoded !== '' && shown.kinds.length > 0;
      },
      'the lab to show the imported run in its inspector',
      60_000,
    );
    // As a person looks: the lab offers its Inspector for the finished run.
    await lab.locator('[data-testid="open-inspector"]').click();
    await lab.locator('[data-testid="inspector"]').waitFor({ state: 'visible' });
    await wb.screenshot('imported-inspector');
    assert.equal(shown.decoded, expected, 'the lab decodes what rnnlab inspect --torch decodes');
    for (const kind of ['h', 'c', 'i', 'f', 'g', 'o']) {
      assert.ok(shown.kinds.includes(kind), `encoder heatmap ${kind}: ${shown.kinds.join(' ')}`);
    }
    assert.equal(shown.state, 'done');
    const events = readFileSync(join(runsRoot(), added[0] ?? '', 'metrics.jsonl'), 'utf8');
    assert.match(events, /"backend":"pytorch-cpu"/);
  });

  test('p4b. weights of another spec than the one in the editor are refused, nothing written', async () => {
    await wb.openFile(OTHER_FILE);
    const before = readdirSync(runsRoot()).sort();
    await wb.runCommand(commandTitle('command.importWeights'));
    await pickInFileDialog(join(exported(), 'runs', 'pytorch', 'weights.json'), 'OK');
    await toast(
      /weights\.json holds a model of the spec "rev-torch", not of "rev-other" \(they differ in [^)]*model\.hidden/,
    ).waitFor({ timeout: 30_000 });
    await wb.screenshot('import-other-spec');
    assert.deepEqual(readdirSync(runsRoot()).sort(), before, 'no run written');
  });

  test('p5. in Korean, the export asks its questions in Korean', async () => {
    setExplanationLanguage(session.workspace, 'ko');
    // The spec's tab beside the lab (Quick Open would open it a second time, in the lab's group).
    await wb.page
      .locator('.editor-group-container')
      .first()
      .locator('.tab', { hasText: SPEC_FILE })
      .click();
    // The setting has reached the extension once the side bar's Runs view is titled in Korean.
    await wb.page.locator('.pane-header', { hasText: '실행 기록' }).waitFor({ timeout: 30_000 });
    // The palette's titles follow VS Code's display language; the command's words RNN Lab's.
    await wb.runCommand(commandTitle('command.exportPytorch'));
    await wb.quickInput
      .locator('.quick-input-title', { hasText: 'PyTorch 프로젝트가 어떤 가중치에서 시작할까요?' })
      .waitFor();
    await wb.quickInput.locator('.monaco-list-row', { hasText: '초기 가중치(학습 전)' }).waitFor();
    await wb.screenshot('export-source-ko');
    await wb.closeQuickInput();
  });
});
