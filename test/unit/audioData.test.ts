/**
 * The `audio` task kind: WAV bytes decoded by wavefile, log-mel frames by meyda, a folder per
 * class, every bad case with the file it is about, the shipped spoken digits, and a short training
 * run that must hear the order of the frames (rising against falling tones).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createWorkspaceReader } from '../../src/cli/workspaceFiles';
import { createModel } from '../../src/engine/seqModel';
import { trainModel } from '../../src/engine/trainRun';
import { resolveSpec } from '../../src/spec/resolveSpec';
import type { Spec } from '../../src/spec/specSchema';
import { decodeWav, logMelFrames } from '../../src/tasks/audio/logMelFrames';
import { buildDataset } from '../../src/tasks/buildDataset';
import { checkSpecAndData } from '../../src/tasks/checkSpecAndData';
import type { RealDataset } from '../../src/tasks/dataset';
import { loadTaskData } from '../../src/tasks/loadTaskData';
import { memoryReader } from './helpers/memoryReader';
import { toneWav } from './helpers/realDataFiles';

const root = fileURLToPath(new URL('../..', import.meta.url));

function specOf(task: Record<string, unknown> = {}) {
  return resolveSpec({
    name: 'audio-test',
    task: { kind: 'audio', file: 'clips', ...task },
  } as Spec);
}

const errors = (problems: readonly { severity?: string; message: string }[]) =>
  problems.filter((p) => (p.severity ?? 'error') === 'error').map((p) => p.message);

/** The band of a frame with the most energy. */
const loudest = (frame: readonly number[]) => frame.indexOf(Math.max(...frame));

describe('WAV to log-mel frames', () => {
  it('decodes 16-bit PCM (stereo averaged to mono) at its sample rate', () => {
    const mono = decodeWav(toneWav(440, 440, { seconds: 0.5, rate: 8000 }));
    assert.equal(mono.sampleRate, 8000);
    assert.equal(mono.samples.length, 4000);
    assert.ok(Math.max(...mono.samples) > 0.3 && Math.max(...mono.samples) <= 1);
    const stereo = decodeWav(toneWav(440, 440, { seconds: 0.5, rate: 16000, channels: 2 }));
    assert.equal(stereo.sampleRate, 16000);
    assert.equal(stereo.samples.length, 8000);
  });

  it('gives one frame per hop of melBands values; a low tone peaks in a lower band than a high one', () => {
    const settings = { melBands: 20, frameSize: 256, hopSize: 128 };
    const low = logMelFrames(decodeWav(toneWav(300, 300)), settings);
    const high = logMelFrames(decodeWav(toneWav(2500, 2500)), settings);
    // 0.3 s at 8 kHz = 2400 samples: frames start every 128 samples while 256 fit.
    assert.equal(low.length, Math.floor((2400 - 256) / 128) + 1);
    assert.ok(low.every((f) => f.length === 20));
    const middle = Math.floor(low.length / 2);
    assert.ok(
      loudest(low[middle] ?? []) + 5 < loudest(high[middle] ?? []),
      `low ${loudest(low[middle] ?? [])}, high ${loudest(high[middle] ?? [])}`,
    );
  });

  it('refuses bytes that are not a WAV file, and a frame size that is not a power of 2', () => {
    assert.throws(
      () => decodeWav(new TextEncoder().encode('not audio')),
      /not a WAV file wavefile can read/,
    );
    assert.throws(
      () =>
        logMelFrames(decodeWav(toneWav(300, 300)), { melBands: 20, frameSize: 200, hopSize: 100 }),
      /frameSize 200 is not a power of 2/,
    );
  });
});

