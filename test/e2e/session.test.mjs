// @ts-check
// A person's session with two specs in one window (issue 14): train a Seq2Seq spec from the
// palette, close the lab and open it again, Developer: Reload Window, then open the lab on a
// second spec. Each time the lab must show the spec's own newest run (curves, the trained
// inspector's decoded output) and nothing of the other spec. Then the Problems panel: one entry
// per problem, and the "did you mean" quick fix (Ctrl+.). Then the language switch both ways.
// Commands are run by typing their full title and pressing Enter.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  afterStep,
  commandTitle,
  openSession,
  prepare,
  setExplanationLanguage,
  waitFor,
} from './harness.mjs';

/** Reverse with attention: trains to the exact reversal in a few seconds on WASM. */
const REV = {
  name: 'rev-session',
  task: { kind: 'reverse', length: [3, 5], vocab: 'abcd', samples: 600, testSamples: 32 },
  model: { cell: 'gru', hidden: 24, embedding: 8, architecture: 'seq2seq', attention: 'additive' },
  train: { epochs: 6, batchSize: 32, learningRate: 0.02, backend: 'wasm', seed: 1 },
  inspect: { inputs: ['abcd'] },
};
const REV_FILE = 'rev-session.rnnlab.json';
const RECALL = {
  name: 'recall-session',
  task: { kind: 'delayed-recall', lag: 4, vocab: 'abcd', samples: 200, testSamples: 16 },
  model: { cell: 'lstm', hidden: 8, architecture: 'many-to-one' },
  train: { epochs: 1, backend: 'wasm', seed: 2 },
  inspect: { inputs: ['cabdab'] },
};
const RECALL_FILE = 'recall-session.rnnlab.json';
/** A spec with one misspelt value on line 5. */
const TYPO_FILE = 'typo-session.rnnlab.json';
const TYPO_TEXT =
  '{\n  "name": "typo-session",\n  "task": { "kind": "reverse", "length": [3, 5], "vocab": "abcd" },\n' +
  '  "model": {\n    "cell": "lstn", "architecture": "seq2seq"\n  }\n}\n';
const MESSAGE = 'must be one of "rnn", "lstm", "gru" (got "lstn"); did you mean "lstm"?';

/** @type {Awaited<ReturnType<typeof openSession>>} */
let session;
/** @type {import('./harness.mjs').Workbench} */
let wb;
let runsRoot = '';

/** @param {object} spec */
const specText = (spec) => `${JSON.stringify(spec, null, 2)}\n`;

before(async () => {
  const vsix = process.env.RNNLAB_E2E_VSIX ?? (await prepare());
  assert.ok(existsSync(vsix), `no .vsix at ${vsix}`);
  session = await openSession({ vsix, name: 'session', testHook: true });
  wb = session.workbench;
  runsRoot = join(session.workspace, '.rnnlab', 'runs');
  writeFileSync(join(session.workspace, REV_FILE), specText(REV));
  writeFileSync(join(session.workspace, RECALL_FILE), specText(RECALL));
  writeFileSync(join(session.workspace, TYPO_FILE), TYPO_TEXT);
});

after(async () => {
  await session?.close();
});

afterEach((t) => afterStep(wb, t));

function labFrame(timeoutMs = 60_000) {
  return wb.webviewFrame('[data-testid="backend"]', timeoutMs);
}

/** @returns {string[]} */
function runIds() {
  return existsSync(runsRoot) ? readdirSync(runsRoot).sort() : [];
}

/** @param {string} id */
function lastEvent(id) {
  const file = join(runsRoot, id, 'metrics.jsonl');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  try {
    return /** @type {{ type: string }} */ (JSON.parse(lines.at(-1) ?? '{}')).type;
  } catch {
    return undefined;
  }
}

