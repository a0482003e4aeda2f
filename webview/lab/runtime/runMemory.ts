/**
 * A run's files in the page's memory: the engine writes `spec.json`, `dataset.json` and each
 * epoch's checkpoint here (the host gets copies through the protocol and keeps the real run
 * folder). The in-memory checkpoint is what training continues from when the WebGL context is
 * lost or the backend changes. Events are not kept (`metrics.jsonl` lives with the host), and
 * each event's append is where a paused run waits.
 */
import {
  dataFileOf,
  parseWeightsFile,
  type WeightsFile,
} from '../../../src/engine/checkpointFormat';
import { MemoryRunStore } from '../../../src/engine/runStore';
import { RUN_FILES } from '../../../src/engine/runFileNames';

export class RunMemory extends MemoryRunStore {
  private paused: Promise<void> | undefined;
  private frozen = false;
  private release: (() => void) | undefined;

  /**
   * @param gpuLost whether values read back from the GPU now may be garbage. A checkpoint is
   * written after all its reads: when the context is lost by then, some of them may have come from
   * the lost context (they settle with meaningless values), so the write freezes the memory instead.
   */
  constructor(private readonly gpuLost: () => boolean) {
    super();
  }

  /** Training stops after the current batch (at its event) until `resume`. */
  pause(): void {
    if (this.paused) return;
    this.paused = new Promise((resolve) => (this.release = resolve));
  }

  resume(): void {
    this.release?.();
    this.paused = undefined;
    this.release = undefined;
  }

  get isPaused(): boolean {
    return this.paused !== undefined;
  }

  /**
   * Ignore writes until `thaw`: after the WebGL context is lost, the weights read back from it are
   * garbage and must not replace the last good checkpoint.
   */
  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
  }

  override async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    if (!this.frozen && this.gpuLost()) this.frozen = true;
    if (!this.frozen) await super.writeFile(name, data);
  }

  override async appendLine(name: string, line: string): Promise<void> {
    void name;
    void line;
    while (this.paused) await this.paused;
  }

  private manifest(): WeightsFile | undefined {
    const json = this.files.get(RUN_FILES.weightsManifest);
    if (!json) return undefined;
    try {
      return parseWeightsFile(JSON.parse(new TextDecoder().decode(json)));
    } catch {
      return undefined;
    }
  }

  /** The epoch of the checkpoint held, or undefined when there is none. */
  checkpointEpoch(): number | undefined {
    return this.manifest()?.epoch;
  }

  /** The checkpoint's files in the order the host writes them (the data file first). */
  checkpointFiles(): { name: string; data: Uint8Array }[] {
    const manifest = this.manifest();
    if (!manifest) return [];
    const names = [dataFileOf(manifest), RUN_FILES.weightsManifest, RUN_FILES.dataset];
    const out: { name: string; data: Uint8Array }[] = [];
    for (const name of names) {
      const data = this.files.get(name);
      if (data) out.push({ name, data });
    }
    return out;
  }
}
