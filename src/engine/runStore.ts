/**
 * A training run on storage, independent of where the storage is (a folder on disk in Node —
 * `src/cli/runFolder.ts` —, the extension's storage, memory in tests and webviews).
 *
 * Files of a run (see docs/run-folder.md):
 * - `spec.json`     the resolved spec the run trained (every default filled in);
 * - `dataset.json`  the dataset's meta (`DatasetMeta`): vocabularies, architecture, features and
 *                   length limits — enough to rebuild the model and encode new inputs without
 *                   regenerating or reloading the data;
 * - `metrics.jsonl` every `TrainEvent`, one JSON object per line, appended as they happen;
 * - `weights.json` + `weights-<hash>.bin`  the latest checkpoint in TensorFlow.js' weights format,
 *     written as one atomic step (`checkpointFormat.ts`): the data file, named by its SHA-256,
 *     first; then the manifest that names it, with its size and checksum, by rename. Readers
 *     verify both before they use them.
 *     weights.json = { "format": "rnnlab-weights", "epoch": N, "metrics": {...},
 *                      "data": { "bytes": B, "sha256": "…" },
 *                      "weightsManifest": [{ "paths": ["weights-<hash>.bin"],
 *                                            "weights": [{ "name", "shape", "dtype" }, ...] }] }
 *     the data file = the values as `tf.io.encodeWeights` writes them (little-endian float32, in
 *                    manifest order), so `tf.io.decodeWeights(bin, manifest[0].weights)` reads
 *                    them back. Names are the model's stable weight names (`embedding`,
 *                    `layer1/kernel`, `encoder1/recurrentKernel`, `head/bias`, …). Run folders of
 *                    earlier versions have `weights.bin` instead; they load as before.
 *
 * A store writes whole files atomically (the CLI: a temporary file, then rename) and appends lines
 * whole, so a reader never sees half a file or half an event.
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { Dataset } from '../tasks/dataset';
import {
  checkpointManifest,
  readCheckpoint,
  writeCheckpoint,
  type WeightEntry,
  type WeightsFile,
} from './checkpointFormat';
import { datasetMeta, parseDatasetMeta, type DatasetMeta } from './datasetMeta';
import { RUN_FILES } from './runFileNames';
import { createModel, type SeqModel } from './seqModel';
import type { FinalMetrics, TrainEvent } from './trainEvents';

export { WEIGHTS_FORMAT, type WeightsFile } from './checkpointFormat';

export interface RunStore {
  /** Replaces (or creates) a whole file, atomically. */
  writeFile(name: string, data: string | Uint8Array): Promise<void>;
  /** Appends one line (a newline is added), never interleaved with another append. */
  appendLine(name: string, line: string): Promise<void>;
  /** A file's bytes; rejects when it does not exist. */
  readFile(name: string): Promise<Uint8Array>;
  /** Deletes a file (a missing one is fine): the data file a new checkpoint replaced. */
  removeFile?(name: string): Promise<void>;
}

/** A store in memory: for tests, and for webviews that keep a run until it is saved elsewhere. */
export class MemoryRunStore implements RunStore {
  readonly files = new Map<string, Uint8Array>();

  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    this.files.set(name, typeof data === 'string' ? new TextEncoder().encode(data) : data.slice());
  }

  async appendLine(name: string, line: string): Promise<void> {
    const old = this.files.get(name) ?? new Uint8Array();
    const add = new TextEncoder().encode(`${line}\n`);
    const joined = new Uint8Array(old.length + add.length);
    joined.set(old);
    joined.set(add, old.length);
    this.files.set(name, joined);
  }

  async readFile(name: string): Promise<Uint8Array> {
    const data = this.files.get(name);
    if (!data) throw new Error(`${name}: no such file in the run`);
    return data.slice();
  }

  async removeFile(name: string): Promise<void> {
    this.files.delete(name);
  }
}

export async function readText(store: RunStore, name: string): Promise<string> {
  return new TextDecoder().decode(await store.readFile(name));
}

