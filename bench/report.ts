/**
 * The bench's arithmetic and its Markdown: analytic FLOPs of a training step, derived columns
 * (ratios, GFLOP/s, share of the matMul peak, capture overhead), the targets of the fused-kernel
 * issue marked met or missed, and the tables of bench/results/bench.md. Pure functions on plain
 * data (no tfjs, no timing), so a unit test can check them on fixed inputs.
 */

/** The recurrent models measured: one-layer cells, and a Seq2Seq with attention. */
export type BenchModel = 'rnn' | 'lstm' | 'gru' | 'seq2seq';

/** Gate blocks per cell: G in the FLOP formula. */
export const GATES: Readonly<Record<'rnn' | 'lstm' | 'gru', number>> = { rnn: 1, lstm: 4, gru: 3 };

export interface StepShape {
  batch: number;
  time: number;
  input: number;
  hidden: number;
}

/**
 * FLOPs of the matMuls of one training step of one recurrent layer: the forward pass computes, per
 * step, [B, I]·[I, G·H] and [B, H]·[H, G·H], so 2·B·T·(I+H)·G·H (a multiply-add counts as two);
 * the backward pass needs two matMuls of the same size per forward matMul (the gradient of the
 * input and of the weights), so about twice that. Element-wise gate arithmetic is left out.
 */
export function trainingFlops(gates: number, shape: StepShape): number {
  const forward =
    2 * shape.batch * shape.time * (shape.input + shape.hidden) * gates * shape.hidden;
  return 3 * forward;
}

/** The formula in words, printed with the results. */
export const FLOP_FORMULA =
  'FLOPs per training step = 3 × 2·B·T·(I+H)·G·H (forward matMuls 2·B·T·(I+H)·G·H, backward ≈ 2× forward; ' +
  'G = 1 rnn, 4 lstm, 3 gru; element-wise gate arithmetic, head and Adam not counted)';

/** Achieved GFLOP/s of `flops` done in `ms` milliseconds. */
export function gflopsPerSecond(flops: number, ms: number): number {
  return flops / ms / 1e6;
}

/** What each variant measured; `undefined` where the variant does not exist (tf.layers Seq2Seq). */
export interface PerVariant {
  fused: number;
  unfused: number;
  layers?: number;
}

/** One row: a model at one sequence length on one backend. */
export interface BenchRow {
  model: BenchModel;
  /** Input time steps (Seq2Seq: encoder steps). */
  time: number;
  /** Time steps the per-step columns divide by (Seq2Seq: encoder + decoder steps). */
  steps: number;
  warmup: number;
  timed: number;
  /** Median ms per training step. */
  ms: PerVariant;
  /** Ours fused with `capture: true`, median ms per training step. */
  captureMs: number;
  /** Kernel calls of one training step (tf.profile), divided by `steps`. */
  kernelsPerStep: PerVariant;
  /** WebGL only: shader programs run (gpgpu.executeProgram calls) per time step. */
  drawsPerStep?: PerVariant;
  /** Transient memory of one training step: tf.profile's peakBytes minus the bytes held before. */
  peakBytes: PerVariant;
  /** Analytic FLOPs of one training step (see `trainingFlops`). */
  flops: number;
  /** Said under the table (e.g. what the Seq2Seq row measures). */
  note?: string;
  /** Variants that threw (`fused`, `unfused`, `layers`, `capture`), with the first line of the error. */
  failed?: Record<string, string>;
}

/** Every row of one backend in one runtime. */
export interface BenchSection {
  /** `cpu`, `wasm`, `webgl`. */
  backend: string;
  /** `node` or `chromium`. */
  runtime: string;
  /** The best median GFLOP/s of an n×n by n×n tf.matMul over a few sizes, and each size's. */
  matMul: { n: number; gflops: number; bySize: Record<string, number> };
  rows: BenchRow[];
}

export interface TorchRow {
  model: BenchModel;
  time: number;
  ms: number;
}

export interface BenchReport {
  date: string;
  quick: boolean;
  machine: Record<string, string | number>;
  shape: Omit<StepShape, 'time'>;
  sections: BenchSection[];
  torch?: { version: string; threads: number; rows: TorchRow[] } | { skipped: string };
  /** Said at the top of bench.md (e.g. the machine was busy). */
  remarks: string[];
}

/** Said under every table with a GRU row: the tf.layers GRU is not the same function as ours. */
export const GRU_NOTE =
  'GRU: tf.layers.gru in tfjs 4.22 has no resetAfter (it is reset-before, one [3H] bias), so its row has ' +
  "the same shapes and matMul cost as ours (PyTorch's reset-after), not the same function.";

/** The issue's targets. */
export const TARGETS = {
  /** Training step speed-up over tf.layers for LSTM and GRU, per backend. */
  speedup: { webgl: 3, wasm: 2, cpu: 2 } as Readonly<Record<string, number>>,
  kernelsPerStep: 8,
  captureOverhead: 0.15,
  /** Memory compared at this sequence length. */
  memoryAtTime: 100,
};

