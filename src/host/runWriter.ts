/**
 * What the host writes into run folders for the webviews, and what it refuses. Free of `vscode`
 * (the caller hands in the trust state and the run index), so the rules are tested in Node
 * (test/unit/hostRunWriter.test.ts).
 *
 * The host decides by itself, whatever a page says about itself:
 * - in an untrusted workspace no message that writes to disk is acted on (`startRun`,
 *   `trainEvent`, `saveCheckpoint`, `saveFile`, `saveSweep`), even though the page is told not to train;
 * - the side bar may only say it is ready, log, open a run or a sweep and answer requests: it
 *   never writes;
 * - `saveCheckpoint` writes only the files a checkpoint is made of — `weights.json`, the data file
 *   it names (`weights-<hash>.bin`, checked against the size and checksum it records) and
 *   `dataset.json` (a dataset meta) — as one atomic step (`checkpointFormat.ts`), never
 *   `spec.json`, `metrics.jsonl`, the lock or any other name.
 *
 * Each live run holds its folder's lock from `startRun` until its last event (`done`, `stopped`,
 * `failed`), so a CLI cannot write into a folder the lab is writing.
 */
import {
  CHECKPOINT_DATA_FILE,
  parseWeightsFile,
  writeCheckpoint,
} from '../engine/checkpointFormat';
import { parseDatasetMeta } from '../engine/datasetMeta';
import { RUN_FILES } from '../engine/runFileNames';
import type { TrainEvent } from '../engine/trainEvents';
import type { ViewKind, WebviewToHost } from '../protocol/messages';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { FileRunStore } from '../node/runFiles';

type MessageType = WebviewToHost['type'];

/** Messages that make the host write to disk. */
export const DISK_WRITES: ReadonlySet<MessageType> = new Set<MessageType>([
  'startRun',
  'trainEvent',
  'saveCheckpoint',
  'saveFile',
  'saveSweep',
]);

/** What each view has any business sending. */
const VIEW_MESSAGES: Record<ViewKind, ReadonlySet<MessageType>> = {
  lab: new Set<MessageType>([
    'ready',
    'startRun',
    'trainEvent',
    'saveCheckpoint',
    'saveFile',
    'revealProblem',
    'log',
    'status',
    'openRun',
    'openSweep',
    'saveSweep',
    'reply',
  ]),
  sidebar: new Set<MessageType>(['ready', 'log', 'openRun', 'openSweep', 'reply']),
};

/** Why the host refuses a message from a view, or undefined when it may act on it. */
export function refusal(
  message: WebviewToHost,
  from: ViewKind,
  trusted: boolean,
): string | undefined {
  if (!VIEW_MESSAGES[from].has(message.type)) {
    return `the ${from === 'sidebar' ? 'side bar' : 'lab'} may not send "${message.type}"`;
  }
  if (!trusted && DISK_WRITES.has(message.type)) {
    return `"${message.type}" writes to disk, which RNN Lab does not do in an untrusted workspace`;
  }
  return undefined;
}

/** A file a page sent, as bytes. */
export interface SentFile {
  name: string;
  data: Uint8Array;
}

/**
 * Writes the files of a lab checkpoint (see the header); throws, writing nothing, when any name is
 * not one a checkpoint owns or the data is not what the manifest describes. Returns the names
 * written, in order.
 */
export async function writeSentCheckpoint(
  store: Pick<FileRunStore, 'writeFile' | 'readFile' | 'removeFile'>,
  files: readonly SentFile[],
): Promise<string[]> {
  const byName = new Map<string, Uint8Array>();
  for (const file of files) {
    const owned =
      file.name === RUN_FILES.weightsManifest ||
      file.name === RUN_FILES.dataset ||
      CHECKPOINT_DATA_FILE.test(file.name);
    if (!owned) throw new Error(`"${file.name}" is not a checkpoint file name`);
    if (byName.has(file.name)) throw new Error(`"${file.name}" was sent twice`);
    byName.set(file.name, file.data);
  }
  const manifestBytes = byName.get(RUN_FILES.weightsManifest);
  if (!manifestBytes) throw new Error(`a checkpoint needs ${RUN_FILES.weightsManifest}`);
  const decode = (name: string, bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    } catch {
      throw new Error(`${name} is not valid JSON`);
    }
  };
  const manifest = parseWeightsFile(decode(RUN_FILES.weightsManifest, manifestBytes));
  const dataName = manifest.weightsManifest[0]?.paths[0] ?? '';
  const data = byName.get(dataName);
  if (!data) throw new Error(`${RUN_FILES.weightsManifest} names ${dataName}, which was not sent`);
  const others = [...byName.keys()].filter((n) => CHECKPOINT_DATA_FILE.test(n) && n !== dataName);
  if (others.length > 0) throw new Error(`${others.join(', ')}: not named by the manifest`);
  const dataset = byName.get(RUN_FILES.dataset);
  const written: string[] = [];
  if (dataset) {
    parseDatasetMeta(decode(RUN_FILES.dataset, dataset));
    await store.writeFile(RUN_FILES.dataset, dataset);
    written.push(RUN_FILES.dataset);
  }
  written.push(...(await writeCheckpoint(store, manifest, data)));
  return written;
}

