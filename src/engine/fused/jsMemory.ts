/**
 * Float32 tensors of the backends whose memory JS can see (tfjs `cpu`: JS arrays; `wasm`: views
 * on the WASM heap), for kernels written as loops over typed arrays.
 */
import type * as tf from '@tensorflow/tfjs';
import { need } from './need';

/** Reads and allocates float32 tensors of a backend whose memory JS can see. */
export interface JsMemory {
  read(info: tf.TensorInfo): Float32Array;
  /** Allocates every output first, then hands out views (a WASM heap may grow on allocation). */
  allocate(shapes: number[][]): { infos: tf.TensorInfo[]; views: Float32Array[] };
}

export interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

export function cpuMemory(backend: CpuBackendLike): JsMemory {
  return {
    read: (info) => backend.data.get(info.dataId).values as Float32Array,
    allocate: (shapes) => {
      const views = shapes.map((s) => new Float32Array(s.reduce((n, d) => n * d, 1)));
      const infos = shapes.map((s, k) =>
        backend.makeTensorInfo(s, 'float32', need(views[k], 'view')),
      );
      return { infos, views };
    },
  };
}

export function wasmMemory(backend: WasmBackendLike): JsMemory {
  return {
    read: (info) => backend.typedArrayFromHeap(info),
    allocate: (shapes) => {
      const infos = shapes.map((s) => backend.makeOutput(s, 'float32'));
      // Outputs start as garbage on the heap: every kernel writes every element of each output.
      return { infos, views: infos.map((info) => backend.typedArrayFromHeap(info)) };
    },
  };
}
