/** A fully connected layer y = x·W + b: the output head and the attention projections. */
import * as tf from '@tensorflow/tfjs';
import { denseMatMul } from './fused/layerMatMul';
import { fusedKernelsEnabled } from './fused/fusedSwitch';
import { variableFrom } from './cells/createCell';
import { glorotUniform, seededRng } from './cells/seededInit';

export interface DenseOptions {
  inputSize: number;
  outputSize: number;
  /** Seed of the initial weights (`train.seed`). */
  seed: number;
  /** Prefix of the weight names and of the random stream, e.g. `head`. */
  name: string;
  /** Whether to add a bias (default true). */
  bias?: boolean;
}

export class Dense {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly name: string;
  /** [inputSize, outputSize], Glorot uniform. */
  readonly kernel: tf.Variable;
  /** [outputSize], zeros. */
  readonly bias?: tf.Variable;

  constructor(options: DenseOptions) {
    this.inputSize = options.inputSize;
    this.outputSize = options.outputSize;
    this.name = options.name;
    const values = glorotUniform(
      options.inputSize,
      options.outputSize,
      seededRng(options.seed, `${options.name}/kernel`),
    );
    this.kernel = variableFrom(
      tf.tensor2d(values, [options.inputSize, options.outputSize]),
      `${options.name}/kernel`,
    );
    if (options.bias ?? true) {
      this.bias = variableFrom(tf.zeros([options.outputSize]), `${options.name}/bias`);
    }
  }

  /** [N, inputSize] -> [N, outputSize]. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return fusedKernelsEnabled()
      ? denseMatMul(x, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D | undefined)
      : this.bias
        ? (tf.fused.matMul({ a: x, b: this.kernel, bias: this.bias }) as tf.Tensor2D)
        : (tf.matMul(x, this.kernel) as tf.Tensor2D);
  }

  /** [B, T, inputSize] -> [B, T, outputSize]: one matMul for every step. */
  applyToSequence(x: tf.Tensor3D): tf.Tensor3D {
    const [batch, time] = x.shape;
    return tf.tidy(() =>
      this.apply(x.reshape([batch * time, this.inputSize])).reshape([batch, time, this.outputSize]),
    );
  }

  /** Weights with names relative to the layer (`kernel`, `bias`). */
  namedWeights(): { name: string; variable: tf.Variable }[] {
    return [
      { name: 'kernel', variable: this.kernel },
      ...(this.bias ? [{ name: 'bias', variable: this.bias }] : []),
    ];
  }

  paramCount(): number {
    return this.kernel.size + (this.bias?.size ?? 0);
  }

  dispose(): void {
    this.kernel.dispose();
    this.bias?.dispose();
  }
}
