/** TensorFlow.js' memory on the page's backend, for the status line and the leak tests. */
import * as tf from '@tensorflow/tfjs';

export function tensorMemory(): { tensors: number; bytes: number } {
  const memory = tf.memory();
  return { tensors: memory.numTensors, bytes: memory.numBytes };
}
