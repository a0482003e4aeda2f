/**
 * What the Sweep view draws, from a sweep's record (pure, no DOM; tested in Node): which axis runs
 * along x (the first numeric one; else the first axis, its values as categories), one line per
 * combination of the other axes, and per point the mean over its seeds with the band from the
 * lowest to the highest seed. A grid point whose seeds have not all finished is drawn from those
 * that did (the table says how many).
 */
import type { SweepRecord } from '../../../src/engine/sweepRecord';
import type { SpreadMetric, SweepGroup } from '../../../src/engine/sweepResult';
import type { SweepValue } from '../../../src/spec/sweepSchema';
import type { ChanceLevel } from '../../../src/tasks/chanceLevel';

/** In the order offered: a real-valued sweep opens on its MSE (equal to its loss, but named). */
export const SWEEP_METRICS: readonly SpreadMetric[] = [
  'accuracy',
  'sequenceAccuracy',
  'mse',
  'loss',
];

/**
 * The chance level drawn on a metric's chart: the record's level on its own metric, and on the
 * metric that equals it (a regression's loss is its MSE; a many-to-one accuracy is per sequence).
 */
export function chanceFor(record: SweepRecord, metric: SpreadMetric): number | undefined {
  const chance = record.chance;
  if (!chance) return undefined;
  const same: Record<ChanceLevel['metric'], readonly SpreadMetric[]> = {
    mse: ['mse', 'loss'],
    accuracy: ['accuracy', 'sequenceAccuracy'],
  };
  return same[chance.metric].includes(metric) ? chance.value : undefined;
}

/** Whether a metric is a fraction (drawn 0–100 %). */
export const isFraction = (metric: SpreadMetric): boolean =>
  metric === 'accuracy' || metric === 'sequenceAccuracy';

export interface SweepLine {
  /** `model.cell=lstm`, or '' when there is one line. */
  label: string;
  /** The other axes' values of this line. */
  values: Record<string, SweepValue>;
  mean: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
}

export interface SweepChartData {
  /** The field along x; undefined for a sweep with no axes (seeds only). */
  xField: string | undefined;
  /** x positions, ascending. */
  x: number[];
  /** For a categorical x: the label at each position. */
  xLabels?: string[];
  lines: SweepLine[];
}

const show = (value: SweepValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** The metrics the record has values of, in the order the view offers them. */
export function metricsOf(record: SweepRecord): SpreadMetric[] {
  return SWEEP_METRICS.filter((m) => record.groups.some((g) => g.metrics[m] !== undefined));
}

/** The axis along x: the first whose values are all numbers, else the first. */
export function xAxisOf(record: SweepRecord): { field: string; numeric: boolean } | undefined {
  const numeric = record.axes.find(
    (a) => a.values.length > 0 && a.values.every((v) => typeof v === 'number'),
  );
  if (numeric) return { field: numeric.field, numeric: true };
  const first = record.axes[0];
  return first ? { field: first.field, numeric: false } : undefined;
}

/**
 * The chart of `metric`. `valueLabel` names a categorical x's values (the page's words, e.g.
 * "LSTM" for `lstm`); default: as the spec writes them.
 */
export function sweepChartData(
  record: SweepRecord,
  metric: SpreadMetric,
  valueLabel: (field: string, value: SweepValue) => string = (_field, value) => show(value),
): SweepChartData {
  const axis = xAxisOf(record);
  const axisValues = axis ? (record.axes.find((a) => a.field === axis.field)?.values ?? []) : [];
  const keys = axisValues.map(show);
  const categories =
    axis && !axis.numeric ? axisValues.map((v) => valueLabel(axis.field, v)) : undefined;
  const xOf = (g: SweepGroup): number => {
    if (!axis) return 0;
    const v = g.point[axis.field];
    return axis.numeric ? Number(v) : keys.indexOf(show(v as SweepValue));
  };
  const x = axis
    ? axis.numeric
      ? [...new Set(axisValues.map(Number))].sort((a, b) => a - b)
      : axisValues.map((_, i) => i)
    : [0];
  const others = record.axes.filter((a) => a.field !== axis?.field).map((a) => a.field);
  const lines = new Map<string, SweepLine>();
  // Lines in grid order, so colours follow the order the spec writes the values in.
  for (const g of record.groups) {
    const values = Object.fromEntries(others.map((f) => [f, g.point[f] as SweepValue]));
    const label = others.map((f) => `${f}=${show(values[f] as SweepValue)}`).join(', ');
    let line = lines.get(label);
    if (!line) {
      line = {
        label,
        values,
        mean: x.map(() => null),
        low: x.map(() => null),
        high: x.map(() => null),
      };
      lines.set(label, line);
    }
    const at = x.indexOf(xOf(g));
    const spread = g.metrics[metric];
    if (at < 0 || !spread) continue;
    line.mean[at] = spread.mean;
    line.low[at] = spread.min;
    line.high[at] = spread.max;
  }
  return {
    xField: axis?.field,
    x,
    ...(categories ? { xLabels: categories } : {}),
    lines: [...lines.values()],
  };
}

/** Every training of the record, one row each, for the CSV export. */
export function pointRows(record: SweepRecord): {
  header: string[];
  rows: (string | number | undefined)[][];
} {
  const fields = [...record.axes.map((a) => a.field), 'train.seed'];
  const header = [
    ...fields,
    'status',
    'epochs',
    'params',
    'loss',
    'accuracy',
    'sequenceAccuracy',
    'mse',
    'seconds',
    'runId',
  ];
  const rows = record.points.map((p) => [
    ...fields.map((f) => {
      const v = p.point[f];
      return v === undefined ? undefined : typeof v === 'number' ? v : show(v);
    }),
    p.status,
    p.epochs,
    p.params,
    p.metrics?.loss,
    p.metrics?.accuracy,
    p.metrics?.sequenceAccuracy,
    p.metrics?.mse,
    p.seconds,
    p.runId,
  ]);
  return { header, rows };
}