async function readJson(store: RunStore, name: string): Promise<unknown> {
  const text = await readText(store, name);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${name}: not valid JSON (${(error as Error).message})`);
  }
}

/** Writes `spec.json` and `dataset.json` (the start of a run). */
export async function writeRunHeader(
  store: RunStore,
  spec: ResolvedSpec,
  dataset: Dataset | DatasetMeta,
): Promise<void> {
  await store.writeFile(RUN_FILES.spec, `${JSON.stringify(spec, null, 2)}\n`);
  await store.writeFile(RUN_FILES.dataset, `${JSON.stringify(datasetMeta(dataset), null, 2)}\n`);
}

export async function appendMetrics(store: RunStore, event: TrainEvent): Promise<void> {
  await store.appendLine(RUN_FILES.metrics, JSON.stringify(event));
}

/** Every event of `metrics.jsonl` (a torn last line, from a crash mid-write, is skipped). */
export async function readMetrics(store: RunStore): Promise<TrainEvent[]> {
  const text = await readText(store, RUN_FILES.metrics);
  const events: TrainEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as TrainEvent);
    } catch {
      // Only the last line can be torn; ignore it.
    }
  }
  return events;
}

/** Saves the model's weights as the run's checkpoint (one atomic step); returns the files written. */
export async function saveCheckpoint(
  store: RunStore,
  model: SeqModel,
  info: { epoch: number; metrics?: FinalMetrics },
): Promise<string[]> {
  const named = model.weights().map((w) => ({ name: w.name, tensor: w.variable as tf.Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  const bytes = new Uint8Array(data as ArrayBuffer);
  const { file } = checkpointManifest(info, specs as WeightEntry[], bytes);
  return writeCheckpoint(store, file, bytes);
}

/**
 * Reads the checkpoint into `model`'s weights (names and shapes must match), after checking that
 * the data is the one its manifest describes. Returns the manifest (its epoch and metrics).
 */
export async function loadCheckpoint(store: RunStore, model: SeqModel): Promise<WeightsFile> {
  const { file, bytes } = await readCheckpoint(store);
  const group = file.weightsManifest[0];
  // A view of exactly these bytes (a Node Buffer may sit inside a larger pool).
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const values = tf.io.decodeWeights(
    buffer as ArrayBuffer,
    (group?.weights ?? []) as tf.io.WeightsManifestEntry[],
  );
  try {
    for (const { name, variable } of model.weights()) {
      const value = values[name];
      if (!value) throw new Error(`the checkpoint has no weight "${name}"`);
      if (!tf.util.arraysEqual(value.shape, variable.shape)) {
        throw new Error(
          `weight "${name}" has shape [${value.shape.join(', ')}] in the checkpoint, ` +
            `[${variable.shape.join(', ')}] in the model`,
        );
      }
      variable.assign(value);
    }
  } finally {
    tf.dispose(Object.values(values));
  }
  return file;
}

export interface LoadedRun {
  spec: ResolvedSpec;
  datasetMeta: DatasetMeta;
  /** Built from the spec and meta, with the checkpoint's weights. */
  model: SeqModel;
  /** Epoch of the checkpoint (continue with `startEpoch: epoch + 1`). */
  epoch: number;
  metrics?: FinalMetrics;
}

/** Rebuilds a run's model from its files, to inspect it or to continue training. */
export async function loadRun(store: RunStore): Promise<LoadedRun> {
  const spec = (await readJson(store, RUN_FILES.spec)) as ResolvedSpec;
  if (!spec || typeof spec !== 'object' || !spec.model || !spec.train || !spec.task) {
    throw new Error(`${RUN_FILES.spec}: not a resolved spec`);
  }
  const meta = parseDatasetMeta(await readJson(store, RUN_FILES.dataset));
  const model = createModel(spec, meta);
  try {
    const file = await loadCheckpoint(store, model);
    return {
      spec,
      datasetMeta: meta,
      model,
      epoch: file.epoch,
      ...(file.metrics ? { metrics: file.metrics } : {}),
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
