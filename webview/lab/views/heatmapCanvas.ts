/**
 * A heatmap on <canvas>: one column per time step (or per training step), one row per unit,
 * colour from a perceptual scale, labels on both axes drawn on the same canvas (so a saved PNG
 * carries them). A highlighted column (the inspector's step) and row are outlined in black and
 * white, visible on any colour. Hover or arrow keys show a cell's value and meaning in the shared
 * tooltip; a click or ←/→ picks that step.
 */
import type { ColorScale } from './colorScales';
import { el } from '../../common/dom';
import { canvasFont, onThemeChange, theme } from '../../common/theme';
import type { Tooltip, TooltipContent } from './tooltip';

export interface HeatmapCell {
  col: number;
  row: number;
  /** NaN where the data has no value (e.g. a shorter sequence). */
  value: number;
}

export interface HeatmapOptions {
  /** [col][row], as the engine's [step][unit]. */
  values: readonly (readonly number[])[];
  /** Rows; defaults to the longest column. */
  rows?: number;
  scale: ColorScale;
  /** One label per column (tokens); fewer are drawn when they would overlap. */
  colLabels: readonly string[];
  /** Label of a row; default its 1-based number. */
  rowLabel?: (row: number) => string;
  /** Data attributes and test hooks (`data-testid`, `data-layer`…). */
  attrs: Record<string, string>;
  ariaLabel: string;
  /** CSS pixels per column. */
  cellWidth: number;
  /** Preferred CSS pixels per row; rows shrink (down to below a pixel) to fit `maxPlotHeight`. */
  cellHeight: number;
  maxPlotHeight: number;
  tooltip: Tooltip;
  describe(cell: HeatmapCell): TooltipContent;
  /** A column was clicked, or the keyboard cursor moved to it. */
  onPickColumn?(col: number): void;
  /**
   * The least left margin (CSS pixels) for the row labels: heatmaps drawn one above the other with
   * the same margin and `cellWidth` have their time steps in the same columns.
   */
  minLeft?: number;
  /**
   * Per column, a row boundary to mark with a dotted line (rows above it are cut off, e.g. by
   * `train.tbptt`); undefined for none.
   */
  rowCut?: (col: number) => number | undefined;
}

const TOP = 4;
const BOTTOM = 18;
const RIGHT = 4;

export class HeatmapCanvas {
  readonly element: HTMLCanvasElement;
  private readonly buffer: HTMLCanvasElement;
  private options: HeatmapOptions;
  private cols = 0;
  private rows = 0;
  private left = 28;
  private plotHeight = 0;
  private highlightCol = -1;
  private highlightRow = -1;
  private hover: { col: number; row: number } | undefined;
  private cursor: { col: number; row: number } | undefined;
  private readonly unsubscribeTheme: () => void;

