// @ts-check
// The lab in a real VS Code (code-server 4.99.4 = VS Code 1.99.3), driven through the workbench
// like a person: Train from the command palette and from the CodeLens, training on the webview's
// WebGL (SwiftShader here), Inspect Sequence… with a typed input, Developer: Reload Window, and
// Stop Run while a long run trains. What is on disk is read from the workspace's run
// folders (`.rnnlab/runs/<id>/`); what is on screen is read from the webviews' DOM through
// `page.frames()`. `npm run test:e2e` (see README.md here).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import { afterStep, commandTitle, openSession, prepare, waitFor, word } from './harness.mjs';

const title = commandTitle;

/**
 * A line of a run's metrics.jsonl, as read back (the engine's `TrainEvent`, loosely: the tests
 * read the fields each step needs).
 * @typedef {{ type: string } & Record<string, any>} RunEvent
 */

/**
 * What the lab page notes when `stop` reaches it (set by step 7 inside the page).
 * @typedef {{ at: number, progress: string, epoch: number, batch: number, batches: number }} StopArrival
 * @typedef {{ rnnLabE2eStop?: StopArrival, document: Document }} LabPageGlobals
 */

/**
 * Copying symbols step by step, tiny enough that WebGL on SwiftShader trains its 3 epochs
 * (13 batches each) in seconds; the spec asks for WebGL, which `auto` would not pick here.
 */
const TINY = {
  name: 'tiny-webgl',
  task: { kind: 'copy', length: 5, vocab: 'abcd', samples: 200, testSamples: 16 },
  model: { cell: 'gru', hidden: 8, embedding: 6, architecture: 'many-to-many' },
  train: { epochs: 3, batchSize: 16, learningRate: 0.05, backend: 'webgl', seed: 3 },
  inspect: { inputs: ['abcda'] },
};
const TINY_FILE = 'tiny-webgl.rnnlab.json';

/**
 * Many epochs (it would train for an hour) of 60 batches, each big enough to take a clear
 * fraction of a second on SwiftShader: the stop lands well inside the first epoch, where the
 * lab's progress line follows the batches (at an epoch's end the page is busy validating).
 */
const LONG = {
  name: 'long-webgl',
  task: { kind: 'copy', length: 8, vocab: 'abcdefgh', samples: 12000, testSamples: 32 },
  model: { cell: 'lstm', hidden: 48, embedding: 8, architecture: 'many-to-many' },
  train: { epochs: 200, batchSize: 200, learningRate: 0.01, backend: 'webgl', seed: 5 },
  inspect: { inputs: ['abcdefgh'] },
};
const LONG_FILE = 'long-webgl.rnnlab.json';

/** The sequence typed into Inspect Sequence…: 7 symbols, so 7 time steps. */
const TYPED_INPUT = 'dcbabcd';

/**
 * @param {object} spec
 * @param {string} note
 */
const specText = (spec, note) => `// ${note}\n${JSON.stringify(spec, null, 2)}\n`;

/** @type {Awaited<ReturnType<typeof openSession>>} */
let session;
/** @type {import('./harness.mjs').Workbench} */
let wb;
let runsRoot = '';

before(async () => {
  const vsix = process.env.RNNLAB_E2E_VSIX ?? (await prepare());
  assert.ok(existsSync(vsix), `no .vsix at ${vsix}`);
  session = await openSession({ vsix, name: 'lab', testHook: true });
  wb = session.workbench;
  runsRoot = join(session.workspace, '.rnnlab', 'runs');
  writeFileSync(join(session.workspace, TINY_FILE), specText(TINY, 'a tiny run on WebGL'));
  writeFileSync(join(session.workspace, LONG_FILE), specText(LONG, 'a long run to stop'));
  // The side bar's Runs view (the runs and live curves) is resolved once its container is shown.
  await wb.activity(word('viewsContainer.rnnLab'));
  await wb.webviewFrame('[data-testid="sidebar-progress"]');
});

after(async () => {
  await session?.close();
});

afterEach((t) => afterStep(wb, t));

