/**
 * Choosing the TensorFlow.js backend, in any host (Node, webview, worker) without importing Node
 * modules. `@tensorflow/tfjs` already registers `cpu` and `webgl`; `wasm` registers itself when
 * `@tensorflow/tfjs-backend-wasm` is imported, which happens only when it is asked for (the CLI
 * bundle keeps that package external, it loads its .wasm files from its own folder).
 */
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'auto';

export interface BackendOptions {
  /**
   * wasm in a browser: where the `.wasm` files are served (`setWasmPaths`), e.g. a webview URI of
   * the extension's `dist/` folder ending in `/`. Not needed in Node.
   */
  wasmPaths?: string;
  /**
   * Silence TensorFlow.js' console advice (e.g. "install tfjs-node" in Node) by turning on its
   * `PROD` flag, which only affects warnings and logs. For the CLI, whose stderr is for the user.
   */
  quiet?: boolean;
}

/** Whether this code runs in Node (the CLI, tests) rather than a browser or webview. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

async function registerWasm(options: BackendOptions): Promise<void> {
  if (tf.findBackendFactory('wasm')) return;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
}

async function activate(name: 'cpu' | 'wasm' | 'webgl'): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Makes `name` the active backend and returns the one that is active.
 * `auto`: in Node `wasm` (else `cpu`); elsewhere `webgl` when a GPU context can be made, else `wasm`, else `cpu`.
 * An explicit `wasm` or `webgl` that cannot start throws (a silent fallback would mislead timings).
 */
export async function useBackend(name: BackendName, options: BackendOptions = {}): Promise<string> {
  if (options.quiet) tf.env().set('PROD', true);
  if (name === 'auto') {
    if (isNode()) {
      // In Node the WASM backend trains these models several times faster than the plain
      // JavaScript `cpu` backend (bench/results/bench.md), so it is the default there.
      try {
        await registerWasm(options);
        if (await activate('wasm')) return 'wasm';
      } catch {
        // Not installed or not loadable: the cpu backend always works.
      }
      if (!(await activate('cpu'))) throw new Error('the cpu backend did not start');
      return tf.getBackend();
    }
    if (await activate('webgl')) return 'webgl';
    try {
      await registerWasm(options);
      if (await activate('wasm')) return 'wasm';
    } catch {
      // No wasm either: the cpu backend always works.
    }
    if (!(await activate('cpu'))) throw new Error('no TensorFlow.js backend could start');
    return tf.getBackend();
  }
  if (name === 'wasm') await registerWasm(options);
  if (!(await activate(name))) {
    const why =
      name === 'webgl' && isNode()
        ? 'WebGL needs a browser (use cpu or wasm in Node)'
        : `the ${name} backend could not start here`;
    throw new Error(why);
  }
  return tf.getBackend();
}
