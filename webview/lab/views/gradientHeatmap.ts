/**
 * Vanishing and exploding gradients, made visible: for each recurrent layer a heatmap of the
 * normalised gradient ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ with time steps down (t = 1 at the top) and training
 * progress across, coloured on a log scale shared by all layers. Each column is divided by its own
 * last step, so the first epochs' large losses do not drown the later columns: the colour says how
 * much reaches back, not how large the loss was. A plain RNN's early rows fade to dark; exploding
 * ones flare up. Below it, the global gradient norm per step (log axis), and the verdict on the
 * latest column (engine/gradientReach.ts `reachVerdict`, the same normalisation as the reach view).
 * These are training's own gradients: with `train.tbptt` = k each column is zero more than k − 1
 * steps before its last, a dotted line marks that cut and the verdict is `truncated`.
 */
import type { GradientsEvent, StartEvent } from '../../../src/engine/trainEvents';
import {
  explainTerm,
  layerLabel,
  renderPlainText,
  termTitle,
  toPlainText,
  type Lang,
} from '../../../src/explain';
import { reachOfNorms, reachVerdict } from '../../../src/engine/gradientReach';
import { ChartCard } from './chartCard';
import { isWarning } from './gradientReachChart';
import { reachSentence, reachText, type ReachText } from './reachText';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { sequentialScale } from './colorScales';
import { el, frameScheduler } from '../../common/dom';
import { HeatmapCanvas } from './heatmapCanvas';
import { LineChart } from '../../common/lineChart';
import type { Tooltip } from './tooltip';
import { type ViewText } from './viewText';
import { formatNumber } from '../../common/numberFormat';

/** Columns kept per layer; beyond it every other column is dropped (the picture stays whole). */
const MAX_COLUMNS = 360;
const PLOT_WIDTH = 560;

interface Column {
  epoch: number;
  batch: number;
  /** Training progress in epochs (epoch − 1 + batch / batches). */
  x: number;
  globalNorm: number;
  /** Per layer label: the norms per time step. */
  norms: Map<string, number[]>;
  /** log10 of each norm over the column's last one (NaN where a norm is 0 or missing). */
  logs: Map<string, number[]>;
}

export class GradientHeatmap {
  readonly element: HTMLElement;
  private readonly card: ChartCard;
  private readonly normCard: ChartCard;
  private readonly heatmaps = new Map<string, HeatmapCanvas>();
  private readonly layerBox = el('div', { class: 'lab-gradient-layers' });
  private readonly legend = el('div', { class: 'lab-legend' });
  private readonly hint = el('p', {
    class: 'lab-hint',
    'data-testid': 'gradient-hint',
    'aria-live': 'polite',
  });
  private readonly normChart: LineChart;
  private columns: Column[] = [];
  private layers: string[] = [];
  private batchesPerEpoch = 1;
  private accuracy: number | undefined;
  /** `train.tbptt` of the run shown (its start event), if training truncates. */
  private tbptt: number | undefined;
  private readonly cutNote = el('div', { class: 'lab-axis-note', 'data-testid': 'gradient-cut' });
  private readonly reach: ReachText;
  private readonly schedule = frameScheduler(() => this.render());

