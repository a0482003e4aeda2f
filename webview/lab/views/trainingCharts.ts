/**
 * The Training tab's curves: loss per batch (faint) with train and test loss per epoch, and test
 * accuracy (token and whole-sequence) or, for real-valued tasks, test MSE per epoch; above them
 * a progress line with epoch, batch, steps per second and the parameter count.
 */
import type {
  BatchEvent,
  EpochEvent,
  StartEvent,
  TrainEvent,
} from '../../../src/engine/trainEvents';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { el, frameScheduler } from '../../common/dom';
import { lossChartOptions, metricChartOptions } from '../../common/epochCharts';
import { LineChart, type Column } from '../../common/lineChart';
import { type ViewText } from './viewText';
import { formatNumber, formatPercent } from '../../common/numberFormat';

/** At most this many batch points are drawn; older ones are thinned evenly. */
const MAX_BATCH_POINTS = 1500;

interface BatchPoint {
  epoch: number;
  batch: number;
  x: number;
  loss: number;
}

export class TrainingCharts {
  readonly element: HTMLElement;
  /** Epoch, batch, steps/s, parameters: placed by the page above the charts. */
  readonly progress: HTMLElement;
  private readonly lossCard: ChartCard;
  private readonly accuracyCard: ChartCard;
  private readonly lossChart: LineChart;
  private accuracyChart: LineChart | undefined;
  private mode: 'accuracy' | 'mse' | undefined;
  private batches: BatchPoint[] = [];
  private epochs: EpochEvent[] = [];
  private start: StartEvent | undefined;
  private lastBatch: BatchEvent | undefined;
  private readonly schedule = frameScheduler(() => this.render());

