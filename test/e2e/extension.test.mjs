// @ts-check
// RNN Lab in a real VS Code (code-server 4.99.4 = VS Code 1.99.3), driven through the workbench
// like a person: the activity bar, the command palette, quick picks, the Problems panel, typing
// in the editor and hovering with the mouse. `npm run test:e2e` (see README.md here).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  afterStep,
  commandTitle,
  copyExamples,
  openSession,
  prepare,
  retry,
  root,
  waitFor,
  word,
} from './harness.mjs';

/** @type {{ contributes: { commands: { command: string, title: string }[] } }} */
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const title = commandTitle;

/** A spec with one mistake, on a line of its own (line 6, column 13: `"lstn"`). */
const BAD_SPEC = `{
  // a spec with one mistake: the cell is misspelled
  "name": "bad",
  "task": { "kind": "reverse" },
  "model": {
    "cell": "lstn",
    "hidden": 16
  }
}
`;

/** @type {Awaited<ReturnType<typeof openSession>>} */
let session;
/** @type {import('./harness.mjs').Workbench} */
let wb;

before(async () => {
  // run.mjs prepares once with visible output; run alone, this file prepares itself.
  const vsix = process.env.RNNLAB_E2E_VSIX ?? (await prepare());
  assert.ok(existsSync(vsix), `no .vsix at ${vsix}`);
  // The workspace starts without a spec, so the side bar shows its welcome content.
  session = await openSession({ vsix });
  wb = session.workbench;
});

after(async () => {
  await session?.close();
});

afterEach((t) => afterStep(wb, t));

