/**
 * The two fused kernels of a recurrent step, registered with tfjs under our own names for the
 * `cpu`, `wasm` and `webgl` backends:
 *
 * - `RnnLabCellForward`  (proj, rec, hPrev, [cPrev], [recBias], [probe]) → h, [c], [gates]
 * - `RnnLabCellBackward` (dOut, mm, [carry], states, [gates]) → dPreX, [dPreH], [carry], [dh]
 *
 * Everything else a step needs is a matMul, which every backend already does well. Layouts and
 * formulas: `cellStepMath.ts`. Outputs come in the order of `forwardOutputs` / `backwardOutputs`.
 */
import * as tf from '@tensorflow/tfjs';
import {
  cpuMemory,
  wasmMemory,
  type CpuBackendLike,
  type JsMemory,
  type WasmBackendLike,
} from './jsMemory';
import type { KernelInputs } from './kernelTypes';
import { need } from './need';
import { backwardOutputs, forwardOutputs, outputShape, type CellKernelAttrs } from './kernelLayout';
import { cellBackward, cellForward, type StepDims } from './cellStepMath';
import { webglCellKernels } from './webglCellPrograms';

export const CELL_FORWARD = 'RnnLabCellForward';
export const CELL_BACKWARD = 'RnnLabCellBackward';
export type { CellKernelAttrs } from './kernelLayout';

function dimsOf(a: CellKernelAttrs, batch: number): StepDims {
  return { kind: a.kind, activation: a.activation, batch, hidden: a.hidden, t: a.t };
}

/** The kernel's inputs and fresh outputs as typed arrays, by name. */
function arrays(
  memory: JsMemory,
  inputs: KernelInputs,
  names: string[],
  shapes: number[][],
): {
  infos: tf.TensorInfo[];
  input: Record<string, Float32Array>;
  output: Record<string, Float32Array>;
} {
  const { infos, views } = memory.allocate(shapes);
  const input: Record<string, Float32Array> = {};
  for (const [name, info] of Object.entries(inputs)) if (info) input[name] = memory.read(info);
  const output = Object.fromEntries(names.map((n, k) => [n, need(views[k], n)]));
  return { infos, input, output };
}

function jsForward(memory: JsMemory, inputs: KernelInputs, a: CellKernelAttrs): tf.TensorInfo[] {
  const batch = need(need(inputs['rec'], 'rec').shape[0], 'batch');
  const names = forwardOutputs(a);
  const shapes = names.map((n) => outputShape(n, batch, a));
  const { infos, input, output } = arrays(memory, inputs, names, shapes);
  const { proj, rec, hPrev, ...optional } = input;
  cellForward(
    dimsOf(a, batch),
    { proj: need(proj, 'proj'), rec: need(rec, 'rec'), hPrev: need(hPrev, 'hPrev'), ...optional },
    { h: need(output['h'], 'h'), ...output },
  );
  return infos;
}

function jsBackward(memory: JsMemory, inputs: KernelInputs, a: CellKernelAttrs): tf.TensorInfo[] {
  const batch = need(need(inputs['mm'], 'mm').shape[0], 'batch');
  const names = backwardOutputs(a);
  const shapes = names.map((n) => outputShape(n, batch, a));
  const { infos, input, output } = arrays(memory, inputs, names, shapes);
  const { dOut, mm, states, ...optional } = input;
  const { dPreX, carry, ...rest } = output;
  cellBackward(
    dimsOf(a, batch),
    a.steps,
    { dOut: need(dOut, 'dOut'), mm: need(mm, 'mm'), states: need(states, 'states'), ...optional },
    { dPreX: need(dPreX, 'dPreX'), ...(carry ? { carryOut: carry } : {}), ...rest },
  );
  return infos;
}

const asAttrs = (attrs: unknown) => attrs as CellKernelAttrs;

let registered = false;

/** Registers both kernels for cpu, wasm and webgl (once; later calls do nothing). */
export function registerCellKernels(): void {
  if (registered) return;
  registered = true;
  const js: [string, (backend: unknown) => JsMemory][] = [
    ['cpu', (b) => cpuMemory(b as CpuBackendLike)],
    ['wasm', (b) => wasmMemory(b as WasmBackendLike)],
  ];
  for (const [backendName, memoryOf] of js) {
    tf.registerKernel({
      kernelName: CELL_FORWARD,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) =>
        jsForward(memoryOf(backend), inputs as KernelInputs, asAttrs(attrs)),
    });
    tf.registerKernel({
      kernelName: CELL_BACKWARD,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) =>
        jsBackward(memoryOf(backend), inputs as KernelInputs, asAttrs(attrs)),
    });
  }
  const webgl = webglCellKernels({ forward: forwardOutputs, backward: backwardOutputs });
  tf.registerKernel({
    kernelName: CELL_FORWARD,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) =>
      webgl.forward(backend, inputs as KernelInputs, asAttrs(attrs)),
  });
  tf.registerKernel({
    kernelName: CELL_BACKWARD,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) =>
      webgl.backward(backend, inputs as KernelInputs, asAttrs(attrs)),
  });
}

/** Whether the active backend runs the fused kernels for this cell size. */
export function cellKernelsAvailable(hidden: number): boolean {
  registerCellKernels();
  const backend = tf.getBackend();
  if (!tf.getKernel(CELL_FORWARD, backend)) return false;
  // The WebGL programs read and write 2×2 texel blocks: gate blocks must start on even columns.
  return backend !== 'webgl' || hidden % 2 === 0;
}

/** Runs a kernel with its tensors and returns its outputs by name. */
export function runCellKernel(
  kernel: typeof CELL_FORWARD | typeof CELL_BACKWARD,
  inputs: Record<string, tf.Tensor | undefined>,
  attrs: CellKernelAttrs,
): Record<string, tf.Tensor2D> {
  const named: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(inputs)) if (v) named[k] = v;
  const result = tf.engine().runKernel(kernel, named, attrs as unknown as tf.NamedAttrMap);
  const outs = (Array.isArray(result) ? result : [result]) as tf.Tensor2D[];
  const names = kernel === CELL_FORWARD ? forwardOutputs(attrs) : backwardOutputs(attrs);
  return Object.fromEntries(names.map((n, k) => [n, need(outs[k], n)]));
}
