/**
 * Gradient reach in the lab page (headless Chromium, fake host, WASM): after training, the
 * Training tab draws the normalised gradient against the distance T − t for the untrained and the
 * trained model, with a verdict per curve; the heatmap's verdict is the engine's `reachVerdict` on
 * the latest column; Compare draws each cell's curves, and the untrained RNN's factor per step is
 * below the untrained LSTM's and GRU's (the setting of test/unit/gradientReach.test.ts: delayed
 * recall, lag 30, hidden 32). English and Korean; screenshots in test-results/browser/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { reachOfNorms, reachVerdict } from '../../src/engine/gradientReach';
import type { CompareResult } from '../../src/protocol';
import { newPage, screenshotPath, browserSuite, watchPage } from './harness';
import {
  LAB_PAGES,
  openLab,
  postToPage,
  sent,
  snapshotOf,
  trainEvents,
  waitForRunEnds,
} from './labPage';

const SPEC = {
  name: 'reach-lag30',
  task: { kind: 'delayed-recall', lag: 30, vocab: 'abcd', samples: 128, testSamples: 32 },
  model: { cell: 'rnn', hidden: 32, embedding: 8, architecture: 'many-to-one' },
  train: { epochs: 2, batchSize: 32, learningRate: 0.01, clipNorm: 1, backend: 'wasm', seed: 1 },
  inspect: { inputs: ['abcdabcdabcdabcdabcdabcdabcdabc'] },
};

const post = postToPage;

async function verdicts(page: Page, card: string) {
  return page
    .locator(`[data-testid="${card}"] [data-testid="reach-verdict"]`)
    .evaluateAll((items) =>
      items.map((li) => ({
        key: li.getAttribute('data-key') ?? '',
        kind: li.getAttribute('data-kind') ?? '',
        decay: Number(li.getAttribute('data-decay')),
        text: li.textContent ?? '',
      })),
    );
}

describe('gradient reach in the lab', { timeout: 400_000 }, () => {
  const lab = browserSuite(LAB_PAGES);

  for (const lang of ['en', 'ko'] as const) {
    it(`draws the reach before and after training, and per cell in Compare (${lang})`, async () => {
      const { page, context } = await newPage(lab.browser);
      const { errors } = watchPage(page);
      try {
        await openLab(page, lab.server.origin, {
          snapshot: snapshotOf(SPEC),
          path: lang === 'en' ? '/lab.html' : '/lab-ko.html',
        });
        await post(page, { type: 'train' });
        await waitForRunEnds(page, 1, 200_000);
        const card = page.locator('[data-testid="gradient-reach"]');
        await page.locator('[data-testid="gradient-reach"][data-curves="2"]').waitFor();
        const events = (await trainEvents(page)).map((e) => e.event);
        const reaches = events.flatMap((e) => (e.type === 'reach' ? [e] : []));
        assert.deepEqual(
          reaches.map((r) => [r.when, r.reach.length]),
          [
            ['init', 31],
            ['trained', 31],
          ],
        );
        const shown = await verdicts(page, 'gradient-reach');
        assert.deepEqual(
          shown.map((v) => v.key),
          ['init', 'trained'],
        );
        for (const [i, v] of shown.entries()) {
          const event = reaches[i];
          assert.ok(event && event.decayPerStep !== null);
          assert.ok(Math.abs(v.decay - event.decayPerStep) < 1e-9);
          // The page's word is the engine's verdict on the same curve.
          assert.equal(v.kind, reachVerdict(event.reach)?.kind ?? 'none');
        }
        assert.match(
          shown[0]?.text ?? '',
          lang === 'en' ? /untrained: ×0\.\d+ per step back/ : /학습 전: 한 단계/,
        );

        // The heatmap's sentence: the engine's verdict on the latest gradients column.
        const gradients = events.flatMap((e) => (e.type === 'gradients' ? [e] : []));
        const latest = gradients[gradients.length - 1]?.layers[0]?.norms ?? [];
        const accuracy = events.flatMap((e) => (e.type === 'epoch' ? [e.accuracy] : [])).at(-1);
        const expected = reachVerdict(reachOfNorms(latest), accuracy);
        const hint = page.locator('[data-testid="gradient-hint"]');
        assert.equal(await hint.getAttribute('data-kind'), expected?.kind);
        assert.notEqual(((await hint.textContent()) ?? '').trim(), '');
        await card.scrollIntoViewIfNeeded();
        await page.waitForTimeout(300);
        await page.screenshot({ path: screenshotPath(`gradient-reach-${lang}`), fullPage: true });
        await card.screenshot({ path: screenshotPath(`gradient-reach-card-${lang}`) });

        // Compare: each cell's untrained and trained curves.
        await post(page, {
          type: 'compare',
          requestId: 31,
          cells: ['rnn', 'lstm', 'gru'],
        });
        await page.waitForFunction(
          () =>
            (
              globalThis as unknown as { rnnLabSent: { type: string; requestId?: number }[] }
            ).rnnLabSent.some((m) => m.type === 'reply' && m.requestId === 31),
          undefined,
          { timeout: 300_000, polling: 250 },
        );
        const reply = (await page.evaluate(() =>
          (
            globalThis as unknown as { rnnLabSent: { type: string; requestId?: number }[] }
          ).rnnLabSent.find((m) => m.type === 'reply' && m.requestId === 31),
        )) as { value?: CompareResult } | undefined;
        assert.equal(reply?.value?.runs.length, 3);
        const compareCard = page.locator('[data-testid="compare-reach"]');
        assert.equal(await compareCard.getAttribute('data-curves'), '6');
        const cells = await verdicts(page, 'compare-reach');
        const decay = (key: string) => cells.find((c) => c.key === key)?.decay ?? NaN;
        assert.ok(
          decay('rnn-init') < decay('lstm-init') && decay('rnn-init') < decay('gru-init'),
          `untrained factors: rnn ${decay('rnn-init')}, lstm ${decay('lstm-init')}, gru ${decay('gru-init')}`,
        );
        // The key says which line style is which (the legend's swatches show no dash).
        assert.match(
          (await compareCard.locator('[data-testid="key-untrained"]').textContent()) ?? '',
          lang === 'en' ? /^dashed line: untrained/ : /^파선: 학습 전/,
        );
        assert.match(
          (await compareCard.locator('[data-testid="key-trained"]').textContent()) ?? '',
          lang === 'en' ? /^solid line: trained/ : /^실선: 학습 후/,
        );
        assert.equal(await compareCard.locator('[data-testid="key-cut"]').count(), 0);
        await compareCard.scrollIntoViewIfNeeded();
        await page.waitForTimeout(300);
        await page.screenshot({
          path: screenshotPath(`compare-reach-${lang}`),
          fullPage: true,
        });
        await compareCard.screenshot({ path: screenshotPath(`compare-reach-card-${lang}`) });
        // Saved as a sweep marked Compare; reopened (the side bar's click), it shows in Compare.
        const saved = (await sent(page))
          .flatMap((m) => (m.type === 'saveSweep' ? [m.record] : []))
          .at(-1);
        assert.equal(saved?.experiment, 'compare');
        assert.equal(saved?.status, 'done');
        await post(page, {
          type: 'showSweep',
          sweep: { id: 'c', folder: 'runs/c', record: saved },
        });
        await page.locator('[data-testid="tab-compare"][aria-selected="true"]').waitFor();
        await page
          .locator('[data-testid="compare-table"] [data-cell="rnn"][data-status="done"]')
          .waitFor();
        assert.notEqual(
          await page
            .locator('[data-testid="compare-table"] [data-cell="gru"] [data-col="params"]')
            .textContent(),
          '–',
          "the saved record carries each cell's parameter count",
        );
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
