/**
 * The lab page (bundled to dist/webview/lab.js): wires the runtime (webview/lab/runtime, the
 * engine on the page's TensorFlow.js backend) to the views (webview/lab/views, what the user sees)
 * and both to the extension host through the typed protocol (src/protocol).
 *
 * Why training runs here, on the page's main thread, and not in a Web Worker:
 * - the panel keeps running while hidden behind another tab because the host creates it with
 *   `retainContextWhenHidden` (src/host/labPanel.ts), so a worker is not needed for that;
 * - TensorFlow.js' WebGL backend in a worker needs OffscreenCanvas, which VS Code's webviews and
 *   older Electron builds do not all give a worker, and the WASM backend would have to load its
 *   binaries a second time inside the worker under the webview's CSP (`worker-src`);
 * - the step inspector reads the model's state synchronously between batches (one forward pass
 *   of one sequence, `inspectSequence`), which in a worker becomes a copy of every weight or a
 *   message round trip per slider move;
 * - the page stays responsive anyway: the engine yields to the event loop before every batch
 *   (`yieldToEventLoop`, a MessageChannel task, which hidden webviews do not throttle), and the
 *   browser tests hold the longest main-thread task during training under 200 ms.
 * A worker would pay off for models whose single batch takes longer than a frame budget on the
 * user's backend; the engine is free of the DOM, so moving the runtime later stays possible.
 */
import type { Inspection } from '../../src/engine/inspectSequence';
import { yieldToEventLoop } from '../../src/engine/trainRun';
import type { Lang } from '../../src/explain/termIds';
import {
  answer,
  bytesPayload,
  textPayload,
  type BackendSetting,
  type HostToWebview,
  type SpecSnapshot,
} from '../../src/protocol';
import type { ResolvedSpec } from '../../src/spec/resolveSpec';
import type { TrainEvent } from '../../src/engine/trainEvents';
import { HostChannel } from '../common/hostChannel';
import type { LabActions, LabRuntime } from './labContracts';
import { tfjsWebglContext, wasmBaseOf, webglPlatform } from './runtime/backendChoice';
import { WebviewLabRuntime } from './runtime/labRuntime';
import type { RunHost } from './runtime/runHost';
import { tensorMemory } from './runtime/tensorMemory';
import { createLabViews } from './views/labViews';

/** Read now: `document.currentScript` is only set while the script first runs. */
const wasmPaths = wasmBaseOf(document.currentScript);

const channel = new HostChannel('lab');
const pageLang: Lang = document.body.dataset['lang'] === 'ko' ? 'ko' : 'en';

/** What the panel keeps across a reload (`vscode.setState`): its spec, and the lab's run on it. */
interface LabState {
  specUri?: string;
  runId?: string;
}
function savedState(): LabState {
  return (channel.api.getState() as LabState | undefined) ?? {};
}

/**
 * Test mode only (a test put its hook on `window` before this script ran): where training is, as
 * it happens, on the page's body (`data-trained="epoch/batch/batches"`). The views draw it a turn
 * and a frame later, and may lag a batch or two while a run keeps the thread busy.
 */
const reportTrained = channel.api.testHook
  ? (event: TrainEvent) => {
      if (event.type === 'batch') {
        document.body.dataset['trained'] = `${event.epoch}/${event.batch}/${event.batches}`;
      }
    }
  : () => {};

const host: RunHost = {
  async startRun(spec, dataset, purpose) {
    const opened = await channel.request({
      type: 'startRun',
      spec,
      dataset,
      ...(purpose !== undefined ? { purpose } : {}),
    });
    // The lab's own run (not a compare or bottleneck variant) comes back after a reload.
    if (purpose === undefined) channel.api.setState({ ...savedState(), runId: opened.runId });
    return opened;
  },
  trainEvent(runId, event) {
    channel.post({ type: 'trainEvent', runId, event });
    reportTrained(event);
  },
  async saveSweep(sweepId, record) {
    return channel.request({
      type: 'saveSweep',
      record,
      ...(sweepId !== undefined ? { sweepId } : {}),
    });
  },
  async saveCheckpoint(runId, files) {
    await channel.request({
      type: 'saveCheckpoint',
      runId,
      files: files.map((f) => ({ name: f.name, payload: bytesPayload(f.data) })),
    });
  },
  status(state, runId) {
    channel.post({ type: 'status', state, ...(runId !== undefined ? { runId } : {}) });
  },
  log(level, message) {
    channel.log(level, message);
  },
};

const runtime: LabRuntime = new WebviewLabRuntime({
  host,
  lang: pageLang,
  platform: webglPlatform(wasmPaths),
});

