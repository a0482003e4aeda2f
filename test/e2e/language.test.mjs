// @ts-check
// The first start and the explanation language as a person meets them (issue 14, items 10 and
// 14): a fresh profile on a folder with a spec opens the walkthrough by itself; one of its steps
// opens an example beside it, the walkthrough's tab kept; `rnnLab.explanationLanguage` switched
// to ko and back changes the open walkthrough's steps and the hovers' schema part (VS Code's JSON
// hover), at once, both ways. Screenshots (en and ko) in test-results/e2e/language/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  afterStep,
  exampleText,
  openSession,
  prepare,
  retry,
  setExplanationLanguage,
  waitFor,
} from './harness.mjs';

const SPEC_FILE = 'recall.rnnlab.json';
const HANGUL = /[\uac00-\ud7a3]/;

/**
 * What each language shows: a step title of the walkthrough, its example link, the schema's doc
 * of `model.cell`, RNN Lab's own explanation of `"lstm"`.
 */
const SHOWS = {
  en: {
    step: 'An RNN and weight sharing',
    example: 'Open the motif example',
    schema: 'The recurrent cell:',
    term: 'Long short-term memory (LSTM)',
  },
  ko: {
    step: 'RNN과 가중치 공유',
    example: 'motif 예제 열기',
    schema: '순환 셀:',
    term: '장단기 메모리 (LSTM)',
  },
};

/** @type {Awaited<ReturnType<typeof openSession>>} */
let session;
/** @type {import('./harness.mjs').Workbench} */
let wb;

/**
 * A fresh profile (the walkthrough allowed to open on the first start) on a folder with the spec,
 * and `extra` files, before VS Code starts.
 * @param {string} name
 * @param {Record<string, string>} [extra]
 */
async function startSession(name, extra = {}) {
  const vsix = process.env.RNNLAB_E2E_VSIX ?? (await prepare());
  assert.ok(existsSync(vsix), `no .vsix at ${vsix}`);
  session = await openSession({
    vsix,
    name,
    walkthrough: true,
    files: { [SPEC_FILE]: exampleText('delayed-recall.rnnlab.json'), ...extra },
  });
  wb = session.workbench;
}

afterEach((t) => afterStep(wb, t));

function page() {
  return wb.page;
}

/** Sets `rnnLab.explanationLanguage` in the workspace's settings.json, as a person edits it. */
const setLanguage = (/** @type {'en' | 'ko'} */ lang) =>
  setExplanationLanguage(session.workspace, lang);

/** The walkthrough page and the titles of the steps it shows. */
function walkthrough() {
  return page().locator('.gettingStartedContainer');
}
async function stepTitles() {
  return (await walkthrough().locator('.step-title').allInnerTexts()).map((t) => t.trim());
}

/** Waits until the walkthrough shows its steps in `lang` only. */
async function walkthroughIn(/** @type {'en' | 'ko'} */ lang) {
  await waitFor(
    async () => {
      const titles = await stepTitles().catch(() => /** @type {string[]} */ ([]));
      return (
        titles.length === 7 &&
        titles.includes(SHOWS[lang].step) &&
        titles.every((t) => HANGUL.test(t) === (lang === 'ko'))
      );
    },
    `the walkthrough's seven steps in ${lang}`,
    30_000,
  ).catch(() => {});
  const titles = await stepTitles();
  assert.equal(titles.length, 7, `seven steps: ${titles.join(' | ')}`);
  assert.ok(titles.includes(SHOWS[lang].step), `${SHOWS[lang].step} in ${titles.join(' | ')}`);
  for (const title of titles) assert.equal(HANGUL.test(title), lang === 'ko', title);
}

/**
 * Hovers `token` in the spec and returns the hover's text once it shows `expected`.
 * @param {string} token
 * @param {string} expected
 * @param {string} shot
 */
