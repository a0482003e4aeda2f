/**
 * The lab page on the user's real-valued data, in headless Chromium with the fake host: audio
 * (the shipped spoken digits) with its log-mel spectrogram under the hidden state, time-aligned;
 * a labelled series with its channels as lines; a forecast with MSE by step ahead on the Training
 * tab and the forecast against the actual values in the inspector. English and Korean
 * screenshots go to test-results/browser/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createWorkspaceReader } from '../../src/cli/workspaceFiles';
import { parse } from 'jsonc-parser';
import type { SpecSnapshot } from '../../src/protocol';
import { checkSpecAndData } from '../../src/tasks/checkSpecAndData';
import {
  assertBuilt,
  launchBrowser,
  newPage,
  root,
  screenshotPath,
  startServer,
  watchPage,
  labShell,
  type TestServer,
} from './harness';
import { click, openLab, waitForRunEnds } from './labPage';

let browser: Browser;
/** The page in the language's shell: the page takes its words from the shell's `lang`. */
const shellOf = (lang: 'en' | 'ko') => (lang === 'ko' ? '/lab-ko.html' : '/lab.html');
let server: TestServer;

interface SpecObject {
  task: Record<string, unknown>;
  model?: Record<string, unknown>;
  train?: Record<string, unknown>;
}

/** An example spec, made smaller to train in seconds, with its data read as the host reads it. */
async function exampleSnapshot(
  file: string,
  changes: (spec: SpecObject) => void,
): Promise<SpecSnapshot> {
  const spec = parse(readFileSync(join(root, 'examples', file), 'utf8')) as SpecObject;
  changes(spec);
  spec.train = { ...spec.train, backend: 'wasm' };
  const text = JSON.stringify(spec, null, 2);
  const check = await checkSpecAndData(
    text,
    createWorkspaceReader(join(root, 'examples', file), root),
  );
  assert.deepEqual(check.problems, []);
  return {
    uri: `file:///workspace/${file}`,
    fileName: file,
    text,
    problems: check.problems,
    ...(check.spec ? { spec: check.spec } : {}),
    ...(check.data ? { data: check.data } : {}),
    dataLoaded: true,
  };
}

/** Trains the snapshot's spec on the page and opens the inspector on the first test sample. */
async function trainAndInspect(
  page: Page,
  snapshot: SpecSnapshot,
  lang: 'en' | 'ko',
): Promise<void> {
  await openLab(page, server.origin, { snapshot, init: { lang }, path: shellOf(lang) });
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest.runtime
        .state === 'ready',
  );
  await click(page, 'train');
  await waitForRunEnds(page, 1, 240_000);
  await click(page, 'tab-inspector');
  const picker = page.locator('[data-testid="sample-picker"]');
  await picker.locator('option').nth(1).waitFor({ state: 'attached' });
  await picker.selectOption({ index: 1 });
}

/** Left edge and width of the first layer's h heatmap and of the input view under it. */
async function alignment(page: Page, input: string) {
  const h = page.locator('[data-testid="heatmap"][data-layer="layer 1"][data-kind="h"]');
  const view = page.locator(`[data-testid="${input}"]`);
  await view.waitFor({ timeout: 20_000 });
  const [a, b] = [await h.boundingBox(), await view.boundingBox()];
  assert.ok(a && b);
  return {
    h: a,
    input: b,
    steps: [await h.getAttribute('data-steps'), await view.getAttribute('data-steps')],
  };
}

