/**
 * The Sweep view: a spec's sweep as it trains and once saved. Progress (point k of N, the point
 * training now, its epoch, an estimate of the time left) with a Stop button; the chosen metric
 * against the swept numeric axis, a line per value of the other axes, a band over the seeds
 * (`sweepChart.ts`); one table row per grid point (mean ± sd, lowest–highest, each seed); PNG, CSV
 * and JSON export. It folds the engine's sweep events with the same `SweepRecorder` the runtime
 * saves with, so what it shows live is what a reopened sweep shows.
 */
import type { SweepEvent } from '../../../src/engine/sweep';
import { SweepRecorder, type SweepRecord } from '../../../src/engine/sweepRecord';
import type { SpreadMetric, SweepGroup } from '../../../src/engine/sweepResult';
import type { TrainEvent } from '../../../src/engine/trainEvents';
import type { SavedSweep } from '../../../src/protocol/messages';
import type { SweepValue } from '../../../src/spec/sweepSchema';
import type { Lang } from '../../../src/explain/termIds';
import { button, el } from '../../common/dom';
import { fieldName, pointName, valueName } from '../../common/sweepLabels';
import { formatNumber, formatPercent } from '../../common/numberFormat';
import { ChartCard } from './chartCard';
import { canvasesToPng, exportButtons, toCsv, type SaveFile } from './chartExport';
import { SweepChart } from './sweepChart';
import { chanceFor, isFraction, metricsOf, pointRows, sweepChartData, xAxisOf } from './sweepData';
import type { SweepText } from './sweepText';
import type { ViewText } from './viewText';

type PlannedPoint = { index: number; group: number; point: Record<string, SweepValue> };

export class SweepView {
  readonly element: HTMLElement;
  private readonly chartCard: ChartCard;
  private readonly tableCard: ChartCard;
  private readonly chart = new SweepChart();
  private readonly table = el('table', { class: 'lab-table', 'data-testid': 'sweep-table' });
  private readonly status = el('p', {
    class: 'lab-progress',
    'aria-live': 'polite',
    'data-testid': 'sweep-progress',
  });
  private readonly note = el('p', { class: 'lab-axis-note', 'data-testid': 'sweep-band-note' });
  private readonly metricSelect = el('select', {
    class: 'lab-select',
    'data-testid': 'sweep-metric',
  });
  private readonly stopButton: HTMLButtonElement;
  private recorder = new SweepRecorder();
  private saved: SweepRecord | undefined;
  private planned: PlannedPoint[] = [];
  private training: { index: number; epoch?: number; epochs?: number } | undefined;
  private live = false;
  private folder: string | undefined;
  private metric: SpreadMetric | undefined;

  constructor(
    private readonly t: SweepText,
    private readonly words: ViewText,
    private readonly lang: Lang,
    save: SaveFile,
    stem: () => string,
    onError: (message: string) => void,
    stop: () => void,
  ) {
    this.stopButton = button(t.stop, { icon: 'debug-stop', testid: 'sweep-stop' }, () => stop());
    this.stopButton.hidden = true;
    this.chartCard = new ChartCard({
      title: t.sweepChart,
      testid: 'sweep-chart',
      height: 300,
      empty: t.sweepEmpty,
    });
    this.metricSelect.addEventListener('change', () => {
      this.metric = this.metricSelect.value as SpreadMetric;
      this.render();
    });
    this.chartCard.toolbar.append(
      el('label', { class: 'lab-inline-label' }, `${t.metricLabel} `, this.metricSelect),
      exportButtons(
        words,
        save,
        {
          name: () => `${stem()}-sweep-${this.metric ?? 'accuracy'}`,
          png: () => {
            const canvas = this.chart.canvas;
            return canvasesToPng(canvas ? [canvas] : [], this.chartTitle());
          },
          csv: () => this.csv(),
        },
        onError,
      ),
    );
    this.chartCard.body.append(this.chart.element, this.note);
    this.tableCard = new ChartCard({
      title: t.sweepTable,
      testid: 'sweep-summary',
      empty: t.sweepEmpty,
    });
    this.tableCard.toolbar.appendChild(
      exportButtons(
        words,
        save,
        {
          name: () => `${stem()}-sweep`,
          csv: () => this.csv(),
          json: () => this.record ?? {},
        },
        onError,
      ),
    );
    this.tableCard.body.append(el('div', { class: 'lab-scroll-x' }, this.table));
    this.element = el(
      'div',
      { class: 'lab-sweep' },
      el('div', { class: 'lab-sweep-status' }, this.status, this.stopButton),
      this.chartCard.element,
      this.tableCard.element,
    );
    this.render();
  }