describe('RNN Lab in VS Code', { timeout: 120_000 }, () => {
  test('a1. the RNN Lab activity bar entry opens the side bar with its views and welcome', async () => {
    await wb.activity(word('viewsContainer.rnnLab'));
    const sidebar = wb.page.locator('.part.sidebar');
    await sidebar.waitFor({ state: 'visible' });
    await sidebar.locator('.composite.title .title-label h2', { hasText: /^RNN Lab$/i }).waitFor();
    for (const view of [word('view.specs'), word('view.training')]) {
      await sidebar
        .locator('.pane-header h3.title', { hasText: new RegExp(`^${view}$`, 'i') })
        .waitFor();
    }
    // No spec in the folder: the Specs view shows its welcome with the New Task Spec button.
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.filter({ hasText: 'No task spec in this workspace yet' }).waitFor();
    await welcome.locator('.monaco-button', { hasText: word('command.newSpec') }).waitFor();
    // The Runs view is a webview: its page is drawn inside an iframe.
    await waitFor(async () => (await wb.webviewTexts()).length > 0, 'the Runs webview');
  });

  test('a2. New Task Spec… from the command palette writes a spec and opens it', async () => {
    await wb.runCommand(title('command.newSpec'));
    // The quick pick of task kinds: pick "reverse".
    await wb.quickInput
      .locator('.quick-input-title', { hasText: word('command.newSpec') })
      .waitFor();
    await wb.page.keyboard.type('reverse');
    await wb.quickRow('reverse').click();
    // Then it asks for the name, proposing the task's; Enter takes it.
    await wb.quickInput
      .locator('.quick-input-message', { hasText: 'Name of the new spec' })
      .waitFor();
    await waitFor(
      async () => (await wb.quickInputBox.inputValue()) === 'reverse',
      'the name "reverse" proposed',
    );
    await wb.page.keyboard.press('Enter');
    await wb.activeTab('reverse.rnnlab.json').waitFor();
    const file = join(session.workspace, 'reverse.rnnlab.json');
    assert.ok(existsSync(file), 'the spec file was written');
    assert.match(readFileSync(file, 'utf8'), /"kind":\s*"reverse"/);
    await waitFor(async () => /"kind":\s*"reverse"/.test(await wb.editorText()), 'spec in editor');
    // The Specs view now lists it instead of the welcome.
    await wb.page
      .locator('.part.sidebar .monaco-list-row', { hasText: 'reverse.rnnlab.json' })
      .waitFor();
  });

  describe('with example specs in the folder', () => {
    before(() => {
      copyExamples(session.workspace, ['delayed-recall.rnnlab.json', 'copy.rnnlab.json']);
      writeFileSync(join(session.workspace, 'bad.rnnlab.json'), BAD_SPEC);
    });

    test('b. a spec error is in the Problems panel at its line; typing the fix clears it', async () => {
      await wb.openFile('bad.rnnlab.json');
      await wb.showProblems();
      const problem = wb.markerRows.filter({ hasText: 'got "lstn"' });
      await problem.waitFor();
      const text = await problem.innerText();
      assert.match(text, /must be one of "rnn", "lstm", "gru"/);
      assert.match(text, /did you mean "lstm"/);
      assert.match(text, /rnnlab/, 'the problem comes from RNN Lab');
      assert.match(text, /\[Ln 6, Col 13\]/, `at line 6, column 13: ${text}`);
      assert.match((await problem.getAttribute('aria-label')) ?? '', /^Error:/);
      await wb.screenshot('problem-shown');

      // Fix it in the editor: double-click the misspelled word, type the right one.
      await wb.token('"lstn"').dblclick();
      await wb.page.keyboard.type('lstm');
      await wb.token('"lstm"').waitFor();
      await problem.waitFor({ state: 'detached' });
      await wb.page
        .locator('.markers-panel', { hasText: 'No problems have been detected in the workspace' })
        .waitFor();
    });

    test('c. hovering `lstm` in a spec explains the LSTM with its equations', async () => {
      await wb.openFile('delayed-recall.rnnlab.json');
      // The CodeLenses (Train, Open Lab, …) move the lines down when they arrive: wait for
      // them first, so the mouse goes where the word stays.
      await wb.editor
        .locator('.codelens-decoration', { hasText: word('command.train') })
        .first()
        .waitFor();
      const cell = wb.token('"lstm"').first();
      const hover = wb.page
        .locator('.monaco-hover')
        .filter({ hasText: 'Long short-term memory (LSTM)' });
      // Move the mouse onto the word like a person; if a late layout change moved the word
      // away from under it, move again.
      await retry(3, async () => {
        await wb.page.mouse.move(5, 500);
        await cell.hover();
        await hover.waitFor({ state: 'visible', timeout: 5000 });
      });
      const text = await hover.innerText();
      assert.match(text, /c_t = f_t ⊙ c_\{t−1\} \+ i_t ⊙ g_t/, 'the cell state equation');
      assert.match(text, /h_t = o_t ⊙ tanh\(c_t\)/, 'the hidden state equation');
      assert.match(text, /forget gate/i);
      await wb.screenshot('hover-lstm');
      await wb.page.mouse.move(5, 500);
      await wb.page.keyboard.press('Escape');
    });

    test('d. with a spec active, the command palette lists the RNN Lab commands', async () => {
      await wb.openFile('delayed-recall.rnnlab.json');
      await wb.editor.click();
      await wb.palette(`${word('category')}: `);
      await wb.quickRow(title('command.newSpec')).waitFor();
      const labels = await wb.quickLabels();
      await wb.screenshot('palette');
      await wb.closeQuickInput();

      // What the manifest says a person sees with a spec active and no training running:
      // every command but `stop` (only while training) and `openExample` (walkthrough only).
      const hiddenHere = new Set(['rnnLab.stop', 'rnnLab.openExample']);
      const expected = manifest.contributes.commands
        .filter((c) => !hiddenHere.has(c.command))
        .map((c) => title(c.title.replace(/^%|%$/g, '')));
      assert.equal(expected.length, 11);
      const missing = expected.filter((label) => !labels.includes(label));
      assert.deepEqual(missing, [], `palette lists: ${labels.join(' | ')}`);
      for (const hidden of ['command.stop', 'command.openExample']) {
        assert.ok(!labels.includes(title(hidden)), `${title(hidden)} is hidden here`);
      }
    });
  });
});
