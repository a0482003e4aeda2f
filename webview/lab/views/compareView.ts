/**
 * RNN, LSTM and GRU trained on the same spec and seed: their test loss and accuracy (or MSE) per
 * epoch overlaid, and one table with parameter counts, seconds and final metrics — weight
 * sharing (the parameter count does not grow with the sequence) and the gated cells' edge on
 * long dependencies, side by side.
 */
import type { FinalMetrics, TrainEvent, EpochEvent } from '../../../src/engine/trainEvents';
import type { CompareResult } from '../../../src/protocol/messages';
import type { Lang } from '../../../src/explain/termIds';
import { CELLS, type CellKind } from '../../../src/spec/specSchema';
import { GradientReachChart } from './gradientReachChart';
import { reachText } from './reachText';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { el } from '../../common/dom';
import { LineChart, type SeriesSpec } from '../../common/lineChart';
import { type ViewText } from './viewText';
import { formatNumber, formatPercent } from '../../common/numberFormat';

type Status = 'waiting' | 'training' | 'done' | 'stopped' | 'failed';

interface CellRun {
  cell: CellKind;
  params?: number;
  epochs: EpochEvent[];
  totalEpochs?: number;
  seconds?: number;
  status: Status;
  final?: FinalMetrics;
  runId?: string;
}

const DASHES: (number[] | undefined)[] = [undefined, [6, 4], [2, 3]];

function isCell(value: string): value is CellKind {
  return (CELLS as readonly string[]).includes(value);
}

export class CompareView {
  readonly element: HTMLElement;
  private readonly lossCard: ChartCard;
  private readonly metricCard: ChartCard;
  private readonly tableCard: ChartCard;
  private readonly lossChart: LineChart;
  private metricChart: LineChart | undefined;
  private metric: 'accuracy' | 'mse' | undefined;
  private readonly table = el('table', { class: 'lab-table', 'data-testid': 'compare-table' });
  private readonly progress = el('p', { class: 'lab-progress', 'aria-live': 'polite' });
  private runs = new Map<CellKind, CellRun>();
  /** Each cell's gradient reach before and after training, one colour per cell. */
  private readonly reach: GradientReachChart;

  constructor(
    private readonly text: ViewText,
    lang: Lang,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
  ) {
    const t = text;
    const series = (): SeriesSpec[] =>
      CELLS.map((cell, i) => ({
        label: cell.toUpperCase(),
        color: i,
        points: true,
        ...(DASHES[i] ? { dash: DASHES[i] } : {}),
      }));
    this.lossCard = new ChartCard({
      title: t.compareLoss,
      testid: 'compare-loss',
      height: 200,
      empty: t.compareEmpty,
    });
    this.lossChart = new LineChart({
      height: 200,
      xIntegers: true,
      xLabel: t.xEpoch,
      yLabel: t.yLoss,
      series: series(),
    });
    this.lossCard.body.appendChild(this.lossChart.element);
    this.metricCard = new ChartCard({
      title: t.compareAccuracy,
      testid: 'compare-accuracy',
      height: 200,
      empty: t.compareEmpty,
    });
    this.tableCard = new ChartCard({
      title: t.compareTable,
      testid: 'compare-summary',
      empty: t.compareEmpty,
    });
    this.tableCard.body.append(el('div', { class: 'lab-scroll-x' }, this.table), this.progress);
    const pngOf = (chart: () => LineChart | undefined, title: () => string) => () => {
      const canvas = chart()?.canvas;
      return canvasesToPng(canvas ? [canvas] : [], title());
    };
    this.lossCard.toolbar.appendChild(
      exportButtons(
        t,
        save,
        {
          name: () => `${stem()}-compare-loss`,
          png: pngOf(
            () => this.lossChart,
            () => t.compareLoss,
          ),
          csv: () => this.curvesCsv(),
        },
        onError,
      ),
    );
    this.metricCard.toolbar.appendChild(
      exportButtons(
        t,
        save,
        {
          name: () => `${stem()}-compare-${this.metric ?? 'accuracy'}`,
          png: pngOf(
            () => this.metricChart,
            () => (this.metric === 'mse' ? t.compareMse : t.compareAccuracy),
          ),
          csv: () => this.curvesCsv(),
        },
        onError,
      ),
    );
    this.tableCard.toolbar.appendChild(
      exportButtons(
        t,
        save,
        {
          name: () => `${stem()}-compare`,
          csv: () => this.tableCsv(),
          json: () => [...this.runs.values()],
        },
        onError,
      ),
    );
    this.reach = new GradientReachChart(
      reachText(lang),
      lang,
      CELLS.flatMap((cell, i) =>
        (['init', 'trained'] as const).map((when) => ({
          key: `${cell}-${when}`,
          who: cell.toUpperCase(),
          when,
          color: i,
        })),
      ),
      t,
      save,
      () => `${stem()}-compare-gradient-reach`,
      onError,
      'compare-reach',
    );
    this.element = el(
      'div',
      { class: 'lab-compare' },
      this.tableCard.element,
      el('div', { class: 'lab-chart-pair' }, this.lossCard.element, this.metricCard.element),
      this.reach.element,
    );
    this.render();
  }

