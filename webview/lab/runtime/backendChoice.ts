/**
 * Which TensorFlow.js backend trains in the page, and why (always shown to the user).
 *
 * `auto`: WebGL when the page has a hardware GPU renderer that renders 32-bit floats; WASM when
 * WebGL is missing, fails to start or to compute, or runs on a software renderer (SwiftShader,
 * llvmpipe…: a CPU pretending to be a GPU, slower than WASM's SIMD kernels for these small
 * recurrent models — measured in the browser tests); CPU when WASM cannot start either.
 * An explicit `webgl`, `wasm` or `cpu` is honoured, and when it cannot start the page falls back
 * along the same line and says so (a lab that refuses to work helps nobody).
 */
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { useBackend } from '../../../src/engine/backend';
import type { BackendChoice } from '../../../src/spec/specSchema';
import type { BackendInfo } from '../labContracts';
import type { BackendName, BackendPlatform } from './backendPlatform';
import { messageOf } from './errorMessage';
import type { RuntimeWords } from './runtimeText';

/** A WebGL renderer that is software: names as browsers report them. */
const SOFTWARE_RENDERER =
  /swiftshader|llvmpipe|softpipe|lavapipe|software rasterizer|basic render driver|gdi generic|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)…" -> "SwiftShader". */
export function softwareName(renderer: string): string {
  const match = SOFTWARE_RENDERER.exec(renderer)?.[0] ?? renderer;
  const known: Record<string, string> = { swiftshader: 'SwiftShader', llvmpipe: 'llvmpipe' };
  return known[match.toLowerCase()] ?? match;
}

export interface WebglProbe {
  available: boolean;
  renderer: string;
  /** Why there is no WebGL, when there is none. */
  error?: string;
}

interface DebugRendererInfo {
  UNMASKED_RENDERER_WEBGL: number;
}

/** The renderer of a WebGL context (the unmasked one where the browser tells it). */
export function rendererOf(gl: WebGLRenderingContext | WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info') as DebugRendererInfo | null;
  const value: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return typeof value === 'string' ? value : '';
}

/** Looks at the page's WebGL without keeping a context (the probe's context is released). */
export function probeWebgl(): WebglProbe {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return { available: false, renderer: '', error: 'no WebGL context' };
    const renderer = rendererOf(gl);
    const lose = gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null;
    lose?.loseContext();
    return { available: true, renderer };
  } catch (error) {
    return { available: false, renderer: '', error: messageOf(error) };
  }
}

/** tfjs' own WebGL context, while the WebGL backend is active. */
export function tfjsWebglContext(): WebGLRenderingContext | WebGL2RenderingContext | undefined {
  if (tf.getBackend() !== 'webgl') return undefined;
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
  };
  return backend.gpgpu?.gl;
}

/**
 * Where the WASM backend fetches its `.wasm` files: beside the page's script (the build copies
 * them to dist/webview/), unless the page names the folder (`data-wasm-base` on `#app`).
 * Read while the script runs for the first time: `document.currentScript` is gone after that.
 */
export function wasmBaseOf(script: HTMLOrSVGScriptElement | null): string | undefined {
  const named = document.getElementById('app')?.dataset['wasmBase'];
  if (named) return named.endsWith('/') ? named : `${named}/`;
  const src = script instanceof HTMLScriptElement ? script.src : '';
  return src ? new URL('./', src).href : undefined;
}

let wasmPathsSet = false;

export async function activateBackend(
  name: BackendName,
  wasmPaths: string | undefined,
): Promise<void> {
  if (name === 'wasm') {
    if (!wasmPathsSet && wasmPaths) {
      tfWasm.setWasmPaths(wasmPaths);
      wasmPathsSet = true;
    }
  }
  // Not `WEBGL_USE_SHAPES_UNIFORMS`: it would halve the shader compiles on variable-length data
  // (measured: two epochs 44 s -> 21 s), but tfjs 4.22 then computes wrong gradients (1e-3 off
  // in an LSTM encoder's kernel; the browser parity test catches it).
  await useBackend(name);
  if (name === 'webgl') {
    const gl = tfjsWebglContext();
    if (gl) settleReadsWhenLost(gl);
    // A context that starts but computes nonsense (a broken driver) is no better than none.
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2, 3]), tf.tensor1d([4, 5, 6])).dataSync());
    if (sum[0] !== 5 || sum[1] !== 7 || sum[2] !== 9) {
      throw new Error('WebGL computed a wrong result in a self-test');
    }
  }
}

const settled = new WeakSet<object>();

