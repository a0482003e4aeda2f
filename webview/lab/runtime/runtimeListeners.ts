/**
 * The runtime's listeners (the views, through main.ts) and how they are told: in order, in a task
 * of their own, so the views draw after the engine's work of this moment (the epoch's evaluation,
 * a batch) has ended, not inside the same long task. A listener that throws is logged, and the
 * others are still told.
 */
import { yieldToEventLoop } from '../../../src/engine/yieldToEventLoop';
import type { RuntimeListener } from '../labContracts';
import { messageOf } from './errorMessage';

export class RuntimeListeners {
  private readonly listeners = new Set<RuntimeListener>();
  private told: ((listener: RuntimeListener) => void)[] = [];
  private telling = false;

  constructor(private readonly logError: (message: string) => void) {}

  subscribe(listener: RuntimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tell(call: (listener: RuntimeListener) => void): void {
    this.told.push(call);
    if (this.telling) return;
    this.telling = true;
    void yieldToEventLoop().then(() => {
      const calls = this.told;
      this.told = [];
      this.telling = false;
      for (const c of calls) {
        for (const l of [...this.listeners]) {
          try {
            c(l);
          } catch (error) {
            this.logError(`a view failed: ${messageOf(error)}`);
          }
        }
      }
    });
  }

  /** A notice for the user, e.g. "WebGL context lost: continuing on WASM from epoch 3". */
  notice(message: string, level: 'info' | 'warning' | 'error'): void {
    this.tell((l) => l.notice(message, level));
  }
}
