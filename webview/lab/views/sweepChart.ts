/**
 * The Sweep view's chart: a metric against the swept numeric axis (or the categories of the first
 * axis), one line per value of the other axes, and behind each line a band from the lowest to the
 * highest seed at each point, so that one lucky seed cannot pass for a result. uPlot draws axes,
 * lines, dots and the legend; the bands are filled in a draw hook under the lines (uPlot's own
 * bands need the bounds as series of their own, which would crowd the legend).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el } from '../../common/dom';
import { shortNumber, withAlpha } from '../../common/lineChart';
import { canvasFont, onThemeChange, theme } from '../../common/theme';
import type { SweepChartData, SweepLine } from './sweepData';

const DASHES: (number[] | undefined)[] = [undefined, [6, 4], [2, 3], [8, 3, 2, 3], [1, 4]];

export interface SweepChartOptions {
  height: number;
  xLabel: string;
  yLabel: string;
  /** Fractions: 0–100 %. */
  percent: boolean;
  /** The legend's name of a line ('' for the only line). */
  /** The legend's name of a line (from its values; `label` is its key). */
  lineName: (line: SweepLine) => string;
  /** A dashed horizontal line: what a model that learned nothing scores, and its label. */
  reference?: { value: number; label: string };
}

export class SweepChart {
  readonly element: HTMLDivElement;
  private plot: uPlot | undefined;
  private data: SweepChartData | undefined;
  private options: SweepChartOptions | undefined;
  private readonly resizeObserver: ResizeObserver;
  private readonly unsubscribeTheme: () => void;
  private frame = 0;