  /** An event of one cell's run (`tag.variant` is the cell). */
  trainEvent(event: TrainEvent, variant: string): void {
    if (!isCell(variant)) return;
    const run = this.runs.get(variant) ?? {
      cell: variant,
      epochs: [],
      status: 'waiting' as Status,
    };
    this.runs.set(variant, run);
    switch (event.type) {
      case 'start':
        if (event.firstEpoch === 1) {
          run.epochs = [];
          this.reach.remove(`${variant}-init`, `${variant}-trained`);
        }
        run.params = event.params.total;
        run.totalEpochs = event.firstEpoch + event.epochs - 1;
        run.status = 'training';
        break;
      case 'epoch':
        run.epochs = run.epochs.filter((e) => e.epoch < event.epoch);
        run.epochs.push(event);
        run.seconds = run.epochs.reduce((s, e) => s + e.seconds, 0);
        break;
      case 'reach': {
        // The trained curve comes right after the last epoch, whose accuracy the verdict weighs.
        const accuracy = event.when === 'trained' ? run.epochs.at(-1)?.accuracy : undefined;
        this.reach.set(`${variant}-${event.when}`, event, accuracy);
        return;
      }
      case 'done':
        run.status = 'done';
        run.final = event.metrics;
        run.seconds = event.seconds;
        break;
      case 'stopped':
        run.status = 'stopped';
        if (event.metrics) run.final = event.metrics;
        run.seconds = event.seconds;
        break;
      case 'failed':
        run.status = 'failed';
        run.seconds = event.seconds;
        break;
      default:
        return;
    }
    this.render();
  }

  show(result: CompareResult): void {
    for (const r of result.runs) {
      const run = this.runs.get(r.cell) ?? {
        cell: r.cell,
        epochs: [],
        status: 'waiting' as Status,
      };
      if (r.metrics) run.final = r.metrics;
      if (r.runId) run.runId = r.runId;
      // A saved Compare (sweep.json) has no training events: its sizes and times come from here.
      if (r.params !== undefined) run.params ??= r.params;
      if (r.seconds !== undefined) run.seconds ??= r.seconds;
      run.status = r.stopped
        ? 'stopped'
        : r.metrics
          ? 'done'
          : run.status === 'training'
            ? 'failed'
            : run.status;
      this.runs.set(r.cell, run);
    }
    this.render();
  }

  clear(): void {
    this.runs.clear();
    this.reach.clear();
    this.metricChart?.destroy();
    this.metricChart?.element.remove();
    this.metricChart = undefined;
    this.metric = undefined;
    this.render();
  }

  get hasData(): boolean {
    return this.runs.size > 0;
  }

  private ensureMetricChart(): void {
    const any = [...this.runs.values()].flatMap((r) => r.epochs)[0];
    if (!any) return;
    const metric = any.accuracy === undefined && any.mse !== undefined ? 'mse' : 'accuracy';
    if (this.metricChart && this.metric === metric) return;
    this.metricChart?.destroy();
    this.metricChart?.element.remove();
    this.metric = metric;
    const t = this.text;
    this.metricCard.setTitle(metric === 'mse' ? t.compareMse : t.compareAccuracy);
    this.metricChart = new LineChart({
      height: 200,
      xIntegers: true,
      xLabel: t.xEpoch,
      yLabel: metric === 'mse' ? t.yMse : t.yAccuracy,
      ...(metric === 'accuracy'
        ? { yRange: [0, 1] as [number, number], yFormat: (v: number) => `${Math.round(v * 100)}%` }
        : {}),
      series: CELLS.map((cell, i) => ({
        label: cell.toUpperCase(),
        color: i,
        points: true,
        ...(DASHES[i] ? { dash: DASHES[i] } : {}),
      })),
    });
    this.metricCard.body.appendChild(this.metricChart.element);
  }