describe('real-valued data in the lab page', { timeout: 600_000 }, () => {
  before(async () => {
    assertBuilt();
    server = await startServer({
      '/lab.html': labShell,
      '/lab-ko.html': (origin) => labShell(origin, 'ko'),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`audio (${lang}): the spectrogram lies under the hidden state, one column per step in both`, async () => {
      const { page, context } = await newPage(browser);
      const { errors } = watchPage(page);
      try {
        const snapshot = await exampleSnapshot('audio.rnnlab.json', (spec) => {
          spec.model = { ...spec.model, hidden: 24 };
          spec.train = { ...spec.train, epochs: 4 };
        });
        await trainAndInspect(page, snapshot, lang);
        const { h, input, steps } = await alignment(page, 'input-spectrogram');
        assert.equal(steps[0], steps[1], 'as many frames as hidden-state steps');
        assert.equal(
          await page.locator('[data-testid="input-spectrogram"]').getAttribute('data-bands'),
          '20',
        );
        assert.ok(
          Math.abs(h.x - input.x) < 0.5 && Math.abs(h.width - input.width) < 0.5,
          JSON.stringify({ h, input }),
        );
        assert.ok(input.y > h.y + h.height - 1, 'the spectrogram is under the hidden state');
        // The step slider walks the spectrogram too.
        const slider = page.locator('[data-testid="step-slider"]');
        await slider.focus();
        await slider.press('Home');
        await page.keyboard.press('ArrowRight');
        assert.equal(
          await page
            .locator('[data-testid="input-spectrogram"]')
            .getAttribute('data-highlight-step'),
          '1',
        );
        await page.screenshot({
          path: screenshotPath(`audio-spectrogram-${lang}`),
          fullPage: true,
        });
        assert.deepEqual(
          errors.filter((e) => !/favicon|status of 404/.test(e)),
          [],
        );
      } finally {
        await context.close();
      }
    });
  }

  it('series (en): a labelled series shows its channels as lines under the hidden state', async () => {
    const { page, context } = await newPage(browser);
    const { errors } = watchPage(page);
    try {
      const snapshot = await exampleSnapshot('series.rnnlab.json', (spec) => {
        spec.train = { ...spec.train, epochs: 3 };
      });
      await trainAndInspect(page, snapshot, 'en');
      const { h, input, steps } = await alignment(page, 'input-lines');
      assert.equal(steps[0], steps[1]);
      assert.equal(
        await page.locator('[data-testid="input-lines"]').getAttribute('data-channels'),
        '2',
      );
      assert.ok(
        Math.abs(h.x - input.x) < 0.5 && Math.abs(h.width - input.width) < 0.5,
        JSON.stringify({ h, input }),
      );
      await page.screenshot({ path: screenshotPath('series-channels-en'), fullPage: true });
      assert.deepEqual(
        errors.filter((e) => !/favicon|status of 404/.test(e)),
        [],
      );
    } finally {
      await context.close();
    }
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`forecast (${lang}): MSE by step ahead while training, the forecast against the actual values`, async () => {
      const { page, context } = await newPage(browser);
      const { errors } = watchPage(page);
      try {
        const snapshot = await exampleSnapshot('series-forecast.rnnlab.json', (spec) => {
          spec.model = { ...spec.model, hidden: 16 };
          spec.train = { ...spec.train, epochs: 3 };
          spec.task = { ...spec.task, stride: 6 };
        });
        await openLab(page, server.origin, { snapshot, init: { lang }, path: shellOf(lang) });
        await page.waitForFunction(
          () =>
            (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
              .runtime.state === 'ready',
        );
        await click(page, 'train');
        await waitForRunEnds(page, 1, 240_000);
        // The page may have gone to the inspector on its own (its first inspection).
        await click(page, 'tab-training');
        const horizon = page.locator('[data-testid="horizon-chart"]');
        await horizon.waitFor({ timeout: 15_000 });
        assert.equal(await horizon.locator('.lab-linechart').getAttribute('data-epoch'), '3');
        await page.screenshot({
          path: screenshotPath(`forecast-training-${lang}`),
          fullPage: true,
        });
        await click(page, 'tab-inspector');
        const picker = page.locator('[data-testid="sample-picker"]');
        await picker.locator('option').nth(1).waitFor({ state: 'attached' });
        await picker.selectOption({ index: 1 });
        await page
          .locator('[data-testid="forecast-charts"] [data-channel="demand"]')
          .waitFor({ timeout: 20_000 });
        await page.locator('[data-testid="input-lines"]').waitFor();
        await page.screenshot({
          path: screenshotPath(`forecast-inspector-${lang}`),
          fullPage: true,
        });
        assert.deepEqual(
          errors.filter((e) => !/favicon|status of 404/.test(e)),
          [],
        );
      } finally {
        await context.close();
      }
    });
  }
});
