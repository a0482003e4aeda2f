#!/usr/bin/env node
/**
 * Writes the spoken-digits example of the `audio` task kind: "zero" to "nine" spoken by Debian's
 * espeak-ng in 4 English voices, each as a male and a female variant and at 2 speeds (16 clips a
 * word, 160 in all), resampled by sox to 8 kHz mono 16-bit PCM with the silence before and after
 * the word cut off. The same espeak-ng and sox give the same files, so the data is reproducible;
 * the files are small enough to ship (about 1 MB).
 *
 * Usage: node scripts/makeSpokenDigits.mjs [OUT_FOLDER]   (default examples/data/spoken-digits)
 * Needs: espeak-ng and sox (apt-get install espeak-ng sox).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const VOICES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-029'];
/** espeak-ng's voice variants: its default male one and a female one. */
const VARIANTS = ['m1', 'f3'];
/** Words per minute. */
const SPEEDS = [130, 190];

const out =
  process.argv[2] ?? fileURLToPath(new URL('../examples/data/spoken-digits', import.meta.url));

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) {
    console.error(
      `${command} could not be started (${result.error.message}); install it: apt-get install espeak-ng sox`,
    );
    process.exit(2);
  }
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
    process.exit(1);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'rnnlab-digits-'));
let bytes = 0;
let clips = 0;
try {
  for (const word of WORDS) {
    mkdirSync(join(out, word), { recursive: true });
    for (const voice of VOICES) {
      for (const variant of VARIANTS) {
        for (const speed of SPEEDS) {
          const raw = join(scratch, 'raw.wav');
          const file = join(out, word, `${voice}-${variant}-${speed}.wav`);
          run('espeak-ng', ['-v', `${voice}+${variant}`, '-s', String(speed), '-w', raw, word]);
          // 8 kHz mono 16-bit; cut the silence at both ends (below 1 % for 20 ms); peak at -1 dB.
          // -R and -D: no random dither, so that the same input gives the same bytes.
          run('sox', [
            '-R',
            raw,
            '-D',
            '-r',
            '8000',
            '-c',
            '1',
            '-b',
            '16',
            '-e',
            'signed-integer',
            file,
            'silence',
            '1',
            '0.02',
            '1%',
            'reverse',
            'silence',
            '1',
            '0.02',
            '1%',
            'reverse',
            'gain',
            '-n',
            '-1',
          ]);
          bytes += statSync(file).size;
          clips++;
        }
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`wrote ${clips} clips (${(bytes / 1024).toFixed(0)} KiB) to ${out}`);
