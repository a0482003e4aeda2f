/**
 * Length generalisation in the lab page (headless Chromium, fake host): a spec with
 * `task.testLength` trains, and the Training tab shows the test accuracy at each input length with
 * the trained lengths named; the inspector says when an input is longer than any the model trained
 * on. English and Korean; screenshots in test-results/browser/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderShell } from '../../src/host/webviewHtml';
import { newPage, screenshotPath, browserSuite, watchPage } from './harness';
import { openLab, snapshotOf, waitForRunEnds } from './labPage';

const SPEC = {
  name: 'parity-lengths',
  task: { kind: 'parity', length: [2, 6], testLength: [7, 14], samples: 200, testSamples: 60 },
  model: { cell: 'gru', hidden: 10, embedding: 4, architecture: 'many-to-many' },
  train: { epochs: 3, batchSize: 32, learningRate: 0.03, clipNorm: 1, backend: 'wasm', seed: 1 },
  inspect: { inputs: ['0110'] },
};

const shell = (lang: 'en' | 'ko') => (origin: string) =>
  renderShell({
    view: 'lab',
    lang,
    title: `RNN Lab (browser test, ${lang})`,
    cspSource: origin,
    nonce: 'browserTestNonce0123456789',
    scriptUri: `${origin}/dist/webview/lab.js`,
    styleUri: `${origin}/dist/webview/lab.css`,
  });

describe('length generalisation in the lab', { timeout: 300_000 }, () => {
  const lab = browserSuite({ '/lab.html': shell('en'), '/lab-ko.html': shell('ko') });

  for (const lang of ['en', 'ko'] as const) {
    it(`shows accuracy by length after training, and flags a longer input (${lang})`, async () => {
      const { page, context } = await newPage(lab.browser);
      const { errors } = watchPage(page);
      try {
        if (lang === 'ko') {
          // openLab navigates to lab.html; the Korean shell lives at lab-ko.html.
          await page.route('**/lab.html', (route) =>
            route.continue({ url: `${lab.server.origin}/lab-ko.html` }),
          );
        }
        await openLab(page, lab.server.origin, { snapshot: snapshotOf(SPEC) });
        await page.evaluate(() =>
          (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
            { type: 'train' },
            '*',
          ),
        );
        await waitForRunEnds(page, 1, 200_000);
        const card = page.locator('[data-testid="length-accuracy"]');
        await card.waitFor({ state: 'visible' });
        const note = (await page.locator('[data-testid="length-note"]').textContent()) ?? '';
        assert.match(
          note,
          lang === 'en' ? /Trained on lengths 2–6\. \d+ test length/ : /학습 길이는 2–6/,
        );
        await page.waitForTimeout(300);
        await page.screenshot({ path: screenshotPath(`length-accuracy-${lang}`), fullPage: true });

        await page.locator('[data-testid="tab-inspector"]').click();
        const warning = page.locator('[data-testid="longer-than-trained"]');
        assert.equal(await warning.isHidden(), true, 'a trained length: no note');
        await page.evaluate(() =>
          (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
            { type: 'inspect', input: '0110100110' },
            '*',
          ),
        );
        await warning.waitFor({ state: 'visible' });
        assert.match(
          (await warning.textContent()) ?? '',
          lang === 'en'
            ? /10 steps long, longer than anything the model trained on \(at most 6\)/
            : /10단계로.*가장 긴 것 6단계/,
        );
        await page.screenshot({
          path: screenshotPath(`longer-than-trained-${lang}`),
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