/** The spec the lab shows (problems included), for `revealProblem` and the panel's state. */
let snapshot: SpecSnapshot | undefined;
/** The input the inspector shows, re-inspected after every epoch of the lab's own run. */
let inspected: string | undefined;
/** `rnnLab.backend`, from `init`. */
let setting: BackendSetting = 'auto';
let startedChoice: string | undefined;

/**
 * Host messages that change what is loaded run one after another (a spec that arrives while the
 * backend is still starting waits for it). Long calls (train, compare, bottleneck) start after the
 * queue but do not hold it, so Stop and Pause always get through.
 */
let queue: Promise<void> = Promise.resolve();
function enqueue(work: () => Promise<void> | void): Promise<void> {
  const next = queue.then(work).catch((error: unknown) => report(error));
  queue = next;
  return next;
}
function afterQueue(work: () => Promise<unknown>): void {
  void queue.then(() => work().catch((error: unknown) => report(error)));
}

function report(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  views.showNotice(message, 'error');
  channel.log('error', message);
}

const actions: LabActions = {
  train: () => afterQueue(() => trainSpec()),
  pause: () => runtime.pause(),
  resume: () => runtime.resume(),
  stop: () => runtime.stop(),
  reset: () => afterQueue(() => reset()),
  setLearningRate: (value) => runtime.setLearningRate(value),
  setTeacherForcing: (value) => runtime.setTeacherForcing(value),
  inspect: (input) => afterQueue(() => inspect(input)),
  revealProblem(problem) {
    if (!snapshot) return;
    channel.post({
      type: 'revealProblem',
      uri: snapshot.uri,
      line: problem.line,
      column: problem.column,
      length: problem.length,
    });
  },
  saveFile(suggestedName, kind, data) {
    const payload = typeof data === 'string' ? textPayload(data) : bytesPayload(data);
    channel
      .request({ type: 'saveFile', suggestedName, kind, payload }, { timeoutMs: 0 })
      .catch((error: unknown) => report(error));
  },
};

const root = document.getElementById('app') ?? document.body;
const views = createLabViews(root, pageLang, actions);

runtime.subscribe({
  trainEvent(event, tag) {
    views.trainEvent(event, tag);
    // The inspector follows the lab's own run: the same input, with this epoch's weights (in a
    // task of its own, so the page can paint the epoch's curves first).
    if (event.type === 'epoch' && tag.experiment === 'train' && inspected !== undefined) {
      const input = inspected;
      void yieldToEventLoop().then(() => inspect(input, false));
    }
  },
  sweepEvent(event, experiment) {
    if (experiment === 'sweep') views.sweepEvent(event);
  },
  state(state, detail) {
    views.showState(state, detail);
    // After the views' own work of this moment, so what a run or experiment freed is counted.
    void yieldToEventLoop().then(() => showMemory(state !== 'training' && state !== 'paused'));
  },
  backend(info) {
    views.showBackend(info);
    showMemory(false);
  },
  notice(message, level) {
    views.showNotice(message, level);
    channel.log(level === 'warning' ? 'warn' : level, message);
  },
});

/**
 * The backend's tensor memory, in the status line and, in test mode, on the page (`data-tensors`,
 * `data-tensor-bytes`); `log` also writes it to the host's log (when a job ends).
 */
function showMemory(log: boolean): void {
  const memory = tensorMemory();
  // Test mode only, as `reportTrained`: what the tests read.
  if (channel.api.testHook) {
    document.body.dataset['tensors'] = String(memory.tensors);
    document.body.dataset['tensorBytes'] = String(memory.bytes);
  }
  views.showMemory(memory);
  if (log) channel.log('debug', `tensor memory: ${memory.tensors} tensors, ${memory.bytes} bytes`);
}

async function inspect(input: string, loud = true): Promise<void> {
  inspected = input;
  let inspection: Inspection;
  try {
    inspection = await runtime.inspect(input);
  } catch (error) {
    if (loud) views.showNotice(error instanceof Error ? error.message : String(error), 'error');
    return;
  }
  views.showInspection(inspection, loud);
}

/** The backend the spec asks for (`train.backend` wins over the setting unless it is `auto`). */
async function ensureBackend(spec?: ResolvedSpec): Promise<void> {
  const fromSpec = spec !== undefined && spec.train.backend !== 'auto';
  const choice = fromSpec ? spec.train.backend : setting;
  if (choice === startedChoice || runtime.isBusy) return;
  startedChoice = choice;
  await runtime.start(choice, fromSpec ? 'train.backend' : 'rnnLab.backend');
}

/** After a spec or run is loaded: the sample picker, and a first inspection. */
async function showLoaded(spec: ResolvedSpec): Promise<void> {
  const samples = runtime.testSamples(8);
  views.showTestSamples(samples);
  const first = spec.inspect.inputs[0] ?? samples[0]?.input;
  if (first !== undefined) await inspect(first, false);
}

