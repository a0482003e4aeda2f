/**
 * The lab page as a new user first sees it (issue 14), in English and Korean, at the width of a
 * lab panel opened beside a spec (about 490 px): after training the lab stays on the Training tab
 * and offers the Inspector; the header is two rows and says its backend in words; a typed input
 * gets its target and right/wrong marks; nothing is wider than the panel unless it scrolls.
 * Screenshots: test-results/browser/first-hour-{en,ko}-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  assertBuilt,
  labShell,
  launchBrowser,
  screenshotPath,
  startServer,
  watchPage,
  type TestServer,
} from './harness';
import { click, openLab, snapshotOf, waitForRunEnds } from './labPage';

/** Seq2Seq reverse: learns to reverse 3–5 symbols in a few epochs on WASM. */
const WALK = {
  name: 'walk',
  task: { kind: 'reverse', length: [3, 5], vocab: 'abcd', samples: 800, testSamples: 40 },
  model: { cell: 'gru', hidden: 32, embedding: 8, architecture: 'seq2seq', attention: 'additive' },
  train: { epochs: 10, batchSize: 32, learningRate: 0.02, clipNorm: 1, backend: 'wasm', seed: 1 },
  inspect: { inputs: ['abcd'] },
};

const WORDS = {
  en: { target: /\btarget\b/, wasm: /training on WASM/ },
  ko: { target: /정답/, wasm: /WASM으로 학습합니다/ },
} as const;

let server: TestServer;
let browser: Browser;

describe('the lab page a new user meets', { timeout: 240_000 }, () => {
  before(async () => {
    assertBuilt();
    server = await startServer({
      '/lab.html': (origin) => labShell(origin, 'en'),
      '/lab-ko.html': (origin) => labShell(origin, 'ko'),
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`${lang}: stays on Training, offers the Inspector, marks a typed input, fits 490 px`, async () => {
      const context = await browser.newContext({ viewport: { width: 490, height: 900 } });
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const page = await context.newPage();
      const { errors } = watchPage(page);
      try {
        await openLab(page, server.origin, {
          snapshot: snapshotOf(WALK),
          path: lang === 'ko' ? '/lab-ko.html' : '/lab.html',
        });
        const backend = page.locator('[data-testid="backend"]');
        await backend.filter({ hasText: /WASM/ }).waitFor();
        assert.match(await backend.innerText(), WORDS[lang].wasm);
        await page.waitForFunction(
          () =>
            (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
              .runtime.state === 'ready',
        );
        await click(page, 'train');
        await waitForRunEnds(page);
        await page.locator('[data-testid="inspector-offer"]:not([hidden])').waitFor();
        assert.equal(
          await page.locator('[data-testid="tab-training"]').getAttribute('aria-selected'),
          'true',
        );
        const header = await page.locator('.lab-header').boundingBox();
        assert.ok(header && header.height < 180, `header ${header?.height}px high`);
        await page.screenshot({ path: screenshotPath(`first-hour-${lang}-done`) });

        await click(page, 'open-inspector');
        await page.locator('[data-testid="inspect-input"]').fill('bdca');
        await click(page, 'inspect-button');
        const outputs = page.locator('[data-testid="outputs"]');
        // The inspection of the typed input: 4 steps (bdca) on the encoder's heatmaps.
        await page.locator('[data-testid="heatmap"][data-steps="4"]').first().waitFor();
        assert.match(await outputs.innerText(), WORDS[lang].target);
        const marks = await outputs
          .locator('[data-correct]')
          .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-correct')));
        assert.equal(marks.length, 5, 'one mark per decoder step (4 symbols and the end)');

        const wide = await page.evaluate(() => {
          const doc = (
            globalThis as unknown as {
              document: { documentElement: { scrollWidth: number; clientWidth: number } };
            }
          ).document;
          return { page: doc.documentElement.scrollWidth, view: doc.documentElement.clientWidth };
        });
        assert.ok(wide.page <= wide.view + 1, `no sideways page scroll: ${JSON.stringify(wide)}`);
        await page.screenshot({
          path: screenshotPath(`first-hour-${lang}-inspector`),
          fullPage: true,
        });
        await click(page, 'tab-training');
        await page.screenshot({
          path: screenshotPath(`first-hour-${lang}-training`),
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