  get hasData(): boolean {
    return this.record !== undefined;
  }

  private get record(): SweepRecord | undefined {
    return this.saved ?? this.recorder.record;
  }

  sweepEvent(event: SweepEvent): void {
    if (event.type === 'sweep-start') {
      this.recorder = new SweepRecorder();
      this.saved = undefined;
      this.folder = undefined;
      this.planned = event.points;
      this.live = true;
    }
    this.recorder.add(event);
    if (event.type === 'point-start') this.training = { index: event.index };
    if (event.type === 'point-done' && this.training?.index === event.result.index) {
      this.training = undefined;
    }
    if (event.type === 'sweep-done') {
      this.live = false;
      this.training = undefined;
    }
    this.render();
  }

  /** A training event of a point (the runtime tags it with the point). */
  trainEvent(event: TrainEvent, index: number | undefined): void {
    if (!this.live || index === undefined) return;
    if (event.type === 'start') {
      this.training = { index, epochs: event.firstEpoch + event.epochs - 1 };
    } else if (event.type === 'epoch' && this.training?.index === index) {
      this.training = { ...this.training, epoch: event.epoch };
    } else return;
    this.renderStatus();
  }

  /** A sweep saved in the run store. */
  showSaved(sweep: SavedSweep): void {
    this.saved = sweep.record;
    this.folder = sweep.folder;
    this.planned = [];
    this.live = false;
    this.training = undefined;
    this.render();
  }

  clear(): void {
    if (this.live) return;
    this.recorder = new SweepRecorder();
    this.saved = undefined;
    this.planned = [];
    this.folder = undefined;
    this.render();
  }

  private chartTitle(): string {
    const metric = this.metric ?? 'accuracy';
    const axis = this.record ? xAxisOf(this.record) : undefined;
    return `${this.t.metrics[metric]} · ${axis ? fieldName(axis.field, this.lang) : this.t.noAxes}`;
  }

  private render(): void {
    const record = this.record;
    const t = this.t;
    const metrics = record ? metricsOf(record) : [];
    if (this.metric === undefined || !metrics.includes(this.metric)) this.metric = metrics[0];
    this.metricSelect.replaceChildren(
      ...metrics.map((m) =>
        el('option', { value: m, selected: m === this.metric ? true : undefined }, t.metrics[m]),
      ),
    );
    this.metricSelect.value = this.metric ?? '';
    const hasPoints = record !== undefined && record.groups.length > 0 && this.metric !== undefined;
    this.chartCard.setEmpty(hasPoints ? undefined : record ? '\u00a0' : t.sweepEmpty);
    this.tableCard.setEmpty(record ? undefined : t.sweepEmpty);
    this.renderStatus();
    if (!record) {
      this.table.replaceChildren();
      return;
    }
    const chance = this.metric ? chanceFor(record, this.metric) : undefined;
    const chanceLabel =
      chance !== undefined && record.chance
        ? t.chance(
            record.chance.metric,
            isFraction(record.chance.metric)
              ? `${Math.round(chance * 100)}%`
              : formatNumber(chance, 3),
            String(record.chance.answer ?? ''),
          )
        : undefined;
    if (hasPoints && this.metric) {
      const axis = xAxisOf(record);
      const lang = this.lang;
      this.chart.show(
        sweepChartData(record, this.metric, (field, value) => valueName(field, value, lang)),
        {
          height: 300,
          // The spec's own field stays beside its name: it is what the user edits.
          xLabel: axis ? `${fieldName(axis.field, lang)} (${axis.field})` : t.noAxes,
          yLabel: t.metrics[this.metric],
          percent: isFraction(this.metric),
          lineName: (line) => pointName(line.values, lang) || t.allPoints,
          ...(chance !== undefined && chanceLabel
            ? { reference: { value: chance, label: chanceLabel } }
            : {}),
        },
      );
      this.chartCard.setTitle(this.chartTitle());
    }
    this.note.textContent =
      t.bandNote(record.seeds.length) + (chanceLabel ? t.chanceNote(chanceLabel) : '');
    this.renderTable(record);
  }

