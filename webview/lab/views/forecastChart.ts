/**
 * Forecasts against the actual values, one chart per forecast channel (at most three): the
 * channel as the model read it, what the model predicted (many-to-one: the `horizon` steps after
 * the window; many-to-many: each next step, one step ahead), and the actual values when the input
 * is a test sample whose target is known. Values in the data's units.
 */
import type { Inspection } from '../../../src/engine/inspectSequence';
import type { Lang } from '../../../src/explain/termIds';
import { el } from '../../common/dom';
import { LineChart, type Column } from '../../common/lineChart';
import { parseRealTarget } from './outputRows';
import { realDataText } from './realDataText';

const MAX_CHARTS = 3;

export interface ForecastSeries {
  channel: string;
  x: number[];
  history: Column;
  predicted: Column;
  actual: Column;
}

/** The points of every forecast channel's chart; pure, so it is tested in Node. */
export function forecastSeries(inspection: Inspection, target?: string): ForecastSeries[] {
  const forecast = inspection.forecast;
  const input = inspection.inputValues;
  if (!forecast || !input) return [];
  const width = forecast.channels.length;
  const steps = input.length;
  const { horizon } = forecast;
  const targets = target === undefined ? undefined : parseRealTarget(target);
  const perStep = inspection.architecture === 'many-to-many';
  return forecast.channels.slice(0, MAX_CHARTS).map((channel, f) => {
    const c = inspection.channels?.indexOf(channel) ?? f;
    const total = perStep ? steps + 1 : steps + horizon;
    const x = Array.from({ length: total }, (_, i) => i + 1);
    const history: Column = x.map((_, i) => (i < steps ? (input[i]?.[c] ?? null) : null));
    const predicted: Column = x.map(() => null);
    const actual: Column = x.map(() => null);
    if (perStep) {
      // Output t predicts step t + 1 (its first step ahead).
      inspection.outputs.forEach((out, t) => {
        predicted[t + 1] = out.values?.[f] ?? null;
      });
      const last = targets?.[steps - 1]?.[f];
      if (last !== undefined && Number.isFinite(last)) actual[steps] = last;
    } else {
      // The line of the forecast starts at the last value read, so that it joins the input.
      predicted[steps - 1] = history[steps - 1] ?? null;
      const values = inspection.outputs[0]?.values ?? [];
      const row = targets?.[0];
      for (let h = 0; h < horizon; h++) {
        predicted[steps + h] = values[h * width + f] ?? null;
        const want = row?.[h * width + f];
        if (want !== undefined && Number.isFinite(want)) actual[steps + h] = want;
      }
      if (row) actual[steps - 1] = history[steps - 1] ?? null;
    }
    return { channel, x, history, predicted, actual };
  });
}

export class ForecastCharts {
  readonly element: HTMLElement;
  private charts: LineChart[] = [];

  constructor(private readonly lang: Lang) {
    const t = realDataText(lang);
    this.element = el(
      'section',
      { class: 'lab-forecast', 'data-testid': 'forecast-charts', hidden: true },
      el('h4', { title: t.forecastHelp }, t.forecastTitle),
    );
  }

  /** Draws the forecasts of `inspection` (hidden when it has none). */
  show(inspection: Inspection, target?: string): void {
    const series = forecastSeries(inspection, target);
    this.element.hidden = series.length === 0;
    // Each input has its own range of values: the charts are made anew for it (they are small).
    this.build(series);
    series.forEach((s, i) => this.charts[i]?.setData(s.x, [s.history, s.predicted, s.actual]));
  }

  get canvases(): HTMLCanvasElement[] {
    return this.charts.flatMap((c) => (c.canvas ? [c.canvas] : []));
  }

  dispose(): void {
    for (const chart of this.charts) {
      chart.destroy();
      chart.element.remove();
    }
    this.charts = [];
  }

  private build(series: readonly ForecastSeries[]): void {
    this.dispose();
    const t = realDataText(this.lang);
    for (const s of series) {
      const chart = new LineChart({
        height: 160,
        yRange: valueRange([...s.history, ...s.predicted, ...s.actual]),
        xIntegers: true,
        xLabel: t.stepAxis,
        yLabel: s.channel,
        series: [
          { label: t.history, color: 0 },
          { label: t.predicted, color: 1, points: true, dash: [6, 4] },
          { label: t.actual, color: 2, points: true },
        ],
      });
      chart.element.setAttribute('data-channel', s.channel);
      chart.element.setAttribute('aria-label', t.forecastAria(s.channel));
      this.charts.push(chart);
      this.element.appendChild(chart.element);
    }
  }
}

/** The values' range with a tenth of it as margin (a forecast is read against the input's level). */
export function valueRange(values: readonly (number | null | undefined)[]): [number, number] {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const pad = (high - low) * 0.1 || Math.abs(high) * 0.1 || 1;
  return [low - pad, high + pad];
}
