/**
 * One training step (forward + backward + Adam) of our cells + a dense(1) head on a mean-squared
 * loss, against `tf.sequential([tf.layers.X, tf.layers.dense(1)])` with the same weights.
 * Batch 64, 20 steps, 32 inputs, 128 hidden; tfjs CPU backend in Node, and WASM when it starts.
 *
 *   npx tsx bench/cellsBench.ts [--quick]
 *
 * Writes bench/results/cells-node.json and .md. tf.layers' GRU (tfjs 4.22) only has
 * reset_after=false, so its GRU row has the same shapes and cost, not the same function.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCell } from '../src/engine/cells/createCell';
import type { RecurrentCell } from '../src/engine/cells/recurrentCell';
import { cellWeightValues, toLayersWeights } from '../src/engine/cells/weightFormats';
import { runLayer } from '../src/engine/recurrentLayer';
import type { CellKind } from '../src/spec/specSchema';

const SHAPE = { batch: 64, time: 20, input: 32, hidden: 128 };
const quick = process.argv.includes('--quick');
const WARMUP = quick ? 1 : 2;
const TIMED = quick ? 2 : 7;
const KINDS: CellKind[] = ['rnn', 'lstm', 'gru'];

interface Row {
  backend: string;
  cell: CellKind;
  oursMs: number;
  layersMs: number;
  ratio: number;
  oursKernelsPerStep?: number;
  layersKernelsPerStep?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const at = (k: number) => s[k] ?? NaN;
  return s.length % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
}

/** One step, its loss read back so that the work is really done. */
function runOnce(step: () => tf.Scalar): number {
  const t0 = performance.now();
  const loss = step();
  loss.dataSync();
  loss.dispose();
  return performance.now() - t0;
}

/**
 * Median wall times of two steps, measured in alternation (a, b, a, b, …) so that a slow phase of
 * a shared machine hits both alike.
 */
function timePair(a: () => tf.Scalar, b: () => tf.Scalar): [number, number] {
  for (let k = 0; k < WARMUP; k++) {
    runOnce(a);
    runOnce(b);
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let k = 0; k < TIMED; k++) {
    ta.push(runOnce(a));
    tb.push(runOnce(b));
  }
  return [median(ta), median(tb)];
}

async function kernelsPerStep(step: () => tf.Scalar): Promise<number> {
  const info = await tf.profile(() => step());
  tf.dispose(info.result as tf.Tensor);
  return info.kernels.length / SHAPE.time;
}

/** Our engine: runLayer + a dense head, trained by tf.train.adam. */
function oursStep(cell: RecurrentCell, x: tf.Tensor3D, y: tf.Tensor2D) {
  const wd = tf.variable(tf.randomNormal([SHAPE.hidden, 1], 0, 0.1, 'float32', 3), true);
  const bd = tf.variable(tf.zeros([1]), true);
  const optimizer = tf.train.adam(1e-3);
  const vars = [...cell.variables(), wd, bd];
  const step = () =>
    optimizer.minimize(
      () => {
        const { final } = runLayer(cell, x);
        const pred = tf.add(tf.matMul(final.h, wd), bd);
        return tf.losses.meanSquaredError(y, pred);
      },
      true,
      vars,
    ) as tf.Scalar;
  const dispose = () => {
    optimizer.dispose();
    tf.dispose([wd, bd]);
  };
  return { step, dispose, head: [wd, bd] };
}

function layersStep(
  kind: CellKind,
  cell: RecurrentCell,
  head: tf.Tensor[],
  x: tf.Tensor3D,
  y: tf.Tensor2D,
) {
  const common = {
    units: SHAPE.hidden,
    inputShape: [SHAPE.time, SHAPE.input],
    // Zeros, not tf.layers' orthogonal default (a slow tensor-op QR); setWeights follows anyway.
    recurrentInitializer: 'zeros' as const,
  };
  const rnnLayer =
    kind === 'rnn'
      ? tf.layers.simpleRNN({ ...common, activation: 'tanh' })
      : kind === 'lstm'
        ? tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' })
        : tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  const dense = tf.layers.dense({ units: 1 });
  const model = tf.sequential({ layers: [rnnLayer, dense] });
  tf.tidy(() => {
    const [kernel, recurrentKernel, bias] = toLayersWeights(kind, cellWeightValues(cell));
    if (!kernel || !recurrentKernel || !bias) throw new Error('three weight arrays expected');
    // tf.layers' GRU has a [3H] input bias only (reset_after=false): same shapes, kept the kernels.
    rnnLayer.setWeights([
      kernel,
      recurrentKernel,
      kind === 'gru' ? (tf.unstack(bias)[0] ?? bias) : bias,
    ]);
    dense.setWeights(head);
  });
  const optimizer = tf.train.adam(1e-3);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = () =>
    optimizer.minimize(
      () => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor2D),
      true,
      vars,
    ) as tf.Scalar;
  const dispose = () => {
    optimizer.dispose();
    model.dispose();
  };
  return { step, dispose };
}

