/**
 * The built lab page (dist/webview/lab.js, under the host's CSP) in headless Chromium with the
 * fake host: training on WASM and on WebGL (SwiftShader here), numbers on WebGL and WASM against
 * the CPU backend, the step inspector, Seq2Seq attention, the compare and bottleneck experiments,
 * a WebGL context lost mid-run, the longest main-thread task while training, and the error and
 * failure states. Screenshots of each view go to test-results/browser/.
 *
 * Chromium must start: when it cannot, the suite fails with the reason (it never skips).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Inspection } from '../../src/engine/inspectSequence';
import type { BottleneckResult, CompareResult, Reply } from '../../src/protocol';
import type { ResolvedSpec } from '../../src/spec/resolveSpec';
import {
  assertBuilt,
  buildTestBundles,
  bundleShell,
  labShell,
  launchBrowser,
  newPage,
  root,
  screenshotPath,
  startServer,
  watchPage,
  type TestServer,
} from './harness';
import {
  click,
  longTasks,
  loseWebglContext,
  openLab,
  sent,
  snapshotOf,
  trainEvents,
  waitForEvent,
  waitForRunEnds,
} from './labPage';

/** Copying symbols step by step: a task tiny models learn in a few epochs. */
function copySpec(backend: string, epochs = 3): object {
  return {
    name: 'copy-tiny',
    task: { kind: 'copy', length: 5, vocab: 'abcd', samples: 128, testSamples: 16 },
    model: { cell: 'gru', hidden: 12, embedding: 6, architecture: 'many-to-many' },
    train: { epochs, batchSize: 16, learningRate: 0.05, backend, seed: 3 },
    inspect: { inputs: ['abcda'] },
  };
}

const REVERSE_SEQ2SEQ = {
  name: 'reverse-tiny',
  task: { kind: 'reverse', length: [3, 5], vocab: 'abcd', samples: 96, testSamples: 24 },
  model: { cell: 'lstm', hidden: 10, embedding: 6, architecture: 'seq2seq', attention: 'additive' },
  train: { epochs: 2, batchSize: 16, learningRate: 0.02, clipNorm: 1, backend: 'wasm', seed: 2 },
  inspect: { inputs: ['abcd'] },
};

/** Batches of a realistic size (32) for the responsiveness check; a small test split. */
const RESPONSIVE_SPEC = {
  name: 'reverse-responsive',
  task: { kind: 'reverse', length: [3, 6], vocab: 'abcdef', samples: 256, testSamples: 24 },
  model: { cell: 'lstm', hidden: 32, embedding: 8, architecture: 'seq2seq', attention: 'additive' },
  train: { epochs: 2, batchSize: 32, learningRate: 0.01, clipNorm: 1, seed: 1 },
  inspect: { inputs: ['abcdef'] },
};

let browser: Browser;
let server: TestServer;

async function openPage(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const { page, context } = await newPage(browser);
  const { errors } = watchPage(page);
  return { page, errors, close: () => context.close() };
}

/** Milliseconds per batch of the last epoch of a run (the engine's own step timing). */
async function msPerBatch(page: Page): Promise<number> {
  const batches = (await trainEvents(page)).flatMap((e) =>
    e.event.type === 'batch' ? [e.event] : [],
  );
  const last = batches[batches.length - 1];
  return last ? 1000 / last.stepsPerSecond : NaN;
}

/** Train losses per epoch of the page's runs, in order. */
async function epochLosses(page: Page): Promise<number[]> {
  return (await trainEvents(page)).flatMap((e) =>
    e.event.type === 'epoch' ? [e.event.trainLoss] : [],
  );
}

/** The longest main-thread task that started after `since` (page time, ms), and all of them. */
async function longestTaskSince(page: Page, since: number): Promise<[number, string]> {
  const tasks = (await longTasks(page)).filter((t) => t.start >= since);
  const list = tasks.map((t) => `${Math.round(t.duration)} ms at +${Math.round(t.start - since)}`);
  return [Math.max(0, ...tasks.map((t) => t.duration)), list.join(', ')];
}

