/**
 * The inspector's view of a real-valued input, drawn right under the first layer's hidden state
 * with the same left margin and step width, so that a column of one is the same time step in
 * the other: a log-mel spectrogram for audio (and any input of many channels), or one lane of a
 * line per channel for a few named channels. Clicking or ←/→ walks the inspector's step, as on
 * the heatmaps.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';
import type { Lang } from '../../../src/explain/termIds';
import { el } from '../../common/dom';
import { formatNumber } from '../../common/numberFormat';
import { canvasFont, onThemeChange, theme } from '../../common/theme';
import { sequentialScale } from './colorScales';
import { HeatmapCanvas } from './heatmapCanvas';
import { realDataText } from './realDataText';
import { legend, stepWidth } from './stateHeatmaps';
import type { Tooltip } from './tooltip';

/** The left margin the input view and the hidden-state heatmaps above it share. */
export const INPUT_ALIGN_LEFT = 76;

/** More channels than this are drawn as a heatmap; fewer as lines. */
const MAX_LINE_CHANNELS = 8;

export interface InputSignalContext {
  lang: Lang;
  tooltip: Tooltip;
  onPick(step: number): void;
}

export interface InputSignalView {
  figure: HTMLElement;
  canvas: HTMLCanvasElement;
  setHighlight(step: number): void;
  /** The same input drawn again (the next epoch re-inspects it): nothing changes but the step. */
  dispose(): void;
}

/** Whether an inspection's input is drawn as a spectrogram (bands) rather than as lines. */
export function isSpectrogram(inspection: Inspection): boolean {
  const channels = inspection.channels ?? [];
  const width = inspection.inputValues?.[0]?.length ?? 0;
  return (
    width > MAX_LINE_CHANNELS || (channels.length > 0 && channels.every((c) => /^mel\d+$/.test(c)))
  );
}

export function inputSignal(
  inspection: Inspection,
  ctx: InputSignalContext,
): InputSignalView | undefined {
  const values = inspection.inputValues;
  if (!values || values.length === 0 || inspection.seq2seq) return undefined;
  return isSpectrogram(inspection)
    ? spectrogram(values, ctx)
    : channelLines(inspection, values, ctx);
}