/** A run folder the host writes (once open), and the chain of its writes (the lock outlives them). */
interface LiveRun {
  opened: Promise<OpenRun>;
  pending: Promise<unknown>;
}

interface OpenRun {
  store: FileRunStore;
  dir: string;
}

export interface RunWriterDeps {
  /** A new run folder, locked, with `spec.json` (and `dataset.json`) written. */
  create(
    spec: ResolvedSpec,
    dataset: unknown,
    purpose: string | undefined,
  ): Promise<{ runId: string; dir: string; store: FileRunStore; folder: string }>;
  /** Reopens (and locks) the folder of a run this window did not start; undefined when unknown. */
  reopen(runId: string): Promise<{ dir: string; store: FileRunStore } | undefined>;
}

const TERMINAL = new Set<TrainEvent['type']>(['done', 'stopped', 'failed']);

/** The runs the host writes for the lab: their stores, in order, each under its folder's lock. */
export class RunWriter {
  private readonly live = new Map<string, LiveRun>();

  constructor(private readonly deps: RunWriterDeps) {}

  async startRun(
    spec: ResolvedSpec,
    dataset: unknown,
    purpose?: string,
  ): Promise<{ runId: string; folder: string; dir: string }> {
    const opened = await this.deps.create(spec, dataset, purpose);
    this.live.set(opened.runId, { opened: Promise.resolve(opened), pending: Promise.resolve() });
    return { runId: opened.runId, folder: opened.folder, dir: opened.dir };
  }

  /** Appends an event to the run's `metrics.jsonl`; its last event releases the folder. */
  recordEvent(runId: string, event: TrainEvent): Promise<void> {
    return this.queue(runId, async (run) => {
      await run.store.appendLine(RUN_FILES.metrics, JSON.stringify(event));
      if (TERMINAL.has(event.type)) {
        this.live.delete(runId);
        await run.store.close();
      }
    });
  }

  saveCheckpoint(runId: string, files: readonly SentFile[]): Promise<string[]> {
    return this.queue(runId, (run) => writeSentCheckpoint(run.store, files));
  }

  /** Waits for every write given so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.live.values()].map((run) => run.pending.catch(() => undefined)));
  }

  /** Releases every folder (the window closes). */
  async dispose(): Promise<void> {
    const runs = [...this.live.values()];
    this.live.clear();
    await Promise.all(
      runs.map(async (run) => {
        await run.pending.catch(() => undefined);
        const opened = await run.opened.catch(() => undefined);
        await opened?.store.close();
      }),
    );
  }

  /** Runs one write of a run after those before it, opening the run again if needed. */
  private queue<T>(runId: string, work: (run: OpenRun) => Promise<T>): Promise<T> {
    const run = this.live.get(runId) ?? this.reopen(runId);
    const next = run.pending.catch(() => undefined).then(async () => work(await run.opened));
    run.pending = next;
    return next;
  }

  /**
   * A run this window did not start, or one that ended and goes on (the page outlived a host
   * restart, or continues a run): its folder is opened again, under its lock. The run is live at
   * once, its writes waiting for the opening, so messages that follow queue behind it in order.
   */
  private reopen(runId: string): LiveRun {
    const opened = this.deps.reopen(runId).then((found) => {
      if (!found) throw new Error(`no run folder "${runId}"`);
      return found;
    });
    const run: LiveRun = { opened, pending: Promise.resolve() };
    // A folder that cannot be opened is not live: the next message tries again.
    opened.catch(() => {
      if (this.live.get(runId) === run) this.live.delete(runId);
    });
    this.live.set(runId, run);
    return run;
  }
}