  private render(): void {
    const t = this.text;
    const runs = CELLS.map((c) => this.runs.get(c)).filter((r): r is CellRun => r !== undefined);
    const hasEpochs = runs.some((r) => r.epochs.length > 0);
    this.tableCard.setEmpty(runs.length > 0 ? undefined : t.compareEmpty);
    this.lossCard.setEmpty(hasEpochs ? undefined : t.compareEmpty);
    this.metricCard.setEmpty(hasEpochs ? undefined : t.compareEmpty);
    this.ensureMetricChart();

    const epochs = [...new Set(runs.flatMap((r) => r.epochs.map((e) => e.epoch)))].sort(
      (a, b) => a - b,
    );
    const column = (cell: CellKind, pick: (e: EpochEvent) => number | undefined) => {
      const byEpoch = new Map((this.runs.get(cell)?.epochs ?? []).map((e) => [e.epoch, pick(e)]));
      return epochs.map((x) => byEpoch.get(x) ?? null);
    };
    this.lossChart.setData(
      epochs,
      CELLS.map((c) => column(c, (e) => e.testLoss)),
    );
    this.metricChart?.setData(
      epochs,
      CELLS.map((c) => column(c, (e) => (this.metric === 'mse' ? e.mse : e.accuracy))),
    );

    const real = this.metric === 'mse';
    const head = el(
      'tr',
      {},
      ...[
        t.cellColumn,
        t.paramsColumn,
        t.secondsColumn,
        t.epochsColumn,
        t.testLossColumn,
        ...(real ? [t.mseColumn] : [t.accuracyColumn, t.sequenceAccuracyColumn]),
        t.statusColumn,
      ].map((h, i) =>
        el('th', { scope: 'col', class: i === 0 || h === t.statusColumn ? undefined : 'num' }, h),
      ),
    );
    const statusText: Record<Status, string> = {
      waiting: t.compareWaiting,
      training: t.compareTraining,
      done: t.compareDone,
      stopped: t.compareStopped,
      failed: t.compareFailed,
    };
    const rows = runs.map((r) => {
      const last = r.epochs[r.epochs.length - 1];
      const loss = r.final?.loss ?? last?.testLoss;
      const accuracy = r.final?.accuracy ?? last?.accuracy;
      const seqAccuracy = r.final?.sequenceAccuracy ?? last?.sequenceAccuracy;
      const mse = r.final?.mse ?? last?.mse;
      const i = CELLS.indexOf(r.cell);
      return el(
        'tr',
        { 'data-cell': r.cell, 'data-status': r.status },
        el(
          'th',
          { scope: 'row' },
          el('span', { class: `lab-swatch lab-swatch-${i + 1}`, 'aria-hidden': 'true' }),
          r.cell.toUpperCase(),
        ),
        el('td', { class: 'num', 'data-col': 'params' }, formatNumber(r.params, 0)),
        el('td', { class: 'num', 'data-col': 'seconds' }, formatNumber(r.seconds, 1)),
        el(
          'td',
          { class: 'num' },
          last ? `${last.epoch}${r.totalEpochs ? `/${r.totalEpochs}` : ''}` : '–',
        ),
        el('td', { class: 'num' }, formatNumber(loss, 4)),
        ...(real
          ? [el('td', { class: 'num' }, formatNumber(mse, 4))]
          : [
              el('td', { class: 'num', 'data-col': 'accuracy' }, formatPercent(accuracy)),
              el('td', { class: 'num' }, formatPercent(seqAccuracy)),
            ]),
        el('td', {}, statusText[r.status]),
      );
    });
    this.table.replaceChildren(
      el('caption', { class: 'lab-sr-only' }, t.compareTable),
      el('thead', {}, head),
      el('tbody', {}, ...rows),
    );
    const training = runs.find((r) => r.status === 'training');
    const last = training?.epochs[training.epochs.length - 1];
    this.progress.textContent = training
      ? `${training.cell.toUpperCase()}: ${t.compareTraining} ${last && training.totalEpochs ? t.epochOf(last.epoch, training.totalEpochs) : ''}`
      : '\u00a0';
  }

  private curvesCsv(): string {
    const rows: (string | number | undefined)[][] = [];
    for (const r of this.runs.values()) {
      for (const e of r.epochs)
        rows.push([
          r.cell,
          e.epoch,
          e.trainLoss,
          e.testLoss,
          e.accuracy,
          e.sequenceAccuracy,
          e.mse,
          e.seconds,
        ]);
    }
    return toCsv(
      ['cell', 'epoch', 'trainLoss', 'testLoss', 'accuracy', 'sequenceAccuracy', 'mse', 'seconds'],
      rows,
    );
  }

  private tableCsv(): string {
    return toCsv(
      [
        'cell',
        'params',
        'seconds',
        'epochs',
        'testLoss',
        'accuracy',
        'sequenceAccuracy',
        'mse',
        'status',
        'runId',
      ],
      CELLS.map((c) => this.runs.get(c))
        .filter((r): r is CellRun => r !== undefined)
        .map((r) => {
          const last = r.epochs[r.epochs.length - 1];
          return [
            r.cell,
            r.params,
            r.seconds,
            last?.epoch,
            r.final?.loss ?? last?.testLoss,
            r.final?.accuracy ?? last?.accuracy,
            r.final?.sequenceAccuracy ?? last?.sequenceAccuracy,
            r.final?.mse ?? last?.mse,
            r.status,
            r.runId,
          ];
        }),
    );
  }
}
