/**
 * Adam with one kernel per weight and step (`RnnLabAdam`: new moments and new weight together),
 * for cpu, wasm and webgl. tf.train.adam runs about 13 small kernels per weight per step (moments,
 * bias corrections, square root, division, update), and a recurrent model has only a few weights,
 * so on a GPU its optimizer step is all per-call overhead. Same update as tf.train.adam:
 *
 *   m ← β1·m + (1−β1)·g      v ← β2·v + (1−β2)·g²
 *   w ← w − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 *
 * The tests hold it to tf.train.adam step by step.
 */
import * as tf from '@tensorflow/tfjs';
import {
  cpuMemory,
  wasmMemory,
  type CpuBackendLike,
  type JsMemory,
  type WasmBackendLike,
} from './jsMemory';
import { fusedKernelsEnabled } from './fusedSwitch';
import { runWebglProgram, type KernelInputs, type WebglProgram } from './kernelTypes';
import { need } from './need';

/** A weight by name (tfjs-core's `NamedTensor`, which the tfjs package does not re-export). */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export const ADAM_KERNEL = 'RnnLabAdam';

interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 / (1 − β1^t) and 1 / (1 − β2^t): the bias corrections of step t. */
  correction1: number;
  correction2: number;
}

function jsAdam(memory: JsMemory, inputs: KernelInputs, a: AdamAttrs): tf.TensorInfo[] {
  const shape = need(inputs['w'], 'w').shape;
  const { infos, views } = memory.allocate([shape, shape, shape]);
  const [w, g, m, v] = ['w', 'g', 'm', 'v'].map((n) => memory.read(need(inputs[n], n)));
  const [wOut, mOut, vOut] = views;
  if (!w || !g || !m || !v || !wOut || !mOut || !vOut) throw new Error('internal: Adam arrays');
  const { beta1, beta2, epsilon, learningRate, correction1, correction2 } = a;
  for (let k = 0; k < w.length; k++) {
    const gk = g[k] ?? 0;
    const mk = beta1 * (m[k] ?? 0) + (1 - beta1) * gk;
    const vk = beta2 * (v[k] ?? 0) + (1 - beta2) * gk * gk;
    mOut[k] = mk;
    vOut[k] = vk;
    wOut[k] =
      (w[k] ?? 0) - (learningRate * (mk * correction1)) / (Math.sqrt(vk * correction2) + epsilon);
  }
  return infos;
}

const UNIFORMS = [
  'learningRate',
  'beta1',
  'beta2',
  'epsilon',
  'correction1',
  'correction2',
] as const;

/** One packed program per output (m, v, w), each reading the same four inputs. */
function adamProgram(shape: number[], output: 'm' | 'v' | 'w'): WebglProgram {
  const result = {
    m: 'm',
    v: 'v',
    w: 'getWAtOutCoords() - learningRate * (m * correction1) / (sqrt(v * correction2) + epsilon)',
  }[output];
  return {
    variableNames: ['w', 'g', 'm', 'v'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: UNIFORMS.map((name) => ({ name, type: 'float' as const })),
    userCode: `
void main() {
  vec4 g = getGAtOutCoords();
  vec4 m = beta1 * getMAtOutCoords() + (1.0 - beta1) * g;
  vec4 v = beta2 * getVAtOutCoords() + (1.0 - beta2) * g * g;
  setOutput(${result});
}`,
  };
}

const programs = new Map<string, WebglProgram>();

function webglAdam(backend: unknown, inputs: KernelInputs, a: AdamAttrs): tf.TensorInfo[] {
  const ordered = ['w', 'g', 'm', 'v'].map((n) => need(inputs[n], n));
  const shape = need(ordered[0], 'w').shape;
  const uniforms = UNIFORMS.map((name) => [a[name]]);
  return (['w', 'm', 'v'] as const).map((output) => {
    const key = `${output}:${shape.join('x')}`;
    let program = programs.get(key);
    if (!program) {
      program = adamProgram(shape, output);
      programs.set(key, program);
    }
    return runWebglProgram(backend, program, ordered, uniforms);
  });
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  const attrsOf = (attrs: unknown) => attrs as AdamAttrs;
  tf.registerKernel({
    kernelName: ADAM_KERNEL,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) =>
      jsAdam(
        cpuMemory(backend as unknown as CpuBackendLike),
        inputs as KernelInputs,
        attrsOf(attrs),
      ),
  });
  tf.registerKernel({
    kernelName: ADAM_KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) =>
      jsAdam(
        wasmMemory(backend as unknown as WasmBackendLike),
        inputs as KernelInputs,
        attrsOf(attrs),
      ),
  });
  tf.registerKernel({
    kernelName: ADAM_KERNEL,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) =>
      webglAdam(backend, inputs as KernelInputs, attrsOf(attrs)),
  });
}

