/**
 * Reading an `audio` task's data: `task.file` names a folder with one subfolder per class, each
 * holding `.wav` files; every file becomes one labelled sequence of log-mel frames (channels
 * `mel1`…`melN`). The clips must share one sample rate, so that a frame is the same length of
 * time in each. Problems name the file.
 */
import { heldOutProblems } from './heldOutFiles';
import type { PathProblem } from '../../spec/problems';
import type { ResolvedSpec } from '../../spec/resolveSpec';
import {
  DataFileError,
  joinDataPath,
  MAX_DATA_FILE_BYTES,
  MAX_DATA_FOLDER_FILES,
  type DataFileReader,
} from '../dataFileReader';
import type { SeriesData } from '../series/seriesData';
import { decodeWav, isPowerOfTwo, logMelFrames } from './logMelFrames';

const isWav = (name: string) => name.toLowerCase().endsWith('.wav');

/** The channel names of `melBands` bands. */
export function melChannels(melBands: number): string[] {
  return Array.from({ length: melBands }, (_, i) => `mel${i + 1}`);
}

export async function loadAudioData(
  spec: ResolvedSpec,
  folder: string,
  reader: DataFileReader,
): Promise<{ data: SeriesData; problems: PathProblem[]; sampleRate?: number }> {
  const { melBands, frameSize, hopSize } = spec.task;
  const data: SeriesData = { channels: melChannels(melBands), sequences: [] };
  const problems: PathProblem[] = [];
  const file = (name: string, message: string) =>
    problems.push({ path: 'task.file', message: `${name}: ${message}` });
  if (!isPowerOfTwo(frameSize)) {
    return {
      data,
      problems: [
        {
          path: 'task.frameSize',
          message: `must be a power of 2 (64, 128, 256, …); got ${frameSize}`,
        },
      ],
    };
  }
  const classes = (await reader.list(folder))
    .filter((e) => e.kind === 'folder')
    .map((e) => e.name)
    .sort();
  let total = 0;
  let files = 0;
  let rate: { hz: number; file: string } | undefined;
  for (const label of classes) {
    const classFolder = joinDataPath(folder, label);
    const names = (await reader.list(classFolder))
      .filter((e) => e.kind === 'file' && isWav(e.name))
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      const path = joinDataPath(classFolder, name);
      if (++files > MAX_DATA_FOLDER_FILES)
        throw new DataFileError('folder-too-large', folder, `${files} files`);
      const bytes = await reader.readBytes(path);
      total += bytes.byteLength;
      if (total > MAX_DATA_FILE_BYTES)
        throw new DataFileError('folder-too-large', folder, String(total));
      let audio;
      try {
        audio = decodeWav(bytes);
      } catch (error) {
        file(path, `${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (rate === undefined) rate = { hz: audio.sampleRate, file: path };
      else if (audio.sampleRate !== rate.hz) {
        file(
          path,
          `${audio.sampleRate} Hz, but ${rate.file} is ${rate.hz} Hz; every clip needs one sample rate ` +
            `(convert with: sox IN.wav -r ${rate.hz} OUT.wav)`,
        );
        continue;
      }
      if (audio.samples.length === 0) {
        file(path, 'holds no samples');
        continue;
      }
      data.sequences.push({
        name: path,
        values: logMelFrames(audio, { melBands, frameSize, hopSize }),
        label,
      });
    }
    if (names.length === 0)
      file(classFolder, 'holds no .wav file; put the recordings of this class in it, or remove it');
  }
  if (classes.length < 2) {
    problems.push({
      path: 'task.file',
      message:
        `${JSON.stringify(folder)} has ${classes.length} class folder${classes.length === 1 ? '' : 's'}; ` +
        'audio classification needs a subfolder per class (at least two), each with .wav files',
    });
  }
  if (spec.task.testFiles && problems.length === 0)
    problems.push(...heldOutProblems(data.sequences, spec.task.testFiles));
  return { data, problems, ...(rate ? { sampleRate: rate.hz } : {}) };
}
