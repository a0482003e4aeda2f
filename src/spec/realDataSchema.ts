/**
 * The task fields of the user's real-valued data: `series` (CSV/JSONL files of named channels)
 * and `audio` (a folder of WAV files per class, read as log-mel frames). One definition, spread
 * into `TaskSchema` (types, JSON schema, docs) and resolved here with their defaults.
 */
import { Type, type Static } from '@sinclair/typebox';
import { doc, int } from './schemaBuilders';

export const REAL_DATA_LIMITS = {
  horizon: { min: 1, max: 64 },
  stride: { min: 1, max: 100_000 },
  melBands: { min: 4, max: 128 },
  frameSize: { min: 64, max: 4096 },
  hopSize: { min: 16, max: 4096 },
} as const;

const columnName = (text: string, markdown: string) =>
  Type.String({ minLength: 1, maxLength: 128, ...doc(text, markdown) });

export const realDataTaskFields = {
  channels: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      minItems: 1,
      maxItems: 256,
      uniqueItems: true,
      ...doc(
        'series: the input columns (default: every column but idColumn and labelColumn).',
        'For `series`: the columns that are the input channels, e.g. `["temperature", "humidity"]`. ' +
          'By default every column except `idColumn` and `labelColumn`; list them to leave out a time or date column.',
      ),
    }),
  ),
  idColumn: Type.Optional(
    columnName(
      'series: the column naming the sequence of each row; without it a file is one sequence.',
      'For `series`: the column that names the sequence each row belongs to (rows with the same id, in file order, ' +
        'are one sequence). Without it each file is one sequence.',
    ),
  ),
  labelColumn: Type.Optional(
    columnName(
      "series: the column holding each sequence's class (many-to-one classification).",
      'For `series`: the column holding the class of each sequence (the same on every row of a sequence): the model ' +
        'reads a sequence and names its class (many-to-one). Without it the task is forecasting.',
    ),
  ),
  horizon: Type.Optional(
    int(
      REAL_DATA_LIMITS.horizon,
      'series forecasting: how many future steps to predict (1 = the next value).',
      'For `series` without `labelColumn`: how many future steps to predict, the next `horizon` values of the ' +
        'forecast channels, after the window (`many-to-one`) or after every step (`many-to-many`).',
      1,
    ),
  ),
  forecastChannels: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      minItems: 1,
      maxItems: 256,
      uniqueItems: true,
      ...doc(
        'series forecasting: the channels to predict (default: every input channel).',
        'For `series` forecasting: the channels to predict, each one of `channels` (default: all of them).',
      ),
    }),
  ),
  stride: Type.Optional(
    int(
      REAL_DATA_LIMITS.stride,
      'series, audio: steps between the starts of two windows of one long sequence (default: task.length).',
      'For `series` and `audio`: a sequence longer than `task.length` is cut into windows of `task.length` steps, ' +
        'one every `stride` steps (default `task.length`: windows that do not overlap). Windows never cross ' +
        'between the training and the test split: the split is by whole sequence.',
    ),
  ),
  normalize: Type.Optional(
    Type.Boolean({
      default: true,
      ...doc(
        'series, audio: scale each channel to mean 0 and deviation 1, measured on the training split only.',
        'For `series` and `audio`: scale each channel to mean 0 and standard deviation 1. The mean and deviation ' +
          'are measured on the training split only and saved with the run, so the test split and every input ' +
          'inspected later are scaled the same way.',
      ),
    }),
  ),
  melBands: Type.Optional(
    int(
      REAL_DATA_LIMITS.melBands,
      'audio: mel bands per frame (the input channels).',
      'For `audio`: mel bands per frame; each frame is the log energy in each band, one input channel per band.',
      20,
    ),
  ),
  frameSize: Type.Optional(
    int(
      REAL_DATA_LIMITS.frameSize,
      'audio: samples per analysis frame, a power of 2.',
      'For `audio`: samples per analysis frame (Hann window), a power of 2: 256 is 32 ms at 8 kHz.',
      256,
    ),
  ),
  hopSize: Type.Optional(
    int(
      REAL_DATA_LIMITS.hopSize,
      'audio: samples between the starts of two frames (one time step).',
      'For `audio`: samples between the starts of two frames, so one time step of the model is `hopSize` samples.',
      128,
    ),
  ),
  testFiles: Type.Optional(
    Type.Array(
      Type.String({
        minLength: 1,
        maxLength: 128,
        ...doc(
          'audio: a file-name pattern (* any characters, ? one) of clips held out for testing.',
          "A pattern matched against each clip's file name (not its class folder); `*` is any run of characters, `?` one.",
        ),
      }),
      {
        minItems: 1,
        maxItems: 32,
        ...doc(
          'audio: clips held out for testing by file name, e.g. ["*-f3-*"] for a voice never heard in training.',
          'For `audio`: the clips whose file names match one of these patterns are the test split, and every other clip trains, instead of a seeded fifth of each class. `["*-f3-*", "*-m3-*"]` holds out two voices of the spoken digits, so the test says how the model does on speakers it never heard. Each pattern must match a clip, and every class must keep a clip for training.',
        ),
      },
    ),
  ),
};

type RealDataFields = Static<ReturnType<typeof Type.Object<typeof realDataTaskFields>>>;

/** The resolved fields; optional ones stay absent when the spec leaves them out. */
export interface ResolvedRealData {
  channels?: string[];
  idColumn?: string;
  labelColumn?: string;
  horizon: number;
  forecastChannels?: string[];
  stride?: number;
  normalize: boolean;
  melBands: number;
  frameSize: number;
  hopSize: number;
  testFiles?: string[];
}

const fieldDefault = <K extends keyof typeof realDataTaskFields>(key: K) =>
  (realDataTaskFields[key] as { default?: unknown }).default;

export function resolveRealData(task: RealDataFields): ResolvedRealData {
  const resolved: ResolvedRealData = {
    horizon: task.horizon ?? (fieldDefault('horizon') as number),
    normalize: task.normalize ?? (fieldDefault('normalize') as boolean),
    melBands: task.melBands ?? (fieldDefault('melBands') as number),
    frameSize: task.frameSize ?? (fieldDefault('frameSize') as number),
    hopSize: task.hopSize ?? (fieldDefault('hopSize') as number),
  };
  if (task.channels !== undefined) resolved.channels = [...task.channels];
  if (task.idColumn !== undefined) resolved.idColumn = task.idColumn;
  if (task.labelColumn !== undefined) resolved.labelColumn = task.labelColumn;
  if (task.forecastChannels !== undefined) resolved.forecastChannels = [...task.forecastChannels];
  if (task.stride !== undefined) resolved.stride = task.stride;
  if (task.testFiles !== undefined) resolved.testFiles = [...task.testFiles];
  return resolved;
}

/** Which task kinds read each field (the cross checks warn about the others). */
export const REAL_DATA_FIELD_KINDS: Record<keyof typeof realDataTaskFields, readonly string[]> = {
  channels: ['series'],
  idColumn: ['series'],
  labelColumn: ['series'],
  horizon: ['series'],
  forecastChannels: ['series'],
  stride: ['series', 'audio'],
  normalize: ['series', 'audio'],
  melBands: ['audio'],
  frameSize: ['audio'],
  hopSize: ['audio'],
  testFiles: ['audio'],
};