async function benchBackend(backend: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const kind of KINDS) {
    const x = tf.randomNormal(
      [SHAPE.batch, SHAPE.time, SHAPE.input],
      0,
      1,
      'float32',
      1,
    ) as tf.Tensor3D;
    const y = tf.randomNormal([SHAPE.batch, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
    const cell = createCell(kind, {
      inputSize: SHAPE.input,
      hidden: SHAPE.hidden,
      seed: 1,
      name: 'bench',
    });
    const ours = oursStep(cell, x, y);
    const theirs = layersStep(kind, cell, ours.head, x, y);
    const [oursMs, layersMs] = timePair(ours.step, theirs.step);
    const row: Row = { backend, cell: kind, oursMs, layersMs, ratio: oursMs / layersMs };
    if (!quick) {
      row.oursKernelsPerStep = await kernelsPerStep(ours.step);
      row.layersKernelsPerStep = await kernelsPerStep(theirs.step);
    }
    rows.push(row);
    console.log(
      `${backend} ${kind}: ours ${oursMs.toFixed(1)} ms, tf.layers ${layersMs.toFixed(1)} ms, ratio ${row.ratio.toFixed(2)}`,
    );
    ours.dispose();
    theirs.dispose();
    cell.dispose();
    tf.dispose([x, y]);
  }
  return rows;
}

function markdown(rows: Row[], machine: Record<string, string | number>): string {
  const lines = [
    '# Cells bench (Node)',
    '',
    `One training step (forward + backward + Adam), batch ${SHAPE.batch}, ${SHAPE.time} steps, ` +
      `input ${SHAPE.input}, hidden ${SHAPE.hidden}; median of ${TIMED} after ${WARMUP} warm-up.`,
    '',
    Object.entries(machine)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; '),
    '',
    '| backend | cell | ours ms/step | tf.layers ms/step | ours / tf.layers | kernels per time step (ours / tf.layers) |',
    '|---|---|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.backend} | ${r.cell} | ${r.oursMs.toFixed(1)} | ${r.layersMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ` +
        (r.oursKernelsPerStep === undefined
          ? '–'
          : `${r.oursKernelsPerStep.toFixed(1)} / ${r.layersKernelsPerStep?.toFixed(1)}`) +
        ' |',
    ),
    '',
    "tf.layers' GRU in tfjs 4.22 is reset_after=false (no recurrent bias): same shapes and cost class, not the same function.",
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  // Other work on a shared machine slows both columns alike (they alternate), not their ratio.
  const loadBefore = os.loadavg()[0] ?? 0;
  const rows: Row[] = [];
  const backends: string[] = [];
  for (const backend of ['cpu', 'wasm']) {
    let ok = false;
    try {
      ok = await tf.setBackend(backend);
      await tf.ready();
    } catch (err) {
      console.log(`${backend}: did not start (${(err as Error).message})`);
    }
    if (!ok) continue;
    backends.push(backend);
    rows.push(...(await benchBackend(backend)));
  }
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    nproc: os.availableParallelism(),
    node: process.version,
    tfjs: tf.version.tfjs,
    os: `${os.type()} ${os.release()}`,
    loadavg1m: `${loadBefore.toFixed(2)} before, ${(os.loadavg()[0] ?? 0).toFixed(2)} after`,
  };
  const md = markdown(rows, machine);
  console.log('\n' + md);
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const name = quick ? 'cells-node.local' : 'cells-node';
  writeFileSync(
    path.join(dir, `${name}.json`),
    JSON.stringify(
      { shape: SHAPE, warmup: WARMUP, timed: TIMED, machine, backends, rows },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(path.join(dir, `${name}.md`), md);
}

void main();