/**
 * tfjs waits for a GPU read (`tensor.data()`, which every checkpoint uses) by polling a fence with
 * `clientWaitSync` until it is signalled. On a lost context that call answers `WAIT_FAILED`
 * forever, so the read never settles, and neither does the training run awaiting it (it never
 * reaches the next batch, where it would see that it was asked to stop). A lost context has
 * nothing left to wait for: its fences count as signalled, the read settles with meaningless
 * values, and `RunMemory` refuses to keep them.
 */
export function settleReadsWhenLost(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
  if (settled.has(gl) || !('clientWaitSync' in gl)) return;
  settled.add(gl);
  const wait = gl.clientWaitSync.bind(gl);
  gl.clientWaitSync = (sync, flags, timeout) =>
    gl.isContextLost() ? gl.ALREADY_SIGNALED : wait(sync, flags, timeout);
}

/**
 * Starts the backend `choice` asks for (`source` names where the choice came from, e.g.
 * `train.backend`) and says which one runs and why.
 */
export async function startBackend(
  choice: BackendChoice,
  source: string,
  words: RuntimeWords,
  wasmPaths: string | undefined,
): Promise<BackendInfo> {
  const probe = probeWebgl();
  const software = probe.available && isSoftwareRenderer(probe.renderer);
  const info = (name: BackendName, reason: string): BackendInfo => ({
    name,
    renderer: name === 'webgl' ? (rendererFromTfjs() ?? probe.renderer) : probe.renderer,
    softwareRenderer: software,
    reason,
  });

  /** WASM, else CPU; `why` explains why not the first wish. */
  const wasmOrCpu = async (why: string): Promise<BackendInfo> => {
    try {
      await activateBackend('wasm', wasmPaths);
      return info('wasm', why);
    } catch (error) {
      await activateBackend('cpu', wasmPaths);
      return info('cpu', words.fallback('WASM', 'CPU', messageOf(error)));
    }
  };

  if (choice === 'cpu') {
    await activateBackend('cpu', wasmPaths);
    return info('cpu', words.chosen('CPU', source));
  }
  if (choice === 'wasm') {
    try {
      await activateBackend('wasm', wasmPaths);
      return info('wasm', words.chosen('WASM', source));
    } catch (error) {
      await activateBackend('cpu', wasmPaths);
      return info('cpu', words.fallback('WASM', 'CPU', messageOf(error)));
    }
  }
  if (choice === 'webgl') {
    try {
      await activateBackend('webgl', wasmPaths);
      return info('webgl', words.chosen('WebGL', source));
    } catch (error) {
      return wasmOrCpu(words.fallback('WebGL', 'WASM', messageOf(error)));
    }
  }
  // auto
  if (!probe.available) return wasmOrCpu(words.noWebgl);
  if (software) return wasmOrCpu(words.webglSoftware(softwareName(probe.renderer)));
  try {
    await activateBackend('webgl', wasmPaths);
  } catch (error) {
    return wasmOrCpu(words.webglFailed(messageOf(error)));
  }
  if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) return wasmOrCpu(words.webglHalfFloat);
  return info('webgl', words.webglHardware(rendererFromTfjs() ?? probe.renderer));
}

function rendererFromTfjs(): string | undefined {
  const gl = tfjsWebglContext();
  return gl ? rendererOf(gl) : undefined;
}

/** After WebGL failed: the next backend that starts (WASM, else CPU). */
export async function fallbackFromWebgl(wasmPaths: string | undefined): Promise<BackendName> {
  try {
    await activateBackend('wasm', wasmPaths);
    return 'wasm';
  } catch {
    await activateBackend('cpu', wasmPaths);
    return 'cpu';
  }
}

/**
 * Calls `onLost` when tfjs' WebGL context is lost (`webglcontextlost` on its canvas: a GPU reset,
 * the browser reclaiming contexts, or a test's `WEBGL_lose_context`). Returns the unsubscribe.
 */
export function watchContextLoss(onLost: () => void): () => void {
  const gl = tfjsWebglContext();
  const canvas = gl?.canvas;
  if (!canvas || !('addEventListener' in canvas)) return () => {};
  const target = canvas as EventTarget;
  const handler = () => onLost();
  target.addEventListener('webglcontextlost', handler);
  return () => target.removeEventListener('webglcontextlost', handler);
}

/** Whether tfjs' WebGL context is lost now (false when WebGL is not the backend). */
export function webglContextLost(): boolean {
  return tfjsWebglContext()?.isContextLost() ?? false;
}

/** The page's backends for the runtime: WebGL where it helps, WASM and CPU behind it. */
export function webglPlatform(wasmPaths: string | undefined): BackendPlatform {
  return {
    start: (choice, source, words) => startBackend(choice, source, words, wasmPaths),
    fallback: () => fallbackFromWebgl(wasmPaths),
    watchContextLoss,
    contextLost: webglContextLost,
  };
}
