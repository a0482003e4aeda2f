/**
 * A run's checkpoint as one atomic step, free of TensorFlow.js (the extension host writes the
 * lab's checkpoints with it without loading the engine).
 *
 * A checkpoint is two files: the values in `weights-<16 hex of their SHA-256>.bin` and the
 * manifest `weights.json`, which names that file and records its size and SHA-256. The data file
 * is written first under its own new name, then the manifest is replaced (temp file + rename):
 * that rename is the commit. Until it happens the old manifest still names the old data file,
 * which nothing has touched; after it, the new manifest names a complete new file. Only then is
 * the previous data file deleted. A crash anywhere leaves a manifest whose label (epoch, metrics)
 * belongs to the values it names. Readers check the size and the checksum before they use them.
 *
 * Run folders of earlier versions have `weights.bin` and a manifest without `data`: they still
 * load, checked against the size the manifest's shapes imply.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';
import { RUN_FILES } from './runFileNames';
import type { FinalMetrics } from './trainEvents';

export const WEIGHTS_FORMAT = 'rnnlab-weights';

/** `weights-0123456789abcdef.bin`: a checkpoint's values, named by their content. */
export const CHECKPOINT_DATA_FILE = /^weights-[0-9a-f]{16}\.bin$/;

/** What one weight of the manifest says (`tf.io.WeightsManifestEntry` without quantization). */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'complex64' | 'string';
}