function spectrogram(values: number[][], ctx: InputSignalContext): InputSignalView {
  const t = realDataText(ctx.lang);
  const bands = values[0]?.length ?? 0;
  let low = Infinity;
  let high = -Infinity;
  for (const row of values) {
    for (const v of row) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  const scale = sequentialScale(low, high);
  // Row 0 is drawn on top: the highest band there, the lowest at the bottom, as a spectrogram reads.
  const flipped = values.map((row) => [...row].reverse());
  const heatmap = new HeatmapCanvas({
    values: flipped,
    rows: bands,
    scale,
    colLabels: values.map((_, i) => `t${i + 1}`),
    rowLabel: (r) => String(bands - r),
    attrs: {
      'data-testid': 'input-spectrogram',
      'data-steps': String(values.length),
      'data-bands': String(bands),
      'data-highlight-step': '-1',
    },
    ariaLabel: t.spectrogramAria(values.length, bands),
    cellWidth: stepWidth(values.length),
    cellHeight: Math.max(2, Math.min(8, Math.floor(160 / Math.max(1, bands)))),
    maxPlotHeight: 160,
    minLeft: INPUT_ALIGN_LEFT,
    tooltip: ctx.tooltip,
    describe: (cell) => ({
      heading: t.spectrogramTitle,
      lines: [`t${cell.col + 1}`, t.band(bands - cell.row), formatNumber(cell.value, 3)],
      note: t.spectrogramHelp,
    }),
    onPickColumn: (col) => ctx.onPick(col),
  });
  const figure = el(
    'figure',
    { class: 'lab-heatmap-figure lab-input-figure', 'data-kind': 'input' },
    el(
      'figcaption',
      { class: 'lab-heatmap-caption', title: t.spectrogramHelp },
      el('span', { class: 'lab-heatmap-title' }, t.spectrogramTitle),
      legend(scale),
    ),
    el('div', { class: 'lab-scroll-x' }, heatmap.element),
  );
  return {
    figure,
    canvas: heatmap.element,
    setHighlight: (step) => heatmap.setHighlight(step),
    dispose: () => heatmap.dispose(),
  };
}

const LANE = 46;
const GAP = 6;
const TOP = 4;
const BOTTOM = 16;

/** One lane per channel, its line scaled to the lane; the channel's name and range on the left. */
function channelLines(
  inspection: Inspection,
  values: number[][],
  ctx: InputSignalContext,
): InputSignalView {
  const t = realDataText(ctx.lang);
  const count = values[0]?.length ?? 0;
  const names = Array.from({ length: count }, (_, c) => inspection.channels?.[c] ?? `x${c + 1}`);
  const steps = values.length;
  const cell = stepWidth(steps);
  const ranges = names.map((_, c) => {
    const column = values.map((row) => row[c] ?? 0);
    return { min: Math.min(...column), max: Math.max(...column) };
  });
  const canvas = el('canvas', {
    class: 'lab-heatmap lab-input-lines',
    tabindex: 0,
    role: 'img',
    'aria-label': t.channelsAria(steps, count),
    'aria-describedby': 'lab-tooltip',
    'data-testid': 'input-lines',
    'data-steps': String(steps),
    'data-channels': String(count),
    'data-highlight-step': '-1',
  });
  let highlight = -1;
  const width = INPUT_ALIGN_LEFT + steps * cell + 4;
  const height = TOP + count * (LANE + GAP) - GAP + BOTTOM;
  const draw = (): void => {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const g = canvas.getContext('2d');
    if (!g) return;
    const th = theme();
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    names.forEach((name, c) => {
      const top = TOP + c * (LANE + GAP);
      const range = ranges[c] ?? { min: 0, max: 1 };
      const span = range.max - range.min || 1;
      g.strokeStyle = th.border;
      g.lineWidth = 1;
      g.strokeRect(INPUT_ALIGN_LEFT - 0.5, top - 0.5, steps * cell + 1, LANE + 1);
      g.fillStyle = th.foreground;
      g.font = canvasFont(10, false, '600');
      g.textAlign = 'right';
      g.textBaseline = 'top';
      g.fillText(shorten(name), INPUT_ALIGN_LEFT - 4, top);
      g.fillStyle = th.muted;
      g.font = canvasFont(9, true);
      g.fillText(formatNumber(range.max, 3), INPUT_ALIGN_LEFT - 4, top + 13);
      g.textBaseline = 'bottom';
      g.fillText(formatNumber(range.min, 3), INPUT_ALIGN_LEFT - 4, top + LANE);
      g.strokeStyle = th.series[c % th.series.length] ?? th.foreground;
      g.lineWidth = 1.6;
      g.beginPath();
      values.forEach((row, s) => {
        const x = INPUT_ALIGN_LEFT + (s + 0.5) * cell;
        const y = top + LANE - 3 - (((row[c] ?? 0) - range.min) / span) * (LANE - 6);
        if (s === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      });
      g.stroke();
    });
    g.fillStyle = th.muted;
    g.font = canvasFont(9, true);
    g.textAlign = 'center';
    g.textBaseline = 'bottom';
    const every = Math.max(1, Math.ceil(24 / cell));
    for (let s = 0; s < steps; s += every) {
      g.fillText(String(s + 1), INPUT_ALIGN_LEFT + (s + 0.5) * cell, height);
    }
    if (highlight >= 0) {
      const x = INPUT_ALIGN_LEFT + highlight * cell;
      g.lineWidth = 2;
      g.strokeStyle = '#000000';
      g.strokeRect(x + 1, TOP, cell - 2, height - TOP - BOTTOM);
      g.strokeStyle = '#ffffff';
      g.lineWidth = 1;
      g.strokeRect(x + 2.5, TOP + 1.5, cell - 5, height - TOP - BOTTOM - 3);
    }
  };
  const stepAt = (clientX: number): number | undefined => {
    const x = clientX - canvas.getBoundingClientRect().left - INPUT_ALIGN_LEFT;
    const s = Math.floor(x / cell);
    return x < 0 || s >= steps ? undefined : s;
  };
  const describe = (s: number) => ({
    heading: t.channelsTitle,
    lines: [
      `t${s + 1}`,
      ...names.map((n, c) => t.channelValue(n, formatNumber(values[s]?.[c] ?? NaN, 4))),
    ],
    note: t.channelsHelp,
  });
  canvas.addEventListener('pointermove', (e) => {
    const s = stepAt(e.clientX);
    if (s === undefined) ctx.tooltip.hide();
    else ctx.tooltip.show(describe(s), e.clientX, e.clientY);
  });
  canvas.addEventListener('pointerleave', () => ctx.tooltip.hide());
  canvas.addEventListener('click', (e) => {
    const s = stepAt(e.clientX);
    if (s !== undefined) ctx.onPick(s);
  });
  canvas.addEventListener('keydown', (e) => {
    const move = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
    if (move === 0) return;
    e.preventDefault();
    ctx.onPick(Math.max(0, Math.min(steps - 1, Math.max(highlight, 0) + move)));
  });
  const unsubscribe = onThemeChange(draw);
  draw();
  const figure = el(
    'figure',
    { class: 'lab-heatmap-figure lab-input-figure', 'data-kind': 'input' },
    el(
      'figcaption',
      { class: 'lab-heatmap-caption', title: t.channelsHelp },
      el('span', { class: 'lab-heatmap-title' }, t.channelsTitle),
    ),
    el('div', { class: 'lab-scroll-x' }, canvas),
  );
  return {
    figure,
    canvas,
    setHighlight: (step) => {
      highlight = step;
      canvas.setAttribute('data-highlight-step', String(step));
      draw();
    },
    dispose: () => {
      unsubscribe();
      ctx.tooltip.hide();
    },
  };
}

/** A channel name that fits the left margin. */
function shorten(name: string, max = 11): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
