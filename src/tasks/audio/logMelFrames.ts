/**
 * A WAV file's bytes to log-mel frames: decoded by `wavefile` (RIFF/RIFX, 8–32-bit integer and
 * float PCM; several channels are averaged to one), cut into frames of `frameSize` samples every
 * `hopSize` samples, each frame a Hann-windowed power spectrum summed into `melBands` mel bands by
 * `meyda`, then logged. Pure computation on bytes handed in: it runs in Node
 * and in a webview alike. (The decoding and the spectra are the libraries'; only the framing is ours.)
 */
import Meyda from 'meyda';
import { WaveFile } from 'wavefile';

export interface MelSettings {
  melBands: number;
  /** A power of 2 (meyda's FFT needs one). */
  frameSize: number;
  hopSize: number;
}

export interface DecodedAudio {
  sampleRate: number;
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
}

/** Decodes WAV bytes; throws an `Error` whose message says what is wrong with the file. */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (error) {
    throw new Error(
      `not a WAV file wavefile can read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const fmt = wav.fmt as { sampleRate?: number; numChannels?: number; audioFormat?: number };
  const sampleRate = fmt.sampleRate ?? 0;
  const channels = fmt.numChannels ?? 0;
  if (!(sampleRate > 0) || !(channels > 0))
    throw new Error('the WAV header has no sample rate or channel count');
  if (fmt.audioFormat !== 1 && fmt.audioFormat !== 3 && fmt.audioFormat !== 0xfffe) {
    throw new Error(
      `a compressed WAV (format ${fmt.audioFormat}); convert it to PCM, e.g. sox IN.wav -e signed-integer OUT.wav`,
    );
  }
  wav.toBitDepth('32f');
  const decoded = wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[];
  const perChannel = Array.isArray(decoded) ? decoded : [decoded];
  const length = perChannel[0]?.length ?? 0;
  const samples = new Float32Array(length);
  for (const channel of perChannel) {
    for (let i = 0; i < length; i++)
      samples[i] = (samples[i] ?? 0) + (channel[i] ?? 0) / perChannel.length;
  }
  return { sampleRate, samples };
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * meyda's bands are `log(1 + energy)`, which flattens every quiet band to about 0 (the energy of
 * a band of a [-1, 1] signal is mostly far below 1); undone (`expm1`) and logged again with a
 * floor, a quiet band and a silent one stay apart, as in the usual log-mel spectrogram.
 */
const ENERGY_FLOOR = 1e-6;

/** Four decimals: the frames travel to the lab page as JSON; normalisation follows anyway. */
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** [frame][band] log-mel energies; a clip shorter than one frame is padded with silence. */
export function logMelFrames(audio: DecodedAudio, settings: MelSettings): number[][] {
  const { frameSize, hopSize, melBands } = settings;
  if (!isPowerOfTwo(frameSize)) throw new Error(`frameSize ${frameSize} is not a power of 2`);
  const meyda = Meyda as typeof Meyda & { melFilterBank?: unknown; barkScale?: unknown };
  meyda.bufferSize = frameSize;
  meyda.sampleRate = audio.sampleRate;
  meyda.melBands = melBands;
  meyda.windowingFunction = 'hanning';
  // meyda caches its filter banks and rebuilds them on a new frame size only, not on a new sample
  // rate: drop them so that each clip gets the bank of its own rate.
  meyda.melFilterBank = undefined;
  meyda.barkScale = undefined;
  const frames: number[][] = [];
  const count = Math.max(1, Math.floor((audio.samples.length - frameSize) / hopSize) + 1);
  for (let k = 0; k < count; k++) {
    const frame = new Float32Array(frameSize);
    frame.set(audio.samples.subarray(k * hopSize, k * hopSize + frameSize));
    const bands = meyda.extract('melBands', frame) as unknown as number[];
    frames.push(Array.from(bands, (b) => round4(Math.log(Math.expm1(b) + ENERGY_FLOOR))));
  }
  return frames;
}
