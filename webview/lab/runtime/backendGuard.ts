/**
 * Which backend trains, and what happens when WebGL goes: the guard starts the backend the lab
 * asks for, tells the listeners which one runs and why, watches WebGL's context, moves to WASM
 * (else CPU) when it is lost or fails, and rebuilds a model there from its in-memory checkpoint.
 */
import { loadCheckpoint } from '../../../src/engine/runStore';
import type { DatasetMeta } from '../../../src/engine/datasetMeta';
import { createModel, type SeqModel } from '../../../src/engine/seqModel';
import type { ResolvedSpec } from '../../../src/spec/resolveSpec';
import type { BackendChoice } from '../../../src/spec/specSchema';
import type { BackendInfo } from '../labContracts';
import type { BackendPlatform } from './backendPlatform';
import type { RunMemory } from './runMemory';
import type { RuntimeListeners } from './runtimeListeners';
import type { RuntimeWords } from './runtimeText';

export class BackendGuard {
  private current: BackendInfo | undefined;
  private unwatch: () => void = () => {};

  constructor(
    private readonly platform: BackendPlatform,
    private readonly listeners: RuntimeListeners,
    private readonly log: (message: string) => void,
    /** Called when the WebGL context is lost (the runtime decides what that means now). */
    private readonly onContextLost: () => void,
  ) {}

  get info(): BackendInfo | undefined {
    return this.current;
  }

  /** Whether the WebGL context is lost now; what `RunMemory` asks before it keeps a write. */
  readonly contextLost = (): boolean => this.platform.contextLost();

  async start(choice: BackendChoice, source: string, words: RuntimeWords): Promise<BackendInfo> {
    const info = await this.platform.start(choice, source, words);
    this.set(info);
    return info;
  }

  /**
   * Switches to WASM (else CPU) after WebGL failed; `reason` words why for the backend's name.
   * Returns that name as people write it.
   */
  async fallback(reason: (name: string) => string): Promise<string> {
    const name = await this.platform.fallback();
    const shown = name.toUpperCase();
    this.set({
      name,
      renderer: this.current?.renderer ?? '',
      softwareRenderer: this.current?.softwareRenderer ?? false,
      reason: reason(shown),
    });
    return shown;
  }

  /** A fresh model on the active backend with `memory`'s checkpoint (if any). */
  async rebuild(
    old: SeqModel,
    spec: ResolvedSpec,
    meta: DatasetMeta,
    memory: RunMemory,
  ): Promise<SeqModel> {
    try {
      old.dispose();
    } catch {
      // Its textures went with the lost context.
    }
    const model = createModel(spec, meta);
    if (memory.checkpointEpoch() !== undefined) await loadCheckpoint(memory, model);
    return model;
  }

  private set(info: BackendInfo): void {
    this.current = info;
    this.unwatch();
    this.unwatch =
      info.name === 'webgl' ? this.platform.watchContextLoss(this.onContextLost) : () => {};
    this.log(`backend ${info.name}: ${info.reason}`);
    this.listeners.tell((l) => l.backend(info));
  }
}