  constructor(
    private readonly text: ViewText,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
  ) {
    this.progress = el('div', {
      class: 'lab-progress',
      'data-testid': 'train-progress',
      'aria-live': 'off',
    });
    this.lossCard = new ChartCard({
      title: text.lossChart,
      testid: 'loss-chart',
      height: 200,
      empty: text.emptyCurves,
    });
    this.lossChart = new LineChart(lossChartOptions(text, { height: 200 }));
    this.lossCard.body.appendChild(this.lossChart.element);
    this.lossCard.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-loss`,
          png: () =>
            canvasesToPng(this.lossChart.canvas ? [this.lossChart.canvas] : [], text.lossChart),
          csv: () => this.lossCsv(),
          json: () => ({ batches: this.batches, epochs: this.epochs.map(epochRecord) }),
        },
        onError,
      ),
    );
    this.accuracyCard = new ChartCard({
      title: text.accuracyChart,
      testid: 'accuracy-chart',
      height: 170,
      empty: text.emptyCurves,
    });
    this.accuracyCard.toolbar.appendChild(
      exportButtons(
        text,
        save,
        {
          name: () => `${stem()}-${this.mode === 'mse' ? 'mse' : 'accuracy'}`,
          png: () =>
            canvasesToPng(
              this.accuracyChart?.canvas ? [this.accuracyChart.canvas] : [],
              this.mode === 'mse' ? text.mseChart : text.accuracyChart,
            ),
          csv: () =>
            toCsv(
              ['epoch', 'accuracy', 'sequenceAccuracy', 'mse'],
              this.epochs.map((e) => [e.epoch, e.accuracy, e.sequenceAccuracy, e.mse]),
            ),
          json: () => this.epochs.map(epochRecord),
        },
        onError,
      ),
    );
    this.element = el(
      'div',
      { class: 'lab-training-charts' },
      this.lossCard.element,
      this.accuracyCard.element,
    );
    this.renderProgress();
  }

  trainEvent(event: TrainEvent): void {
    switch (event.type) {
      case 'start':
        this.start = event;
        break;
      case 'batch':
        this.lastBatch = event;
        this.batches.push({
          epoch: event.epoch,
          batch: event.batch,
          x: event.epoch - 1 + event.batch / Math.max(1, event.batches),
          loss: event.loss,
        });
        break;
      case 'epoch':
        this.epochs = this.epochs.filter((e) => e.epoch < event.epoch);
        this.epochs.push(event);
        this.ensureAccuracyChart(event);
        break;
      default:
        return;
    }
    this.schedule();
  }

  clear(): void {
    this.batches = [];
    this.epochs = [];
    this.start = undefined;
    this.lastBatch = undefined;
    this.accuracyChart?.destroy();
    this.accuracyChart?.element.remove();
    this.accuracyChart = undefined;
    this.mode = undefined;
    this.accuracyCard.setTitle(this.text.accuracyChart);
    this.schedule();
  }

  private ensureAccuracyChart(event: EpochEvent): void {
    const mode = event.mse !== undefined && event.accuracy === undefined ? 'mse' : 'accuracy';
    if (this.accuracyChart && this.mode === mode) return;
    this.accuracyChart?.destroy();
    this.accuracyChart?.element.remove();
    this.mode = mode;
    const t = this.text;
    this.accuracyCard.setTitle(mode === 'mse' ? t.mseChart : t.accuracyChart);
    this.accuracyChart = new LineChart(metricChartOptions(t, mode, { height: 170 }));
    this.accuracyCard.body.appendChild(this.accuracyChart.element);
  }

  private render(): void {
    this.renderProgress();
    const hasData = this.batches.length > 0 || this.epochs.length > 0;
    this.lossCard.setEmpty(hasData ? undefined : this.text.emptyCurves);
    this.accuracyCard.setEmpty(this.epochs.length > 0 ? undefined : this.text.emptyCurves);

    // Merge per-batch points (thinned) and per-epoch points on one ascending x axis.
    const stride = Math.max(1, Math.ceil(this.batches.length / MAX_BATCH_POINTS));
    const rows = new Map<number, [number | null, number | null, number | null]>();
    this.batches.forEach((b, i) => {
      if (i % stride !== 0 && i !== this.batches.length - 1) return;
      rows.set(b.x, [b.loss, null, null]);
    });
    for (const e of this.epochs) {
      const row = rows.get(e.epoch) ?? [null, null, null];
      row[1] = e.trainLoss;
      row[2] = e.testLoss;
      rows.set(e.epoch, row);
    }
    const xs = [...rows.keys()].sort((a, b) => a - b);
    const columns: Column[] = [[], [], []];
    for (const x of xs) {
      const row = rows.get(x);
      columns.forEach((column, k) => column.push(row?.[k] ?? null));
    }
    this.lossChart.setData(xs, columns);

    if (this.accuracyChart) {
      const ex = this.epochs.map((e) => e.epoch);
      this.accuracyChart.setData(
        ex,
        this.mode === 'mse'
          ? [this.epochs.map((e) => e.mse ?? null)]
          : [
              this.epochs.map((e) => e.accuracy ?? null),
              this.epochs.map((e) => e.sequenceAccuracy ?? null),
            ],
      );
    }
  }

  private renderProgress(): void {
    const t = this.text;
    const parts: string[] = [];
    const last = this.epochs[this.epochs.length - 1];
    const total = this.start ? this.start.firstEpoch + this.start.epochs - 1 : last?.lastEpoch;
    const batch = this.lastBatch;
    if (batch && total !== undefined) parts.push(t.epochOf(batch.epoch, total));
    else if (last && total !== undefined) parts.push(t.epochOf(last.epoch, total));
    if (batch) {
      parts.push(t.batchOf(batch.batch, batch.batches));
      parts.push(t.stepsPerSecond(formatNumber(batch.stepsPerSecond, 1)));
    }
    if (last) {
      parts.push(`${t.testLoss} ${formatNumber(last.testLoss, 4)}`);
      if (last.accuracy !== undefined)
        parts.push(`${t.tokenAccuracy} ${formatPercent(last.accuracy)}`);
      if (last.mse !== undefined) parts.push(`${t.mse} ${formatNumber(last.mse, 4)}`);
    }
    if (this.start) parts.push(t.paramsTotal(formatNumber(this.start.params.total, 0)));
    this.progress.textContent = parts.length > 0 ? parts.join(' · ') : '\u00a0';
  }

  private lossCsv(): string {
    const rows: (number | undefined)[][] = [];
    for (const b of this.batches) rows.push([b.epoch, b.batch, b.loss, undefined, undefined]);
    for (const e of this.epochs)
      rows.push([e.epoch, undefined, undefined, e.trainLoss, e.testLoss]);
    return toCsv(['epoch', 'batch', 'batchLoss', 'trainLoss', 'testLoss'], rows);
  }
}

/** An epoch's metrics for export (the gate statistics have their own export). */
function epochRecord(e: EpochEvent): Omit<EpochEvent, 'type' | 'gates'> {
  return {
    epoch: e.epoch,
    lastEpoch: e.lastEpoch,
    trainLoss: e.trainLoss,
    testLoss: e.testLoss,
    ...(e.accuracy !== undefined ? { accuracy: e.accuracy } : {}),
    ...(e.sequenceAccuracy !== undefined ? { sequenceAccuracy: e.sequenceAccuracy } : {}),
    ...(e.mse !== undefined ? { mse: e.mse } : {}),
    learningRate: e.learningRate,
    teacherForcing: e.teacherForcing,
    seconds: e.seconds,
  };
}