/** What the lab shows: its spec line, state, whether the loss chart is drawn, the decoded text. */
async function labShows() {
  const lab = await labFrame();
  const chart = lab.locator('[data-testid="loss-chart"]');
  const decoded = lab.locator('[data-testid="decoded"]');
  return {
    spec: await lab.locator('[data-testid="spec-summary"]').innerText(),
    state: await lab.locator('[data-testid="state"]').getAttribute('data-state'),
    chartDrawn: !((await chart.getAttribute('class')) ?? '').includes('is-empty'),
    decoded: (await decoded.count()) > 0 ? (await decoded.first().innerText()).trim() : '',
    input: await lab.locator('[data-testid="inspect-input"]').first().inputValue(),
    compare: await lab
      .locator('[data-testid="compare-table"]')
      .innerText()
      .catch(() => ''),
  };
}

/** Waits until the lab shows the finished run of REV with its trained decoding. */
async function waitForTrainedRev(expectedDecoded = '') {
  /** @type {Awaited<ReturnType<typeof labShows>> | undefined} */
  let shown;
  await waitFor(
    async () => {
      shown = await labShows().catch(() => undefined);
      return (
        shown !== undefined &&
        shown.spec.includes(REV.name) &&
        shown.state === 'done' &&
        shown.chartDrawn &&
        shown.decoded !== '' &&
        (expectedDecoded === '' || shown.decoded === expectedDecoded)
      );
    },
    `the lab on ${REV.name} showing its trained run (decoded "${expectedDecoded}")`,
    60_000,
  ).catch(() => {});
  assert.ok(shown, 'the lab shows something');
  assert.ok(shown.spec.includes(REV.name), `the lab is on ${REV.name}: ${shown.spec}`);
  assert.equal(shown.state, 'done', 'the lab shows the finished run');
  assert.ok(shown.chartDrawn, 'the loss chart shows the run’s curve');
  if (expectedDecoded) assert.equal(shown.decoded, expectedDecoded, 'the trained model decodes');
  return shown;
}

/** The Problems panel's entries: their messages. */
async function problemMessages() {
  // Ctrl+Shift+M toggles the panel: only when it is not in view.
  if (!(await page().locator('.markers-panel').isVisible())) await wb.showProblems();
  return (await wb.markerRows.locator('.marker-message').allInnerTexts()).map((m) => m.trim());
}

/** Sets `rnnLab.explanationLanguage` in the workspace's settings.json, as a person edits it. */
const setLanguage = (/** @type {'en' | 'ko'} */ lang) =>
  setExplanationLanguage(session.workspace, lang);

const HANGUL = /[\uac00-\ud7a3]/;