describe('the lab in VS Code', { timeout: 180_000 }, () => {
  /** @type {string[]} Run ids of the tiny spec, in the order they were trained. */
  const tinyRuns = [];

  test('4a. Train from the palette opens the lab beside the spec and trains on WebGL (SwiftShader)', async (t) => {
    await wb.openFile(TINY_FILE);
    const sidebar = await wb.webviewFrame('[data-testid="sidebar-progress"]');
    const before = runIds();
    const watch = watchRuns(before, sidebar);
    try {
      await wb.runCommand(title('command.train'));
      const lab = await labFrame();

      // Beside the spec: the spec in the first editor group, the lab in a second one.
      const labTab = `RNN Lab: ${TINY_FILE}`;
      await waitFor(async () => {
        const groups = await wb.editorGroups();
        return (
          groups.length === 2 &&
          Boolean(groups[0]?.includes(TINY_FILE)) &&
          Boolean(groups[1]?.includes(labTab))
        );
      }, `the lab tab "${labTab}" in a second editor group`);

      // The backend badge: WebGL, on SwiftShader (a software renderer).
      const backend = lab.locator('[data-testid="backend"][data-backend="webgl"]');
      await backend.waitFor({ timeout: 60_000 });
      const badge = await backend.innerText();
      assert.match(badge, /webgl/i, badge);
      assert.match(badge, /SwiftShader/, badge);
      assert.equal(await backend.getAttribute('data-software'), 'true');

      await lab.locator('[data-testid="state"][data-state="done"]').waitFor({ timeout: 120_000 });
      await watch.settle();
    } finally {
      await watch.stop();
    }

    const [runId, ...others] = runIds().filter((id) => !before.includes(id));
    assert.ok(runId, 'a run folder was created in .rnnlab/runs');
    assert.deepEqual(others, [], 'one run per Train');
    tinyRuns.push(runId);
    const events = readEvents(runId);
    const start = events.find((e) => e.type === 'start');
    assert.equal(start?.backend, 'webgl', 'the run trained on WebGL');
    assert.equal(start?.spec, TINY.name);
    assert.equal(events.at(-1)?.type, 'done', `the run ended with done: ${events.at(-1)?.type}`);
    const losses = events.filter((e) => e.type === 'epoch').map((e) => e.trainLoss);
    assert.equal(losses.length, TINY.train.epochs);
    assert.ok(losses.at(-1) < (losses[0] ?? 0) * 0.9, `train loss falls: ${losses.join(' → ')}`);
    const batches = events.filter((e) => e.type === 'batch');
    t.diagnostic(
      `webgl: ${batches.length} batches, ${(1000 / batches.at(-1)?.stepsPerSecond).toFixed(0)} ms per batch, ` +
        `done in ${events.at(-1)?.seconds.toFixed(1)} s; train loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`,
    );

    // metrics.jsonl grew while the run trained (seen at several sizes before `done`).
    const growing = watch.lineCounts(runId);
    assert.ok(
      growing.length >= 3,
      `metrics.jsonl seen at ${growing.length} sizes before done: ${growing.join(', ')}`,
    );

    // The lab's curves and progress line.
    const lab = await labFrame();
    const chart = lab.locator('[data-testid="loss-chart"]');
    assert.ok(
      !(await chart.getAttribute('class'))?.includes('is-empty'),
      'the loss chart has data',
    );
    assert.ok((await chart.locator('canvas').count()) > 0, 'the loss chart is drawn');
    const progress = await lab.locator('[data-testid="train-progress"]').innerText();
    assert.match(progress, new RegExp(`epoch ${TINY.train.epochs}/${TINY.train.epochs}`), progress);

    // The side bar followed the run: its progress line changed batch by batch and says finished.
    const texts = watch.sidebarTexts();
    assert.ok(
      texts.filter((s) => /batch \d+\/\d+/.test(s)).length >= 3,
      `the side bar's progress changed while training: ${texts.join(' | ')}`,
    );
    const sidebarNow = await (
      await wb.webviewFrame('[data-testid="sidebar-progress"]')
    ).evaluate(() => ({
      progress:
        globalThis.document.querySelector('[data-testid="sidebar-progress"]')?.textContent ?? '',
      empty: globalThis.document.querySelector('.sb-live')?.classList.contains('is-empty') ?? true,
      canvases: globalThis.globalThis.document.querySelectorAll(
        '[data-testid="sidebar-loss-chart"] canvas',
      ).length,
    }));
    assert.match(sidebarNow.progress, /finished in/, sidebarNow.progress);
    assert.equal(sidebarNow.empty, false, 'the side bar shows the curves');
    assert.ok(sidebarNow.canvases > 0, 'the side bar draws its loss chart');
  });

  test('4b. the Train CodeLens above the spec trains again in the same lab', async () => {
    await wb.openFile(TINY_FILE);
    const before = runIds();
    const lens = wb.editor.locator('.codelens-decoration a', { hasText: word('command.train') });
    await lens.first().waitFor();
    await lens.first().click();
    const runId = await waitForNewRun(before);
    tinyRuns.push(runId);
    await waitFor(() => readEvents(runId).at(-1)?.type === 'done', `run ${runId} done`, 120_000);
    const start = readEvents(runId).find((e) => e.type === 'start');
    assert.equal(start?.backend, 'webgl');
    // Still one lab, beside the spec.
    const groups = await wb.editorGroups();
    assert.equal(groups.length, 2, `editor groups: ${JSON.stringify(groups)}`);
    assert.deepEqual(
      (groups[1] ?? []).filter((label) => label.startsWith('RNN Lab')),
      [`RNN Lab: ${TINY_FILE}`],
    );
    const lab = await labFrame();
    await lab.locator('[data-testid="state"][data-state="done"]').waitFor();
  });

  test('5. Inspect Sequence… with a typed input shows one step per symbol', async () => {
    await wb.openFile(TINY_FILE);
    await wb.runCommand(title('command.inspect'));
    // The input box, filled with the spec's first input: replace it with a typed one.
    await waitFor(
      async () => (await wb.quickInputBox.inputValue()) === TINY.inspect.inputs[0],
      'the input box with the spec input',
    );
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.type(TYPED_INPUT);
    await wb.page.keyboard.press('Enter');
    await wb.quickInput.waitFor({ state: 'hidden' });

    const lab = await labFrame();
    await lab.locator('[data-testid="tab-inspector"][aria-selected="true"]').waitFor();
    const steps = String(TYPED_INPUT.length);
    await lab.locator(`[data-testid="heatmap"][data-steps="${steps}"]`).first().waitFor();
    const heatmaps = await lab.locator('[data-testid="heatmap"]').evaluateAll((nodes) =>
      nodes.map((n) => ({
        steps: n.getAttribute('data-steps'),
        units: n.getAttribute('data-units'),
        kind: n.getAttribute('data-kind'),
        layer: n.getAttribute('data-layer'),
      })),
    );
    assert.ok(heatmaps.length > 0, 'the inspector shows heatmaps');
    for (const h of heatmaps) {
      assert.equal(h.steps, steps, `every heatmap has ${steps} steps: ${JSON.stringify(h)}`);
      assert.equal(h.units, String(TINY.model.hidden));
    }
    // A GRU: h and its three gates.
    assert.deepEqual([...new Set(heatmaps.map((h) => h.kind))].sort(), ['h', 'n', 'r', 'z']);
    const slider = lab.locator('[data-testid="step-slider"]');
    assert.equal(await slider.getAttribute('max'), String(TYPED_INPUT.length - 1));
  });

  test('6a. Reload Window restores the lab panel beside the spec, on its spec', async () => {
    await wb.reloadWindow();
    const labTab = `RNN Lab: ${TINY_FILE}`;
    // The spec in one editor group, the restored lab tab in another.
    await waitFor(
      async () => {
        const groups = await wb.editorGroups();
        const labGroup = groups.findIndex((labels) => labels.includes(labTab));
        return labGroup >= 0 && groups.some((l, i) => i !== labGroup && l.includes(TINY_FILE));
      },
      `the restored lab tab "${labTab}" beside the spec`,
      60_000,
    );
    const lab = await labFrame(60_000);
    await lab
      .locator('[data-testid="spec-summary"]', { hasText: TINY.name })
      .waitFor({ timeout: 60_000 });
    await lab.locator('[data-testid="backend"][data-backend="webgl"]').waitFor({ timeout: 60_000 });
  });

  test('6b. the restored lab shows the finished run', async () => {
    const lab = await labFrame();
    // The page settles on a state once the spec is loaded; a run it restores may take a moment.
    const state = lab.locator('[data-testid="state"]');
    await state.and(lab.locator(':not([data-state="empty"])')).waitFor({ timeout: 30_000 });
    const chart = lab.locator('[data-testid="loss-chart"]');
    const restored = async () =>
      (await state.getAttribute('data-state')) === 'done' &&
      !(await chart.getAttribute('class'))?.includes('is-empty');
    await waitFor(restored, 'the finished run in the restored lab', 10_000).catch(() => {});
    const shown = await state.getAttribute('data-state');
    const empty = (await chart.getAttribute('class'))?.includes('is-empty');
    assert.ok(
      await restored(),
      `the restored lab shows the finished run ${tinyRuns.at(-1)}: state "${shown}" (expected ` +
        `"done"), loss chart ${empty ? 'empty' : 'drawn'}`,
    );
    const progress = await lab.locator('[data-testid="train-progress"]').innerText();
    assert.match(progress, new RegExp(`epoch ${TINY.train.epochs}/${TINY.train.epochs}`), progress);
  });

  test('6c. after the reload nothing in the run folders is corrupt', () => {
    const ids = runIds();
    assert.deepEqual(ids, [...tinyRuns].sort(), 'the two runs of the tiny spec, nothing else');
    for (const id of ids) checkRunFolder(id);
  });

  // Here the lab page trains on the workbench's own thread: the stop reaches it only because the
  // training loop lets the workbench read its socket (see test/e2e/README.md).
  test('7. Stop Run stops a long run within one batch', async (t) => {
    await wb.openFile(LONG_FILE);
    const before = runIds();
    await wb.runCommand(title('command.train'));
    const runId = await waitForNewRun(before, 60_000);
    const lab = await labFrame();
    await lab.locator('[data-testid="state"][data-state="training"]').waitFor({ timeout: 60_000 });
    await waitFor(
      () => readEvents(runId).filter((e) => e.type === 'batch').length >= 3,
      'three batches of the long run',
      60_000,
      50,
    );

    // Where the run is when the command reaches the lab: the page's progress line at the moment
    // its `stop` message arrives (observed only; the page handles the message itself).
    await lab.evaluate(() => {
      const page = /** @type {LabPageGlobals} */ (/** @type {unknown} */ (globalThis));
      globalThis.addEventListener(
        'message',
        (event) => {
          if (event.data?.type !== 'stop' || page.rnnLabE2eStop) return;
          const line = page.document.querySelector('[data-testid="train-progress"]');
          // The last batch the lab had trained and told the host (`data-trained`, set as each
          // batch ends in test mode, see openSession's testHook; the progress line is drawn
          // later, and lags a batch or two while busy).
          const [epoch = NaN, batch = NaN, batches = NaN] = (
            page.document.body.dataset['trained'] ?? ''
          )
            .split('/')
            .map(Number);
          page.rnnLabE2eStop = {
            at: Date.now(),
            progress: line?.textContent ?? '',
            epoch,
            batch,
            batches,
          };
        },
        true,
      );
    });

    // While it trains, Stop Run is in the palette; run it like a person: its title, then Enter.
    await wb.palette(title('command.stop'));
    assert.equal(await wb.paletteFocus(title('command.stop')), title('command.stop'));
    const batchesAtClick = batchCount(runId);
    const clicked = Date.now();
    await wb.page.keyboard.press('Enter');
    await waitFor(
      () => readEvents(runId).some((e) => e.type === 'stopped'),
      'stopped',
      20_000,
      25,
    ).catch(async () => {
      const progress = await lab
        .locator('[data-testid="train-progress"]')
        .innerText()
        .catch(() => '?');
      const arrived = await lab
        .evaluate(
          () => /** @type {LabPageGlobals} */ (/** @type {unknown} */ (globalThis)).rnnLabE2eStop,
        )
        .catch(() => undefined);
      throw new Error(
        `no "stopped" event within 20 s of Stop Run: ${batchesAtClick} batches on disk at ` +
          `the click, ${batchCount(runId)} now; the stop ${arrived ? `reached the lab ${arrived.at - clicked} ms after the click` : 'never reached the lab page'}; ` +
          `the lab says "${progress}"`,
      );
    });
    const stopMs = Date.now() - clicked;
    const batchesAtStop = batchCount(runId);
    const perBatchMs =
      1000 /
      readEvents(runId)
        .filter((e) => e.type === 'batch')
        .at(-1)?.stepsPerSecond;
    // Nothing arrives after the stop: wait for what would be several more batches.
    await sleep(Math.max(1500, 4 * perBatchMs));
    const events = readEvents(runId);
    const arrived = await lab.evaluate(
      () => /** @type {LabPageGlobals} */ (/** @type {unknown} */ (globalThis)).rnnLabE2eStop,
    );
    t.diagnostic(
      `stop: ${batchesAtClick} batches on disk at the click, ${batchesAtStop} at the stop; ` +
        `the command reached the lab after ${arrived ? arrived.at - clicked : '?'} ms (it had ` +
        `trained epoch ${arrived?.epoch} batch ${arrived?.batch}; its line showed ` +
        `"${arrived?.progress.split(' · ').slice(0, 2).join(' · ')}"), stopped on disk after ` +
        `${stopMs} ms; ${perBatchMs.toFixed(0)} ms per batch`,
    );

    const stoppedAt = events.findIndex((e) => e.type === 'stopped');
    assert.equal(
      events.at(-1)?.type,
      'stopped',
      `the last event is stopped: ${events.at(-1)?.type}`,
    );
    assert.equal(stoppedAt, events.length - 1, 'nothing after stopped');
    assert.equal(batchCount(runId), batchesAtStop, 'no batch after stopped');
    const stopped = events[stoppedAt];
    const lastBatch = events.filter((e) => e.type === 'batch').at(-1);
    assert.ok(stopped && lastBatch, 'a stopped event after batches');
    assert.equal(stopped.epoch, lastBatch.epoch);
    assert.equal(stopped.batch, lastBatch.batch, 'the stopped event counts the batches trained');
    // Within one batch of the command reaching the lab: the batch in flight may finish, no
    // further one starts.
    assert.ok(arrived, 'the stop reached the lab page');
    const { epoch: atEpoch, batch: atBatch, batches: perEpoch } = arrived;
    assert.ok(
      [atEpoch, atBatch, perEpoch].every(Number.isInteger),
      `the lab's last batch when the stop arrived: ${JSON.stringify(arrived)}`,
    );
    const after =
      (stopped.epoch - 1) * perEpoch + stopped.batch - ((atEpoch - 1) * perEpoch + atBatch);
    assert.ok(
      after <= 1,
      `${after} batches trained after the lab had trained epoch ${atEpoch} batch ${atBatch} and got the stop (at most the one in flight)`,
    );
    // And soon after the click, as a person sees it. (Here the lab page shares the browser's
    // main thread with the workbench, so the way back from the extension host takes a few
    // batches; measured 1.8 to 4.4 s.)
    assert.ok(stopMs <= 10_000, `stopped ${stopMs} ms after Stop Run (at most 10 s)`);
    assert.equal(stopped.epoch, 1, 'stopped in the first epoch (60 batches)');

    // The lab says stopped; Train is back in the editor title, Stop Run gone from the palette.
    await lab.locator('[data-testid="state"][data-state="stopped"]').waitFor();
    await wb.page
      .locator(
        `.editor-group-container .editor-actions .action-label[aria-label^="${word('command.train')}"]`,
      )
      .first()
      .waitFor();
    assert.equal(
      await wb.page
        .locator(`.editor-actions .action-label[aria-label^="${word('command.stop')}"]`)
        .count(),
      0,
      'no Stop button in the editor title',
    );
    await wb.palette(`${word('category')}: `);
    await wb.quickRow(title('command.train')).waitFor();
    const labels = await wb.quickLabels();
    await wb.closeQuickInput();
    assert.ok(!labels.includes(title('command.stop')), 'Stop Run left the palette');
    checkRunFolder(runId);
  });
});

