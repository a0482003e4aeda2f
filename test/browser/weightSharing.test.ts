/**
 * Weight sharing in the lab page (headless Chromium, fake host, WASM): after training and
 * inspecting an input, the Inspector draws the first layer unrolled, each step joined to the
 * model's own U, W and b (named and sized from its weights); hovering a step lights the three
 * tensors, hovering U lights a line from every step; the parameter count measured at several
 * lengths is flat and equals the layer's count in the run's `start` event. English and Korean;
 * screenshots in test-results/browser/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, screenshotPath, browserSuite, watchPage } from './harness';
import { LAB_PAGES, openLab, postToPage, snapshotOf, trainEvents, waitForRunEnds } from './labPage';

const SPEC = {
  name: 'sharing',
  task: { kind: 'copy', length: 6, vocab: 'abcd', samples: 64, testSamples: 16 },
  model: { cell: 'lstm', hidden: 8, embedding: 4, architecture: 'many-to-many' },
  train: { epochs: 1, batchSize: 32, learningRate: 0.02, backend: 'wasm', seed: 1 },
  inspect: { inputs: ['abcdab'] },
};

const post = postToPage;

describe('weight sharing in the lab', { timeout: 300_000 }, () => {
  const lab = browserSuite(LAB_PAGES);

  for (const lang of ['en', 'ko'] as const) {
    it(`every step points at the same U, W and b; the count is flat (${lang})`, async () => {
      const { page, context } = await newPage(lab.browser);
      const { errors } = watchPage(page);
      try {
        await openLab(page, lab.server.origin, {
          snapshot: snapshotOf(SPEC),
          path: lang === 'en' ? '/lab.html' : '/lab-ko.html',
        });
        await post(page, { type: 'train' });
        await waitForRunEnds(page, 1, 200_000);
        await page.locator('[data-testid="tab-inspector"]').click();
        await post(page, { type: 'inspect', input: 'abcdab' });
        const diagram = page.locator('[data-testid="sharing-diagram"][data-steps="6"]');
        await diagram.waitFor();
        const weights = page.locator('[data-testid="shared-weight"]');
        assert.deepEqual(
          await weights.evaluateAll((gs) =>
            gs.map((g) => [g.getAttribute('data-weight'), g.getAttribute('data-name')]),
          ),
          [
            ['U', 'layer1/kernel'],
            ['W', 'layer1/recurrentKernel'],
            ['b', 'layer1/bias'],
          ],
        );
        // LSTM: 4 gate blocks of 8 units; U reads the 4-wide embedding, W the 8-wide state.
        assert.deepEqual(
          await weights.evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-size')))),
          [4 * 32, 8 * 32, 32],
        );
        assert.equal(await page.locator('.lab-sharing-lines line').count(), 6 * 3);

        await page.locator('[data-testid="sharing-step"][data-step="3"]').hover();
        assert.equal(await page.locator('[data-testid="shared-weight"].is-hot').count(), 3);
        assert.deepEqual(
          await page
            .locator('.lab-sharing-lines line.is-hot')
            .evaluateAll((ls) => [...new Set(ls.map((l) => l.getAttribute('data-step')))]),
          ['3'],
        );
        await page.locator('[data-testid="shared-weight"][data-weight="U"]').hover();
        assert.deepEqual(
          await page
            .locator('.lab-sharing-lines line.is-hot')
            .evaluateAll((ls) => ls.map((l) => l.getAttribute('data-step'))),
          ['1', '2', '3', '4', '5', '6'],
          'every step reads the one U',
        );
        assert.equal(await page.locator('[data-testid="sharing-step"].is-hot').count(), 6);

        // The count at each length is the layer's own, from the model's weights.
        const start = (await trainEvents(page)).map((e) => e.event).find((e) => e.type === 'start');
        const layerCount =
          start?.type === 'start'
            ? start.params.parts.find((p) => p.name === 'layer 1')?.count
            : undefined;
        const counts = (
          (await page.locator('[data-testid="sharing-count"]').getAttribute('data-counts')) ?? ''
        )
          .split(',')
          .map(Number);
        assert.ok(counts.length >= 7, `${counts.length} lengths`);
        assert.deepEqual(
          counts,
          counts.map(() => layerCount),
        );
        assert.equal(layerCount, 4 * 32 + 8 * 32 + 32);
        assert.match(
          (await page.locator('[data-testid="sharing-note"]').textContent()) ?? '',
          lang === 'en' ? /read 416 parameters at every length/ : /파라미터 416개/,
        );
        // Both axes log and labelled so: T × count would flatten the shared line on linear axes.
        const axes = await page
          .locator('[data-testid="sharing-count"] .lab-linechart')
          .evaluate((e) => ({ ...(e as unknown as { dataset: Record<string, string> }).dataset }));
        assert.equal(axes.xScale, 'log');
        assert.equal(axes.yScale, 'log');
        assert.match(axes.yLabel ?? '', lang === 'en' ? /\(log scale\)$/ : /\(로그 눈금\)$/);
        assert.match(axes.xLabel ?? '', lang === 'en' ? /\(log scale\)$/ : /\(로그 눈금\)$/);
        await page.locator('[data-testid="weight-sharing"]').scrollIntoViewIfNeeded();
        await page.locator('[data-testid="shared-weight"][data-weight="W"]').hover();
        await page.waitForTimeout(300);
        await page.screenshot({ path: screenshotPath(`weight-sharing-${lang}`), fullPage: true });
        await page
          .locator('.lab-sharing-pair')
          .screenshot({ path: screenshotPath(`weight-sharing-card-${lang}`) });
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
