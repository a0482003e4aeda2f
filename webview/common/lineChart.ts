/**
 * A streaming line chart: uPlot in a box of fixed height (no layout jumps), as wide as its
 * container, coloured from the theme (series colours and axes are read at draw time, so a theme
 * change only needs a redraw). Updates are coalesced to one per animation frame. Series differ by
 * dash pattern as well as by colour, and the legend names them.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, nextFrame } from './dom';
import { canvasFont, onThemeChange, theme } from './theme';

export interface SeriesSpec {
  label: string;
  /** Index into the theme's series colours. */
  color: number;
  dash?: number[];
  width?: number;
  /** Draw a dot at each value (sparse per-epoch series). */
  points?: boolean;
  /** Join values across nulls (series sampled at other x than their neighbours). */
  spanGaps?: boolean;
  /** `y` (default) or `y2` (a second axis on the right). */
  scale?: 'y' | 'y2';
  /** Faint: drawn thin and half transparent (raw per-batch values under a smoothed curve). */
  faint?: boolean;
}

export interface LineChartOptions {
  height: number;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  series: SeriesSpec[];
  yLog?: boolean;
  /** With `yLog`: the axis spans whole decades (a flat line near a decade's foot stays clear of it). */
  yWholeDecades?: boolean;
  /** x on a log (base 2) axis: lengths 1, 2, 4 … 64 evenly spaced, T × c a straight line. */
  xLog?: boolean;
  /** Fixed range for y (e.g. [0, 1] for accuracy). */
  yRange?: [number, number];
  /** x takes whole numbers only (epochs, lengths): ticks at integers. */
  xIntegers?: boolean;
  xFormat?: (value: number) => string;
  /** CSS pixels the legend takes below the plot (default: one line, two when narrow). */
  legendHeight?: number;
  yFormat?: (value: number) => string;
}

/** A vertical dotted line across the plot at `x`, labelled at its top (e.g. the tbptt cut). */
export interface XMarker {
  x: number;
  label: string;
}

export type Column = (number | null | undefined)[];

