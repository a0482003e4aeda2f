/**
 * The Sweep view in headless Chromium with the fake host: a spec's sweep asked for as the host
 * asks (`sweep`), its progress and points as they train, the chart (a line per cell along the
 * swept lag, the seeds' band), the table, the record saved after every point (`saveSweep`), the
 * exports, Stop keeping the finished points, a saved sweep shown again (`showSweep`), English and
 * Korean; and the side bar listing a sweep as one entry with its points. Screenshots go to
 * test-results/browser/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { SweepRecord } from '../../src/engine/sweepRecord';
import type { SweepResult } from '../../src/engine/sweepResult';
import type { Reply, RunSummary, SweepSummary, WebviewToHost } from '../../src/protocol';
import { renderShell } from '../../src/host/webviewHtml';
import { newPage, screenshotPath, browserSuite, watchPage } from './harness';
import { openLab, sent, snapshotOf } from './labPage';

const SWEEP_SPEC = {
  name: 'recall-sweep',
  task: { kind: 'delayed-recall', lag: 2, samples: 48, testSamples: 12 },
  model: { cell: 'gru', hidden: 8, embedding: 4 },
  train: { epochs: 2, batchSize: 16, learningRate: 0.05, backend: 'wasm', seed: 1 },
  sweep: { over: { 'task.lag': [2, 4, 6], 'model.cell': ['rnn', 'gru'] }, seeds: 2 },
};

/**
 * Points long enough (many epochs) that Stop lands while the sweep is still early on: on a quiet
 * machine 15 epochs made a point take 0.3 s, so all 12 ended before the test saw the first one.
 */
const SLOW_SWEEP_SPEC = { ...SWEEP_SPEC, train: { ...SWEEP_SPEC.train, epochs: 150 } };

function shell(view: 'lab' | 'sidebar', lang: 'en' | 'ko') {
  return (origin: string) =>
    renderShell({
      view,
      lang,
      title: `RNN Lab (browser test, ${view}, ${lang})`,
      cspSource: origin,
      nonce: 'browserTestNonce0123456789',
      scriptUri: `${origin}/dist/webview/${view}.js`,
      styleUri: `${origin}/dist/webview/${view}.css`,
    });
}

