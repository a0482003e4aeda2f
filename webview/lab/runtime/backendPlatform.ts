/**
 * What the runtime needs of the page's TensorFlow.js backends, apart from the DOM: the lab page
 * gives it WebGL (with its context-loss events) through `backendChoice.ts`; in Node (the
 * runtime's unit tests) the CPU backend stands alone, with no WebGL to lose.
 */
import type { BackendChoice } from '../../../src/spec/specSchema';
import type { BackendInfo } from '../labContracts';
import type { RuntimeWords } from './runtimeText';

export type BackendName = BackendInfo['name'];

export interface BackendPlatform {
  /**
   * Starts the backend `choice` asks for (`source` names where the choice came from, e.g.
   * `train.backend`) and says which one runs and why.
   */
  start(choice: BackendChoice, source: string, words: RuntimeWords): Promise<BackendInfo>;
  /** After WebGL failed: the next backend that starts (WASM, else CPU). */
  fallback(): Promise<BackendName>;
  /** Calls `onLost` when the WebGL context is lost; returns the unsubscribe. */
  watchContextLoss(onLost: () => void): () => void;
  /** Whether the WebGL context is lost now (false without WebGL). */
  contextLost(): boolean;
}