/** `weights.json`. */
export interface WeightsFile {
  format: typeof WEIGHTS_FORMAT;
  /** The epoch after which these weights were saved. */
  epoch: number;
  /** Test metrics at that epoch. */
  metrics?: FinalMetrics;
  /** The data file's size and SHA-256 (hex); absent in run folders of earlier versions. */
  data?: { bytes: number; sha256: string };
  /** TensorFlow.js' weights manifest: one group, whose one path is the data file. */
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

/** The store operations a checkpoint needs (a subset of the engine's `RunStore`). */
export interface CheckpointStore {
  writeFile(name: string, data: string | Uint8Array): Promise<void>;
  readFile(name: string): Promise<Uint8Array>;
  /** Deletes a file; a missing file is fine. Stores without it keep old data files. */
  removeFile?(name: string): Promise<void>;
}

/** A checkpoint that cannot be used: missing, torn, or not what its manifest says. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/** The data file name for these bytes. */
export function checkpointDataName(hash: string): string {
  return `weights-${hash.slice(0, 16)}.bin`;
}

/** Whether a name is a checkpoint data file of any version (`weights-….bin`, `weights.bin`). */
export function isCheckpointDataName(name: string): boolean {
  return CHECKPOINT_DATA_FILE.test(name) || name === RUN_FILES.weightsData;
}

/** Bytes the manifest's weights take, as `tf.io.encodeWeights` writes them. */
export function expectedDataBytes(file: WeightsFile): number {
  let total = 0;
  for (const group of file.weightsManifest) {
    for (const w of group.weights) {
      const size = DTYPE_BYTES[w.dtype];
      if (size === undefined) throw new CheckpointError(`weight "${w.name}": dtype ${w.dtype}`);
      total += w.shape.reduce((a, b) => a * b, 1) * size;
    }
  }
  return total;
}

/** A parsed `weights.json`, or a `CheckpointError` that says what is wrong with it. */
export function parseWeightsFile(value: unknown): WeightsFile {
  const v = value as Partial<WeightsFile> | null;
  const bad = (why: string) => new CheckpointError(`${RUN_FILES.weightsManifest}: ${why}`);
  if (!v || typeof v !== 'object' || v.format !== WEIGHTS_FORMAT) {
    throw bad('not an rnnlab weights file');
  }
  if (typeof v.epoch !== 'number' || !Number.isInteger(v.epoch) || v.epoch < 0) {
    throw bad('no epoch');
  }
  const group = Array.isArray(v.weightsManifest) ? v.weightsManifest[0] : undefined;
  if (!group || v.weightsManifest?.length !== 1 || group.paths?.length !== 1) {
    throw bad('expected one weights group with one file');
  }
  const name = group.paths[0] ?? '';
  if (!isCheckpointDataName(name)) throw bad(`names "${name}", not a checkpoint data file`);
  if (!Array.isArray(group.weights)) throw bad('no weights');
  if (v.data !== undefined) {
    if (typeof v.data.bytes !== 'number' || !/^[0-9a-f]{64}$/.test(String(v.data.sha256))) {
      throw bad('its "data" record is malformed');
    }
  }
  return v as WeightsFile;
}

/** The data file a manifest names. */
export function dataFileOf(file: WeightsFile): string {
  return file.weightsManifest[0]?.paths[0] ?? RUN_FILES.weightsData;
}

/** Throws unless `bytes` are the values `file` describes (size, and checksum when recorded). */
export function verifyCheckpointData(file: WeightsFile, bytes: Uint8Array): void {
  const name = dataFileOf(file);
  const expected = expectedDataBytes(file);
  if (bytes.byteLength !== expected || (file.data && file.data.bytes !== expected)) {
    throw new CheckpointError(
      `${name} has ${bytes.byteLength} bytes, but ${RUN_FILES.weightsManifest} describes ${expected}: the checkpoint is damaged`,
    );
  }
  if (file.data && sha256Hex(bytes) !== file.data.sha256) {
    throw new CheckpointError(
      `${name} does not match the checksum in ${RUN_FILES.weightsManifest}: the checkpoint is damaged`,
    );
  }
}

async function readManifest(store: CheckpointStore): Promise<WeightsFile> {
  let bytes: Uint8Array;
  try {
    bytes = await store.readFile(RUN_FILES.weightsManifest);
  } catch {
    throw new CheckpointError(`no checkpoint (${RUN_FILES.weightsManifest} is missing)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CheckpointError(
      `${RUN_FILES.weightsManifest}: not valid JSON (${(error as Error).message})`,
    );
  }
  return parseWeightsFile(value);
}

/** The checkpoint's manifest and its data, verified. Throws `CheckpointError`. */
export async function readCheckpoint(
  store: CheckpointStore,
): Promise<{ file: WeightsFile; bytes: Uint8Array }> {
  const file = await readManifest(store);
  const name = dataFileOf(file);
  let bytes: Uint8Array;
  try {
    bytes = await store.readFile(name);
  } catch {
    throw new CheckpointError(`${RUN_FILES.weightsManifest} names ${name}, which is missing`);
  }
  verifyCheckpointData(file, bytes);
  return { file, bytes };
}

/** The data file the current manifest names, if it can be read; for clean-ups. */
export async function currentDataFile(store: CheckpointStore): Promise<string | undefined> {
  try {
    return dataFileOf(await readManifest(store));
  } catch {
    return undefined;
  }
}

/**
 * The manifest for `data`: the label and the weight entries, plus the data file's name, size and
 * checksum.
 */
export function checkpointManifest(
  label: { epoch: number; metrics?: FinalMetrics },
  weights: WeightEntry[],
  data: Uint8Array,
): { file: WeightsFile; dataName: string } {
  const hash = sha256Hex(data);
  const dataName = checkpointDataName(hash);
  const file: WeightsFile = {
    format: WEIGHTS_FORMAT,
    epoch: label.epoch,
    ...(label.metrics ? { metrics: label.metrics } : {}),
    data: { bytes: data.byteLength, sha256: hash },
    weightsManifest: [{ paths: [dataName], weights }],
  };
  return { file, dataName };
}

/**
 * Writes a checkpoint as one atomic step (see the header): the data file, then the manifest, then
 * the previous data file is deleted. `data` is verified against `file` first, so a caller that
 * received both from elsewhere (the host, from the lab page) never commits a torn pair. Returns
 * the files written, in order.
 */
export async function writeCheckpoint(
  store: CheckpointStore,
  file: WeightsFile,
  data: Uint8Array,
): Promise<string[]> {
  const parsed = parseWeightsFile(file);
  const dataName = dataFileOf(parsed);
  if (!CHECKPOINT_DATA_FILE.test(dataName) || !parsed.data) {
    throw new CheckpointError(`a new checkpoint must name its data by content (got ${dataName})`);
  }
  verifyCheckpointData(parsed, data);
  if (dataName !== checkpointDataName(parsed.data.sha256)) {
    throw new CheckpointError(`${dataName} is not named by its checksum`);
  }
  const previous = await currentDataFile(store);
  await store.writeFile(dataName, data);
  await store.writeFile(RUN_FILES.weightsManifest, `${JSON.stringify(parsed, null, 2)}\n`);
  if (previous !== undefined && previous !== dataName) await store.removeFile?.(previous);
  return [dataName, RUN_FILES.weightsManifest];
}
