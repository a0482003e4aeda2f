/**
 * From the user's sequences to samples: split by whole sequence (a window never shares steps with
 * a window of the other split), per-channel normalisation measured on the training split only,
 * then windows with a stride. Classification (a label per sequence) gives many-to-one samples
 * whose target is the class; forecasting gives the next `horizon` values of the forecast channels,
 * after the window (many-to-one) or after every step (many-to-many).
 */
import type { Architecture } from '../../spec/taskKinds';
import type { RealDataset, RealSample } from '../dataset';
import { isHeldOut } from '../audio/heldOutFiles';
import type { SeededRandom } from '../seededRandom';
import { outputVocabulary } from '../vocabulary';
import type { SeriesData, SeriesSequence } from './seriesData';

export interface SeriesWindowing {
  architecture: Architecture;
  /** The longest window; classification uses shorter sequences whole. */
  window: number;
  /** Steps between the starts of two windows of one sequence. */
  stride: number;
  /** Forecasting: how many steps ahead each target reaches (1 = the next value). */
  horizon: number;
  /** Forecasting: the channels to predict (all when empty). */
  forecastChannels: readonly string[];
  normalize: boolean;
  /** At most this many training / test windows (a seeded subset when there are more). */
  samples: number;
  testSamples: number;
  /** `audio`: the clips held out for testing by file name (`task.testFiles`), not drawn. */
  testFiles?: readonly string[];
}

/** The fraction of the sequences (or, for one sequence, of its steps) held out for testing. */
export const SERIES_TEST_FRACTION = 0.2;