async function hoverOn(token, expected, shot) {
  await page().locator('.tabs-container .tab', { hasText: SPEC_FILE }).first().click();
  const word = wb.token(token).first();
  await word.waitFor();
  const hover = page().locator('.monaco-hover').filter({ hasText: expected });
  // Move the mouse onto the word like a person; again when the schema arrived late (the JSON
  // extension reloads it after the switch) or a layout change moved the word.
  await retry(6, async () => {
    await page().mouse.move(5, 500);
    await page().keyboard.press('Escape');
    await word.hover();
    await hover.waitFor({ state: 'visible', timeout: 5000 });
  });
  const text = await hover.innerText();
  await wb.screenshot(shot);
  await page().mouse.move(5, 500);
  await page().keyboard.press('Escape');
  return text;
}

/** The two hovers a person reads: the schema's doc on `"cell"`, RNN Lab's explanation on `"lstm"`. */
async function hoversIn(/** @type {'en' | 'ko'} */ lang) {
  const schema = await hoverOn('"cell"', SHOWS[lang].schema, `hover-cell-${lang}`);
  const term = await hoverOn('"lstm"', SHOWS[lang].term, `hover-lstm-${lang}`);
  const other = lang === 'ko' ? SHOWS.en : SHOWS.ko;
  for (const text of [schema, term]) {
    assert.ok(!text.includes(other.schema) && !text.includes(other.term), text);
  }
  return { schema, term };
}

describe('first start and the explanation language', { timeout: 300_000 }, () => {
  before(() => startSession('language'));
  after(() => session?.close());

  test('l1. On the first start the walkthrough opens by itself, in English', async () => {
    await walkthrough().waitFor({ timeout: 60_000 });
    await walkthroughIn('en');
    await wb.screenshot('walkthrough-en');
  });

  test('l2. A step opens its example beside the walkthrough, whose tab stays', async () => {
    await walkthrough().getByText(SHOWS.en.step, { exact: true }).click();
    await walkthrough().getByRole('button', { name: SHOWS.en.example }).first().click();
    await page().locator('.tabs-container .tab', { hasText: 'motif.rnnlab.json' }).waitFor();
    const groups = await wb.editorGroups();
    assert.equal(groups.length, 2, `two groups: ${JSON.stringify(groups)}`);
    assert.ok(
      groups[0]?.some((label) => /RNN Lab/.test(label)),
      `the walkthrough's tab stays: ${JSON.stringify(groups)}`,
    );
    assert.ok(groups[1]?.includes('motif.rnnlab.json'), JSON.stringify(groups));
  });

  test('l3. The hovers show the schema’s doc and the explanation in English', async () => {
    await wb.openFile(SPEC_FILE);
    const { schema, term } = await hoversIn('en');
    assert.doesNotMatch(schema + term, HANGUL, schema + term);
  });

  test('l4. Switched to ko: the open walkthrough and the hovers speak Korean at once', async () => {
    setLanguage('ko');
    await walkthroughIn('ko');
    await page().locator('.tabs-container .tab', { hasText: 'RNN Lab' }).first().click();
    await wb.screenshot('walkthrough-ko');
    const { schema, term } = await hoversIn('ko');
    assert.match(schema, HANGUL);
    assert.match(term, HANGUL);
  });

  test('l5. and back to en: the walkthrough and the hovers in English again', async () => {
    setLanguage('en');
    await walkthroughIn('en');
    const { schema, term } = await hoversIn('en');
    assert.doesNotMatch(schema + term, HANGUL, schema + term);
  });

  test('l6. The example and the spec have no Problems entry (the editor schema reports none)', async () => {
    await wb.showProblems();
    await page()
      .locator('.markers-panel', { hasText: 'No problems have been detected in the workspace' })
      .waitFor();
  });
});

describe('first start with rnnLab.explanationLanguage already ko', { timeout: 180_000 }, () => {
  before(() =>
    startSession('language-ko', {
      '.vscode/settings.json': `${JSON.stringify({ 'rnnLab.explanationLanguage': 'ko' })}\n`,
    }),
  );
  after(() => session?.close());

  test('k1. The walkthrough opens by itself in Korean, and the hovers are Korean', async () => {
    await walkthrough().waitFor({ timeout: 60_000 });
    await walkthroughIn('ko');
    await wb.screenshot('walkthrough-first-ko');
    await wb.openFile(SPEC_FILE);
    const { schema, term } = await hoversIn('ko');
    assert.match(schema, HANGUL);
    assert.match(term, HANGUL);
  });
});