/** `color` (a theme's #rrggbb or rgb()) at the given opacity. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = parseInt(hex[1] ?? '0', 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]*)\)$/i.exec(color);
  if (rgb) {
    const [r, g, b] = (rgb[1] ?? '').split(/[,\s/]+/);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}

/** Compact numbers for axes: 0.0012 → 1.2e-3, 12345 → 12.3k. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const a = Math.abs(value);
  if (a === 0) return '0';
  if (a >= 1e4) return `${(value / 1000).toFixed(a >= 1e5 ? 0 : 1)}k`;
  if (a >= 100) return value.toFixed(0);
  if (a >= 1) return String(Number(value.toFixed(2)));
  if (a >= 0.01) return String(Number(value.toFixed(3)));
  return value.toExponential(0).replace('e-', 'e−');
}

export class LineChart {
  readonly element: HTMLDivElement;
  private plot: uPlot | undefined;
  private data: uPlot.AlignedData;
  private pending = false;
  private readonly resizeObserver: ResizeObserver;
  private readonly unsubscribeTheme: () => void;
  private width = 0;
  private markers: readonly XMarker[] = [];

  constructor(private readonly options: LineChartOptions) {
    this.element = el('div', { class: 'lab-linechart' });
    this.element.style.height = `${options.height}px`;
    // The axes are drawn on the canvas: their kind and labels are also said here, for tests.
    this.element.dataset.xScale = options.xLog ? 'log' : 'linear';
    this.element.dataset.yScale = options.yLog ? 'log' : 'linear';
    this.element.dataset.xLabel = options.xLabel;
    this.element.dataset.yLabel = options.yLabel;
    this.data = [[], ...options.series.map(() => [])] as unknown as uPlot.AlignedData;
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(this.element);
    this.unsubscribeTheme = onThemeChange(() => {
      // Fonts and grid strokes are fixed at creation: build the plot again.
      this.plot?.destroy();
      this.plot = undefined;
      this.fit();
    });
  }

  /** The drawing (axes and lines) for PNG export; undefined before the first draw. */
  get canvas(): HTMLCanvasElement | undefined {
    return this.plot?.ctx.canvas;
  }

  /** x ascending; one column per series, null where a series has no value. */
  setData(x: readonly number[], columns: readonly Column[]): void {
    this.data = [x, ...columns] as unknown as uPlot.AlignedData;
    // No points: uPlot would draw bare axes from −1 to 1, which reads as "a chart of nothing";
    // the box stays blank (the card around it says why) until the first point.
    this.element.classList.toggle('is-empty', x.length === 0);
    if (this.pending) return;
    this.pending = true;
    nextFrame(() => {
      this.pending = false;
      if (this.plot) this.plot.setData(this.data);
      else this.fit();
    });
  }

  /** Vertical marker lines (drawn on the plot's canvas, so a saved PNG carries them). */
  setMarkers(markers: readonly XMarker[]): void {
    this.markers = markers;
    this.plot?.redraw(false, false);
  }

  /** Renames a series (the compare chart learns its cells as they start). */
  setSeriesLabel(index: number, label: string): void {
    const spec = this.options.series[index];
    if (!spec || spec.label === label) return;
    spec.label = label;
    this.plot?.destroy();
    this.plot = undefined;
    this.fit();
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.unsubscribeTheme();
    this.plot?.destroy();
  }

  private fit(): void {
    const width = Math.floor(this.element.clientWidth);
    if (width <= 0) return; // hidden (another tab): measured again when it shows
    if (this.plot && width === this.width) return;
    this.width = width;
    if (this.plot) {
      this.plot.setSize({ width, height: this.plotHeight() });
      return;
    }
    this.plot = new uPlot(this.makeOptions(width), this.data, this.element);
    this.element.classList.toggle('is-empty', (this.data[0] as readonly number[]).length === 0);
  }

  private drawMarkers(u: uPlot): void {
    if (this.markers.length === 0) return;
    const ctx = u.ctx;
    const { top, height, left, width } = u.bbox;
    const ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = theme().foreground;
    ctx.fillStyle = theme().foreground;
    ctx.lineWidth = 1.5 * ratio;
    ctx.setLineDash([2 * ratio, 3 * ratio]);
    ctx.font = canvasFont(10 * ratio);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    for (const m of this.markers) {
      const x = u.valToPos(m.x, 'x', true);
      if (!Number.isFinite(x) || x < left || x > left + width) continue;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.fillText(m.label, x + 3 * ratio, top + 2 * ratio);
    }
    ctx.restore();
  }

  private plotHeight(): number {
    // The legend (one line, or two in a narrow box) sits below the plot inside the fixed box.
    const legend = this.options.legendHeight ?? (this.width < 320 ? 46 : 28);
    return Math.max(60, this.options.height - legend);
  }

  private makeOptions(width: number): uPlot.Options {
    const t = theme();
    const o = this.options;
    const axisFont = canvasFont(10);
    const labelFont = canvasFont(11);
    const axis = (label: string, scale: string, side?: uPlot.Axis.Side): uPlot.Axis => ({
      scale,
      label,
      stroke: () => theme().muted,
      font: axisFont,
      labelFont,
      labelSize: 16,
      size: 44,
      grid: { stroke: () => theme().grid, width: 1 },
      ticks: { stroke: () => theme().grid, width: 1, size: 4 },
      ...(side === undefined ? {} : { side }),
      values: (_u, splits) => splits.map((v) => (o.yFormat ?? shortNumber)(v)),
    });
    const axes: uPlot.Axis[] = [
      {
        label: o.xLabel,
        stroke: () => theme().muted,
        font: axisFont,
        labelFont,
        labelSize: 16,
        size: 26,
        grid: { stroke: () => theme().grid, width: 1 },
        ticks: { stroke: () => theme().grid, width: 1, size: 4 },
        values: (_u, splits) => splits.map((v) => (o.xFormat ?? shortNumber)(v)),
        ...(o.xIntegers
          ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] }
          : {}),
      },
      axis(o.yLabel, 'y'),
    ];
    if (o.y2Label !== undefined) axes.push({ ...axis(o.y2Label, 'y2', 1), grid: { show: false } });
    const scales: uPlot.Scales = {
      x: o.xLog
        ? { time: false, distr: 3, log: 2 }
        : o.xIntegers
          ? {
              time: false,
              range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]),
            }
          : { time: false },
      y: o.yLog
        ? {
            distr: 3,
            log: 10,
            ...(o.yWholeDecades
              ? { range: (_u, min, max) => uPlot.rangeLog(min, max, 10, true) }
              : {}),
          }
        : o.yRange
          ? { range: o.yRange }
          : {
              range: (_u, min, max) =>
                min === max ? [min - 1, max + 1] : [Math.min(0, min), max * 1.05],
            },
    };
    if (o.y2Label !== undefined) scales.y2 = { range: [0, 1] };
    return {
      width,
      height: this.plotHeight(),
      padding: [8, 8, 0, 0],
      scales,
      axes,
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { show: true, live: true },
      hooks: { draw: [(u) => this.drawMarkers(u)] },
      series: [
        {
          label: o.xLabel,
          value: (_u, v) => (v === null || v === undefined ? '–' : (o.xFormat ?? shortNumber)(v)),
        },
        ...o.series.map((s): uPlot.Series => ({
          label: s.label,
          scale: s.scale ?? 'y',
          stroke: () => {
            const color = theme().series[s.color % theme().series.length] ?? t.foreground;
            return s.faint ? withAlpha(color, 0.45) : color;
          },
          width: s.width ?? (s.faint ? 1 : 2),
          ...(s.dash ? { dash: s.dash } : {}),
          spanGaps: s.spanGaps ?? false,
          points: s.points ? { show: true, size: 5 } : { show: false },
          value: (_u, v) => (v === null || v === undefined ? '–' : (o.yFormat ?? shortNumber)(v)),
        })),
      ],
    };
  }
}
