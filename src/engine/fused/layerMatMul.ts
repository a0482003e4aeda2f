/**
 * The matMuls of the fused layer: on tfjs' `cpu` backend our own kernel (`RnnLabMatMul`, loops in
 * `jsMatMul.ts`), elsewhere tfjs' matMul (WASM's XNNPACK and WebGL's packed shader are already
 * good). No gradient: the fused layer's backward pass calls it for its own products.
 */
import * as tf from '@tensorflow/tfjs';
import { matMulInto } from './jsMatMul';
import type { CpuBackendLike } from './jsMemory';
import { need } from './need';

export const LAYER_MATMUL = 'RnnLabMatMul';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: LAYER_MATMUL,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpu = backend as unknown as CpuBackendLike;
      const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
      const a = need(inputs['a'], 'a');
      const b = need(inputs['b'], 'b');
      const bias = inputs['bias'];
      const [a0, a1] = a.shape as [number, number];
      const [b0, b1] = b.shape as [number, number];
      const shape = {
        m: transposeA ? a1 : a0,
        k: transposeA ? a0 : a1,
        n: transposeB ? b0 : b1,
        transposeA,
        transposeB,
      };
      const out = new Float32Array(shape.m * shape.n);
      const read = (info: tf.TensorInfo) => cpu.data.get(info.dataId).values as Float32Array;
      matMulInto(read(a), read(b), out, shape, bias ? read(bias) : undefined);
      return cpu.makeTensorInfo([shape.m, shape.n], 'float32', out);
    },
  });
}

/** op(a)·op(b) (+ bias) for 2-D float32 tensors. */
export function layerMatMul(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  options: { transposeA?: boolean; transposeB?: boolean; bias?: tf.Tensor1D } = {},
): tf.Tensor2D {
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  if (tf.getBackend() === 'cpu') {
    register();
    const inputs: tf.NamedTensorMap = { a, b };
    if (options.bias) inputs['bias'] = options.bias;
    const attrs: MatMulAttrs = { transposeA, transposeB };
    return tf
      .engine()
      .runKernel(LAYER_MATMUL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
  }
  if (avoidsTransposes() && (transposeA || transposeB)) {
    const plain = tf.tidy(() =>
      layerMatMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b, {
        ...(options.bias ? { bias: options.bias } : {}),
      }),
    );
    return plain;
  }
  if (options.bias) {
    return tf.fused.matMul({ a, b, transposeA, transposeB, bias: options.bias }) as tf.Tensor2D;
  }
  return tf.matMul<tf.Tensor2D>(a, b, transposeA, transposeB);
}

/**
 * Whether the active backend multiplies transposed operands slowly: tfjs-wasm's BatchMatMul runs
 * A·B at 12–16 GFLOP/s on this machine kind but A·Bᵀ at 2 and Aᵀ·B at 1, so there an explicit
 * transpose (a copy) first is far cheaper.
 */
export function avoidsTransposes(): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * x·W (+ b) as a differentiable op whose gradient uses `layerMatMul` too (dx = dy·Wᵀ,
 * dW = xᵀ·dy, db = Σ dy): the engine's dense layers and embeddings. tfjs' own gradient of a
 * matMul multiplies transposed operands, which tfjs-wasm does 8–15× slower than plain ones and
 * tfjs' cpu backend at a third of what `jsMatMul` reaches.
 */
export function denseMatMul(x: tf.Tensor2D, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, c] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D | undefined];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    save([a, b]);
    const value = layerMatMul(a, b, bias && c ? { bias: c } : {});
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      const d = dy as tf.Tensor2D;
      const grads: tf.Tensor[] = [
        layerMatMul(d, sb, { transposeB: true }),
        layerMatMul(sa, d, { transposeA: true }),
      ];
      if (bias) grads.push(tf.sum(d, 0));
      return grads;
    };
    return { value, gradFunc };
  });
  return (bias ? op(x, w, bias) : op(x, w)) as tf.Tensor2D;
}