describe('audio folders: good and bad', () => {
  it('reads a subfolder per class into labelled sequences named by their file', async () => {
    const { data, problems } = await loadTaskData(
      specOf(),
      memoryReader({
        'clips/low/a.wav': toneWav(200, 300),
        'clips/low/b.wav': toneWav(250, 350, { seed: 2 }),
        'clips/high/a.wav': toneWav(2000, 2500),
        'clips/high/notes.txt': 'not a clip',
      }),
    );
    assert.deepEqual(errors(problems), []);
    assert.deepEqual(data.series?.channels.slice(0, 2), ['mel1', 'mel2']);
    assert.deepEqual(
      data.series?.sequences.map((s) => [s.name, s.label]),
      [
        ['clips/high/a.wav', 'high'],
        ['clips/low/a.wav', 'low'],
        ['clips/low/b.wav', 'low'],
      ],
    );
  });

  it('names the file that is no WAV, has another sample rate, and the class folder without clips', async () => {
    const { problems } = await loadTaskData(
      specOf(),
      memoryReader({
        'clips/low/a.wav': toneWav(200, 300),
        'clips/low/broken.wav': 'RIFF....',
        'clips/low/fast.wav': toneWav(200, 300, { rate: 16000 }),
        'clips/high/a.wav': toneWav(2000, 2500),
        'clips/empty/readme.md': 'nothing',
      }),
    );
    const found = errors(problems);
    assert.equal(found.length, 3);
    assert.equal(
      found[0],
      'clips/empty: holds no .wav file; put the recordings of this class in it, or remove it',
    );
    assert.match(found[1] ?? '', /^clips\/low\/broken\.wav: not a WAV file wavefile can read/);
    assert.equal(
      found[2],
      'clips/low/fast.wav: 16000 Hz, but clips/high/a.wav is 8000 Hz; every clip needs one sample rate (convert with: sox IN.wav -r 8000 OUT.wav)',
    );
  });

  it('needs two class folders, a folder (not a file), a frame size that is a power of 2', async () => {
    const one = await loadTaskData(
      specOf(),
      memoryReader({ 'clips/only/a.wav': toneWav(200, 300) }),
    );
    assert.deepEqual(errors(one.problems), [
      '"clips" has 1 class folder; audio classification needs a subfolder per class (at least two), each with .wav files',
    ]);
    const file = await loadTaskData(specOf(), memoryReader({ clips: 'a file' }));
    assert.deepEqual(errors(file.problems), [
      '"clips" is not a folder; name the folder that holds the data files',
    ]);
    const frame = await loadTaskData(specOf({ frameSize: 300 }), memoryReader({}));
    assert.deepEqual(
      frame.problems.map((p) => [p.path, p.message]),
      [['task.frameSize', 'must be a power of 2 (64, 128, 256, …); got 300']],
    );
  });

  it('reads the shipped spoken digits: 10 words, 16 clips each, one sample rate', async () => {
    const spec = resolveSpec({
      name: 'digits',
      task: { kind: 'audio', file: 'data/spoken-digits' },
    } as Spec);
    const reader = createWorkspaceReader(join(root, 'examples', 'audio.rnnlab.json'), root);
    const { data, problems } = await loadTaskData(spec, reader);
    assert.deepEqual(errors(problems), []);
    const labels = data.series?.sequences.map((s) => s.label) ?? [];
    assert.equal(labels.length, 160);
    assert.deepEqual([...new Set(labels)].sort(), [
      'eight',
      'five',
      'four',
      'nine',
      'one',
      'seven',
      'six',
      'three',
      'two',
      'zero',
    ]);
    const dataset = buildDataset(spec, data) as RealDataset;
    // Three clips of each word held out: split by clip, classes in proportion.
    assert.equal(dataset.test.length, 30);
    assert.equal(dataset.features, 20);
  });
});

describe('audio: training', () => {
  it('tells a rising tone from a falling one (the same frequencies, in the other order): 90 % or more', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let k = 0; k < 15; k++) {
      const low = 300 + 40 * k;
      const high = 1800 + 60 * k;
      files[`clips/rising/${k}.wav`] = toneWav(low, high, { seed: k + 1 });
      files[`clips/falling/${k}.wav`] = toneWav(high, low, { seed: k + 100 });
    }
    const check = await checkSpecAndData(
      JSON.stringify({
        name: 'chirps',
        task: { kind: 'audio', file: 'clips', melBands: 12 },
        model: { cell: 'gru', hidden: 16 },
        train: { epochs: 8, batchSize: 8, learningRate: 0.01, seed: 1, backend: 'cpu' },
      }),
      memoryReader(files),
    );
    assert.deepEqual(check.problems, []);
    const spec = check.spec;
    assert.ok(spec);
    const dataset = buildDataset(spec, check.data);
    const model = createModel(spec, dataset);
    const result = await trainModel({ spec, dataset, model, onEvent: () => {} });
    assert.ok((result.metrics?.accuracy ?? 0) >= 0.9, `accuracy ${result.metrics?.accuracy}`);
    model.dispose();
  });
});
