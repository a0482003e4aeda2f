/**
 * What every cell shares: the weights, the one-matMul input projection, zero states, parameter
 * counts and disposal. The cells themselves only write `step`.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKind } from '../../spec/specSchema';
import { CELL_FACTS, type GateName } from './cellFacts';
import type {
  CellActivation,
  CellState,
  CellWeights,
  RecurrentCell,
  StepResult,
} from './recurrentCell';

export interface CellShape {
  /** Features per input step. */
  inputSize: number;
  /** Units: the size of h_t (and c_t). */
  hidden: number;
  /** Prefix of the variable names, e.g. `layer0`. */
  name: string;
}

export abstract class BaseCell implements RecurrentCell {
  abstract readonly kind: CellKind;
  readonly activation: CellActivation = 'tanh';
  readonly inputSize: number;
  readonly hidden: number;
  readonly name: string;
  readonly weights: CellWeights;

  constructor(shape: CellShape, weights: CellWeights) {
    this.inputSize = shape.inputSize;
    this.hidden = shape.hidden;
    this.name = shape.name;
    this.weights = weights;
  }

  get gateNames(): readonly GateName[] {
    return CELL_FACTS[this.kind].gates;
  }

  get gateCount(): number {
    return CELL_FACTS[this.kind].blocks;
  }

  projectInputs(x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [batch, time, features] = x.shape;
      // Row-wise affine map, so any [rows, features] layout works; one fused matMul for all steps.
      const flat = tf.fused.matMul({
        a: x.reshape([batch * time, features]),
        b: this.weights.kernel,
        bias: this.weights.bias,
      });
      return flat.reshape([batch, time, this.gateCount * this.hidden]);
    });
  }

  abstract step(projected: tf.Tensor2D, state: CellState): StepResult;

  zeroState(batch: number): CellState {
    const h = tf.zeros<tf.Rank.R2>([batch, this.hidden]);
    if (!CELL_FACTS[this.kind].states.includes('c')) return { h };
    return { h, c: tf.zeros<tf.Rank.R2>([batch, this.hidden]) };
  }

  paramCount(): number {
    return this.variables().reduce((sum, v) => sum + v.size, 0);
  }

  variables(): tf.Variable[] {
    const { kernel, recurrentKernel, bias, recurrentBias } = this.weights;
    return recurrentBias
      ? [kernel, recurrentKernel, bias, recurrentBias]
      : [kernel, recurrentKernel, bias];
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }

  /** x_t·U + b is already in `projected`; this adds h_{t-1}·W. */
  protected preActivation(projected: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
    return tf.add<tf.Tensor2D>(projected, tf.matMul(h, this.weights.recurrentKernel));
  }
}

/**
 * Splits [batch, count·hidden] into `count` gate blocks of [batch, hidden].
 *
 * Not `tf.split`: a slice along the last axis is a strided copy, and the CPU backend does it one
 * element at a time through index arrays (about 14 ms for [64, 512] on a 2-core machine, more than
 * the step's matMul). Reshaping to [batch, count, hidden] and moving the gate axis first costs one
 * transpose (about 1.5 ms there), after which every gate is a contiguous block that `unstack`
 * hands out as a view. On WASM both ways cost well under a millisecond; on WebGL this is one
 * transpose program instead of `count` slice programs.
 */
export function splitGates(z: tf.Tensor2D, count: number): tf.Tensor2D[] {
  if (count === 1) return [z];
  const [batch, width] = z.shape;
  const gateMajor = tf.transpose(tf.reshape(z, [batch, count, width / count]), [1, 0, 2]);
  return tf.unstack(gateMajor) as tf.Tensor2D[];
}
