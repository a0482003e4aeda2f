/**
 * The heatmaps of one recurrent layer in the step inspector: h_t, c_t (LSTM) and every gate,
 * units down and time steps across, each captioned with the term's name in the page language and
 * its letter, with a colour legend. Every canvas carries the test hooks `data-testid="heatmap"`,
 * `data-layer` (the engine's label), `data-kind`, `data-steps`, `data-units`, `data-part` and
 * `data-highlight-step`.
 */
import type { LayerTrace } from '../../../src/engine/inspectSequence';
import { layerLabel, type Lang } from '../../../src/explain';
import { absMax, type ColorScale } from './colorScales';
import { el } from '../../common/dom';
import { HeatmapCanvas } from './heatmapCanvas';
import {
  GATE_ORDER,
  kindHelp,
  kindScale,
  kindSummary,
  kindTitle,
  type StateKind,
} from './stateKinds';
import type { Tooltip } from './tooltip';
import { type ViewText } from './viewText';
import { formatNumber } from '../../common/numberFormat';

/** Which axis a heatmap's columns are on: the input (also Seq2Seq's encoder) or the decoder. */
export type StepAxis = 'input' | 'decoder';

export interface PlacedHeatmap {
  heatmap: HeatmapCanvas;
  figure: HTMLElement;
  axis: StepAxis;
  layer: string;
  kind: StateKind;
  /** New numbers of the same shape (the next epoch's weights on the same input). */
  refresh(layer: LayerTrace, tokens: readonly string[]): void;
}

export interface StateHeatmapContext {
  lang: Lang;
  text: ViewText;
  tooltip: Tooltip;
  /** Walks every heatmap on the same axis to this step. */
  onPick(axis: StepAxis, step: number): void;
  /** A left margin shared with the input's view, so that their steps line up (real inputs). */
  alignLeft?: number;
}

/** CSS pixels per time step: wide enough for a token, narrow enough that ~30 steps fit. */
export function stepWidth(steps: number): number {
  return Math.max(8, Math.min(28, Math.floor(480 / Math.max(1, steps))));
}

/** A colour legend: the scale's gradient between its end values. */
export function legend(scale: ColorScale): HTMLElement {
  const bar = el('span', { class: 'lab-legend-bar' });
  bar.style.background = scale.gradient();
  const fmt = (v: number): string => formatNumber(v, 2);
  return el(
    'span',
    { class: 'lab-legend', 'aria-hidden': 'true' },
    fmt(scale.min),
    bar,
    fmt(scale.max),
  );
}

/** The kinds a layer has, in reading order: h, c, then the gates. */
export function layerKinds(layer: LayerTrace): StateKind[] {
  const kinds: StateKind[] = ['h'];
  if (layer.c) kinds.push('c');
  for (const gate of GATE_ORDER) if (layer.gates[gate]) kinds.push(gate);
  return kinds;
}

function valuesOf(layer: LayerTrace, kind: StateKind): number[][] | undefined {
  if (kind === 'h') return layer.h;
  if (kind === 'c') return layer.c;
  return layer.gates[kind as keyof LayerTrace['gates']];
}

/** One heatmap figure of one kind of one layer. */
export function stateHeatmap(
  layer: LayerTrace,
  kind: StateKind,
  tokens: readonly string[],
  axis: StepAxis,
  ctx: StateHeatmapContext,
): PlacedHeatmap | undefined {
  const values = valuesOf(layer, kind);
  if (!values) return undefined;
  const { lang, text } = ctx;
  const steps = values.length;
  const units = layer.hidden;
  const scaleOf = (v: number[][]) => kindScale(kind, kind === 'c' ? absMax(v) : 1);
  const scale = scaleOf(values);
  const title = kindTitle(kind, lang);
  const where = layerLabel(layer.label, lang);
  const summary = kindSummary(kind, lang);
  let currentTokens = tokens;
  const heatmap = new HeatmapCanvas({
    values,
    rows: units,
    scale,
    colLabels: tokens,
    rowLabel: (r) => String(r + 1),
    attrs: {
      'data-testid': 'heatmap',
      'data-layer': layer.label,
      'data-kind': kind,
      'data-part': layer.part,
      'data-steps': String(steps),
      'data-units': String(units),
      'data-highlight-step': '-1',
    },
    ariaLabel: text.heatmapAria(title, where, steps, units),
    cellWidth: stepWidth(steps),
    cellHeight: Math.max(2, Math.min(10, Math.floor(180 / Math.max(1, units)))),
    maxPlotHeight: 220,
    tooltip: ctx.tooltip,
    describe: (cell) => ({
      heading: `${title} · ${where}`,
      lines: [
        text.stepLabel(cell.col + 1, currentTokens[cell.col] ?? ''),
        text.unitLabel(cell.row + 1),
        text.valueLabel(formatNumber(cell.value, 4)),
      ],
      note: summary,
    }),
    onPickColumn: (col) => ctx.onPick(axis, col),
    ...(ctx.alignLeft !== undefined ? { minLeft: ctx.alignLeft } : {}),
  });
  let key = legend(scale);
  const caption = el(
    'figcaption',
    { class: 'lab-heatmap-caption', title: kindHelp(kind, lang) },
    el('span', { class: 'lab-heatmap-title' }, title),
    el('span', { class: 'lab-letter' }, kind),
    key,
  );
  const figure = el(
    'figure',
    { class: 'lab-heatmap-figure', 'data-kind': kind, 'data-layer': layer.label },
    caption,
    el('div', { class: 'lab-scroll-x' }, heatmap.element),
  );
  if (units * 2 > 220)
    figure.appendChild(el('div', { class: 'lab-muted lab-small' }, text.scaledRows(units)));
  const refresh = (next: LayerTrace, nextTokens: readonly string[]): void => {
    const v = valuesOf(next, kind);
    if (!v) return;
    currentTokens = nextTokens;
    const nextScale = scaleOf(v);
    heatmap.setData({ values: v, scale: nextScale, colLabels: nextTokens });
    const nextKey = legend(nextScale);
    key.replaceWith(nextKey);
    key = nextKey;
  };
  return { heatmap, figure, axis, layer: layer.label, kind, refresh };
}

/** Every heatmap of a layer (or only `kinds`), in reading order. */
export function layerHeatmaps(
  layer: LayerTrace,
  tokens: readonly string[],
  axis: StepAxis,
  ctx: StateHeatmapContext,
  kinds: readonly StateKind[] = layerKinds(layer),
): PlacedHeatmap[] {
  return kinds
    .map((kind) => stateHeatmap(layer, kind, tokens, axis, ctx))
    .filter((p): p is PlacedHeatmap => p !== undefined);
}