  constructor(
    private readonly text: ViewText,
    private readonly lang: Lang,
    private readonly tooltip: Tooltip,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
  ) {
    this.card = new ChartCard({
      title: termTitle('gradient-norm', lang),
      help: renderPlainText('vanishing-gradient', lang),
      testid: 'gradient-heatmap',
      height: 180,
      empty: text.gradientEmpty,
    });
    this.reach = reachText(lang);
    this.card.body.append(
      el('div', { class: 'lab-axis-note' }, `${text.gradientStepsAxis} ↓ · ${text.gradientAxis}`),
      el('div', { class: 'lab-axis-note' }, this.reach.heatmapNote),
      this.cutNote,
      this.legend,
      this.layerBox,
      this.hint,
    );
    this.card.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-gradients`,
          png: () =>
            canvasesToPng(
              [...this.heatmaps.values()].map((h) => h.element),
              termTitle('gradient-norm', lang),
            ),
          csv: () => this.csv(),
          json: () =>
            this.columns.map((c) => ({
              epoch: c.epoch,
              batch: c.batch,
              globalNorm: c.globalNorm,
              layers: Object.fromEntries(c.norms),
            })),
        },
        onError,
      ),
    );
    this.normCard = new ChartCard({
      title: text.globalNormChart,
      help: renderPlainText('clip-norm', lang),
      testid: 'gradient-norm-chart',
      height: 150,
      empty: text.gradientEmpty,
    });
    this.normChart = new LineChart({
      height: 150,
      xLabel: text.xEpoch,
      yLabel: text.yNorm,
      yLog: true,
      series: [{ label: text.globalNorm, color: 4 }],
    });
    this.normCard.body.appendChild(this.normChart.element);
    this.normCard.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-global-norm`,
          png: () =>
            canvasesToPng(
              this.normChart.canvas ? [this.normChart.canvas] : [],
              text.globalNormChart,
            ),
          csv: () =>
            toCsv(
              ['epoch', 'batch', 'globalNorm'],
              this.columns.map((c) => [c.epoch, c.batch, c.globalNorm]),
            ),
        },
        onError,
      ),
    );
    this.element = el('div', { class: 'lab-gradients' }, this.card.element, this.normCard.element);
  }

  start(event: StartEvent): void {
    this.batchesPerEpoch = Math.max(1, event.batchesPerEpoch);
    this.tbptt = event.tbptt;
    this.cutNote.textContent =
      event.tbptt !== undefined ? this.reach.heatmapCutNote(event.tbptt) : '';
    this.schedule();
  }

  add(event: GradientsEvent): void {
    const norms = new Map<string, number[]>();
    const logs = new Map<string, number[]>();
    for (const layer of event.layers) {
      norms.set(layer.layer, layer.norms);
      const last = layer.norms[layer.norms.length - 1] ?? 0;
      logs.set(
        layer.layer,
        layer.norms.map((n) =>
          n > 0 && last > 0 && Number.isFinite(n) ? Math.log10(n / last) : Number.NaN,
        ),
      );
      if (!this.layers.includes(layer.layer)) this.layers.push(layer.layer);
    }
    this.columns.push({
      epoch: event.epoch,
      batch: event.batch,
      x: event.epoch - 1 + event.batch / this.batchesPerEpoch,
      globalNorm: event.globalNorm,
      norms,
      logs,
    });
    if (this.columns.length > MAX_COLUMNS) {
      this.columns = this.columns.filter((_, i) => i % 2 === 0 || i === this.columns.length - 1);
    }
    this.schedule();
  }

  clear(): void {
    this.accuracy = undefined;
    this.tbptt = undefined;
    this.cutNote.textContent = '';
    this.columns = [];
    this.layers = [];
    for (const h of this.heatmaps.values()) h.dispose();
    this.heatmaps.clear();
    this.layerBox.replaceChildren();
    this.schedule();
  }

  private render(): void {
    const empty = this.columns.length === 0;
    this.card.setEmpty(empty ? this.text.gradientEmpty : undefined);
    this.normCard.setEmpty(empty ? this.text.gradientEmpty : undefined);
    this.normChart.setData(
      this.columns.map((c) => c.x),
      [this.columns.map((c) => (c.globalNorm > 0 ? c.globalNorm : null))],
    );
    if (empty) {
      this.hint.textContent = '';
      this.legend.replaceChildren();
      return;
    }

    // One log10 colour domain for all layers, so they can be compared.
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of this.columns) {
      for (const logs of c.logs.values()) {
        for (const v of logs) {
          if (Number.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    if (!Number.isFinite(lo)) {
      lo = -6;
      hi = 0;
    }
    if (hi - lo < 1) hi = lo + 1;
    const scale = sequentialScale(lo, hi);
    this.renderLegend(scale.gradient(), lo, hi);

    const labels = this.columns.map((c, i) =>
      i === 0 || this.columns[i - 1]?.epoch !== c.epoch ? String(c.epoch) : '',
    );
    const available = this.layerBox.clientWidth > 0 ? this.layerBox.clientWidth - 48 : PLOT_WIDTH;
    const width = Math.max(160, Math.min(PLOT_WIDTH, available));
    const cellWidth = Math.max(1, Math.min(24, width / Math.max(this.columns.length, 1)));
    for (const layer of this.layers) {
      const values = this.columns.map((c) => c.logs.get(layer) ?? []);
      const steps = values.reduce((m, col) => Math.max(m, col.length), 0);
      const options = {
        values,
        rows: steps,
        scale,
        colLabels: labels,
        rowLabel: (r: number) => `t${r + 1}`,
        cellWidth,
        cellHeight: Math.max(2, Math.min(12, Math.floor(120 / Math.max(steps, 1)))),
        maxPlotHeight: 160,
        // Training reaches each column's last k steps: rows above T − k get nothing.
        rowCut: (col: number) => {
          const k = this.tbptt;
          const length = values[col]?.length ?? 0;
          return k !== undefined && k < length ? length - k : undefined;
        },
      };
      let heatmap = this.heatmaps.get(layer);
      if (!heatmap) {
        heatmap = new HeatmapCanvas({
          ...options,
          attrs: { 'data-testid': 'gradient-layer', 'data-layer': layer },
          ariaLabel: `${termTitle('gradient-norm', this.lang)}, ${layerLabel(layer, this.lang)}`,
          tooltip: this.tooltip,
          describe: (cell) => {
            const column = this.columns[cell.col];
            const norms = column?.norms.get(layer);
            const raw = norms?.[cell.row];
            const last = norms?.[norms.length - 1];
            const share = raw !== undefined && last ? raw / last : undefined;
            return {
              heading: `${termTitle('gradient-norm', this.lang)} · ${layerLabel(layer, this.lang)}`,
              lines: [
                column ? this.text.gradientCell(column.epoch, column.batch) : '',
                this.text.gradientStep(cell.row + 1),
                this.reach.heatmapCell(formatNumber(share, 4), formatNumber(raw, 4)),
              ],
              note: toPlainText(explainTerm('vanishing-gradient', this.lang).summary),
            };
          },
        });
        this.heatmaps.set(layer, heatmap);
        this.layerBox.appendChild(
          el(
            'figure',
            { class: 'lab-gradient-layer' },
            el('figcaption', {}, layerLabel(layer, this.lang)),
            el('div', { class: 'lab-scroll-x' }, heatmap.element),
          ),
        );
      } else {
        heatmap.setData(options);
      }
      heatmap.element.dataset.steps = String(steps);
      heatmap.element.dataset.columns = String(values.length);
    }
    this.renderHint();
  }

  private renderLegend(gradient: string, lo: number, hi: number): void {
    const bar = el('span', { class: 'lab-legend-bar' });
    bar.style.background = gradient;
    this.legend.replaceChildren(
      el('span', {}, formatNumber(10 ** lo, 3)),
      bar,
      el('span', {}, formatNumber(10 ** hi, 3)),
    );
  }

  /**
   * The verdict on the first layer's latest column, on the normalised measure, with the latest test
   * accuracy: a run that learned its task is not warned of a failure that did not happen.
   */
  private renderHint(): void {
    const last = this.columns[this.columns.length - 1];
    const layer = this.layers[0];
    const norms = layer ? last?.norms.get(layer) : undefined;
    const cut =
      this.tbptt !== undefined ? { steps: this.tbptt, measure: 'training' as const } : undefined;
    const verdict = norms ? reachVerdict(reachOfNorms(norms), this.accuracy, cut) : undefined;
    this.hint.dataset.tone = isWarning(verdict) ? 'warning' : 'ok';
    this.hint.dataset.kind = verdict?.kind ?? '';
    this.hint.textContent = reachSentence(this.reach, verdict, this.accuracy);
  }

  /** The test accuracy after the latest epoch (symbol tasks), which the verdict takes into account. */
  setAccuracy(accuracy: number | undefined): void {
    this.accuracy = accuracy;
    this.schedule();
  }

  private csv(): string {
    const header = ['epoch', 'batch', 'layer', 'step', 'norm'];
    const rows: (string | number)[][] = [];
    for (const c of this.columns) {
      for (const [layer, norms] of c.norms) {
        norms.forEach((n, t) => rows.push([c.epoch, c.batch, layer, t + 1, n]));
      }
    }
    return toCsv(header, rows);
  }
}