describe('a session with two specs in one window', { timeout: 480_000 }, () => {
  let trainedDecoded = '';

  test('s0. A misspelt cell is one entry in the Problems panel, also once its editor is closed', async () => {
    await wb.openFile(TYPO_FILE);
    await waitFor(async () => (await problemMessages()).length > 0, 'the problem', 30_000);
    assert.deepEqual(await problemMessages(), [MESSAGE], 'one entry, the validator’s');
    await wb.activeTab(TYPO_FILE).click();
    await page().keyboard.press('Control+W');
    await wb.activeTab(TYPO_FILE).waitFor({ state: 'detached' });
    await new Promise((resolve) => globalThis.setTimeout(resolve, 1500));
    assert.deepEqual(await problemMessages(), [MESSAGE], 'the entry stays while the file has it');
  });

  test('s1. Train a Seq2Seq spec from the palette: the inspector decodes the reversal', async () => {
    await wb.openFile(REV_FILE);
    await wb.runCommand(commandTitle('command.train'));
    await waitFor(
      () => runIds().some((id) => lastEvent(id) === 'done'),
      'the run to end with done',
      120_000,
    );
    const shown = await waitForTrainedRev();
    // "decoded: dcba" (the reversal of the spec's input "abcd"), perhaps followed by <eos>.
    assert.match(shown.decoded, /dcba/, `a trained model reverses abcd: ${shown.decoded}`);
    trainedDecoded = shown.decoded;
  });

  test('s2. Closing the lab and opening it again brings back the run and the trained inspector', async () => {
    const labTab = page().locator('.tabs-container .tab', { hasText: `RNN Lab: ${REV_FILE}` });
    await labTab.click();
    await page().keyboard.press('Control+W');
    await labTab.waitFor({ state: 'detached' });
    await wb.openFile(REV_FILE);
    await wb.runCommand(commandTitle('command.openLab'));
    await waitForTrainedRev(trainedDecoded);
  });

  test('s3. After Developer: Reload Window the lab shows the run and the trained inspector', async () => {
    await wb.reloadWindow();
    await waitForTrainedRev(trainedDecoded);
  });

  test('s3b. After the reload the Problems panel lists the spec’s problem again, once', async () => {
    await waitFor(
      async () => (await problemMessages()).length > 0,
      'the problem after the reload',
      30_000,
    );
    assert.deepEqual(await problemMessages(), [MESSAGE]);
  });

  test('s4. The lab opened on a second spec shows nothing of the first', async () => {
    await wb.openFile(RECALL_FILE);
    await wb.runCommand(commandTitle('command.openLab'));
    await page()
      .locator('.tabs-container .tab', { hasText: `RNN Lab: ${RECALL_FILE}` })
      .waitFor();
    /** @type {Awaited<ReturnType<typeof labShows>> | undefined} */
    let shown;
    await waitFor(
      async () => {
        shown = await labShows().catch(() => undefined);
        return (
          shown?.spec.includes(RECALL.name) === true && shown.input === RECALL.inspect.inputs[0]
        );
      },
      `the lab on ${RECALL.name}`,
      60_000,
    ).catch(() => {});
    assert.ok(shown);
    assert.ok(shown.spec.includes(RECALL.name), `spec line: ${shown.spec}`);
    assert.ok(!shown.spec.includes(REV.name), `nothing of ${REV.name}: ${shown.spec}`);
    assert.equal(shown.input, RECALL.inspect.inputs[0], 'the inspector’s input is this spec’s');
    assert.notEqual(shown.state, 'done', 'no run of this spec yet: nothing finished is shown');
    assert.equal(shown.decoded, '', 'no Seq2Seq decoding of the other spec');
  });

  test('s5. Ctrl+. on the misspelt cell offers Change to "lstm", which fixes it', async () => {
    await wb.openFile(TYPO_FILE);
    await wb.token('"lstn"').first().click();
    await page().keyboard.press('Control+.');
    const fix = page().locator('.action-widget').getByText('Change to "lstm"');
    await fix.waitFor();
    await wb.screenshot('quick-fix-offered');
    // The preferred fix is the focused row: Enter applies it, as a person would.
    await page().keyboard.press('Enter');
    await waitFor(
      async () => (await wb.editorText()).includes('"cell": "lstm"'),
      'the fix applied',
    );
    await page().keyboard.press('Control+S');
    await waitFor(async () => (await problemMessages()).length === 0, 'no problems left', 20_000);
  });

  test('s6. rnnLab.explanationLanguage = ko: the lab, the side bar and its titles speak Korean', async () => {
    await wb.activity('RNN Lab');
    setLanguage('ko');
    const specsTitle = page().locator('.pane-header', { hasText: '스펙' });
    await specsTitle.first().waitFor({ timeout: 30_000 });
    await page().locator('.pane-header', { hasText: '실행 기록' }).first().waitFor();
    await waitFor(
      async () => HANGUL.test((await (await labFrame()).locator('body').innerText()) ?? ''),
      'the lab in Korean',
      60_000,
    );
    const sidebar = await wb.webviewFrame('[data-testid="sidebar-progress"]');
    assert.match(await sidebar.locator('body').innerText(), HANGUL, 'the side bar in Korean');
  });

  test('s7. and back to en: all of it in English again', async () => {
    setLanguage('en');
    await page().locator('.pane-header', { hasText: 'Runs' }).first().waitFor({ timeout: 30_000 });
    await waitFor(
      async () => !HANGUL.test((await (await labFrame()).locator('body').innerText()) ?? ''),
      'the lab in English',
      60_000,
    );
    const sidebar = await wb.webviewFrame('[data-testid="sidebar-progress"]');
    assert.doesNotMatch(
      await sidebar.locator('body').innerText(),
      HANGUL,
      'the side bar in English',
    );
  });
});

function page() {
  return wb.page;
}