/** The lab panel's page (the frame with the backend badge). */
function labFrame(timeoutMs = 60_000) {
  return wb.webviewFrame('[data-testid="backend"]', timeoutMs);
}

/** @param {string} runId */
function batchCount(runId) {
  return readEvents(runId).filter((e) => e.type === 'batch').length;
}

function runIds() {
  if (!existsSync(runsRoot)) return [];
  return readdirSync(runsRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The id of the first run folder not in `before`, once its metrics.jsonl exists.
 * @param {string[]} before
 * @returns {Promise<string>}
 */
async function waitForNewRun(before, timeoutMs = 60_000) {
  /** @type {string | undefined} */
  let id;
  await waitFor(
    () => {
      id = runIds().find((name) => !before.includes(name));
      return id !== undefined && existsSync(join(runsRoot, id, 'metrics.jsonl'));
    },
    'a new run folder with metrics.jsonl',
    timeoutMs,
    50,
  );
  if (id === undefined) throw new Error('no new run folder');
  return id;
}

/**
 * The events of a run's metrics.jsonl so far (a line still being written is left out).
 * @param {string} runId
 * @returns {RunEvent[]}
 */
function readEvents(runId) {
  const file = join(runsRoot, runId, 'metrics.jsonl');
  if (!existsSync(file)) return [];
  /** @type {RunEvent[]} */
  const events = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line));
    } catch {
      // the last line, half appended
    }
  }
  return events;
}

