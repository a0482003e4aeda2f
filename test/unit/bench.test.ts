/**
 * The bench's arithmetic and its Markdown on fixed inputs (no timing: `npm run bench` measures,
 * this only checks what it would write): the FLOP formula, the derived columns, and the targets
 * marked met or missed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkTargets,
  gflopsPerSecond,
  reportMarkdown,
  sectionMarkdown,
  trainingFlops,
  type BenchReport,
  type BenchRow,
  type BenchSection,
} from '../../bench/report';

const lstm100: BenchRow = {
  model: 'lstm',
  time: 100,
  steps: 100,
  warmup: 2,
  timed: 3,
  ms: { fused: 100, unfused: 400, layers: 500 },
  captureMs: 110,
  kernelsPerStep: { fused: 6, unfused: 77.1, layers: 102.5 },
  drawsPerStep: { fused: 5, unfused: 60, layers: 70 },
  peakBytes: { fused: 10 * 2 ** 20, unfused: 50 * 2 ** 20, layers: 60 * 2 ** 20 },
  flops: trainingFlops(4, { batch: 64, time: 100, input: 32, hidden: 128 }),
};

const gru20: BenchRow = {
  ...lstm100,
  model: 'gru',
  time: 20,
  steps: 20,
  ms: { fused: 300, unfused: 300, layers: 450 },
  captureMs: 360,
  kernelsPerStep: { fused: 17.6, unfused: 91.8, layers: 129.3 },
  flops: trainingFlops(3, { batch: 64, time: 20, input: 32, hidden: 128 }),
};

const section: BenchSection = {
  backend: 'webgl',
  runtime: 'chromium',
  matMul: { n: 512, gflops: 10, bySize: { '256': 8, '512': 10 } },
  rows: [lstm100, gru20],
};

describe('bench report', () => {
  it('FLOPs of a training step: 3 × 2·B·T·(I+H)·G·H', () => {
    // 2 · 64 · 20 · 160 · 4 · 128 = 209,715,200 forward; ×3 with the backward pass.
    assert.equal(trainingFlops(4, { batch: 64, time: 20, input: 32, hidden: 128 }), 629_145_600);
    assert.equal(trainingFlops(1, { batch: 1, time: 1, input: 1, hidden: 1 }), 12);
    assert.equal(gflopsPerSecond(2e9, 1000), 2);
  });

  it('marks each target met or missed, and by how much', () => {
    const lstm = checkTargets('webgl', lstm100);
    assert.equal(lstm.speed?.met, true);
    assert.equal(lstm.speed?.text, '✓ 5.00× (target ≥ 3×)');
    assert.equal(lstm.kernels?.text, '✓ 6.0 (target ≤ 8)');
    assert.equal(lstm.capture?.text, '✓ +10 % (target ≤ +15 %)');
    assert.equal(lstm.memory?.text, '✓ 10.0 vs 60.0 MB');
    const gru = checkTargets('wasm', gru20);
    assert.equal(gru.speed?.text, '✗ 1.50× (target ≥ 2×, 1.3× short)');
    assert.equal(gru.kernels?.text, '✗ 17.6 (target ≤ 8, 9.6 over)');
    assert.equal(gru.capture?.text, '✗ +20 % (target ≤ +15 %)');
    assert.equal(gru.memory, undefined, 'memory is compared at T = 100 only');
    assert.equal(checkTargets('cpu', { ...gru20, model: 'rnn' }).speed, undefined);
  });

  it('writes one table row per model and a targets table', () => {
    const md = sectionMarkdown(section).join('\n');
    assert.match(md, /^### webgl \(chromium\)/);
    assert.match(md, /matMul peak: 10\.00 GFLOP\/s at n = 512 .*256: 8\.00, 512: 10\.00/);
    const header = md.split('\n').find((l) => l.startsWith('| model | T | ours fused'));
    assert.ok(header?.includes('shader draws per time step'), 'WebGL has a draws column');
    const columns = (header ?? '').split('|').length;
    // LSTM at T = 100: 100 ms, 400 ms, 500 ms, ratios 0.20 and 0.80, 1.888 GFLOP in 0.1 s.
    const row = md.split('\n').find((l) => l.startsWith('| lstm | 100 |')) ?? '';
    assert.equal(row.split('|').length, columns);
    assert.equal(
      row,
      '| lstm | 100 | 100.0 | 400.0 | 500.0 | 0.20 | 0.80 | 6.0 / 77.1 / 102.5 | 5.0 / 60.0 / 70.0 | ' +
        '31.46 | 314.6 % | 10.0 / 50.0 / 60.0 | +10 % |',
    );
    assert.match(md, /\| gru \| 20 \| ✗ 1\.50× \(target ≥ 3×, 2\.0× short\) \|/);
    assert.match(md, /no resetAfter/);
    assert.match(md, /Above 100 % of the matMul peak/);
  });

  it('leaves out the draws column off WebGL and the tf.layers columns where there is none', () => {
    const seq: BenchRow = {
      ...gru20,
      model: 'seq2seq',
      ms: { fused: 200, unfused: 210 },
      kernelsPerStep: { fused: 100, unfused: 130 },
      peakBytes: { fused: 2 ** 20, unfused: 2 ** 21 },
      note: 'Seq2Seq: ours only.',
    };
    delete seq.drawsPerStep;
    const md = sectionMarkdown({ ...section, backend: 'wasm', rows: [seq] }).join('\n');
    assert.ok(!md.includes('shader draws'));
    assert.match(
      md,
      /\| seq2seq \| 20 \| 200\.0 \| 210\.0 \| – \| – \| – \| 100\.0 \/ 130\.0 \/ – \|/,
    );
    assert.match(md, /\| seq2seq \| 20 \| n\/a \| n\/a \| ✗ \+80 % \(target ≤ \+15 %\) \| n\/a \|/);
  });

  it('says which variant failed, and marks the targets of a failed fused variant missed', () => {
    const broken: BenchRow = {
      ...gru20,
      ms: { fused: NaN, unfused: 300, layers: 450 },
      captureMs: NaN,
      peakBytes: { fused: NaN, unfused: 2 ** 20, layers: 2 ** 21 },
      failed: { fused: 'internal: kernel missing', capture: 'internal: kernel missing' },
    };
    const md = sectionMarkdown({ ...section, rows: [broken] }).join('\n');
    assert.match(md, /\| gru \| 20 \| – \| 300\.0 \| 450\.0 \| – \| 0\.67 \|/);
    assert.match(md, /Failed: gru T=20, ours fused: internal: kernel missing/);
    assert.match(md, /\| – \/ 1\.0 \/ 2\.0 \|/);
    assert.equal(checkTargets('webgl', broken).speed?.text, '✗ ours fused failed');
  });

  it('says when fused and unfused ran the same kernels (fused path not wired)', () => {
    const same = { ...gru20, kernelsPerStep: { fused: 91.8, unfused: 91.8, layers: 129.3 } };
    assert.match(sectionMarkdown({ ...section, rows: [same] }).join('\n'), /not wired/);
    assert.doesNotMatch(sectionMarkdown(section).join('\n'), /not wired/);
  });

  it('puts machine, remarks, every section and the PyTorch reference in bench.md', () => {
    const report: BenchReport = {
      date: '2026-01-01',
      quick: false,
      machine: { cpu: 'Test CPU, 2 cores' },
      shape: { batch: 64, input: 32, hidden: 128 },
      sections: [section, { ...section, backend: 'cpu', runtime: 'node' }],
      torch: { version: '1.13', threads: 2, rows: [{ model: 'lstm', time: 100, ms: 124 }] },
      remarks: ['Taken on a busy machine.'],
    };
    const md = reportMarkdown(report);
    assert.match(md, /- cpu: Test CPU, 2 cores/);
    assert.match(md, /> Taken on a busy machine\./);
    assert.match(md, /### webgl \(chromium\)[\s\S]*### cpu \(node\)[\s\S]*### PyTorch/);
    assert.match(md, /\| lstm \| 100 \| 124\.0 \| 100\.0 \| – \| – \|/);
    assert.match(md, /3 × 2·B·T·\(I\+H\)·G·H/);
  });
});
