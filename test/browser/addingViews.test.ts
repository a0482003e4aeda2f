/**
 * The adding problem in the lab page (headless Chromium, fake host): the inspector draws its two
 * input channels (value and marker) as lines under the hidden state, one column per step, and
 * shows the target sum beside the prediction; the Sweep view of an adding sweep draws the
 * always-answer-1 MSE as its dashed chance line and says so, in English and Korean. Screenshots
 * go to test-results/browser/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, screenshotPath, browserSuite, watchPage } from './harness';
import { LAB_PAGES, click, openLab, snapshotOf, waitForRunEnds } from './labPage';

const ADDING = {
  name: 'adding-small',
  task: { kind: 'adding', length: 12, samples: 200, testSamples: 20 },
  model: { cell: 'gru', hidden: 12, architecture: 'many-to-one' },
  train: { epochs: 2, batchSize: 32, learningRate: 0.01, clipNorm: 1, backend: 'wasm', seed: 1 },
};

const ADDING_SWEEP = {
  ...ADDING,
  name: 'adding-sweep',
  train: { ...ADDING.train, epochs: 1 },
  sweep: { over: { 'task.length': [6, 12] }, seeds: 1 },
};

const quiet = (errors: string[]) => errors.filter((e) => !/favicon|status of 404/.test(e));

describe('the adding problem in the lab page', { timeout: 300_000 }, () => {
  const lab = browserSuite(LAB_PAGES);

  it('inspector: value and marker lines under the hidden state, the target sum and the prediction', async () => {
    const { page, context } = await newPage(lab.browser);
    const { errors } = watchPage(page);
    try {
      await openLab(page, lab.server.origin, {
        snapshot: snapshotOf(ADDING, 'adding.rnnlab.json'),
      });
      await click(page, 'train');
      await waitForRunEnds(page, 1, 120_000);
      await click(page, 'tab-inspector');
      const picker = page.locator('[data-testid="sample-picker"]');
      await picker.locator('option').nth(1).waitFor({ state: 'attached' });
      await picker.selectOption({ index: 1 });
      const lines = page.locator('[data-testid="input-lines"]');
      await lines.waitFor({ timeout: 20_000 });
      const h = page.locator('[data-testid="heatmap"][data-layer="layer 1"][data-kind="h"]');
      assert.equal(await lines.getAttribute('data-channels'), '2');
      assert.equal(await lines.getAttribute('data-steps'), '12');
      assert.equal(await h.getAttribute('data-steps'), '12');
      const [a, b] = [await h.boundingBox(), await lines.boundingBox()];
      assert.ok(a && b);
      assert.ok(Math.abs(a.x - b.x) < 0.5 && Math.abs(a.width - b.width) < 0.5);
      assert.ok(b.y > a.y + a.height - 1, 'the channels are under the hidden state');
      // The marker lane is drawn: its line's pixels differ from the empty background.
      const inked = await lines.evaluate((node) => {
        const canvas = node as unknown as {
          width: number;
          height: number;
          getContext(k: '2d'): {
            getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
          };
        };
        const g = canvas.getContext('2d');
        const half = Math.floor(canvas.height / 2);
        const count = (y: number, hgt: number) => {
          const d = g.getImageData(
            Math.round(canvas.width * 0.3),
            y,
            Math.round(canvas.width * 0.65),
            hgt,
          ).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if ((d[i] ?? 0) > 0) n++;
          return n;
        };
        return { value: count(0, half), marker: count(half, canvas.height - half) };
      });
      assert.ok(inked.value > 50 && inked.marker > 50, JSON.stringify(inked));
      // The outputs say the target sum and the model's answer, both numbers.
      const outputs = (await page.locator('[data-testid="outputs"]').textContent()) ?? '';
      const sample = (await picker.locator('option').nth(1).textContent()) ?? '';
      await page.screenshot({ path: screenshotPath('adding-inspector-en'), fullPage: true });
      // The last step's row: the prediction and the target, the sum the sample's label names.
      const shown = /predicted values\s*(-?\d+\.\d+)\s*target\s*(\d+\.\d+)/.exec(outputs);
      assert.ok(shown, outputs);
      assert.equal(shown[2], /→ (\d+\.\d+)$/.exec(sample)?.[1], `${outputs} / ${sample}`);
      assert.deepEqual(quiet(errors), []);
    } finally {
      await context.close();
    }
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`sweep (${lang}): the dashed chance line at 1/6 with its words`, async () => {
      const { page, context } = await newPage(lab.browser);
      const { errors } = watchPage(page);
      try {
        await openLab(page, lab.server.origin, {
          snapshot: snapshotOf(ADDING_SWEEP, 'adding-sweep.rnnlab.json'),
          path: lang === 'en' ? '/lab.html' : '/lab-ko.html',
          init: { lang },
        });
        await page.evaluate(
          (m) =>
            (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
              m,
              '*',
            ),
          { type: 'sweep', requestId: 901 },
        );
        await page
          .locator('[data-testid="sweep-progress"]')
          .filter({ hasText: lang === 'en' ? /Finished: 2 of 2/ : /완료: 학습 2개 중 2개/ })
          .waitFor({ timeout: 150_000 });
        const note = (await page.locator('[data-testid="sweep-band-note"]').textContent()) ?? '';
        assert.match(
          note,
          lang === 'en' ? /answering 1 every time: MSE 0\.167/ : /늘 같은 답 1: MSE 0\.167/,
        );
        assert.match(note, lang === 'en' ? /Dashed/i : /점선/);
        await page.waitForTimeout(300);
        await page.screenshot({
          path: screenshotPath(`adding-sweep-chance-${lang}`),
          fullPage: true,
        });
        assert.deepEqual(quiet(errors), []);
      } finally {
        await context.close();
      }
    });
  }
});