  constructor() {
    this.element = el('div', { class: 'lab-linechart lab-sweep-chart' });
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this.element);
    this.unsubscribeTheme = onThemeChange(() => this.rebuild());
  }

  /** The drawing (axes, bands and lines) for PNG export; undefined before the first draw. */
  get canvas(): HTMLCanvasElement | undefined {
    return this.plot?.ctx.canvas;
  }

  show(data: SweepChartData, options: SweepChartOptions): void {
    const sameShape =
      this.options !== undefined &&
      this.data !== undefined &&
      this.options.percent === options.percent &&
      this.options.yLabel === options.yLabel &&
      this.options.xLabel === options.xLabel &&
      this.options.reference?.value === options.reference?.value &&
      this.options.reference?.label === options.reference?.label &&
      this.data.lines.map((l) => l.label).join('\u0001') ===
        data.lines.map((l) => l.label).join('\u0001') &&
      this.data.x.join(',') === data.x.join(',');
    this.data = data;
    this.options = options;
    this.element.style.height = `${options.height}px`;
    if (!sameShape) this.plot?.destroy();
    if (!sameShape) this.plot = undefined;
    this.schedule();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.unsubscribeTheme();
    this.plot?.destroy();
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private aligned(): uPlot.AlignedData {
    const d = this.data;
    if (!d) return [[]];
    return [d.x, ...d.lines.map((l) => l.mean)] as unknown as uPlot.AlignedData;
  }

  private draw(): void {
    const width = Math.floor(this.element.clientWidth);
    if (width <= 0 || !this.data || !this.options) return; // hidden: drawn when it shows
    const height = Math.max(80, this.options.height - (width < 420 ? 52 : 30));
    if (this.plot) {
      if (this.plot.width !== width) this.plot.setSize({ width, height });
      this.plot.setData(this.aligned());
      return;
    }
    this.plot = new uPlot(this.makeOptions(width, height), this.aligned(), this.element);
  }

  private makeOptions(width: number, height: number): uPlot.Options {
    const o = this.options as SweepChartOptions;
    const d = this.data as SweepChartData;
    const yFormat = (v: number) => (o.percent ? `${Math.round(v * 100)}%` : shortNumber(v));
    const xFormat = (v: number) =>
      d.xLabels ? (Number.isInteger(v) ? (d.xLabels[v] ?? '') : '') : shortNumber(v);
    const axisFont = canvasFont(10);
    const labelFont = canvasFont(11);
    const grid = { stroke: () => theme().grid, width: 1 };
    const ticks = { stroke: () => theme().grid, width: 1, size: 4 };
    const color = (i: number) => {
      const series = theme().series;
      return series[i % series.length] ?? theme().foreground;
    };
    const single = d.x.length === 1;
    const pad = d.xLabels || single ? 0.5 : 0;
    return {
      width,
      height,
      padding: [8, 12, 0, 0],
      scales: {
        x: {
          time: false,
          range: (_u, min, max) =>
            min === max
              ? [min - 1, max + 1]
              : [min - pad * (max - min || 1), max + pad * (max - min || 1)],
        },
        y: o.percent
          ? { range: [0, 1] }
          : {
              // The reference line stays in view even when every point is far below it.
              range: (_u, min, max) => {
                const top = Math.max(max, o.reference?.value ?? -Infinity);
                return min === top ? [min - 1, top + 1] : [Math.min(0, min), top * 1.05];
              },
            },
      },
      axes: [
        {
          label: o.xLabel,
          stroke: () => theme().muted,
          font: axisFont,
          labelFont,
          labelSize: 16,
          size: 28,
          grid,
          ticks,
          // Ticks at the swept values themselves (lags 10, 50, 100), not at round numbers between.
          ...(d.xLabels || d.x.length <= 12 ? { splits: () => d.x } : {}),
          values: (_u, splits) => splits.map(xFormat),
        },
        {
          label: o.yLabel,
          stroke: () => theme().muted,
          font: axisFont,
          labelFont,
          labelSize: 16,
          size: 48,
          grid,
          ticks,
          values: (_u, splits) => splits.map(yFormat),
        },
      ],
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      legend: { show: true, live: true },
      series: [
        { label: o.xLabel, value: (_u, v) => (v === null || v === undefined ? '–' : xFormat(v)) },
        ...d.lines.map((line, i): uPlot.Series => ({
          label: o.lineName(line),
          stroke: () => color(i),
          width: 2,
          ...(DASHES[i % DASHES.length] ? { dash: DASHES[i % DASHES.length] } : {}),
          // Categories are not a continuum: dots only, no line between them.
          ...(d.xLabels ? { paths: () => null } : {}),
          spanGaps: true,
          points: { show: true, size: 7 },
          value: (_u, v) => (v === null || v === undefined ? '–' : yFormat(v)),
        })),
      ],
      hooks: {
        // Under the lines: each line's min–max band over the seeds (a whisker at a lone x).
        drawAxes: [
          (u) => {
            this.drawBands(u, color);
            this.drawReference(u);
          },
        ],
      },
    };
  }

  private drawReference(u: uPlot): void {
    const reference = this.options?.reference;
    if (!reference) return;
    const ctx = u.ctx;
    const dpr = uPlot.pxRatio;
    const y = u.valToPos(reference.value, 'y', true);
    const { left, width } = u.bbox;
    ctx.save();
    ctx.strokeStyle = theme().muted;
    ctx.lineWidth = 1.5 * dpr;
    ctx.setLineDash([5 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = theme().muted;
    ctx.font = canvasFont(10 * dpr);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(reference.label, left + width - 4 * dpr, y - 3 * dpr);
    ctx.restore();
  }

  private drawBands(u: uPlot, color: (i: number) => string): void {
    const d = this.data;
    if (!d) return;
    const ctx = u.ctx;
    ctx.save();
    const dpr = uPlot.pxRatio;
    d.lines.forEach((line, i) => {
      if (!u.series[i + 1]?.show) return;
      ctx.fillStyle = withAlpha(color(i), 0.18);
      ctx.strokeStyle = withAlpha(color(i), 0.7);
      ctx.lineWidth = 1.5 * dpr;
      const at = d.x
        .map((x, k) => ({ x, lo: line.low[k], hi: line.high[k] }))
        .filter((p): p is { x: number; lo: number; hi: number } => p.lo != null && p.hi != null);
      const px = (x: number) => u.valToPos(x, 'x', true);
      const py = (y: number) => u.valToPos(y, 'y', true);
      const runs: (typeof at)[] = [];
      // Contiguous stretches (no gap in x) are one band; categories and lone points get whiskers.
      for (const p of at) {
        const last = runs[runs.length - 1];
        const prev = last?.[last.length - 1];
        const k = d.x.indexOf(p.x);
        if (!d.xLabels && last && prev && d.x.indexOf(prev.x) === k - 1) last.push(p);
        else runs.push([p]);
      }
      for (const run of runs) {
        if (run.length === 1) {
          const p = run[0] as (typeof at)[number];
          const x = px(p.x);
          const w = 5 * dpr;
          ctx.beginPath();
          ctx.moveTo(x, py(p.lo));
          ctx.lineTo(x, py(p.hi));
          ctx.moveTo(x - w, py(p.lo));
          ctx.lineTo(x + w, py(p.lo));
          ctx.moveTo(x - w, py(p.hi));
          ctx.lineTo(x + w, py(p.hi));
          ctx.stroke();
          continue;
        }
        ctx.beginPath();
        run.forEach((p, k) =>
          k === 0 ? ctx.moveTo(px(p.x), py(p.hi)) : ctx.lineTo(px(p.x), py(p.hi)),
        );
        for (let k = run.length - 1; k >= 0; k--) {
          const p = run[k] as (typeof at)[number];
          ctx.lineTo(px(p.x), py(p.lo));
        }
        ctx.closePath();
        ctx.fill();
      }
    });
    ctx.restore();
  }
}