/** Whether the active backend has the fused Adam kernel. */
export function fusedAdamAvailable(): boolean {
  register();
  return tf.getKernel(ADAM_KERNEL, tf.getBackend()) !== undefined;
}

interface Moments {
  m: tf.Variable;
  v: tf.Variable;
}

export class FusedAdam extends tf.Optimizer {
  /** Its own name: a saved config must not be read back as tf.train.adam. */
  static readonly className = 'RnnLabFusedAdam';

  private readonly moments = new Map<string, Moments>();
  /** Steps taken (t in the bias corrections). */
  private steps = 0;

  constructor(
    public learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-7,
  ) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.steps += 1;
    const attrs: AdamAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      correction1: 1 / (1 - this.beta1 ** this.steps),
      correction2: 1 / (1 - this.beta2 ** this.steps),
    };
    register();
    for (const { name, tensor: g } of list) {
      const variable = tf.engine().registeredVariables[name];
      if (!variable || !variable.trainable) continue;
      let moments = this.moments.get(name);
      if (!moments) {
        moments = { m: zeroSlot(variable), v: zeroSlot(variable) };
        this.moments.set(name, moments);
      }
      const inputs: tf.NamedTensorMap = { w: variable, g, m: moments.m, v: moments.v };
      const [w, m, v] = tf
        .engine()
        .runKernel(ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      variable.assign(need(w, 'w'));
      moments.m.assign(need(m, 'm'));
      moments.v.assign(need(v, 'v'));
      tf.dispose([w, m, v] as tf.Tensor[]);
    }
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [...this.moments.entries()].flatMap(([name, { m, v }]) => [
      { name: `${name}/m`, tensor: m },
      { name: `${name}/v`, tensor: v },
    ]);
  }

  override async setWeights(weights: NamedTensor[]): Promise<void> {
    for (const { name, tensor } of weights) {
      const [, variable, which] = /^(.*)\/([mv])$/.exec(name) ?? [];
      if (!variable || !which) continue;
      const current = this.moments.get(variable) ?? { m: zeroSlot(tensor), v: zeroSlot(tensor) };
      current[which as 'm' | 'v'].assign(tensor);
      this.moments.set(variable, current);
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}

/**
 * The engine's Adam: fused where the kernels run (and `setFusedKernels` has not turned them off),
 * tf.train.adam elsewhere. Epsilon is explicit (tfjs 4.22's WebGL backend misreports its float
 * precision, which would make its default epsilon 1e-4 there instead of 1e-7).
 */
export function createAdam(learningRate: number, epsilon = 1e-7): tf.Optimizer {
  return fusedKernelsEnabled() && fusedAdamAvailable()
    ? new FusedAdam(learningRate, 0.9, 0.999, epsilon)
    : tf.train.adam(learningRate, 0.9, 0.999, epsilon);
}

/** A moment slot of zeros shaped like `like` (the zeros tensor itself is not kept alive). */
function zeroSlot(like: tf.Tensor): tf.Variable {
  const zeros = tf.zerosLike(like);
  try {
    return tf.variable(zeros, false);
  } finally {
    zeros.dispose();
  }
}
