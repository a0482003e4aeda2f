/** The Markdown table of `npm run bench:tasks` (bench/results/tasks.md). */
import type { EpochPoint, TaskRow } from './taskRows';

export interface RowResult {
  row: TaskRow;
  ours: EpochPoint[];
  torch: EpochPoint[];
}

export interface TasksReport {
  started: string;
  backend: string;
  torch: boolean;
  meanLoad: number;
  results: RowResult[];
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}`);

/** First epoch reaching the target, and the wall time (epoch seconds summed) up to it. */
export function toTarget(
  points: readonly EpochPoint[],
  target: TaskRow['target'],
): { epoch: number; seconds: number } | undefined {
  if (!target) return undefined;
  let seconds = 0;
  for (const p of points) {
    seconds += p.seconds;
    const reached =
      target.metric === 'testLoss'
        ? p.testLoss < target.value
        : (p[target.metric] ?? 0) >= target.value;
    if (reached) return { epoch: p.epoch, seconds };
  }
  return undefined;
}

function at(points: readonly EpochPoint[], epoch: number): EpochPoint | undefined {
  return points.find((p) => p.epoch === epoch);
}

function cell(p: EpochPoint | undefined): string {
  if (!p) return '–';
  if (p.accuracy === undefined) return `MSE ${p.testLoss.toFixed(4)}`;
  const keras =
    p.kerasCharAccuracy !== undefined ? ` (Keras chars ${pct(p.kerasCharAccuracy)})` : '';
  return `${pct(p.accuracy)} / ${pct(p.sequenceAccuracy)}${keras}, loss ${p.testLoss.toFixed(3)}`;
}

function reach(points: readonly EpochPoint[], row: TaskRow): string {
  const hit = toTarget(points, row.target);
  const total = points.reduce((s, p) => s + p.seconds, 0);
  if (!points.length) return '–';
  return hit
    ? `${hit.epoch} ep, ${hit.seconds.toFixed(0)} s`
    : `not in ${points.length} ep (${total.toFixed(0)} s)`;
}

export function renderTable(report: TasksReport): string {
  const lines = [
    '# Published small recurrent tasks: ours against PyTorch',
    '',
    `Run ${report.started}, ours on tfjs ${report.backend}, PyTorch ${report.torch ? '1.13 (Debian python3-torch, 2 threads)' : 'not run'}; ` +
      `epochs interleaved (ours k, PyTorch k, …) on the same samples; mean load average ${report.meanLoad.toFixed(1)} ` +
      '(a shared 2-core machine: wall-time ratios are noisy, accuracies are not). Written by `npm run bench:tasks`.',
    '',
    'Accuracy cells: test per-token % / exact-sequence %, test loss. Wall time: the sum of epoch times (training and ' +
      'evaluation) up to the first epoch at the target.',
    '',
    '| row | epoch | ours | PyTorch | target | ours to target | PyTorch to target | s/epoch ours / PyTorch | notes |',
    '|---|---:|---|---|---|---|---|---|---|',
  ];
  for (const { row, ours, torch } of report.results) {
    if (!row.spec) {
      lines.push(`| ${row.title} | – | – | – | – | – | – | – | ${row.why} |`);
      continue;
    }
    const last = ours[ours.length - 1]?.epoch ?? 0;
    const mid = Math.max(1, Math.round(last / 2));
    const mean = (ps: readonly EpochPoint[]) =>
      ps.length ? ps.reduce((s, p) => s + p.seconds, 0) / ps.length : NaN;
    const speed = torch.length
      ? `${mean(ours).toFixed(1)} / ${mean(torch).toFixed(1)} (×${(mean(ours) / mean(torch)).toFixed(2)})`
      : `${mean(ours).toFixed(1)} / –`;
    const target = row.target
      ? (row.target.label ??
        `${row.target.metric === 'accuracy' ? 'tokens' : 'exact'} ≥ ${pct(row.target.value)} %`)
      : '–';
    (mid === last ? [last] : [mid, last]).forEach((epoch, i) => {
      const first = i === 0;
      lines.push(
        `| ${first ? row.title : '〃'} | ${epoch} | ${cell(at(ours, epoch))} | ${cell(at(torch, epoch))} | ` +
          `${first ? target : ''} | ${first ? reach(ours, row) : ''} | ${first ? reach(torch, row) : ''} | ` +
          `${first ? speed : ''} | ${first ? row.why : ''} |`,
      );
    });
  }
  return lines.join('\n') + '\n';
}
