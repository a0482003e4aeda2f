/**
 * Perceptual colour scales for the heatmaps, from d3-scale-chromatic, as 256-entry lookup tables
 * (a heatmap paints thousands of cells per frame). Sequential viridis for values in [0, 1]
 * (sigmoid gates, attention weights, log gradient norms); diverging red–blue, symmetric around 0,
 * for signed values (h_t, c_t, the tanh candidates). Both read in every theme and for the common
 * colour-vision deficiencies.
 */
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

export type Rgb = readonly [number, number, number];

function parseColor(text: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  if (hex) {
    return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16)];
  }
  const rgb = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return [128, 128, 128];
}

function table(interpolate: (t: number) => string): Rgb[] {
  return Array.from({ length: 256 }, (_, i) => parseColor(interpolate(i / 255)));
}

const VIRIDIS = table(interpolateViridis);
// RdBu runs red (0) → blue (1); reversed so that negative is blue and positive red.
const RED_BLUE = table((t) => interpolateRdBu(1 - t));

export interface ColorScale {
  /** `sequential`: [min, max] → dark purple … yellow; `diverging`: −max … 0 … +max → blue … white … red. */
  readonly kind: 'sequential' | 'diverging';
  readonly min: number;
  readonly max: number;
  color(value: number): Rgb;
  /** A CSS `linear-gradient` of the scale, for legends. */
  gradient(direction?: string): string;
}

const NOT_A_NUMBER: Rgb = [128, 128, 128];

function lookup(lut: readonly Rgb[], t: number): Rgb {
  if (!Number.isFinite(t)) return NOT_A_NUMBER;
  const i = Math.round(Math.min(1, Math.max(0, t)) * 255);
  return lut[i] ?? NOT_A_NUMBER;
}

function cssGradient(lut: readonly Rgb[], direction: string): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const [r, g, b] = lookup(lut, t);
    return `rgb(${r}, ${g}, ${b}) ${t * 100}%`;
  });
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}

export function sequentialScale(min = 0, max = 1): ColorScale {
  const span = max - min || 1;
  return {
    kind: 'sequential',
    min,
    max,
    color: (value) => lookup(VIRIDIS, (value - min) / span),
    gradient: (direction = 'to right') => cssGradient(VIRIDIS, direction),
  };
}

/** Symmetric around 0: `absMax` is the value drawn at full saturation. */
export function divergingScale(absMax = 1): ColorScale {
  const m = absMax > 0 && Number.isFinite(absMax) ? absMax : 1;
  return {
    kind: 'diverging',
    min: -m,
    max: m,
    color: (value) => lookup(RED_BLUE, (value + m) / (2 * m)),
    gradient: (direction = 'to right') => cssGradient(RED_BLUE, direction),
  };
}

/** The largest |value| of a [step][unit] array (0 for an empty one). */
export function absMax(values: readonly (readonly number[])[]): number {
  let m = 0;
  for (const row of values)
    for (const v of row) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** Black or white, whichever reads better on `rgb` (for labels drawn over heatmap cells). */
export function contrastText([r, g, b]: Rgb): string {
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return luminance > 0.55 ? '#000000' : '#ffffff';
}
