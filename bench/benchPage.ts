/**
 * The bench page (not shipped): `benchCore` in headless Chromium, driven by bench/bench.ts through
 * Playwright. Built by esbuild into an IIFE and loaded under the lab's CSP; no DOM types here (the
 * root tsconfig checks it), only `globalThis.rnnLabBench`.
 */
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../src/engine/backend';
import { benchCase, matMulPeak, webglRenderer, type CaseConfig } from './benchCore';
import type { BenchRow } from './report';

export interface BenchPageApi {
  /** Activates a backend; `wasmPaths` is where the .wasm files are served (ends in `/`). */
  use(backend: 'wasm' | 'webgl', wasmPaths: string): Promise<{ backend: string; renderer: string }>;
  matMulPeak: typeof matMulPeak;
  /** One row; its progress lines go to the console (forwarded by the driver). */
  run(config: CaseConfig): Promise<BenchRow>;
}

const api: BenchPageApi = {
  async use(backend, wasmPaths) {
    const active = await useBackend(backend, { wasmPaths });
    return { backend: active, renderer: webglRenderer() };
  },
  matMulPeak,
  run: (config) => benchCase(config, (line) => console.log(line)),
};

(globalThis as { rnnLabBench?: BenchPageApi }).rnnLabBench = api;
(globalThis as { rnnLabBenchTfjs?: string }).rnnLabBenchTfjs = tf.version.tfjs;
