/**
 * Small real-valued data files for tests: a labelled series CSV, and WAV bytes of tones made with
 * `wavefile` (the decoder's own encoder), so no test depends on a shipped recording.
 */
import { WaveFile } from 'wavefile';

/** `n` sequences of `steps` rows, columns id,x,y,label: "up" rises, "down" falls. */
export function labelledSeriesCsv(n: number, steps: number): string {
  const rows = ['id,t,x,y,label'];
  for (let i = 0; i < n; i++) {
    const label = i % 2 === 0 ? 'up' : 'down';
    for (let t = 0; t < steps; t++) {
      const trend = (label === 'up' ? 1 : -1) * (t / steps);
      const x = (trend + 0.1 * Math.sin(i + t)).toFixed(4);
      const y = (0.5 * Math.cos(t + i)).toFixed(4);
      rows.push(`s${i},${t},${x},${y},${label}`);
    }
  }
  return rows.join('\n') + '\n';
}

/**
 * A 16-bit mono WAV of a tone sweeping from `from` to `to` Hz over `seconds`, with a little
 * seeded noise (`seed`), at `rate` samples a second.
 */
export function toneWav(
  from: number,
  to: number,
  options: { seconds?: number; rate?: number; seed?: number; channels?: number } = {},
): Uint8Array {
  const { seconds = 0.3, rate = 8000, seed = 1, channels = 1 } = options;
  const n = Math.round(seconds * rate);
  let state = seed;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  let phase = 0;
  const samples = Array.from({ length: n }, (_, i) => {
    const f = from + ((to - from) * i) / n;
    phase += (2 * Math.PI * f) / rate;
    return Math.round(12000 * Math.sin(phase) + 600 * noise());
  });
  const wav = new WaveFile();
  wav.fromScratch(
    channels,
    rate,
    '16',
    channels === 1 ? samples : Array.from({ length: channels }, () => samples),
  );
  return wav.toBuffer();
}