export interface TargetCheck {
  met: boolean;
  /** e.g. `✗ 0.93× (target ≥ 3×)`. */
  text: string;
}

export interface RowTargets {
  speed?: TargetCheck;
  kernels?: TargetCheck;
  capture?: TargetCheck;
  memory?: TargetCheck;
}

const mark = (met: boolean) => (met ? '✓' : '✗');
const fixed = (x: number | undefined, digits = 1) =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const mb = (bytes: number | undefined) =>
  bytes === undefined || !Number.isFinite(bytes) ? '–' : (bytes / 2 ** 20).toFixed(1);
const signedPercent = (x: number) =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)} %` : '–';

/** ours-fused-with-capture / ours-fused − 1. */
export function captureOverhead(row: BenchRow): number {
  return row.captureMs / row.ms.fused - 1;
}

/** Which targets apply to a row, and whether they are met (ours fused against tf.layers). */
export function checkTargets(backend: string, row: BenchRow): RowTargets {
  const out: RowTargets = {};
  if (!Number.isFinite(row.ms.fused)) {
    const failed = { met: false, text: '✗ ours fused failed' };
    return { speed: failed, kernels: failed, capture: failed, memory: failed };
  }
  const layersMs = row.ms.layers;
  const wanted = TARGETS.speedup[backend];
  if ((row.model === 'lstm' || row.model === 'gru') && layersMs !== undefined && wanted) {
    const speedup = layersMs / row.ms.fused;
    const met = speedup >= wanted;
    out.speed = {
      met,
      text: `${mark(met)} ${speedup.toFixed(2)}× (target ≥ ${wanted}×${met ? '' : `, ${(wanted / speedup).toFixed(1)}× short`})`,
    };
  }
  if (row.model !== 'seq2seq') {
    const k = row.kernelsPerStep.fused;
    const met = k <= TARGETS.kernelsPerStep;
    out.kernels = {
      met,
      text: `${mark(met)} ${k.toFixed(1)} (target ≤ ${TARGETS.kernelsPerStep}${met ? '' : `, ${(k - TARGETS.kernelsPerStep).toFixed(1)} over`})`,
    };
  }
  const overhead = captureOverhead(row);
  if (row.failed?.['capture']) {
    out.capture = { met: false, text: '✗ capture failed' };
  } else if (Number.isFinite(overhead)) {
    const met = overhead <= TARGETS.captureOverhead;
    out.capture = {
      met,
      text: `${mark(met)} ${signedPercent(overhead)} (target ≤ +${TARGETS.captureOverhead * 100} %)`,
    };
  }
  const layersPeak = row.peakBytes.layers;
  if (row.time === TARGETS.memoryAtTime && layersPeak !== undefined) {
    const ours = row.peakBytes.fused;
    const met = ours <= layersPeak;
    out.memory = {
      met,
      text: `${mark(met)} ${mb(ours)} vs ${mb(layersPeak)} MB${met ? '' : ` (${(ours / layersPeak).toFixed(2)}×)`}`,
    };
  }
  return out;
}

function ratio(a: number, b: number | undefined): string {
  return b === undefined ? '–' : fixed(a / b, 2);
}

function triple(v: PerVariant | undefined, format: (x: number | undefined) => string): string {
  if (!v) return '–';
  return `${format(v.fused)} / ${format(v.unfused)} / ${format(v.layers)}`;
}

/** The Markdown table of one section, then its targets table and its notes. */
export function sectionMarkdown(section: BenchSection): string[] {
  const webgl = section.backend === 'webgl';
  const head = [
    'model',
    'T',
    'ours fused ms',
    'ours unfused ms',
    'tf.layers ms',
    'fused / tf.layers',
    'unfused / tf.layers',
    'kernels per time step (fused / unfused / tf.layers)',
    ...(webgl ? ['shader draws per time step (fused / unfused / tf.layers)'] : []),
    'GFLOP/s (fused)',
    '% of matMul peak',
    'peak MB (fused / unfused / tf.layers)',
    'capture overhead',
  ];
  const lines = [
    `### ${section.backend} (${section.runtime})`,
    '',
    `matMul peak: ${section.matMul.gflops.toFixed(2)} GFLOP/s at n = ${section.matMul.n} (n×n by n×n tf.matMul, median; ` +
      Object.entries(section.matMul.bySize)
        .map(([n, g]) => `${n}: ${g.toFixed(2)}`)
        .join(', ') +
      ' GFLOP/s).',
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
  ];
  const notes = new Set<string>();
  if (section.rows.every((r) => r.kernelsPerStep.fused === r.kernelsPerStep.unfused)) {
    notes.add(
      'Ours fused and unfused ran the same kernels here (the fused path is not wired into `runLayer` on this backend yet): their times differ by noise only.',
    );
  }
  for (const row of section.rows) {
    const gflops = gflopsPerSecond(row.flops, row.ms.fused);
    const cells = [
      row.model,
      String(row.time),
      fixed(row.ms.fused),
      fixed(row.ms.unfused),
      fixed(row.ms.layers),
      ratio(row.ms.fused, row.ms.layers),
      ratio(row.ms.unfused, row.ms.layers),
      triple(row.kernelsPerStep, (x) => fixed(x)),
      ...(webgl ? [triple(row.drawsPerStep, (x) => fixed(x))] : []),
      fixed(gflops, 2),
      Number.isFinite(gflops) ? `${fixed((100 * gflops) / section.matMul.gflops)} %` : '–',
      triple(row.peakBytes, mb),
      signedPercent(captureOverhead(row)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
    if (gflops > section.matMul.gflops) {
      notes.add(
        'Above 100 % of the matMul peak: ours outruns tfjs’ own tf.matMul on this backend (the fused path has its own matMul loops), so tf.matMul is no ceiling here.',
      );
    }
    if (row.model === 'gru' && row.ms.layers !== undefined) notes.add(GRU_NOTE);
    if (row.note) notes.add(row.note);
    for (const [variant, message] of Object.entries(row.failed ?? {})) {
      notes.add(
        `Failed: ${row.model} T=${row.time}, ${variant === 'layers' ? 'tf.layers' : `ours ${variant}`}: ${message}`,
      );
    }
  }
  lines.push(
    '',
    '| model | T | LSTM/GRU speed-up over tf.layers | kernels per time step | capture overhead | memory at T=100 vs tf.layers |',
    '|---|---|---|---|---|---|',
  );
  for (const row of section.rows) {
    const t = checkTargets(section.backend, row);
    const cell = (c: TargetCheck | undefined) => c?.text ?? 'n/a';
    lines.push(
      `| ${row.model} | ${row.time} | ${cell(t.speed)} | ${cell(t.kernels)} | ${cell(t.capture)} | ${cell(t.memory)} |`,
    );
  }
  const reps = [...new Set(section.rows.map((r) => `${r.warmup} warm-up + ${r.timed} timed`))];
  lines.push('', `Steps per variant: ${reps.join('; ')} (rounds alternate the variants).`);
  for (const note of notes) lines.push('', note);
  lines.push('');
  return lines;
}

function torchMarkdown(report: BenchReport): string[] {
  const torch = report.torch;
  if (!torch) return [];
  if ('skipped' in torch) return ['### PyTorch (reference)', '', `Skipped: ${torch.skipped}`, ''];
  const ours = (backend: string, runtime: string, row: TorchRow) =>
    report.sections
      .find((s) => s.backend === backend && s.runtime === runtime)
      ?.rows.find((r) => r.model === row.model && r.time === row.time)?.ms.fused;
  const lines = [
    '### PyTorch (reference)',
    '',
    `PyTorch ${torch.version} on the CPU, ${torch.threads} threads: nn.RNN/LSTM/GRU + Linear + Adam, same shapes, median ms per training step.`,
    '',
    '| model | T | PyTorch ms | ours fused cpu (node) ms | ours fused wasm (node) ms | ours fused wasm (chromium) ms |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const row of torch.rows) {
    lines.push(
      `| ${row.model} | ${row.time} | ${fixed(row.ms)} | ${fixed(ours('cpu', 'node', row))} | ` +
        `${fixed(ours('wasm', 'node', row))} | ${fixed(ours('wasm', 'chromium', row))} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The whole of bench.md. */
export function reportMarkdown(report: BenchReport): string {
  const { batch, input, hidden } = report.shape;
  const lines = [
    `# RNN Lab bench${report.quick ? ' (quick)' : ''}`,
    '',
    `${report.date}. One training step (forward + backward + Adam, loss read back) of one recurrent ` +
      `layer + dense(1) head on a mean-squared loss: batch ${batch}, input ${input}, hidden ${hidden}; ` +
      'ours (`runLayer`, fused and unfused) and `tf.layers` with the same weights, timed in alternation in the same process or page.',
    '',
    ...Object.entries(report.machine).map(([k, v]) => `- ${k}: ${v}`),
    '',
    ...report.remarks.flatMap((r) => [`> ${r}`, '']),
    `${FLOP_FORMULA}.`,
    '',
    'Columns: ms = median wall time of one training step; x / tf.layers = time ratio (below 1: ours is faster); ' +
      'kernels = `tf.profile` kernel calls of one training step (forward, backward and Adam) divided by T; ' +
      'shader draws (WebGL) = `gpgpu.executeProgram` calls of one step divided by T; GFLOP/s = the FLOPs above / ours fused time; ' +
      '% of matMul peak = that over the backend’s best n×n matMul GFLOP/s (n = 256, 512, 1024); peak MB = tf.profile peakBytes minus the bytes held before the step; ' +
      'capture overhead = ours fused with `capture: true` / without − 1.',
    '',
    ...report.sections.flatMap(sectionMarkdown),
    ...torchMarkdown(report),
  ];
  return lines.join('\n');
}