/** @type {Record<string, number>} Bytes per value of a TensorFlow.js weights manifest dtype. */
const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 };

/**
 * Every line of metrics.jsonl parses; weights.json parses and names one data file, which is as long
 * as it says and has the checksum it records.
 * @param {string} runId
 */
function checkRunFolder(runId) {
  const dir = join(runsRoot, runId);
  const names = readdirSync(dir);
  assert.deepEqual(
    names.filter((n) => n.endsWith('.tmp')),
    [],
    `${runId}: no half-written files`,
  );
  const text = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
  assert.ok(text.endsWith('\n'), `${runId}: metrics.jsonl ends with a whole line`);
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, i) => {
    assert.doesNotThrow(() => JSON.parse(line), `${runId}: metrics.jsonl line ${i + 1} parses`);
  });
  const types = lines.map((line) => JSON.parse(line).type);
  assert.equal(types[0], 'start', `${runId}: starts with start`);
  assert.ok(
    ['done', 'stopped', 'failed'].includes(types.at(-1)),
    `${runId}: ends with done/stopped/failed, not ${types.at(-1)}`,
  );
  assert.ok(names.includes('spec.json'), `${runId}: spec.json`);
  JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'));
  if (!names.includes('weights.json')) {
    // A run stopped in its first epoch has no checkpoint yet.
    assert.ok(!types.includes('checkpoint'), `${runId}: a checkpoint event but no weights.json`);
    return;
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8'));
  assert.equal(manifest.format, 'rnnlab-weights');
  let expected = 0;
  const dataFile = manifest.weightsManifest[0]?.paths[0];
  assert.match(dataFile, /^weights-[0-9a-f]{16}\.bin$/, `${runId}: a content-named data file`);
  assert.deepEqual(
    names.filter((n) => n.startsWith('weights-')),
    [dataFile],
    `${runId}: only the checkpoint's own data file`,
  );
  for (const group of manifest.weightsManifest) {
    assert.deepEqual(group.paths, [dataFile]);
    for (const w of group.weights) {
      assert.ok(w.dtype in DTYPE_BYTES, `${runId}: dtype ${w.dtype}`);
      const values = /** @type {number[]} */ (w.shape).reduce((a, b) => a * b, 1);
      expected += values * (DTYPE_BYTES[w.dtype] ?? 0);
    }
  }
  assert.ok(expected > 0);
  const done = lines.map((line) => JSON.parse(line)).find((e) => e.type === 'done');
  if (done) assert.equal(manifest.epoch, done.epoch, `${runId}: the checkpoint of the last epoch`);
  const data = readFileSync(join(dir, dataFile));
  assert.equal(data.length, expected, `${runId}: ${dataFile} has the bytes weights.json describes`);
  assert.equal(manifest.data.bytes, expected);
  assert.equal(
    createHash('sha256').update(data).digest('hex'),
    manifest.data.sha256,
    `${runId}: ${dataFile} has the checksum weights.json records`,
  );
}

