/**
 * Gradient reach under truncated backpropagation (`train.tbptt` = 4) in the lab page (headless
 * Chromium, fake host, WASM): the reach curves are full BPTT (the event records the cut), each
 * verdict says `truncated` with the cut's words, not "vanishing", and the chart marks the cut;
 * the heatmap shows training's own gradient, zero beyond the last 4 steps, with a dotted line,
 * its own note and a `truncated` verdict; the run controls' summary line names the truncation.
 * English and Korean; screenshots in test-results/browser/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reachOfNorms, reachVerdict } from '../../src/engine/gradientReach';
import { newPage, screenshotPath, browserSuite, watchPage } from './harness';
import { LAB_PAGES, openLab, postToPage, snapshotOf, trainEvents, waitForRunEnds } from './labPage';

const K = 4;
const SPEC = {
  name: 'reach-tbptt',
  task: { kind: 'delayed-recall', lag: 11, vocab: 'abcd', samples: 64, testSamples: 16 },
  model: { cell: 'gru', hidden: 8, embedding: 4, architecture: 'many-to-one' },
  train: { epochs: 1, batchSize: 16, tbptt: K, backend: 'wasm', seed: 1 },
};

describe('gradient reach with train.tbptt', { timeout: 200_000 }, () => {
  const lab = browserSuite(LAB_PAGES);

  for (const lang of ['en', 'ko'] as const) {
    it(`says truncated, not vanishing, and marks the cut at ${K} steps (${lang})`, async () => {
      const { page, context } = await newPage(lab.browser);
      const { errors } = watchPage(page);
      try {
        await openLab(page, lab.server.origin, {
          snapshot: snapshotOf(SPEC),
          path: lang === 'en' ? '/lab.html' : '/lab-ko.html',
        });
        // The run controls' summary line names the truncation before anything trains (once the
        // page has loaded the spec, which it does in turn after `ready`).
        await page
          .locator('[data-testid="spec-summary"]')
          .filter({ hasText: lang === 'en' ? / · truncated BPTT 4 steps$/ : / · 절단 BPTT 4단계$/ })
          .waitFor({ timeout: 30_000 });
        await postToPage(page, { type: 'train' });
        await waitForRunEnds(page, 1, 150_000);
        await page.locator('[data-testid="gradient-reach"][data-curves="2"]').waitFor();
        const events = (await trainEvents(page)).map((e) => e.event);
        const start = events.find((e) => e.type === 'start');
        assert.equal(start?.type === 'start' ? start.tbptt : undefined, K);
        const reaches = events.flatMap((e) => (e.type === 'reach' ? [e] : []));
        assert.deepEqual(
          reaches.map((r) => [r.when, r.reach.length, r.tbptt]),
          [
            ['init', 12, K],
            ['trained', 12, K],
          ],
        );
        // Full BPTT: the weights carry gradient past the cut (the curve goes on).
        for (const r of reaches) assert.ok((r.reach[11] ?? 0) > 0, `${r.when}: ${r.reach[11]}`);

        const card = page.locator('[data-testid="gradient-reach"]');
        assert.equal(await card.getAttribute('data-cut'), String(K));
        const items = page.locator('[data-testid="gradient-reach"] [data-testid="reach-verdict"]');
        assert.deepEqual(await items.evaluateAll((l) => l.map((li) => li.dataset.kind)), [
          'truncated',
          'truncated',
        ]);
        const said = (await items.allTextContents()).join(' ');
        assert.match(
          said,
          lang === 'en'
            ? /Cut at 4 steps by train\.tbptt: training sends no gradient further back, by design\. This curve is full backpropagation/
            : /train\.tbptt가 4단계에서 자릅니다: 학습은 설계상/,
        );
        assert.doesNotMatch(said, lang === 'en' ? /Vanishing/ : /기울기 소실:/);
        const note = (await card.locator('.lab-axis-note').textContent()) ?? '';
        assert.match(
          note,
          lang === 'en' ? /full backpropagation through time/ : /전체 시간 역전파/,
        );

        // The heatmap: training's gradient, zero past the cut; the verdict the engine gives it.
        const gradients = events.flatMap((e) => (e.type === 'gradients' ? [e] : []));
        const latest = gradients.at(-1)?.layers[0]?.norms ?? [];
        assert.equal(latest.length, 12);
        latest.forEach((n, t) => {
          if (t < 12 - K) assert.equal(n, 0, `t${t + 1}: ${n}`);
          else assert.ok(n > 0, `t${t + 1}: ${n}`);
        });
        const expected = reachVerdict(reachOfNorms(latest), undefined, {
          steps: K,
          measure: 'training',
        });
        assert.equal(expected?.kind, 'truncated');
        const hint = page.locator('[data-testid="gradient-hint"]');
        assert.equal(await hint.getAttribute('data-kind'), 'truncated');
        assert.match(
          (await hint.textContent()) ?? '',
          lang === 'en'
            ? /no gradient flows further back than the last 4 steps, by design/
            : /설계상 마지막 4단계보다 앞으로는 기울기가 흐르지 않으므로/,
        );
        assert.match(
          (await page.locator('[data-testid="gradient-cut"]').textContent()) ?? '',
          lang === 'en' ? /train\.tbptt = 4/ : /train\.tbptt = 4로/,
        );

        assert.match(
          (await card.locator('[data-testid="key-cut"]').textContent()) ?? '',
          lang === 'en' ? /^dotted line: where train\.tbptt = 4 cuts/ : /^점선: train\.tbptt = 4가/,
        );
        await card.scrollIntoViewIfNeeded();
        await page.waitForTimeout(300);
        await card.screenshot({ path: screenshotPath(`tbptt-reach-card-${lang}`) });
        await page
          .locator('[data-testid="gradient-heatmap"]')
          .screenshot({ path: screenshotPath(`tbptt-heatmap-${lang}`) });
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