function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** A host request the test posts as the extension would, and the page's reply. */
async function request<T>(page: Page, message: { type: string; requestId: number }): Promise<T> {
  await page.evaluate(
    (m) =>
      (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'),
    message,
  );
  await page.waitForFunction(
    (id) =>
      (
        globalThis as unknown as { rnnLabSent: { type: string; requestId?: number }[] }
      ).rnnLabSent.some((m) => m.type === 'reply' && m.requestId === id),
    message.requestId,
    { timeout: 150_000, polling: 250 },
  );
  const reply = (await sent(page)).find(
    (m) => m.type === 'reply' && m.requestId === message.requestId,
  ) as Reply;
  if (!reply.ok) throw new Error(`${message.type} failed: ${reply.error}`);
  return reply.value as T;
}

async function attribute(page: Page, selector: string, name: string): Promise<string[]> {
  const locator = page.locator(selector);
  const count = await locator.count();
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push((await locator.nth(i).getAttribute(name)) ?? '');
  return values;
}

/** The last epoch's train loss is clearly below the first's. */
function assertFalls(losses: number[]): void {
  const first = losses[0] ?? NaN;
  const last = losses[losses.length - 1] ?? NaN;
  assert.ok(losses.length >= 2 && last < first * 0.8, `train loss falls: ${losses.join(' → ')}`);
}

/** Console errors other than the favicon the test server does not have. */
function realErrors(errors: string[]): string[] {
  return errors.filter((e) => !/favicon|status of 404/.test(e));
}

describe('the lab page in Chromium', { timeout: 360_000 }, () => {
  before(async () => {
    assertBuilt();
    await buildTestBundles();
    server = await startServer({ '/lab.html': labShell, '/parity.html': bundleShell('parity') });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('picks WASM over WebGL on a software renderer, trains, and the page stays responsive', async (t: TestContext) => {
    const { page, errors, close } = await openPage();
    try {
      await openLab(page, server.origin, { snapshot: snapshotOf(copySpec('auto')) });
      const backend = page.locator('[data-testid="backend"]');
      await backend.filter({ hasText: /wasm/i }).waitFor();
      const shown = await backend.innerText();
      assert.match(shown, /SwiftShader/, 'the renderer is shown');
      assert.match(shown, /software renderer/i);
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
            .runtime.state === 'ready',
      );
      const since = await pageNow(page);
      await click(page, 'train');
      await waitForRunEnds(page);
      const events = await trainEvents(page);
      const start = events.find((e) => e.event.type === 'start')?.event;
      assert.equal(start?.type === 'start' && start.backend, 'wasm');
      assert.equal(events[events.length - 1]?.event.type, 'done');
      const losses = await epochLosses(page);
      assert.equal(losses.length, 3);
      assertFalls(losses);
      // Every event and checkpoint went to the host, under the run id it gave.
      const messages = await sent(page);
      const runId = messages.find((m) => m.type === 'trainEvent')?.runId;
      assert.ok(runId?.startsWith('fake-'));
      const checkpoints = messages.filter((m) => m.type === 'saveCheckpoint');
      assert.equal(checkpoints.length, 3);
      const names = checkpoints[0]?.type === 'saveCheckpoint' ? checkpoints[0].files : [];
      assert.match(names[0]?.name ?? '', /^weights-[0-9a-f]{16}\.bin$/);
      assert.deepEqual(
        names.slice(1).map((f) => f.name),
        ['weights.json', 'dataset.json'],
      );
      assert.ok(
        messages.some((m) => m.type === 'status' && m.state === 'training' && m.runId === runId),
      );
      assert.equal(
        messages.filter((m) => m.type === 'status').at(-1)?.type === 'status' &&
          (messages.filter((m) => m.type === 'status').at(-1) as { state: string }).state,
        'idle',
      );
      const [longest] = await longestTaskSince(page, since);
      t.diagnostic(
        `wasm: ${(await msPerBatch(page)).toFixed(1)} ms per batch; longest main-thread task while training ${longest} ms`,
      );
      await page.screenshot({ path: screenshotPath('training-wasm'), fullPage: true });
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });

  it('keeps every main-thread task under 200 ms while a Seq2Seq model trains on WASM', async (t: TestContext) => {
    const { page, close } = await openPage();
    try {
      await openLab(page, server.origin, { snapshot: snapshotOf(RESPONSIVE_SPEC) });
      await page.locator('[data-testid="backend"]').filter({ hasText: /wasm/i }).waitFor();
      const measure = async (): Promise<[number, string]> => {
        await page.waitForFunction(() => {
          const state = (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } })
            .rnnLabTest.runtime.state;
          return state === 'ready' || state === 'done';
        });
        const ended = (await trainEvents(page)).filter((e) => e.event.type === 'done').length;
        const since = await pageNow(page);
        await click(page, 'train');
        await waitForRunEnds(page, ended + 1);
        return longestTaskSince(page, since);
      };
      let [longest, tasks] = await measure();
      t.diagnostic(
        `seq2seq on wasm: ${(await msPerBatch(page)).toFixed(1)} ms per batch; long tasks: ${tasks || 'none'}`,
      );
      if (longest > 200) {
        // This machine's two cores are shared: one starved task is noise, two runs are not.
        t.diagnostic(`longest task ${longest} ms on the first run; measuring a second run`);
        [longest, tasks] = await measure();
        t.diagnostic(`second run: long tasks ${tasks || 'none'}`);
      }
      assert.ok(
        longest <= 200,
        `longest main-thread task while training: ${longest} ms (limit 200); long tasks: ${tasks}`,
      );
    } finally {
      await close();
    }
  });

  it('trains on WebGL (SwiftShader) when the spec asks for it, and reports the renderer', async (t: TestContext) => {
    const { page, errors, close } = await openPage();
    try {
      await openLab(page, server.origin, { snapshot: snapshotOf(copySpec('webgl')) });
      const backend = page.locator('[data-testid="backend"]');
      await backend.filter({ hasText: /webgl/i }).waitFor({ timeout: 60_000 });
      assert.match(await backend.innerText(), /SwiftShader/);
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
            .runtime.state === 'ready',
        undefined,
        { timeout: 60_000 },
      );
      const since = await pageNow(page);
      await click(page, 'train');
      await waitForRunEnds(page);
      const events = await trainEvents(page);
      const start = events.find((e) => e.event.type === 'start')?.event;
      assert.equal(start?.type === 'start' && start.backend, 'webgl');
      assert.equal(events[events.length - 1]?.event.type, 'done');
      const losses = await epochLosses(page);
      assertFalls(losses);
      const [longest] = await longestTaskSince(page, since);
      t.diagnostic(
        `webgl (SwiftShader): ${(await msPerBatch(page)).toFixed(1)} ms per batch; longest main-thread task while training ${longest} ms (shader compilation included)`,
      );
      await page.screenshot({ path: screenshotPath('training-webgl'), fullPage: true });
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });

  // The loss lands anywhere in the run: in a batch, in the evaluation, or while the epoch's
  // checkpoint is read back from the GPU (that read used to wait forever on the lost context).
  it('goes on with WASM from the last checkpoint when the WebGL context is lost mid-run', async () => {
    const { page, close } = await openPage();
    try {
      await openLab(page, server.origin, { snapshot: snapshotOf(copySpec('webgl', 4)) });
      await page
        .locator('[data-testid="backend"]')
        .filter({ hasText: /webgl/i })
        .waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
            .runtime.state === 'ready',
        undefined,
        { timeout: 60_000 },
      );
      await click(page, 'train');
      await waitForEvent(page, 'epoch', 1);
      assert.equal(await loseWebglContext(page), true, 'the test could lose the context');
      await waitForRunEnds(page);
      const events = (await trainEvents(page)).map((e) => e.event);
      assert.ok(
        !events.some((e) => e.type === 'failed' || e.type === 'stopped'),
        'the run neither failed nor stopped',
      );
      const starts = events.flatMap((e) => (e.type === 'start' ? [e] : []));
      assert.equal(starts.length, 2, 'one start on WebGL, one where it went on');
      assert.equal(starts[0]?.backend, 'webgl');
      assert.equal(starts[1]?.backend, 'wasm');
      assert.ok(
        (starts[1]?.firstEpoch ?? 0) >= 2,
        'it went on from a checkpoint, not from the start',
      );
      const last = events[events.length - 1];
      assert.equal(last?.type, 'done');
      assert.equal(last?.type === 'done' && last.epoch, 4);
      const epochs = new Set(events.flatMap((e) => (e.type === 'epoch' ? [e.epoch] : [])));
      assert.deepEqual([...epochs].sort(), [1, 2, 3, 4]);
      await page
        .locator('[data-testid="notice"]')
        .filter({ hasText: /WebGL context was lost/ })
        .first()
        .waitFor();
      await page.locator('[data-testid="backend"]').filter({ hasText: /wasm/i }).waitFor();
      await page.screenshot({ path: screenshotPath('context-lost'), fullPage: true });
    } finally {
      await close();
    }
  });

  it('computes the same outputs, gates and gradients on WebGL and WASM as on the CPU backend', async (t: TestContext) => {
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${server.origin}/parity.html`);
      await page.waitForFunction(
        () => (globalThis as unknown as { rnnLabParity?: unknown }).rnnLabParity !== undefined,
      );
      const spec = (s: object): ResolvedSpec => {
        const resolved = snapshotOf(s).spec;
        assert.ok(resolved, 'a valid test spec');
        return resolved;
      };
      const base = { samples: 16, testSamples: 4 };
      const cases = [
        {
          spec: spec({
            name: 'a',
            task: { kind: 'parity', length: 6, ...base },
            model: { cell: 'lstm', hidden: 8, layers: 2 },
          }),
          input: '101101',
        },
        {
          spec: spec({
            name: 'b',
            task: { kind: 'copy', length: 5, vocab: 'abcd', ...base },
            model: { cell: 'rnn', hidden: 8, architecture: 'many-to-many' },
          }),
          input: 'abcda',
        },
        {
          spec: spec({
            name: 'c',
            task: { kind: 'reverse', length: 5, vocab: 'abcd', ...base },
            model: { cell: 'gru', hidden: 8, architecture: 'seq2seq', attention: 'additive' },
          }),
          input: 'abcdd',
        },
        {
          spec: spec({
            name: 'd',
            task: { kind: 'sine', length: 6, ...base },
            model: { cell: 'lstm', hidden: 8, architecture: 'many-to-many' },
          }),
          input: '0.1, 0.5, 0.9, 0.4, -0.2, -0.7',
        },
      ];
      const training = spec({
        name: 'e',
        task: { kind: 'reverse', length: 4, vocab: 'abcd', samples: 32, testSamples: 8 },
        model: { cell: 'lstm', hidden: 8, architecture: 'seq2seq', attention: 'dot' },
        train: { epochs: 1, batchSize: 8, gradientEvery: 1000 },
      });
      type Run = { backend: string; renderer: string; inspections: Inspection[] };
      type Grads = { loss: number; grads: Record<string, number[]> };
      type Bench = { losses: number[] };
      const results: Record<string, { run: Run; grads: Grads; bench: Bench }> = {};
      for (const backend of ['cpu', 'wasm', 'webgl'] as const) {
        const used = await page.evaluate(
          (b) =>
            (
              globalThis as unknown as {
                rnnLabParity: { use(b: string): Promise<{ backend: string; renderer: string }> };
              }
            ).rnnLabParity.use(b),
          backend,
        );
        assert.equal(used.backend, backend);
        if (backend === 'webgl') assert.match(used.renderer, /SwiftShader/);
        const api = '(globalThis.rnnLabParity)';
        const run = (await page.evaluate(`${api}.inspect(${JSON.stringify(cases)})`)) as Run;
        const grads = (await page.evaluate(
          `${api}.gradients(${JSON.stringify(cases[2]?.spec)})`,
        )) as Grads;
        const bench = (await page.evaluate(`${api}.bench(${JSON.stringify(training)})`)) as Bench;
        results[backend] = { run, grads, bench };
      }
      const cpu = results['cpu'];
      assert.ok(cpu);
      for (const backend of ['wasm', 'webgl']) {
        const other = results[backend];
        assert.ok(other);
        cases.forEach((c, i) => {
          const [diff, where] = maxDifference(other.run.inspections[i], cpu.run.inspections[i]);
          t.diagnostic(
            `${backend} vs cpu, ${c.spec.model.cell} ${c.spec.model.architecture}: max |Δ| ${diff.toExponential(2)}`,
          );
          assert.ok(
            diff <= 1e-4,
            `${backend} ${c.spec.name} differs from cpu by ${diff} at ${where}`,
          );
        });
        const [gradDiff, gradWhere] = maxDifference(other.grads, cpu.grads);
        assert.ok(
          gradDiff <= 1e-4,
          `${backend} gradients differ from cpu by ${gradDiff} at ${gradWhere}`,
        );
        const [trainDiff] = maxDifference(other.bench.losses, cpu.bench.losses);
        assert.ok(
          trainDiff <= 1e-4,
          `${backend}: one epoch of Adam gives test loss ${other.bench.losses} vs cpu ${cpu.bench.losses}`,
        );
      }
      // Every gate of every cell kind was compared.
      const gates = new Set(
        cpu.run.inspections.flatMap((ins) =>
          [...ins.layers, ...(ins.seq2seq?.decoder ?? [])].flatMap((l) => Object.keys(l.gates)),
        ),
      );
      assert.deepEqual([...gates].sort(), ['f', 'g', 'i', 'n', 'o', 'r', 'z']);
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });

  it('inspector: heatmaps have the sequence length, layers and units; the slider moves the highlight', async () => {
    const { page, errors, close } = await openPage();
    try {
      const spec = {
        name: 'copy-lstm',
        task: { kind: 'copy', length: 5, vocab: 'abcd', samples: 32, testSamples: 8 },
        model: { cell: 'lstm', hidden: 8, layers: 2, embedding: 4, architecture: 'many-to-many' },
        train: { epochs: 1, backend: 'wasm' },
        inspect: { inputs: ['abcda'] },
      };
      await openLab(page, server.origin, { snapshot: snapshotOf(spec) });
      // The page's first inspection only marks the Inspector tab.
      await click(page, 'tab-inspector');
      const heatmaps = page.locator('[data-testid="heatmap"]');
      await heatmaps.first().waitFor();
      const layers = new Set(await attribute(page, '[data-testid="heatmap"]', 'data-layer'));
      assert.deepEqual([...layers].sort(), ['layer 1', 'layer 2']);
      const kinds = new Set(await attribute(page, '[data-testid="heatmap"]', 'data-kind'));
      for (const kind of ['h', 'c', 'i', 'f', 'g', 'o'])
        assert.ok(kinds.has(kind), `a ${kind} heatmap`);
      assert.deepEqual(
        new Set(await attribute(page, '[data-testid="heatmap"]', 'data-steps')),
        new Set(['5']),
      );
      assert.deepEqual(
        new Set(await attribute(page, '[data-testid="heatmap"]', 'data-units')),
        new Set(['8']),
      );

      const slider = page.locator('[data-testid="step-slider"]');
      await slider.focus();
      await slider.press('End');
      await page.keyboard.press('ArrowLeft');
      assert.deepEqual(
        new Set(await attribute(page, '[data-testid="heatmap"]', 'data-highlight-step')),
        new Set(['3']),
      );
      await page.screenshot({ path: screenshotPath('inspector'), fullPage: true });

      // A new input: the heatmaps follow its length.
      await page.locator('[data-testid="inspect-input"]').fill('abcdabc');
      await click(page, 'inspect-button');
      await page.locator('[data-testid="heatmap"][data-steps="7"]').first().waitFor();
      assert.deepEqual(
        new Set(await attribute(page, '[data-testid="heatmap"]', 'data-steps')),
        new Set(['7']),
      );
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });

  it('Seq2Seq: the attention matrix has decoder × encoder steps; compare and bottleneck answer the host', async (t: TestContext) => {
    const { page, errors, close } = await openPage();
    try {
      await openLab(page, server.origin, { snapshot: snapshotOf(REVERSE_SEQ2SEQ) });
      await click(page, 'tab-inspector');
      const matrix = page.locator('[data-testid="attention-matrix"]');
      await matrix.waitFor();
      const expected = (await page.evaluate(() =>
        (
          globalThis as unknown as {
            rnnLabTest: { runtime: { inspect(i: string): Promise<Inspection> } };
          }
        ).rnnLabTest.runtime.inspect('abcd'),
      )) as Inspection;
      const attention = expected.seq2seq?.attention ?? [];
      assert.ok(attention.length > 0);
      assert.equal(await matrix.getAttribute('data-cols'), '4');
      assert.equal(await matrix.getAttribute('data-rows'), String(attention.length));
      await page.screenshot({ path: screenshotPath('seq2seq-attention'), fullPage: true });

      const compared = await request<CompareResult>(page, {
        type: 'compare',
        requestId: 901,
        cells: ['rnn', 'lstm', 'gru'],
      } as { type: string; requestId: number });
      assert.deepEqual(
        compared.runs.map((r) => r.cell),
        ['rnn', 'lstm', 'gru'],
      );
      for (const run of compared.runs) {
        assert.ok(run.runId?.includes(`compare-${run.cell}`), 'each cell is a run of its own');
        assert.ok(run.metrics && Number.isFinite(run.metrics.loss));
      }
      const variants = (await trainEvents(page))
        .filter((e) => e.event.type === 'done')
        .map((e) => e.runId);
      assert.equal(variants.length, 3);
      await page.locator('[data-testid="compare-table"] [data-cell]').first().waitFor();
      assert.deepEqual(
        await attribute(page, '[data-testid="compare-table"] [data-cell]', 'data-cell'),
        ['rnn', 'lstm', 'gru'],
      );
      await page.screenshot({ path: screenshotPath('compare'), fullPage: true });

      const started = Date.now();
      const result = await request<BottleneckResult>(page, {
        type: 'bottleneck',
        requestId: 902,
        attentions: ['none', 'additive'],
      } as { type: string; requestId: number });
      t.diagnostic(
        `bottleneck (2 models, tiny spec): ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      const lengths = [...new Set(result.points.map((p) => p.length))].sort((a, b) => a - b);
      assert.deepEqual(lengths, [3, 4, 5], 'every length of the spec, held out from training');
      for (const attentionKind of ['none', 'additive']) {
        assert.equal(
          result.points.filter((p) => p.attention === attentionKind).length,
          lengths.length,
        );
      }
      for (const p of result.points) assert.ok(p.accuracy >= 0 && p.accuracy <= 1);
      await page.locator('[data-testid="bottleneck-table"] [data-length]').first().waitFor();
      assert.deepEqual(
        await attribute(page, '[data-testid="bottleneck-table"] [data-length]', 'data-length'),
        lengths.map(String),
      );
      await page.screenshot({ path: screenshotPath('bottleneck'), fullPage: true });

      // Exports go to the host as `saveFile` (downloads do not work in webviews).
      const chart = page.locator('[data-testid="bottleneck-chart"]');
      await chart.getByRole('button', { name: /CSV/ }).first().click();
      await chart.getByRole('button', { name: /PNG/ }).first().click();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabSent: { type: string }[] }).rnnLabSent.filter(
            (m) => m.type === 'saveFile',
          ).length >= 2,
      );
      const saves = (await sent(page)).flatMap((m) => (m.type === 'saveFile' ? [m] : []));
      assert.deepEqual(
        saves.map((m) => [m.kind, m.payload.encoding]),
        [
          ['csv', 'utf8'],
          ['png', 'base64'],
        ],
      );
      assert.match(saves[0]?.payload.data as string, /length/);
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });

  it('pauses between batches, resumes, stops with its checkpoint, and a loaded run trains on', async () => {
    const { page, errors, close } = await openPage();
    try {
      const spec = copySpec('wasm', 6) as { task: { samples: number } };
      spec.task.samples = 1024;
      await openLab(page, server.origin, { snapshot: snapshotOf(spec) });
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
            .runtime.state === 'ready',
      );
      // Learning rate changed before the run: the epochs report it.
      await page.locator('[data-testid="learning-rate"]').fill('0.03');
      await page.locator('[data-testid="learning-rate"]').press('Enter');
      await click(page, 'train');
      await waitForEvent(page, 'epoch', 1);
      await click(page, 'pause-resume');
      await page.waitForFunction(() =>
        (
          globalThis as unknown as { rnnLabSent: { type: string; state?: string }[] }
        ).rnnLabSent.some((m) => m.type === 'status' && m.state === 'paused'),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const held = (await trainEvents(page)).length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal((await trainEvents(page)).length, held, 'no batch trains while paused');
      await click(page, 'pause-resume');
      await waitForEvent(page, 'epoch', 2);
      await click(page, 'stop');
      await waitForRunEnds(page);
      const events = await trainEvents(page);
      const stopped = events.at(-1)?.event;
      assert.equal(stopped?.type, 'stopped');
      const epochs = events.flatMap((e) => (e.event.type === 'epoch' ? [e.event] : []));
      assert.equal(epochs[0]?.learningRate, 0.03);
      const lastEpoch = epochs.at(-1)?.epoch ?? 0;
      assert.ok(lastEpoch >= 2 && lastEpoch < 6);

      // The host opens that run in the lab (as from the side bar) and asks to train on.
      const messages = await sent(page);
      const started = messages.find((m) => m.type === 'startRun');
      const checkpoint = messages.filter((m) => m.type === 'saveCheckpoint').at(-1);
      assert.ok(started?.type === 'startRun' && checkpoint?.type === 'saveCheckpoint');
      const runId = events[0]?.runId ?? '';
      const file = (name: string) => {
        const found = checkpoint.files.find((f) => f.name === name);
        assert.ok(found, `the checkpoint has ${name}`);
        return found.payload;
      };
      const manifest = JSON.parse(
        Buffer.from(file('weights.json').data as string, 'base64').toString(),
      ) as { weightsManifest: { paths: string[] }[] };
      const run = {
        summary: {
          id: runId,
          name: started.spec.name,
          folder: `.rnnlab/runs/${runId}`,
          status: 'stopped',
          hasCheckpoint: true,
        },
        spec: started.spec,
        dataset: started.dataset,
        events: events.map((e) => e.event),
        weights: { manifest, data: file(manifest.weightsManifest[0]?.paths[0] ?? '') },
      };
      const post = (m: unknown) =>
        page.evaluate(
          (x) =>
            (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
              x,
              '*',
            ),
          m,
        );
      await post({ type: 'loadRun', run });
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
            .runtime.state === 'stopped',
      );
      await post({ type: 'train', continueRun: runId });
      await waitForRunEnds(page, 2);
      const after = (await trainEvents(page)).slice(events.length);
      assert.ok(
        after.every((e) => e.runId === runId),
        'the same run goes on',
      );
      const start = after[0]?.event;
      assert.equal(start?.type === 'start' && start.firstEpoch, lastEpoch + 1);
      const done = after.at(-1)?.event;
      assert.equal(done?.type === 'done' && done.epoch, 6);
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });

  it('gives every tensor back: memory returns to its level after train, compare, load and reset (WASM, WebGL)', async (t: TestContext) => {
    for (const backend of ['wasm', 'webgl']) {
      const { page, errors, close } = await openPage();
      try {
        await openLab(page, server.origin, { snapshot: snapshotOf(copySpec(backend, 1)) });
        const ready = () =>
          page.waitForFunction(
            () =>
              (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
                .runtime.state === 'ready',
          );
        await ready();
        const memory = async () => {
          // The status line is updated a turn after the state changes.
          await new Promise((resolve) => setTimeout(resolve, 300));
          return page.evaluate(() => {
            const body = (
              globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }
            ).document.body;
            return {
              tensors: Number(body.dataset['tensors']),
              bytes: Number(body.dataset['tensorBytes']),
            };
          });
        };
        let ends = 0;
        const cycle = async () => {
          await click(page, 'train');
          await waitForRunEnds(page, (ends += 1));
          const requestId = 950 + ends;
          await request<CompareResult>(page, {
            type: 'compare',
            requestId,
            cells: ['rnn', 'lstm'],
          } as { type: string; requestId: number });
          ends += 2;
          // The lab's own run comes back from the host, with its checkpoint.
          const messages = await sent(page);
          const started = messages.filter((m) => m.type === 'startRun')[0];
          const checkpoint = messages.filter((m) => m.type === 'saveCheckpoint')[0];
          assert.ok(started?.type === 'startRun' && checkpoint?.type === 'saveCheckpoint');
          const manifestFile = checkpoint.files.find((f) => f.name === 'weights.json');
          const manifest = JSON.parse(
            Buffer.from(manifestFile?.payload.data as string, 'base64').toString(),
          ) as { weightsManifest: { paths: string[] }[] };
          const data = checkpoint.files.find(
            (f) => f.name === manifest.weightsManifest[0]?.paths[0],
          );
          const runId = (await trainEvents(page))[0]?.runId ?? '';
          await page.evaluate(
            (m) =>
              (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
                m,
                '*',
              ),
            {
              type: 'loadRun',
              run: {
                summary: {
                  id: runId,
                  name: started.spec.name,
                  folder: `.rnnlab/runs/${runId}`,
                  status: 'done',
                  hasCheckpoint: true,
                },
                spec: started.spec,
                dataset: started.dataset,
                events: [],
                weights: { manifest, data: data?.payload },
              },
            },
          );
          await page.waitForFunction(
            () =>
              (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
                .runtime.state === 'done',
          );
          await click(page, 'reset');
          await ready();
          return memory();
        };
        const first = await cycle();
        const second = await cycle();
        const third = await cycle();
        t.diagnostic(
          `${backend}: tensors after each cycle ${first.tensors}, ${second.tensors}, ${third.tensors}; bytes ${first.bytes}, ${second.bytes}, ${third.bytes}`,
        );
        assert.ok(first.tensors > 0 && first.bytes > 0, 'the page reports its memory');
        assert.deepEqual(second, first, `${backend}: nothing left behind by a cycle`);
        assert.deepEqual(third, first, `${backend}: nothing left behind by a cycle`);
        assert.match(
          await page.locator('[data-testid="memory"]').innerText(),
          new RegExp(`TensorFlow.js memory: ${first.tensors} tensors, `),
        );
        assert.deepEqual(realErrors(errors), []);
      } finally {
        await close();
      }
    }
  });

  it("shows PyTorch weights in the inspector with PyTorch's own numbers", async () => {
    const { page, errors, close } = await openPage();
    try {
      await openLab(page, server.origin, {});
      const fixture = (name: string): unknown =>
        JSON.parse(readFileSync(join(root, 'test/fixtures/torch', name), 'utf8'));
      const weights = fixture('lstm.weights.json');
      const input = fixture('lstm.input.json') as { x: number[][][] };
      const expected = fixture('lstm.expected.json') as {
        layers: { h: number[][][]; c: number[][][]; gates: Record<string, number[][][]> }[];
      };
      await page.evaluate(
        (m) =>
          (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
            m,
            '*',
          ),
        { type: 'importTorch', fileName: 'lstm.weights.json', weights },
      );
      await page
        .locator('[data-testid="notice"]')
        .filter({ hasText: /PyTorch LSTM/ })
        .first()
        .waitFor();
      const text = (input.x[0] ?? []).map((step) => step.join(', ')).join(', ');
      await click(page, 'tab-inspector');
      await page.locator('[data-testid="inspect-input"]').fill(text);
      await click(page, 'inspect-button');
      await page.locator('[data-testid="heatmap"][data-steps="5"]').first().waitFor();
      assert.deepEqual(
        new Set(await attribute(page, '[data-testid="heatmap"]', 'data-units')),
        new Set(['4']),
      );
      const shown = (await page.evaluate(
        (x) =>
          (
            globalThis as unknown as {
              rnnLabTest: { runtime: { inspect(i: string): Promise<Inspection> } };
            }
          ).rnnLabTest.runtime.inspect(x),
        text,
      )) as Inspection;
      expected.layers.forEach((layer, k) => {
        const torch = {
          h: layer.h.map((t) => t[0]),
          c: layer.c.map((t) => t[0]),
          ...Object.fromEntries(
            Object.entries(layer.gates).map(([g, v]) => [g, v.map((t) => t[0])]),
          ),
        };
        const mine = shown.layers[k];
        assert.ok(mine);
        const ours = { h: mine.h, c: mine.c, ...mine.gates };
        const [diff, where] = maxDifference(ours, torch);
        assert.ok(diff <= 1e-4, `layer ${k + 1} differs from PyTorch by ${diff} at ${where}`);
      });
      await page.screenshot({ path: screenshotPath('torch-import'), fullPage: true });
      assert.deepEqual(realErrors(errors), []);
    } finally {
      await close();
    }
  });

  it('opens a spec with errors on the error state, and a diverging run says what to try', async () => {
    const { page, close } = await openPage();
    try {
      await openLab(page, server.origin, {
        snapshot: snapshotOf(
          '{\n  "name": "broken",\n  "task": { "kind": "copyy" }\n}\n',
          'broken.rnnlab.json',
        ),
      });
      const errorState = page.locator('[data-testid="error-state"]');
      await errorState.waitFor();
      assert.match(await errorState.innerText(), /copyy/);
      // A problem's button puts the editor's cursor on it: `revealProblem` with its place.
      await errorState.getByRole('button').first().click();
      await page.waitForFunction(() =>
        (globalThis as unknown as { rnnLabSent: { type: string }[] }).rnnLabSent.some(
          (m) => m.type === 'revealProblem',
        ),
      );
      const reveal = (await sent(page)).find((m) => m.type === 'revealProblem');
      assert.equal(
        reveal?.type === 'revealProblem' && reveal.uri,
        'file:///workspace/broken.rnnlab.json',
      );
      assert.equal(reveal?.type === 'revealProblem' && reveal.line, 3);
      await page.screenshot({ path: screenshotPath('error-state'), fullPage: true });

      // The same page gets a valid spec that diverges: NaN ends the run with advice.
      const diverging = snapshotOf({
        name: 'explode',
        task: { kind: 'copy', length: 8, vocab: 'abcd', samples: 64, testSamples: 8 },
        model: { cell: 'rnn', activation: 'relu', hidden: 64, architecture: 'many-to-many' },
        train: {
          epochs: 5,
          batchSize: 16,
          learningRate: 10,
          optimizer: 'sgd',
          momentum: 0.99,
          backend: 'wasm',
        },
      });
      await page.evaluate(
        (m) =>
          (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
            m,
            '*',
          ),
        { type: 'loadSpec', snapshot: diverging },
      );
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { rnnLabTest: { runtime: { state: string } } }).rnnLabTest
            .runtime.state === 'ready',
      );
      await click(page, 'train');
      await waitForRunEnds(page);
      const last = (await trainEvents(page)).at(-1)?.event;
      assert.equal(last?.type, 'failed');
      assert.match(last?.type === 'failed' ? last.message : '', /Try/);
      const failure = page.locator('[data-testid="failure"]');
      await failure.waitFor();
      assert.match(await failure.innerText(), /NaN|infinite/);
      await page.screenshot({ path: screenshotPath('failure'), fullPage: true });
    } finally {
      await close();
    }
  });
});

/** Largest absolute difference between two JSON values of the same shape, and where. */
function maxDifference(a: unknown, b: unknown, path = ''): [number, string] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return [0, path];
    return [Math.abs(a - b), path];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [Infinity, `${path} (length ${a.length} vs ${b.length})`];
    return a.reduce<[number, string]>(
      (best, x, i) => {
        const d = maxDifference(x, b[i], `${path}[${i}]`);
        return d[0] > best[0] ? d : best;
      },
      [0, path],
    );
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let best: [number, string] = [0, path];
    for (const key of keys) {
      const d = maxDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (d[0] > best[0]) best = d;
    }
    return best;
  }
  return [a === b ? 0 : Infinity, path];
}
