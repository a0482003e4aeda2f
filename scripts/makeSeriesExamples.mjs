#!/usr/bin/env node
/**
 * Writes the example data of the `series` task kind, reproducibly (a seeded generator, no
 * randomness from the machine):
 *
 * - examples/data/gestures.csv: 2-D pen strokes of three shapes (circle, swipe, zigzag), one
 *   stroke per id, 24–48 samples each, rotated, scaled and noisy: many-to-one classification.
 * - examples/data/demand.csv: hourly demand with a daily and a weekly rhythm that follows a
 *   temperature channel, eight weeks long: forecasting of the next hours.
 *
 * Usage: node scripts/makeSeriesExamples.mjs
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dataDir = fileURLToPath(new URL('../examples/data/', import.meta.url));

/** mulberry32: a small seeded generator; the files must not change from run to run. */
function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, gaussian, uniform: (lo, hi) => lo + (hi - lo) * next() };
}

const r4 = (x) => (Math.round(x * 1e4) / 1e4).toString();

function gestures() {
  const random = seeded(17);
  const shapes = {
    circle: (u) => [Math.cos(2 * Math.PI * u), Math.sin(2 * Math.PI * u)],
    swipe: (u) => [2 * u - 1, 0.3 * (2 * u - 1)],
    zigzag: (u) => [
      2 * u - 1,
      0.8 * (((4 * u) % 1 < 0.5 ? (4 * u) % 1 : 1 - ((4 * u) % 1)) * 4 - 1),
    ],
  };
  const rows = ['id,t,x,y,shape'];
  let id = 0;
  for (let k = 0; k < 40; k++) {
    for (const [shape, path] of Object.entries(shapes)) {
      id++;
      const steps = 24 + Math.floor(random.next() * 25);
      const angle = random.uniform(-0.6, 0.6);
      const scale = random.uniform(0.7, 1.3);
      const [dx, dy] = [random.uniform(-0.3, 0.3), random.uniform(-0.3, 0.3)];
      for (let t = 0; t < steps; t++) {
        const [px, py] = path(t / (steps - 1));
        const x =
          scale * (px * Math.cos(angle) - py * Math.sin(angle)) + dx + 0.04 * random.gaussian();
        const y =
          scale * (px * Math.sin(angle) + py * Math.cos(angle)) + dy + 0.04 * random.gaussian();
        rows.push(`g${id},${t},${r4(x)},${r4(y)},${shape}`);
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

function demand() {
  const random = seeded(7);
  const rows = ['hour,temperature,demand'];
  let weather = 0;
  for (let h = 0; h < 24 * 7 * 8; h++) {
    const day = (2 * Math.PI * (h % 24)) / 24;
    // A slow random walk of the weather on top of the daily cycle.
    weather = 0.97 * weather + 0.35 * random.gaussian();
    const temperature = 18 + 6 * Math.sin(day - Math.PI / 2) + weather;
    const weekday = Math.floor(h / 24) % 7 < 5 ? 1 : 0.8;
    const demandValue =
      weekday * (100 + 30 * Math.max(0, Math.sin(day - Math.PI / 3))) +
      2.5 * Math.max(0, temperature - 22) +
      3 * random.gaussian();
    rows.push(`${h},${r4(temperature)},${r4(demandValue)}`);
  }
  return `${rows.join('\n')}\n`;
}

writeFileSync(`${dataDir}gestures.csv`, gestures());
writeFileSync(`${dataDir}demand.csv`, demand());
console.log('wrote examples/data/gestures.csv and examples/data/demand.csv');