  constructor(options: HeatmapOptions) {
    this.options = options;
    this.buffer = document.createElement('canvas');
    this.element = el('canvas', {
      class: 'lab-heatmap',
      tabindex: 0,
      role: 'img',
      'aria-label': options.ariaLabel,
      'aria-describedby': 'lab-tooltip',
    });
    for (const [name, value] of Object.entries(options.attrs))
      this.element.setAttribute(name, value);
    this.element.addEventListener('pointermove', (e) => this.onPointer(e));
    this.element.addEventListener('pointerleave', () => {
      this.hover = undefined;
      this.options.tooltip.hide();
      this.draw();
    });
    this.element.addEventListener('click', (e) => {
      const cell = this.cellAt(e);
      if (cell) this.options.onPickColumn?.(cell.col);
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('focus', () => {
      this.cursor ??= { col: Math.max(0, this.highlightCol), row: Math.max(0, this.highlightRow) };
      this.showCursor();
    });
    this.element.addEventListener('blur', () => {
      this.cursor = undefined;
      this.options.tooltip.hide();
      this.draw();
    });
    this.unsubscribeTheme = onThemeChange(() => this.draw());
    this.setData(options);
  }

  /** New values (same or different shape). */
  setData(options: Partial<HeatmapOptions>): void {
    this.options = { ...this.options, ...options };
    const { values } = this.options;
    this.cols = values.length;
    this.rows = this.options.rows ?? values.reduce((m, column) => Math.max(m, column.length), 0);
    this.paintBuffer();
    this.layout();
    this.draw();
  }

  get columnCount(): number {
    return this.cols;
  }

  /** Outlines column `col` (−1: none) and exposes it as `data-highlight-step`. */
  setHighlight(col: number): void {
    this.highlightCol = col;
    this.element.dataset.highlightStep = String(col);
    this.draw();
  }

  setHighlightRow(row: number): void {
    this.highlightRow = row;
    this.element.dataset.highlightRow = String(row);
    this.draw();
  }

  dispose(): void {
    this.unsubscribeTheme();
  }

  private paintBuffer(): void {
    const { cols, rows } = this;
    this.buffer.width = Math.max(1, cols);
    this.buffer.height = Math.max(1, rows);
    const ctx = this.buffer.getContext('2d');
    if (!ctx || cols === 0 || rows === 0) return;
    const image = ctx.createImageData(cols, rows);
    const { scale, values } = this.options;
    for (let c = 0; c < cols; c++) {
      const column = values[c] ?? [];
      for (let r = 0; r < rows; r++) {
        const v = column[r];
        const k = (r * cols + c) * 4;
        if (v === undefined || !Number.isFinite(v)) continue; // transparent: no value
        const [red, green, blue] = scale.color(v);
        image.data[k] = red;
        image.data[k + 1] = green;
        image.data[k + 2] = blue;
        image.data[k + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  private rowLabel(row: number): string {
    return this.options.rowLabel?.(row) ?? String(row + 1);
  }

  private layout(): void {
    const { cellWidth, cellHeight, maxPlotHeight } = this.options;
    this.plotHeight = Math.max(8, Math.min(maxPlotHeight, this.rows * cellHeight));
    const ctx = this.element.getContext('2d');
    let labelWidth = 0;
    if (ctx) {
      ctx.font = canvasFont(10, true);
      for (const row of this.labelledRows()) {
        labelWidth = Math.max(labelWidth, ctx.measureText(this.rowLabel(row)).width);
      }
    }
    this.left = Math.max(Math.ceil(labelWidth) + 8, this.options.minLeft ?? 0);
    const width = this.left + this.cols * cellWidth + RIGHT;
    const height = TOP + this.plotHeight + BOTTOM;
    const dpr = window.devicePixelRatio || 1;
    this.element.width = Math.round(width * dpr);
    this.element.height = Math.round(height * dpr);
    this.element.style.width = `${width}px`;
    this.element.style.height = `${height}px`;
  }

  private get rowHeight(): number {
    return this.rows === 0 ? 0 : this.plotHeight / this.rows;
  }

  /** The rows that get a label: every one when they are tall enough, else every k-th. */
  private labelledRows(): number[] {
    const h =
      this.rows === 0
        ? 0
        : Math.min(this.options.maxPlotHeight, this.rows * this.options.cellHeight) / this.rows;
    const every = Math.max(1, Math.ceil(12 / Math.max(h, 0.01)));
    const out: number[] = [];
    for (let r = 0; r < this.rows; r += every) out.push(r);
    return out;
  }

  draw(): void {
    const ctx = this.element.getContext('2d');
    if (!ctx) return;
    const t = theme();
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.element.width, this.element.height);
    const { cellWidth } = this.options;
    const plotWidth = this.cols * cellWidth;
    const rh = this.rowHeight;
    if (this.cols > 0 && this.rows > 0) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(
        this.buffer,
        0,
        0,
        this.cols,
        this.rows,
        this.left,
        TOP,
        plotWidth,
        this.plotHeight,
      );
    }
    ctx.strokeStyle = t.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(this.left - 0.5, TOP - 0.5, plotWidth + 1, this.plotHeight + 1);

    // Axis labels: units (rows) on the left, tokens (columns) below.
    ctx.fillStyle = t.muted;
    ctx.font = canvasFont(10, true);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const r of this.labelledRows()) {
      ctx.fillText(this.rowLabel(r), this.left - 4, TOP + (r + 0.5) * rh);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.font = canvasFont(11, true);
    // Column labels left to right, skipping any that would overlap the last one drawn; the
    // highlighted column's label is always drawn.
    let lastRight = -Infinity;
    for (let c = 0; c < this.cols; c++) {
      const label = this.options.colLabels[c] ?? '';
      if (label === '') continue;
      const x = this.left + (c + 0.5) * cellWidth;
      const w = ctx.measureText(label).width;
      const isHighlight = c === this.highlightCol;
      if (!isHighlight && x - w / 2 < lastRight + 4) continue;
      if (!isHighlight) {
        const h = this.highlightCol;
        const hLabel = this.options.colLabels[h] ?? '';
        if (h > c && hLabel !== '') {
          const hx = this.left + (h + 0.5) * cellWidth;
          if (x + w / 2 + 4 > hx - ctx.measureText(hLabel).width / 2) continue;
        }
      }
      ctx.fillStyle = isHighlight ? t.foreground : t.muted;
      ctx.fillText(label, x, TOP + this.plotHeight + 3);
      lastRight = x + w / 2;
    }

    this.drawRowCut(ctx, rh);
    if (this.highlightCol >= 0 && this.highlightCol < this.cols) {
      outline(ctx, this.left + this.highlightCol * cellWidth, TOP, cellWidth, this.plotHeight);
    }
    if (this.highlightRow >= 0 && this.highlightRow < this.rows) {
      outline(ctx, this.left, TOP + this.highlightRow * rh, plotWidth, rh);
    }
    const mark = this.cursor ?? this.hover;
    if (mark) {
      outline(
        ctx,
        this.left + mark.col * cellWidth,
        TOP + mark.row * rh,
        cellWidth,
        Math.max(rh, 2),
      );
    }
  }

  /** The `rowCut` boundary as one dotted line per run of columns that share it. */
  private drawRowCut(ctx: CanvasRenderingContext2D, rh: number): void {
    const cut = this.options.rowCut;
    if (!cut) return;
    const { cellWidth } = this.options;
    ctx.save();
    ctx.strokeStyle = theme().foreground;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([2, 2]);
    for (let c = 0; c < this.cols;) {
      const row = cut(c);
      let end = c + 1;
      while (end < this.cols && cut(end) === row) end++;
      if (row !== undefined && row > 0 && row < this.rows) {
        const y = TOP + row * rh;
        ctx.beginPath();
        ctx.moveTo(this.left + c * cellWidth, y);
        ctx.lineTo(this.left + end * cellWidth, y);
        ctx.stroke();
      }
      c = end;
    }
    ctx.restore();
  }

  private cellAt(e: MouseEvent): { col: number; row: number } | undefined {
    const box = this.element.getBoundingClientRect();
    const x = e.clientX - box.left - this.left;
    const y = e.clientY - box.top - TOP;
    if (x < 0 || y < 0 || y >= this.plotHeight) return undefined;
    const col = Math.floor(x / this.options.cellWidth);
    const row = Math.floor(y / this.rowHeight);
    if (col >= this.cols || row >= this.rows || row < 0) return undefined;
    return { col, row };
  }

  private valueAt(col: number, row: number): number {
    return this.options.values[col]?.[row] ?? Number.NaN;
  }

  private onPointer(e: PointerEvent): void {
    const cell = this.cellAt(e);
    if (!cell) {
      if (this.hover) {
        this.hover = undefined;
        this.options.tooltip.hide();
        this.draw();
      }
      return;
    }
    this.hover = cell;
    this.options.tooltip.show(
      this.options.describe({ ...cell, value: this.valueAt(cell.col, cell.row) }),
      e.clientX,
      e.clientY,
    );
    this.draw();
  }

  private showCursor(): void {
    const cursor = this.cursor;
    if (!cursor || this.cols === 0 || this.rows === 0) return;
    const box = this.element.getBoundingClientRect();
    const x = box.left + this.left + (cursor.col + 1) * this.options.cellWidth;
    const y = box.top + TOP + (cursor.row + 1) * this.rowHeight;
    this.options.tooltip.show(
      this.options.describe({ ...cursor, value: this.valueAt(cursor.col, cursor.row) }),
      x,
      y,
    );
    this.draw();
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.cursor || this.cols === 0 || this.rows === 0) return;
    const page = Math.max(1, Math.round(this.rows / 8));
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
      PageUp: [0, -page],
      PageDown: [0, page],
    };
    if (e.key === 'Escape') {
      this.options.tooltip.hide();
      return;
    }
    if (e.key === 'Home' || e.key === 'End') {
      this.cursor = { ...this.cursor, col: e.key === 'Home' ? 0 : this.cols - 1 };
    } else {
      const move = moves[e.key];
      if (!move) return;
      this.cursor = {
        col: clamp(this.cursor.col + move[0], 0, this.cols - 1),
        row: clamp(this.cursor.row + move[1], 0, this.rows - 1),
      };
    }
    e.preventDefault();
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown' && !e.key.startsWith('Page')) {
      this.options.onPickColumn?.(this.cursor.col);
    }
    this.showCursor();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** A black and a white rectangle inside each other: visible on every colour of every scale. */
function outline(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(x - 1, y - 1, w + 2, h + 2);
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#ffffff';
  ctx.strokeRect(x + 0.5, y + 0.5, Math.max(0, w - 1), Math.max(0, h - 1));
}
