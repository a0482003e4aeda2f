/**
 * Two TensorFlow.js 4.22 backend defects that make the same seeded model compute different
 * numbers on WASM or WebGL than on the CPU backend, corrected here so that every backend of the
 * lab trains and decodes alike (the browser parity tests hold them to 1e-4). Each can go once the
 * engine avoids the call (see the notes) or tfjs fixes it.
 *
 * 1. WASM `OneHot` ignores `dtype`: the C++ kernel writes int32 bit patterns into the output, so
 *    `tf.oneHot(ids, n, 1, 0, 'float32')` gives 1.4e-45 instead of 1 (greedy decoding then feeds
 *    the decoder zeros). Replaced by a JavaScript kernel.
 * 2. WebGL `floatPrecision()` answers 16 whenever float32 rendering IS enabled (its check is
 *    inverted), so `backend.epsilon()` is 1e-4 instead of 1e-7 and Adam / RMSProp built without an
 *    explicit epsilon divide by a 1000× larger epsilon than on CPU or WASM. Set to 32 when float32
 *    textures render.
 */
import * as tf from '@tensorflow/tfjs';

/** The part of the WASM backend the kernel below uses. */
interface WasmBackendLike {
  readSync(dataId: tf.DataId): ArrayLike<number>;
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: Float32Array | Int32Array,
  ): tf.TensorInfo;
}

let wasmPatched = false;

/** Call after `@tensorflow/tfjs-backend-wasm` registered its kernels (i.e. after importing it). */
export function patchWasmKernels(): void {
  if (wasmPatched) return;
  wasmPatched = true;
  tf.unregisterKernel('OneHot', 'wasm');
  tf.registerKernel({
    kernelName: 'OneHot',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const indices = inputs['indices'] as tf.TensorInfo;
      const { depth, onValue, offValue, dtype } = attrs as unknown as {
        depth: number;
        onValue: number;
        offValue: number;
        dtype: tf.DataType;
      };
      const wasm = backend as unknown as WasmBackendLike;
      const ids = wasm.readSync(indices.dataId);
      const size = ids.length * depth;
      const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
      values.fill(offValue);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] ?? -1;
        if (id >= 0 && id < depth) values[i * depth + id] = onValue;
      }
      return wasm.makeOutput([...indices.shape, depth], dtype, undefined, values);
    },
  });
}

/** Call right after the WebGL backend became active. */
export function patchWebglPrecision(): void {
  if (tf.getBackend() !== 'webgl') return;
  if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) return;
  (tf.backend() as unknown as { floatPrecisionValue?: number }).floatPrecisionValue = 32;
}
