/**
 * The optimizers a spec names (`train.optimizer`), and changing the learning rate of one that is
 * training without losing its moments.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { createAdam } from './fused/fusedAdam';

export type Optimizer = tf.Optimizer;

/** What tfjs uses for a float32 backend (`backend.epsilon()` on CPU and WASM). */
const OPTIMIZER_EPSILON = 1e-7;

export function createOptimizer(spec: ResolvedSpec, learningRate: number): Optimizer {
  switch (spec.train.optimizer) {
    // Epsilon given explicitly: by default tfjs takes it from the backend, and the WebGL backend
    // of 4.22 misreports its float precision as 16 bits (1e-4 instead of 1e-7), so Adam and
    // RMSProp would train differently on WebGL than on CPU and WASM.
    case 'adam':
      return createAdam(learningRate, OPTIMIZER_EPSILON);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, 0, OPTIMIZER_EPSILON);
    case 'sgd':
      return spec.train.momentum > 0
        ? tf.train.momentum(learningRate, spec.train.momentum)
        : tf.train.sgd(learningRate);
  }
}

/**
 * tf.train's optimizers read `learningRate` on every step, but only SGD (and Momentum) expose a
 * setter; Adam and RMSProp keep it in a protected field. Setting it keeps the optimizer's moments,
 * which a new optimizer would lose.
 */
export function setLearningRate(optimizer: Optimizer, learningRate: number): void {
  const o = optimizer as unknown as {
    learningRate: number;
    setLearningRate?: (lr: number) => void;
  };
  if (o.learningRate === learningRate) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}