async function post(page: Page, message: unknown): Promise<void> {
  await page.evaluate(
    (m) =>
      (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'),
    message,
  );
}

async function reply<T>(page: Page, requestId: number): Promise<T> {
  await page.waitForFunction(
    (id) =>
      (
        globalThis as unknown as { rnnLabSent: { type: string; requestId?: number }[] }
      ).rnnLabSent.some((m) => m.type === 'reply' && m.requestId === id),
    requestId,
    { timeout: 200_000, polling: 250 },
  );
  const answer = (await sent(page)).find(
    (m) => m.type === 'reply' && m.requestId === requestId,
  ) as Reply;
  if (!answer.ok) throw new Error(answer.error);
  return answer.value as T;
}

/** Waits until the Sweep view's status line matches. */
async function progress(page: Page, text: RegExp): Promise<void> {
  await page
    .locator('[data-testid="sweep-progress"]')
    .filter({ hasText: text })
    .waitFor({ timeout: 150_000 });
}

const saves = async (page: Page) =>
  (await sent(page)).flatMap((m) => (m.type === 'saveSweep' ? [m] : []));

describe('the Sweep view in Chromium', { timeout: 400_000 }, () => {
  const lab = browserSuite({
    '/lab.html': shell('lab', 'en'),
    '/lab-ko.html': shell('lab', 'ko'),
    '/sidebar.html': shell('sidebar', 'en'),
    '/sidebar-ko.html': shell('sidebar', 'ko'),
  });

  let finished: SweepRecord | undefined;

  it('trains a sweep from the host, draws its lines and bands, saves it after every point', async () => {
    const { page, context } = await newPage(lab.browser);
    const { errors } = watchPage(page);
    try {
      await openLab(page, lab.server.origin, { snapshot: snapshotOf(SWEEP_SPEC) });
      await post(page, { type: 'sweep', requestId: 801 });
      // While it trains: the tab is selected, progress and the Stop button show.
      await page.locator('[data-testid="sweep-stop"]:visible').waitFor({ timeout: 60_000 });
      await progress(page, /point [1-9]\d* of 12 done/);
      await page.screenshot({ path: screenshotPath('sweep-training'), fullPage: true });
      const result = await reply<SweepResult>(page, 801);
      assert.equal(result.status, 'done');
      assert.equal(result.points.length, 12);
      assert.ok(result.points.every((p) => p.status === 'done' && p.runId));
      // Saved: the start, each of the 12 points, the end; one sweep id from the first reply on.
      const saved = await saves(page);
      assert.equal(saved.length, 14);
      assert.equal(saved[0]?.sweepId, undefined);
      assert.ok(saved.slice(1).every((m) => m.sweepId === 'fake-sweep-recall-sweep'));
      assert.deepEqual(
        saved.map((m) => m.record.points.length),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12],
      );
      finished = saved[saved.length - 1]?.record;
      assert.equal(finished?.status, 'done');
      // The table: one row per grid point, each with 2 seeds.
      await progress(page, /Finished: 12 of 12/);
      const rows = page.locator('[data-testid="sweep-table"] tbody tr');
      assert.equal(await rows.count(), 6);
      for (let i = 0; i < 6; i++) {
        assert.match((await rows.nth(i).locator('td').nth(5).textContent()) ?? '', /^2\/2$/);
      }
      assert.equal(await page.locator('[data-testid="sweep-stop"]').isHidden(), true);
      // The legend names a line per cell, in words; the x axis is the lag; the table names its
      // columns (the spec's field on hover).
      const legend = await page.locator('[data-testid="sweep-chart"] .u-legend').textContent();
      assert.match(legend ?? '', /cell RNN.*cell GRU/s);
      const heads = page.locator('[data-testid="sweep-table"] thead th');
      assert.deepEqual(
        [await heads.nth(0).textContent(), await heads.nth(0).getAttribute('title')],
        ['lag', 'task.lag'],
      );
      assert.equal(await rows.nth(0).locator('td').nth(1).textContent(), 'RNN');
      assert.match(
        (await page.locator('[data-testid="sweep-band-note"]').textContent()) ?? '',
        /mean over 2 seeds/,
      );
      await page.screenshot({ path: screenshotPath('sweep'), fullPage: true });

      // Exports: the chart as PNG, every training as CSV, the record as JSON.
      const chart = page.locator('[data-testid="sweep-chart"]');
      await chart.getByRole('button', { name: /PNG/ }).click();
      await chart.getByRole('button', { name: /CSV/ }).click();
      await page
        .locator('[data-testid="sweep-summary"]')
        .getByRole('button', { name: /JSON/ })
        .click();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabSent: { type: string }[] }).rnnLabSent.filter(
            (m) => m.type === 'saveFile',
          ).length >= 3,
      );
      const files = (await sent(page)).flatMap((m) => (m.type === 'saveFile' ? [m] : []));
      assert.deepEqual(
        files.map((m) => [m.kind, m.suggestedName]),
        [
          ['png', 'recall-sweep-sweep-accuracy.png'],
          ['csv', 'recall-sweep-sweep-accuracy.csv'],
          ['json', 'recall-sweep-sweep.json'],
        ],
      );
      const csv = files[1]?.payload.data as string;
      assert.equal(csv.trim().split('\r\n').length, 13, 'a header and a row per training');
      assert.match(csv, /^task\.lag,model\.cell,train\.seed,status/);
      assert.equal((JSON.parse(files[2]?.payload.data as string) as SweepRecord).planned, 12);

      // Another metric: the loss, not a percentage.
      await page.locator('[data-testid="sweep-metric"]').selectOption('loss');
      assert.doesNotMatch((await rows.first().locator('td').nth(2).textContent()) ?? '', /%/);
      assert.deepEqual(
        errors.filter((e) => !/favicon|status of 404/.test(e)),
        [],
      );
    } finally {
      await context.close();
    }
  });

  it('Stop keeps the finished points; a saved sweep is shown again, in Korean too', async () => {
    assert.ok(finished, 'the first test saved a sweep');
    const { page, context } = await newPage(lab.browser);
    const { errors } = watchPage(page);
    try {
      await openLab(page, lab.server.origin, { snapshot: snapshotOf(SLOW_SWEEP_SPEC) });
      await post(page, { type: 'sweep', requestId: 802 });
      await progress(page, /point [1-9] of 12 done/);
      await page.locator('[data-testid="sweep-stop"]').click();
      const result = await reply<SweepResult>(page, 802);
      assert.equal(result.status, 'stopped');
      const done = result.points.filter((p) => p.status === 'done').length;
      assert.ok(done >= 1 && done < 12, `${done} points finished`);
      assert.equal(result.points[11]?.status, 'skipped');
      const last = (await saves(page)).at(-1)?.record;
      assert.equal(last?.status, 'stopped');
      await progress(page, /Stopped: \d+ of 12/);
      await page.screenshot({ path: screenshotPath('sweep-stopped'), fullPage: true });
    } finally {
      await context.close();
    }

    // Reopened from the run store: the saved record, drawn the same, with where it is saved.
    for (const lang of ['en', 'ko'] as const) {
      const { page: shown, context: shownContext } = await newPage(lab.browser);
      try {
        await shown.addInitScript({
          content:
            'globalThis.rnnLabSent = []; globalThis.rnnLabTestHost = { receive(m) { globalThis.rnnLabSent.push(m); } };',
        });
        await shown.goto(`${lab.server.origin}/${lang === 'en' ? 'lab' : 'lab-ko'}.html`, {
          waitUntil: 'commit',
        });
        await shown.waitForFunction(
          () => (globalThis as unknown as { rnnLabTest?: unknown }).rnnLabTest !== undefined,
        );
        await post(shown, {
          type: 'showSweep',
          sweep: {
            id: 'recall-sweep-sweep-1',
            folder: '.rnnlab/runs/recall-sweep-sweep-1',
            record: finished,
          },
        });
        await shown.locator('[data-testid="sweep-table"] tbody tr').nth(5).waitFor();
        const selected = await shown
          .locator('[data-testid="tab-sweep"]')
          .getAttribute('aria-selected');
        assert.equal(selected, 'true');
        const status = (await shown.locator('[data-testid="sweep-progress"]').textContent()) ?? '';
        assert.match(
          status,
          lang === 'en'
            ? /Finished: 12 of 12.*saved in \.rnnlab\/runs\/recall-sweep-sweep-1/
            : /완료: 학습 12개 중 12개.*저장됨/,
        );
        // Axis names and values in the page's language.
        const shownLegend =
          (await shown.locator('[data-testid="sweep-chart"] .u-legend').textContent()) ?? '';
        assert.match(shownLegend, lang === 'en' ? /cell RNN.*cell GRU/s : /셀 RNN.*셀 GRU/s);
        assert.equal(
          await shown.locator('[data-testid="sweep-table"] thead th').first().textContent(),
          lang === 'en' ? 'lag' : '지연',
        );
        await shown.waitForTimeout(300);
        await shown.screenshot({ path: screenshotPath(`sweep-saved-${lang}`), fullPage: true });
      } finally {
        await shownContext.close();
      }
    }
    assert.deepEqual(
      errors.filter((e) => !/favicon|status of 404/.test(e)),
      [],
    );
  });

  it('the side bar lists a sweep as one entry with its points, its runs not again', async () => {
    assert.ok(finished);
    const record = finished;
    const sweep: SweepSummary = {
      id: 'recall-sweep-sweep-1',
      name: 'recall-sweep',
      folder: '.rnnlab/runs/recall-sweep-sweep-1',
      started: record.started,
      status: 'done',
      planned: record.planned,
      finished: record.points.length,
      axes: record.axes.map((a) => a.field),
      points: record.points.map((p) => ({
        index: p.index,
        label: Object.entries(p.point)
          .map(([f, v]) => `${f}=${String(v)}`)
          .join(', '),
        point: p.point,
        status: p.status,
        ...(p.runId ? { runId: p.runId } : {}),
        ...(p.metrics?.accuracy !== undefined ? { accuracy: p.metrics.accuracy } : {}),
      })),
    };
    const pointRun = (id: string): RunSummary => ({
      id,
      name: 'recall-sweep',
      folder: `.rnnlab/runs/${id}`,
      status: 'done',
      hasCheckpoint: true,
      epoch: 2,
      epochs: 2,
    });
    const runs = [pointRun('plain-run'), ...record.points.map((p) => pointRun(p.runId ?? '?'))];
    for (const lang of ['en', 'ko'] as const) {
      const { page, context } = await newPage(lab.browser);
      const { errors } = watchPage(page);
      try {
        await page.addInitScript({
          content:
            'globalThis.rnnLabSent = []; globalThis.rnnLabTestHost = { receive(m) { globalThis.rnnLabSent.push(m); } };',
        });
        await page.setViewportSize({ width: 320, height: 760 });
        await page.goto(`${lab.server.origin}/${lang === 'en' ? 'sidebar' : 'sidebar-ko'}.html`);
        await page.waitForFunction(() =>
          (globalThis as unknown as { rnnLabSent: { type: string }[] }).rnnLabSent.some(
            (m) => m.type === 'ready',
          ),
        );
        await post(page, { type: 'runs', runs, sweeps: [sweep] });
        await page.locator('[data-testid="sweep"]').waitFor();
        assert.equal(await page.locator('[data-testid="run"]').count(), 1, 'only the plain run');
        await page.locator('.sb-sweep-details summary').click();
        assert.equal(await page.locator('[data-testid="sweep-point"]').count(), 12);
        assert.equal(
          await page
            .locator('[data-testid="sweep-point"] .sb-sweep-point-label')
            .first()
            .textContent(),
          lang === 'en' ? 'lag 2, cell RNN, seed 1' : '지연 2, 셀 RNN, 시드 1',
        );
        assert.match(
          (await page.locator('[data-testid="sweep"] .sb-run-facts').textContent()) ?? '',
          lang === 'en' ? /over lag × cell/ : /지연 × 셀에 대해/,
        );
        await page.screenshot({ path: screenshotPath(`sweep-sidebar-${lang}`), fullPage: true });
        await page.locator('[data-testid="sweep"]').click();
        await page.locator('[data-testid="sweep-point"]').nth(3).click();
        const asked = (await sent(page)).filter(
          (m): m is Extract<WebviewToHost, { type: 'openSweep' | 'openRun' }> =>
            m.type === 'openSweep' || m.type === 'openRun',
        );
        assert.deepEqual(asked, [
          { type: 'openSweep', sweepId: 'recall-sweep-sweep-1' },
          { type: 'openRun', runId: record.points[3]?.runId },
        ]);
        assert.deepEqual(
          errors.filter((e) => !/favicon|status of 404/.test(e)),
          [],
        );
      } finally {
        await context.close();
      }
    }
  });
});
