/**
 * A whole model trained by an exported PyTorch project (`train.py`, alone or under `torchrun`,
 * writes `weights.json` in the `rnnlab-pytorch` format beside its `metrics.jsonl`) as a run folder
 * of the lab, so the lab's inspector, curves and hovers open it like any run of the spec:
 * `spec.json` and `dataset.json` from the file, the training's events, and the weights as the
 * lab's own checkpoint (one atomic step, `runStore.saveCheckpoint`). The folder is written under
 * its lock, each file atomically (`runFiles.ts`), so no reader sees half of it. "RNN Lab: Import
 * Weights…" calls it; the conversion of the weights is `engine/torchModel.ts`.
 */
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { RUN_FILES } from '../engine/runFileNames';
import { appendMetrics, saveCheckpoint, writeRunHeader } from '../engine/runStore';
import { modelFromTorchFile, type TorchModelFile } from '../engine/torchModel';
import type { TrainEvent, TrainEventType } from '../engine/trainEvents';
import { createRunFolder, FileRunStore, parseMetrics } from './runFiles';

/** The purpose part of an imported run's folder name: `<spec>-pytorch-<stamp>`. */
export const IMPORT_PURPOSE = 'pytorch';

const KNOWN: ReadonlySet<TrainEventType> = new Set<TrainEventType>([
  'start',
  'batch',
  'gradients',
  'epoch',
  'checkpoint',
  'done',
  'stopped',
  'failed',
]);

/**
 * The events of the training that wrote these weights, from the text of the `metrics.jsonl`
 * beside them: `train.py` appends one training after another, so only the last one (from its
 * `start`) counts, and only when it is of this spec and its last epoch is the weights' epoch (a
 * file from another training says nothing about these weights). Its own `checkpoint` events name
 * PyTorch's files; the run gets one naming the lab's checkpoint instead (`importTorchRun`).
 */
export function trainingEvents(
  metricsText: string | undefined,
  file: TorchModelFile,
): TrainEvent[] {
  if (metricsText === undefined) return [];
  const events = parseMetrics(metricsText).events.filter((e) => KNOWN.has(e.type));
  let from = -1;
  for (let k = events.length - 1; k >= 0; k--) {
    if (events[k]?.type === 'start') {
      from = k;
      break;
    }
  }
  if (from < 0) return [];
  const training = events.slice(from);
  const start = training[0];
  if (start?.type !== 'start' || start.spec !== file.spec.name) return [];
  const epochs = training.filter((e) => e.type === 'epoch');
  if (epochs.at(-1)?.epoch !== file.epoch) return [];
  return training.filter((e) => e.type !== 'checkpoint');
}

/** The `metrics.jsonl` beside a weights file, as text; undefined when there is none. */
export async function readMetricsBeside(weightsPath: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(path.dirname(weightsPath), RUN_FILES.metrics), 'utf8');
  } catch {
    return undefined;
  }
}

export interface ImportedRun {
  runId: string;
  dir: string;
  /** Events of the PyTorch training carried over (0: none beside the weights, or not theirs). */
  events: number;
}

/**
 * Writes a new run folder under `root` (`<spec name>-pytorch-<stamp>`) holding `file`'s model.
 * The weights are checked against the spec's model first (`TorchImportError` naming the key and
 * shape): nothing is created for a file that does not fit. `lockHolder` names the writer in the
 * folder's lock while it writes.
 */
export async function importTorchRun(
  root: string,
  file: TorchModelFile,
  options: { events?: readonly TrainEvent[]; lockHolder: string; now?: Date },
): Promise<ImportedRun> {
  const model = modelFromTorchFile(file);
  try {
    const runId = await createRunFolder(root, file.spec.name, {
      purpose: IMPORT_PURPOSE,
      ...(options.now ? { now: options.now } : {}),
    });
    const dir = path.join(root, runId);
    const { store } = await FileRunStore.open(dir, { lock: options.lockHolder });
    const events = options.events ?? [];
    let written = false;
    try {
      await writeRunHeader(store, file.spec, file.dataset);
      const ending = events.at(-1);
      const terminal =
        ending && (ending.type === 'done' || ending.type === 'stopped' || ending.type === 'failed');
      const before = terminal ? events.slice(0, -1) : events;
      for (const event of before) await appendMetrics(store, event);
      const files = await saveCheckpoint(store, model, {
        epoch: file.epoch,
        ...(file.metrics ? { metrics: file.metrics } : {}),
      });
      // A run's checkpoint event names its files: the lab's, not PyTorch's.
      if (events.length > 0)
        await appendMetrics(store, { type: 'checkpoint', epoch: file.epoch, files });
      if (terminal && ending) await appendMetrics(store, ending);
      written = true;
    } finally {
      await store.close();
      // Half a run is no run: a failed write (a full disk) leaves nothing behind.
      if (!written) await rm(dir, { recursive: true, force: true });
    }
    return { runId, dir, events: events.length };
  } finally {
    model.dispose();
  }
}
