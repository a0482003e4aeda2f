/**
 * A test page (not shipped): the engine itself in the browser, without the lab's UI, so the
 * browser tests can run the same seeded model on each TensorFlow.js backend and compare the
 * numbers (forward outputs, every gate) with the CPU backend's, and time training batches.
 *
 * Its own code uses no DOM types (`test/` is in the root tsconfig); it is type-checked with the
 * webview project, whose runtime it imports. The test calls `globalThis.rnnLabParity` through
 * Playwright.
 */
import * as tf from '@tensorflow/tfjs';
import { inspectSequence, type Inspection } from '../../../src/engine/inspectSequence';
import { makeBatches } from '../../../src/engine/batches';
import type { Sample } from '../../../src/engine/encoderRun';
import { forward } from '../../../src/engine/forward';
import { createModel } from '../../../src/engine/seqModel';
import { trainModel } from '../../../src/engine/trainRun';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import { buildDataset } from '../../../src/tasks/buildDataset';
import {
  adamBothWays,
  denseBothWays,
  compareFusedWithPlain,
  trainBothWays,
  VARIANTS,
  type Comparison,
} from '../../shared/fusedComparison';
// The lab's own backend start (with its kernel fixes): the numbers compared are the product's.
import { activateBackend } from '../../../webview/lab/runtime/backendChoice';

export interface ParityCase {
  spec: ResolvedSpec;
  input: string;
}

export interface BackendRun {
  backend: string;
  renderer: string;
  inspections: Inspection[];
}

export interface BenchResult {
  backend: string;
  batches: number;
  /** Milliseconds per training batch (forward, backward, optimizer step), after a warm-up epoch. */
  msPerBatch: number;
  /** Test loss after each epoch. */
  losses: number[];
}

export interface ParityApi {
  /** Activates a backend ('cpu', 'wasm', 'webgl'); resolves with the active one. */
  use(backend: 'cpu' | 'wasm' | 'webgl'): Promise<{ backend: string; renderer: string }>;
  /** Builds each case's seeded model on the active backend and inspects its input. */
  inspect(cases: ParityCase[]): BackendRun;
  /** The loss and every weight's gradient on the first training batch of the seeded model. */
  gradients(spec: ResolvedSpec): { loss: number; grads: Record<string, number[]> };
  /** Trains a spec on the active backend and times its batches. */
  bench(spec: ResolvedSpec): Promise<BenchResult>;
  /** The fused kernels against the plain ops on the active backend (test/shared/fusedComparison). */
  fusedVsPlain(): {
    backend: string;
    comparisons: Comparison[];
    training: Record<string, { fused: number; plain: number }>;
  };
}

const wasmPaths = new URL(
  '/dist/webview/',
  (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/',
).href;

function renderer(): string {
  if (tf.getBackend() !== 'webgl') return '';
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContextLike } }).gpgpu?.gl;
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info') as {
    UNMASKED_RENDERER_WEBGL: number;
  } | null;
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : 0x1f01));
}

/** The two calls this page makes on a WebGL context (no DOM lib here). */
interface WebGL2RenderingContextLike {
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
}

const api: ParityApi = {
  async use(backend) {
    await activateBackend(backend, wasmPaths);
    return { backend: tf.getBackend(), renderer: renderer() };
  },
  inspect(cases) {
    const inspections = cases.map(({ spec, input }) => {
      const dataset = buildDataset(spec);
      const model = createModel(spec, dataset);
      try {
        return inspectSequence(model, dataset, input);
      } finally {
        model.dispose();
      }
    });
    return { backend: tf.getBackend(), renderer: renderer(), inspections };
  },
  gradients(spec) {
    const dataset = buildDataset(spec);
    const model = createModel(spec, dataset);
    try {
      const batch = makeBatches(dataset.train as readonly Sample[], spec.train.batchSize)[0] ?? [];
      const weights = model.weights();
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () => forward(model, batch).loss,
          weights.map((w) => w.variable),
        );
        const out: Record<string, number[]> = {};
        for (const w of weights) out[w.name] = Array.from(grads[w.variable.name]?.dataSync() ?? []);
        return { loss: value.dataSync()[0] ?? NaN, grads: out };
      });
    } finally {
      model.dispose();
    }
  },
  fusedVsPlain() {
    return {
      backend: tf.getBackend(),
      comparisons: VARIANTS.map(compareFusedWithPlain),
      training: { lstm: trainBothWays('lstm'), gru: trainBothWays('gru') },
      adam: adamBothWays(),
      dense: denseBothWays(),
    };
  },
  async bench(spec) {
    const dataset = buildDataset(spec);
    const model = createModel(spec, dataset);
    const losses: number[] = [];
    const times: number[] = [];
    let last = 0;
    try {
      await trainModel({
        spec,
        dataset,
        model,
        onEvent(event) {
          if (event.type === 'start') last = performance.now();
          if (event.type === 'batch') {
            const now = performance.now();
            // The first epoch compiles shaders and warms caches: time the later ones.
            if (event.epoch > 1) times.push(now - last);
            last = now;
          }
          if (event.type === 'epoch') {
            losses.push(event.testLoss);
            last = performance.now();
          }
        },
      });
    } finally {
      model.dispose();
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      backend: tf.getBackend(),
      batches: times.length,
      msPerBatch: sorted[Math.floor(sorted.length / 2)] ?? NaN,
      losses,
    };
  },
};

(globalThis as { rnnLabParity?: ParityApi }).rnnLabParity = api;
