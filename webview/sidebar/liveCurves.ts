/**
 * The active run's curves in the side bar, compact: loss (per batch, faint, with train and test
 * loss per epoch) and test accuracy or MSE per epoch, with one progress line. They follow the
 * `trainEvent` messages the host mirrors from the lab.
 */
import type { BatchEvent, EpochEvent, StartEvent, TrainEvent } from '../../src/engine/trainEvents';
import { el, frameScheduler } from '../common/dom';
import { lossChartOptions, metricChartOptions } from '../common/epochCharts';
import { LineChart, type Column } from '../common/lineChart';
import { formatNumber } from '../common/numberFormat';
import type { SidebarText } from './sidebarText';

const MAX_POINTS = 600;

/** What one run has streamed so far. */
export interface RunStream {
  start?: StartEvent;
  batches: { x: number; loss: number }[];
  lastBatch?: BatchEvent;
  epochs: EpochEvent[];
  end?: string;
}

export function emptyStream(): RunStream {
  return { batches: [], epochs: [] };
}

/** Adds one event to a stream; true when the picture changed. */
export function addEvent(stream: RunStream, event: TrainEvent, text: SidebarText): boolean {
  switch (event.type) {
    case 'start':
      if (event.firstEpoch === 1) {
        stream.batches = [];
        stream.epochs = [];
      }
      stream.start = event;
      delete stream.end;
      return true;
    case 'batch':
      stream.lastBatch = event;
      stream.batches.push({
        x: event.epoch - 1 + event.batch / Math.max(1, event.batches),
        loss: event.loss,
      });
      return true;
    case 'epoch':
      stream.epochs = stream.epochs.filter((e) => e.epoch < event.epoch);
      stream.epochs.push(event);
      return true;
    case 'done':
      stream.end = text.finished(formatNumber(event.seconds, 1));
      return true;
    case 'stopped':
      stream.end = text.stoppedAt(event.epoch);
      return true;
    case 'failed':
      stream.end = text.failedAt(event.message);
      return true;
    default:
      return false;
  }
}

export class LiveCurves {
  readonly element: HTMLElement;
  private readonly title = el('h3', { class: 'sb-heading' });
  private readonly progress = el('p', {
    class: 'sb-progress',
    'data-testid': 'sidebar-progress',
    'aria-live': 'off',
  });
  private readonly empty: HTMLElement;
  private readonly loss: LineChart;
  private readonly accuracy: LineChart;
  private readonly mse: LineChart;
  private readonly metricTitle = el('h4', { class: 'sb-chart-title' });
  private readonly schedule = frameScheduler(() => this.render());
  private stream: RunStream | undefined;

  constructor(private readonly text: SidebarText) {
    const t = text;
    // The lab's charts, smaller; the side bar names the test-loss series its own way.
    const charts = { ...t, testLoss: t.testLossSeries };
    this.loss = new LineChart(lossChartOptions(charts, { height: 170, legendHeight: 24 }));
    this.accuracy = new LineChart(
      metricChartOptions(charts, 'accuracy', { height: 140, legendHeight: 24 }),
    );
    this.mse = new LineChart(metricChartOptions(charts, 'mse', { height: 140, legendHeight: 24 }));
    this.empty = el('p', { class: 'sb-empty' }, t.noLive);
    this.element = el(
      'section',
      { class: 'sb-live', 'aria-labelledby': 'sb-live-title' },
      this.title,
      this.progress,
      this.empty,
      el(
        'div',
        { class: 'sb-charts' },
        el('h4', { class: 'sb-chart-title' }, t.lossChart),
        el('div', { 'data-testid': 'sidebar-loss-chart' }, this.loss.element),
        this.metricTitle,
        el(
          'div',
          { 'data-testid': 'sidebar-accuracy-chart' },
          this.accuracy.element,
          this.mse.element,
        ),
      ),
    );
    this.title.id = 'sb-live-title';
    this.show(undefined, undefined);
  }

  /** The stream to draw (undefined: none yet) and the run's name. */
  show(stream: RunStream | undefined, name: string | undefined): void {
    this.stream = stream;
    this.title.textContent = name ? this.text.liveFor(name) : this.text.liveHeading;
    this.schedule();
  }

  private render(): void {
    const s = this.stream;
    const has = s !== undefined && (s.batches.length > 0 || s.epochs.length > 0);
    this.element.classList.toggle('is-empty', !has);
    this.empty.hidden = has;
    const t = this.text;
    const parts: string[] = [];
    const total = s?.start ? s.start.firstEpoch + s.start.epochs - 1 : undefined;
    if (s?.lastBatch) {
      parts.push(
        t.epoch(s.lastBatch.epoch, total),
        t.batchOf(s.lastBatch.batch, s.lastBatch.batches),
      );
      parts.push(t.stepsPerSecond(formatNumber(s.lastBatch.stepsPerSecond, 1)));
    }
    if (s?.end) parts.push(s.end);
    this.progress.textContent = parts.join(' · ') || '\u00a0';
    if (!s) return;

    const stride = Math.max(1, Math.ceil(s.batches.length / MAX_POINTS));
    const rows = new Map<number, [number | null, number | null, number | null]>();
    s.batches.forEach((b, i) => {
      if (i % stride === 0 || i === s.batches.length - 1) rows.set(b.x, [b.loss, null, null]);
    });
    for (const e of s.epochs) {
      const row = rows.get(e.epoch) ?? [null, null, null];
      row[1] = e.trainLoss;
      row[2] = e.testLoss;
      rows.set(e.epoch, row);
    }
    const xs = [...rows.keys()].sort((a, b) => a - b);
    const columns: Column[] = [[], [], []];
    for (const x of xs) columns.forEach((c, k) => c.push(rows.get(x)?.[k] ?? null));
    this.loss.setData(xs, columns);

    const real = s.epochs.some((e) => e.mse !== undefined && e.accuracy === undefined);
    this.accuracy.element.hidden = real;
    this.mse.element.hidden = !real;
    this.metricTitle.textContent = real ? t.mseChart : t.accuracyChart;
    const ex = s.epochs.map((e) => e.epoch);
    if (real) this.mse.setData(ex, [s.epochs.map((e) => e.mse ?? null)]);
    else
      this.accuracy.setData(ex, [
        s.epochs.map((e) => e.accuracy ?? null),
        s.epochs.map((e) => e.sequenceAccuracy ?? null),
      ]);
  }
}
