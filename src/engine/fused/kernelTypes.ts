/**
 * What our registered kernels receive, and the part of tfjs' WebGL backend they call: its
 * `GPGPUProgram` and `runWebGLProgram`, typed here so that Node (which has no WebGL backend) never
 * loads the backend for them.
 */
import type * as tf from '@tensorflow/tfjs';

/** A kernel's input tensors by name (optional ones may be missing). */
export type KernelInputs = Partial<Record<string, tf.TensorInfo>>;

/** A shader program as tfjs' WebGL backend runs it: one draw over `outputShape`. */
export interface WebglProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
  /** Uniforms set per run (values in `runWebglProgram`'s `uniforms`, in this order). */
  customUniforms: { name: string; type: 'int' | 'float' }[];
}

interface WebglBackendLike {
  runWebGLProgram(
    program: WebglProgram,
    inputs: tf.TensorInfo[],
    outputDtype: 'float32',
    customUniformValues?: number[][],
  ): tf.TensorInfo;
}

/** Runs `program` on the WebGL backend a kernel was given; tfjs caches its compiled shader. */
export function runWebglProgram(
  backend: unknown,
  program: WebglProgram,
  inputs: tf.TensorInfo[],
  uniforms: number[][],
): tf.TensorInfo {
  return (backend as WebglBackendLike).runWebGLProgram(program, inputs, 'float32', uniforms);
}