/** Train and test sequences: whole sequences apart, classes in proportion; one sequence in time. */
export function splitSequences(
  sequences: readonly SeriesSequence[],
  random: SeededRandom,
  testFiles?: readonly string[],
): { train: SeriesSequence[]; test: SeriesSequence[] } {
  if (testFiles) {
    return {
      train: sequences.filter((s) => !isHeldOut(s, testFiles)),
      test: sequences.filter((s) => isHeldOut(s, testFiles)),
    };
  }
  if (sequences.length === 1) {
    const only = sequences[0] as SeriesSequence;
    const cut = Math.round(only.values.length * (1 - SERIES_TEST_FRACTION));
    return {
      train: [
        { ...only, name: `${only.name} (first ${cut} steps)`, values: only.values.slice(0, cut) },
      ],
      test: [
        {
          ...only,
          name: `${only.name} (last ${only.values.length - cut} steps)`,
          values: only.values.slice(cut),
        },
      ],
    };
  }
  const groups = new Map<string, SeriesSequence[]>();
  for (const s of sequences) {
    const key = s.label ?? '';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const train: SeriesSequence[] = [];
  const test: SeriesSequence[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = random.shuffled(groups.get(key) ?? []);
    // At least one test sequence when a group can spare one, never the whole group.
    const held = Math.min(
      group.length - 1,
      Math.max(1, Math.round(group.length * SERIES_TEST_FRACTION)),
    );
    test.push(...group.slice(0, held));
    train.push(...group.slice(held));
  }
  return { train, test };
}

/** Mean and standard deviation per channel over every step of `sequences` (std 1 when flat). */
export function channelStatistics(
  sequences: readonly SeriesSequence[],
  channels: number,
): { mean: number[]; std: number[] } {
  const sum = new Array<number>(channels).fill(0);
  const squares = new Array<number>(channels).fill(0);
  let steps = 0;
  for (const s of sequences) {
    for (const row of s.values) {
      for (let c = 0; c < channels; c++) sum[c] = (sum[c] ?? 0) + (row[c] ?? 0);
      steps++;
    }
  }
  const mean = sum.map((v) => v / Math.max(steps, 1));
  for (const s of sequences) {
    for (const row of s.values) {
      for (let c = 0; c < channels; c++)
        squares[c] = (squares[c] ?? 0) + ((row[c] ?? 0) - (mean[c] ?? 0)) ** 2;
    }
  }
  const std = squares.map((v) => {
    const sd = Math.sqrt(v / Math.max(steps, 1));
    return sd > 1e-12 ? sd : 1;
  });
  return { mean, std };
}

/** Six significant decimals: shorter JSON for the lab page, no effect on training. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function normalizeRows(
  values: readonly (readonly number[])[],
  stats: { mean: readonly number[]; std: readonly number[] },
): number[][] {
  return values.map((row) =>
    row.map((v, c) => round((v - (stats.mean[c] ?? 0)) / (stats.std[c] ?? 1))),
  );
}

/** Window starts of a sequence of `length` steps needing `span` steps each. */
function windowStarts(length: number, span: number, stride: number): number[] {
  const starts: number[] = [];
  for (let start = 0; start + span <= length; start += stride) starts.push(start);
  return starts;
}

function windowsOf(
  sequence: SeriesSequence,
  values: number[][],
  options: SeriesWindowing,
  targetChannels: readonly number[],
  classIndex: ReadonlyMap<string, number>,
): RealSample[] {
  const { window, stride, horizon } = options;
  const name = (start: number, end: number) => `${sequence.name} steps ${start + 1}–${end}`;
  if (sequence.label !== undefined) {
    const id = classIndex.get(sequence.label) ?? 0;
    if (values.length <= window) return [{ input: values, target: [[id]], source: sequence.name }];
    return windowStarts(values.length, window, stride).map((start) => ({
      input: values.slice(start, start + window),
      target: [[id]],
      source: name(start, start + window),
    }));
  }
  const ahead = (t: number) =>
    Array.from({ length: horizon }, (_, h) =>
      targetChannels.map((c) => values[t + 1 + h]?.[c] ?? 0),
    ).flat();
  return windowStarts(values.length, window + horizon, stride).map((start) => {
    const input = values.slice(start, start + window);
    const target =
      options.architecture === 'many-to-many'
        ? input.map((_, t) => ahead(start + t))
        : [ahead(start + window - 1)];
    return { input, target, source: name(start, start + window) };
  });
}

/** At most `count` of `samples`, a seeded subset in the original order. */
function atMost(samples: RealSample[], count: number, random: SeededRandom): RealSample[] {
  if (samples.length <= count) return samples;
  const keep = new Set(random.shuffled(samples.map((_, i) => i)).slice(0, count));
  return samples.filter((_, i) => keep.has(i));
}

/**
 * The dataset of a `series` or `audio` task. Throws when no window fits, which `loadTaskData`
 * reports first as a problem with the numbers (`seriesWindowProblems`).
 */
export function buildSeriesDataset(
  data: SeriesData,
  options: SeriesWindowing,
  random: SeededRandom,
): RealDataset {
  const channels = data.channels.length;
  const { train, test } = splitSequences(data.sequences, random, options.testFiles);
  const stats = options.normalize
    ? channelStatistics(train, channels)
    : { mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) };
  const labels = data.sequences.flatMap((s) => (s.label === undefined ? [] : [s.label]));
  const classify = labels.length > 0;
  const classes = classify
    ? outputVocabulary('many-to-one', [...new Set(labels)].sort())
    : undefined;
  const classIndex = new Map((classes?.tokens ?? []).map((token, i) => [token, i]));
  const forecast =
    options.forecastChannels.length > 0 ? [...options.forecastChannels] : data.channels;
  const targetChannels = forecast.map((c) => data.channels.indexOf(c));
  const samplesOf = (sequences: readonly SeriesSequence[]) =>
    sequences.flatMap((s) =>
      windowsOf(
        s,
        options.normalize ? normalizeRows(s.values, stats) : s.values,
        options,
        targetChannels,
        classIndex,
      ),
    );
  const trainSamples = atMost(samplesOf(train), options.samples, random);
  const testSamples = atMost(samplesOf(test), options.testSamples, random);
  if (trainSamples.length === 0) {
    throw new Error(
      'no training window fits: the sequences are shorter than task.length (+ horizon)',
    );
  }
  const all = [...trainSamples, ...testSamples];
  return {
    type: 'real',
    architecture: options.architecture,
    features: channels,
    channels: [...data.channels],
    train: trainSamples,
    test: testSamples,
    maxInputLength: Math.max(...all.map((s) => s.input.length)),
    ...(options.normalize
      ? { normalization: { mean: stats.mean.map(round), std: stats.std.map(round) } }
      : {}),
    ...(classes
      ? { classes }
      : {
          outputs: forecast.length * options.horizon,
          forecast: { channels: forecast, horizon: options.horizon },
        }),
  };
}
