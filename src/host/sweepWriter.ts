/**
 * The sweeps the host writes for the lab: the first record of a sweep makes its folder (locked),
 * every later one replaces `sweep.json` atomically, in the order sent, and the record that ends
 * the sweep releases the lock. Free of `vscode` (the caller hands in where folders go), so it is
 * tested in Node (test/unit/sweepStore.test.ts).
 */
import type { SweepRecord } from '../engine/sweepRecord';
import { SweepFolder } from '../node/sweepFiles';

export interface SweepWriterDeps {
  /** The runs folder new sweeps go to; throws when there is none (no folder open). */
  root(): string;
  /** The folder of a sweep this window did not start (a page that outlived a host restart). */
  find(sweepId: string): Promise<string | undefined>;
  label(dir: string): string;
  holder: string;
}

interface LiveSweep {
  folder: Promise<SweepFolder>;
  pending: Promise<unknown>;
}

export class SweepWriter {
  private readonly live = new Map<string, LiveSweep>();

  constructor(private readonly deps: SweepWriterDeps) {}

  /** Writes the record; returns the sweep's id and folder (a new one without `sweepId`). */
  async save(
    sweepId: string | undefined,
    record: SweepRecord,
  ): Promise<{ sweepId: string; folder: string }> {
    if (sweepId === undefined) {
      // A Compare or Bottleneck folder is named for its experiment (`<spec>-compare-<stamp>`).
      const folder = await SweepFolder.create(
        this.deps.root(),
        record.spec,
        this.deps.holder,
        record.experiment ?? 'sweep',
      );
      const live: LiveSweep = { folder: Promise.resolve(folder), pending: Promise.resolve() };
      this.live.set(folder.id, live);
      await this.queue(folder.id, live, record);
      return { sweepId: folder.id, folder: this.deps.label(folder.dir) };
    }
    let live = this.live.get(sweepId);
    if (!live) {
      const opening = this.deps.find(sweepId).then((dir) => {
        if (!dir) throw new Error(`no sweep folder "${sweepId}"`);
        return SweepFolder.reopen(dir, this.deps.holder);
      });
      live = { folder: opening, pending: Promise.resolve() };
      this.live.set(sweepId, live);
      opening.catch(() => this.live.delete(sweepId));
    }
    const folder = await this.queue(sweepId, live, record);
    return { sweepId, folder: this.deps.label(folder.dir) };
  }

  /** Waits for every write given so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.live.values()].map((s) => s.pending.catch(() => undefined)));
  }

  /** Releases every sweep folder (the window closes). */
  async dispose(): Promise<void> {
    const sweeps = [...this.live.values()];
    this.live.clear();
    await Promise.all(
      sweeps.map(async (s) => {
        await s.pending.catch(() => undefined);
        await (await s.folder.catch(() => undefined))?.close();
      }),
    );
  }

  private queue(sweepId: string, live: LiveSweep, record: SweepRecord): Promise<SweepFolder> {
    const next = live.pending
      .catch(() => undefined)
      .then(async () => {
        const folder = await live.folder;
        await folder.write(record);
        if (!folder.isOpen && this.live.get(sweepId) === live) this.live.delete(sweepId);
        return folder;
      });
    live.pending = next;
    return next;
  }
}