async function loadSpec(next: SpecSnapshot): Promise<void> {
  snapshot = next;
  const kept = savedState();
  channel.api.setState(kept.specUri === next.uri ? kept : { specUri: next.uri });
  views.showSpec(next);
  if (!next.spec) {
    await runtime.load(next);
    return;
  }
  await ensureBackend(next.spec);
  const before = runtime.spec;
  await runtime.load(next);
  // A new spec (not the same one sent again, not one waiting for a run to end).
  if (runtime.spec !== before && runtime.spec === next.spec) await showLoaded(next.spec);
}

/**
 * A new run of the spec itself: the header names the spec again, not a run opened from the side
 * bar before (the replayed events of a loaded run arrive a turn later, so this is not done on
 * their `start`).
 */
function trainSpec(): Promise<void> {
  views.showRun(undefined);
  return runtime.train();
}

async function reset(): Promise<void> {
  await runtime.reset();
  channel.api.setState({ specUri: savedState().specUri });
  views.clear();
  views.showRun(undefined);
  const spec = runtime.spec;
  if (spec) await showLoaded(spec);
}

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'init':
      setting = message.backend;
      runtime.setLang(message.lang);
      runtime.setTrusted(message.trusted);
      void enqueue(() => ensureBackend(snapshot?.spec));
      return;
    case 'loadSpec':
      void enqueue(() => loadSpec(message.snapshot));
      return;
    case 'train':
      afterQueue(() =>
        message.continueRun !== undefined
          ? runtime.train({ continueRun: message.continueRun })
          : trainSpec(),
      );
      return;
    case 'stop':
      runtime.stop();
      return;
    case 'pause':
      runtime.pause();
      return;
    case 'resume':
      runtime.resume();
      return;
    case 'reset':
      afterQueue(() => reset());
      return;
    case 'setLearningRate':
      runtime.setLearningRate(message.value);
      return;
    case 'setTeacherForcing':
      runtime.setTeacherForcing(message.value);
      return;
    case 'inspect':
      afterQueue(() => inspect(message.input));
      return;
    case 'compare': {
      const { requestId, cells } = message;
      afterQueue(() =>
        answer(
          (reply) => channel.post(reply),
          requestId,
          async () => {
            const result = await runtime.compare(cells);
            views.showCompare(result);
            return result;
          },
        ),
      );
      return;
    }
    case 'bottleneck': {
      const { requestId, attentions } = message;
      afterQueue(() =>
        answer(
          (reply) => channel.post(reply),
          requestId,
          async () => {
            const result = await runtime.bottleneck(attentions);
            views.showBottleneck(result);
            return result;
          },
        ),
      );
      return;
    }
    case 'sweep': {
      const { requestId } = message;
      afterQueue(() =>
        answer(
          (reply) => channel.post(reply),
          requestId,
          () => runtime.sweep(),
        ),
      );
      return;
    }
    case 'showSweep':
      // In turn after a spec or run being loaded: the lab the side bar opens loads the spec's
      // newest run first, and that run's `views.clear()` would empty the sweep shown before it.
      void enqueue(() => views.showSweep(message.sweep, message.keepTab === true));
      return;
    case 'showGate':
      views.focusGate(message.focus);
      return;
    case 'loadRun':
      void enqueue(async () => {
        views.clear();
        await ensureBackend(message.run.spec);
        await runtime.loadRun(message.run);
        views.showRun({ summary: message.run.summary, spec: message.run.spec });
        channel.api.setState({ ...savedState(), runId: message.run.summary.id });
        await showLoaded(message.run.spec);
      });
      return;
    case 'importTorch':
      void enqueue(async () => {
        views.clear();
        await ensureBackend();
        const { inspection, input } = runtime.importTorch(message.fileName, message.weights);
        inspected = input;
        views.showInspection(inspection, true);
      });
      return;
    case 'runs':
    case 'trainEvent':
    case 'reply':
      // The side bar's messages; replies are taken by the channel.
      return;
  }
}

channel.onMessage(handle);
window.addEventListener('error', (event) => channel.log('error', `lab page: ${event.message}`));
window.addEventListener('unhandledrejection', (event) =>
  channel.log('error', `lab page: ${String(event.reason)}`),
);

/** Test mode only (a test put its hook on `window` before this script ran). */
if (channel.api.testHook) {
  Object.assign(window, {
    rnnLabTest: {
      runtime,
      views,
      /** Loses tfjs' WebGL context as a GPU reset would; false when WebGL is not in use. */
      loseWebglContext(): boolean {
        const gl = tfjsWebglContext();
        const ext = gl?.getExtension('WEBGL_lose_context') as { loseContext(): void } | null;
        if (!ext) return false;
        ext.loseContext();
        return true;
      },
    },
  });
}

channel.ready();