  private renderStatus(): void {
    const record = this.record;
    const t = this.t;
    this.stopButton.hidden = !this.live;
    if (!record) {
      this.status.textContent = '\u00a0';
      return;
    }
    const ended = record.points.filter((p) => p.status !== 'skipped');
    const planned = record.planned;
    const parts: string[] = [];
    if (this.live) {
      parts.push(t.progress(ended.length, planned));
      if (this.training) {
        const p = this.planned.find((q) => q.index === this.training?.index);
        const label = p ? pointName(p.point, this.lang) : '';
        const epoch =
          this.training.epoch !== undefined && this.training.epochs !== undefined
            ? this.words.epochOf(this.training.epoch, this.training.epochs)
            : '';
        parts.push(t.trainingPoint(this.training.index + 1, planned, label, epoch));
      }
      const done = record.points.filter((p) => p.status === 'done');
      if (done.length > 0) {
        const mean = done.reduce((s, p) => s + p.seconds, 0) / done.length;
        parts.push(t.eta(mean * Math.max(0, planned - ended.length)));
      }
    } else if (record.status === 'done') {
      parts.push(t.finished(ended.length, planned, record.seconds.toFixed(1)));
    } else {
      const done = record.points.filter((p) => p.status === 'done').length;
      parts.push((record.status === 'stopped' ? t.stopped : t.interrupted)(done, planned));
    }
    if (this.folder) parts.push(t.saved(this.folder));
    this.status.textContent = parts.join(' · ');
  }

  private renderTable(record: SweepRecord): void {
    const t = this.t;
    const metric = this.metric;
    const percent = metric ? isFraction(metric) : false;
    const fmt = (v: number | undefined) => (percent ? formatPercent(v) : formatNumber(v, 4));
    const fields = record.axes.map((a) => a.field);
    const groups = new Map<number, SweepGroup | undefined>();
    for (const p of this.planned) groups.set(p.group, undefined);
    for (const g of record.groups) groups.set(g.group, g);
    const head = el(
      'tr',
      {},
      ...fields.map((f) => el('th', { scope: 'col', title: f }, fieldName(f, this.lang))),
      ...[t.mean, t.range, t.perSeed, t.seeds, t.seconds, this.words.statusColumn].map((h, i) =>
        el('th', { scope: 'col', class: i < 5 ? 'num' : undefined }, h),
      ),
    );
    const rows = [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, g]) => {
        const point = g?.point ?? this.planned.find((p) => p.group === index)?.point ?? {};
        const members = g ? g.points.map((i) => record.points.find((p) => p.index === i)) : [];
        const spread = metric ? g?.metrics[metric] : undefined;
        const perSeed = members
          // A stopped seed's numbers are not a result: the mean leaves it out, so does this.
          .map((p) => (p?.status === 'done' && metric && p.metrics ? fmt(p.metrics[metric]) : '–'))
          .join(' / ');
        const failed = members.filter((p) => p?.status === 'failed').length;
        const trainingHere =
          this.training !== undefined &&
          this.planned.find((p) => p.index === this.training?.index)?.group === index;
        const status = trainingHere
          ? t.training
          : !g
            ? t.pending
            : failed > 0
              ? t.failedSeeds(failed)
              : [...new Set(members.map((p) => (p ? t.status[p.status] : '')))].join(', ');
        return el(
          'tr',
          { 'data-group': String(index) },
          ...fields.map((f) =>
            el('td', {}, point[f] === undefined ? '–' : valueName(f, point[f], this.lang)),
          ),
          el(
            'td',
            { class: 'num', 'data-col': 'mean' },
            spread ? `${fmt(spread.mean)}${spread.n > 1 ? ` ± ${fmt(spread.std)}` : ''}` : '–',
          ),
          el('td', { class: 'num' }, spread ? `${fmt(spread.min)} – ${fmt(spread.max)}` : '–'),
          el('td', { class: 'num', 'data-col': 'per-seed' }, perSeed || '–'),
          el('td', { class: 'num' }, `${spread?.n ?? 0}/${record.seeds.length}`),
          el('td', { class: 'num' }, g && g.seconds.n > 0 ? formatNumber(g.seconds.mean, 1) : '–'),
          el('td', {}, status),
        );
      });
    this.table.replaceChildren(
      el('caption', { class: 'lab-sr-only' }, t.sweepTable),
      el('thead', {}, head),
      el('tbody', {}, ...rows),
    );
  }

  private csv(): string {
    const record = this.record;
    if (!record) return '';
    const { header, rows } = pointRows(record);
    return toCsv(header, rows);
  }
}
