/**
 * A saved Compare opened from the side bar (issue 14): the host opens the lab on the sweep's
 * spec, whose fresh page first loads the spec's newest run (`loadRun`, which clears the views)
 * and then gets `showSweep` with each cell run's events (what the host reads from the runs'
 * folders). The page handles them in that order, so Compare shows the saved results — table,
 * curves and gradient reach — not its empty placeholder; and a cell's run opened from under the
 * sweep keeps the tab where it is with Compare filled (`keepTab`). Headless Chromium, fake host, WASM; English and Korean.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
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
  name: 'saved-compare',
  task: { kind: 'delayed-recall', lag: 5, vocab: 'abcd', samples: 64, testSamples: 16 },
  model: { cell: 'lstm', hidden: 8, embedding: 4, architecture: 'many-to-one' },
  train: { epochs: 1, batchSize: 16, backend: 'wasm', seed: 1 },
};

/** The run the page trained, as the host would load it from its folder (`loadRun`). */
async function runSnapshot(page: Page): Promise<object> {
  const messages = await sent(page);
  const started = messages.find((m) => m.type === 'startRun');
  const checkpoint = messages.filter((m) => m.type === 'saveCheckpoint').at(-1);
  assert.ok(started?.type === 'startRun' && checkpoint?.type === 'saveCheckpoint');
  const file = (name: string) => {
    const found = checkpoint.files.find((f) => f.name === name);
    assert.ok(found, `the checkpoint has ${name}`);
    return found.payload;
  };
  const manifest = JSON.parse(
    Buffer.from(file('weights.json').data as string, 'base64').toString(),
  ) as { weightsManifest: { paths: string[] }[] };
  const runId = (await trainEvents(page))[0]?.runId ?? '';
  return {
    summary: {
      id: runId,
      name: started.spec.name,
      folder: `.rnnlab/runs/${runId}`,
      status: 'done',
      hasCheckpoint: true,
      started: '2026-12-03T10:00:00.000Z',
    },
    spec: started.spec,
    dataset: started.dataset,
    events: (await trainEvents(page)).map((e) => e.event),
    weights: { manifest, data: file(manifest.weightsManifest[0]?.paths[0] ?? '') },
  };
}

describe('a saved Compare opened from the side bar', { timeout: 300_000 }, () => {
  const lab = browserSuite(LAB_PAGES);

  for (const lang of ['en', 'ko'] as const) {
    it(`shows its results after the lab loads the spec's newest run (${lang})`, async () => {
      const path = lang === 'en' ? '/lab.html' : '/lab-ko.html';
      const first = await newPage(lab.browser);
      let run: object;
      let record: unknown;
      let runEvents: Record<string, unknown[]> = {};
      try {
        await openLab(first.page, lab.server.origin, { snapshot: snapshotOf(SPEC), path });
        await postToPage(first.page, { type: 'train' });
        await waitForRunEnds(first.page, 1, 100_000);
        run = await runSnapshot(first.page);
        await postToPage(first.page, { type: 'compare', requestId: 7, cells: ['rnn', 'gru'] });
        await first.page.waitForFunction(
          () =>
            (
              globalThis as unknown as { rnnLabSent: { type: string; requestId?: number }[] }
            ).rnnLabSent.some((m) => m.type === 'reply' && m.requestId === 7),
          undefined,
          { timeout: 150_000, polling: 250 },
        );
        const reply = (await sent(first.page)).find(
          (m) => m.type === 'reply' && m.requestId === 7,
        ) as { value?: CompareResult } | undefined;
        assert.equal(reply?.value?.runs.length, 2);
        record = (await sent(first.page))
          .flatMap((m) => (m.type === 'saveSweep' ? [m.record] : []))
          .at(-1);
        assert.equal((record as { experiment?: string } | undefined)?.experiment, 'compare');
        // What the run folders of the two cells hold (the host writes every event it gets) and
        // the host sends back: the per-batch events left out.
        const points = (record as { points: { runId?: string }[] }).points;
        const events = await trainEvents(first.page);
        runEvents = Object.fromEntries(
          points.map((p) => [
            p.runId ?? '',
            events
              .filter((e) => e.runId === p.runId && e.event.type !== 'batch')
              .filter((e) => e.event.type !== 'gradients' && e.event.type !== 'checkpoint')
              .map((e) => e.event),
          ]),
        );
        assert.deepEqual(
          Object.values(runEvents).map((list) => list.length > 0),
          [true, true],
        );
      } finally {
        await first.context.close();
      }

      // The lab the side bar's click opens: a fresh page; the host's first messages load the
      // spec and its newest run, and `showSweep` follows at once.
      const { page, context } = await newPage(lab.browser);
      const { errors } = watchPage(page);
      try {
        await openLab(page, lab.server.origin, { snapshot: snapshotOf(SPEC), path });
        await page.evaluate(
          (messages) => {
            for (const m of messages) {
              (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
                m,
                '*',
              );
            }
          },
          [
            { type: 'loadRun', run },
            {
              type: 'showSweep',
              sweep: { id: 'c', folder: '.rnnlab/runs/c', record, runEvents },
            },
          ],
        );
        await page.locator('[data-testid="run-label"]').waitFor();
        await page.locator('[data-testid="tab-compare"][aria-selected="true"]').waitFor();
        for (const cell of ['rnn', 'gru']) {
          await page
            .locator(`[data-testid="compare-table"] [data-cell="${cell}"][data-status="done"]`)
            .waitFor({ timeout: 20_000 });
        }
        // Settled (the run's first inspection done too), Compare still holds the results.
        await page.waitForTimeout(500);
        assert.doesNotMatch(
          (await page.locator('[data-testid="compare-summary"]').getAttribute('class')) ?? '',
          /is-empty/,
        );
        assert.equal(
          await page.locator('[data-testid="compare-table"] [data-status="done"]').count(),
          2,
        );
        // Its curves and each cell's reach before and after training, from the runs' events.
        for (const card of ['compare-loss', 'compare-reach']) {
          assert.doesNotMatch(
            (await page.locator(`[data-testid="${card}"]`).getAttribute('class')) ?? '',
            /is-empty/,
            card,
          );
        }
        assert.equal(
          await page.locator('[data-testid="compare-reach"]').getAttribute('data-curves'),
          '4',
        );
        await page.screenshot({ path: screenshotPath(`saved-compare-${lang}`), fullPage: true });

        // A cell's run opened from under the sweep (the host adds `keepTab`): the run loads,
        // the tab stays on Training, and Compare still holds the comparison the run belongs to.
        await page.locator('[data-testid="tab-training"]').click();
        await page.evaluate(
          (messages) => {
            for (const m of messages) {
              (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
                m,
                '*',
              );
            }
          },
          [
            { type: 'loadRun', run },
            {
              type: 'showSweep',
              sweep: { id: 'c', folder: '.rnnlab/runs/c', record, runEvents },
              keepTab: true,
            },
          ],
        );
        await page.waitForTimeout(1500);
        assert.equal(
          await page.locator('[data-testid="tab-training"]').getAttribute('aria-selected'),
          'true',
        );
        assert.equal(
          await page.locator('[data-testid="compare-table"] [data-status="done"]').count(),
          2,
        );
        assert.equal(
          await page.locator('[data-testid="compare-reach"]').getAttribute('data-curves'),
          '4',
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