/**
 * Samples, every 100 ms while a run trains, the line counts of new runs' metrics.jsonl and the
 * side bar's progress line, to show that both change while it trains (not only at the end).
 * @param {string[]} before
 * @param {import('playwright-core').Frame} sidebar
 */
function watchRuns(before, sidebar) {
  /** @type {Map<string, number[]>} */
  const counts = new Map();
  /** @type {string[]} */
  const sidebarTexts = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const id of runIds().filter((name) => !before.includes(name))) {
        const events = readEvents(id);
        if (events.some((e) => e.type === 'done' || e.type === 'stopped')) continue;
        const seen = counts.get(id) ?? [];
        if (events.length > 0 && seen.at(-1) !== events.length) seen.push(events.length);
        counts.set(id, seen);
      }
      const text = await sidebar
        .locator('[data-testid="sidebar-progress"]')
        .textContent({ timeout: 1000 })
        .catch(() => undefined);
      if (text && sidebarTexts.at(-1) !== text) sidebarTexts.push(text);
      await sleep(100);
    }
  })();
  return {
    lineCounts: (/** @type {string} */ id) => counts.get(id) ?? [],
    sidebarTexts: () => sidebarTexts,
    /** One more sample after the end (the side bar's last line). */
    settle: () => sleep(300),
    stop: () => {
      running = false;
      return loop;
    },
  };
}
