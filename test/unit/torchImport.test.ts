/**
 * PyTorch import against fixtures written by scripts/makeTorchFixtures.py (torch itself is not
 * needed here): per-layer, per-step h, c and gates, and the gradients of the fixture's loss with
 * respect to every state-dict entry, the input and the initial states. This is also the GRU's
 * full check: tf.layers (tfjs 4.22) has no PyTorch-style GRU to compare with.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { CellState } from '../../src/engine/cells/recurrentCell';
import { runStack } from '../../src/engine/recurrentLayer';
import {
  cellsFromTorch,
  parseTorchWeights,
  runTorchInspection,
  TorchImportError,
  type TorchInspection,
} from '../../src/engine/torchImport';

const TOL = 1e-5;
const FIXTURES = [
  'rnn_tanh',
  'rnn_tanh_h0',
  'rnn_relu',
  'rnn_relu_h0',
  'lstm',
  'lstm_h0c0',
  'gru',
  'gru_h0',
];

type Nested = number | Nested[];

interface Expected {
  layers: TorchInspection['layers'];
  lossWeights: number[][][];
  grads: Record<string, Nested>;
}

function load(name: string, part: 'weights' | 'input' | 'expected'): unknown {
  const url = new URL(`../fixtures/torch/${name}.${part}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

/** Largest |a − b| over two nested arrays of the same shape. */
function maxAbsDiff(a: Nested | undefined, b: Nested | undefined, path = ''): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  assert.ok(Array.isArray(a) && Array.isArray(b), `${path}: shapes differ`);
  assert.equal(a.length, b.length, `${path}: lengths differ`);
  return a.reduce<number>((m, v, k) => Math.max(m, maxAbsDiff(v, b[k], `${path}[${k}]`)), 0);
}

function must<T>(x: T | undefined | null, what = 'value'): T {
  if (x === undefined || x === null)
    throw new assert.AssertionError({ message: `${what} missing` });
  return x;
}

const worst: Record<string, number> = {};
function check(what: string, ours: Nested | undefined, theirs: Nested | undefined): void {
  const d = maxAbsDiff(ours, theirs, what);
  assert.ok(d <= TOL, `${what}: max abs diff ${d} > ${TOL}`);
  // 'forward lstm_h0c0 layer 1 c' -> 'forward lstm'
  const key = what
    .split(' ')
    .slice(0, 2)
    .join(' ')
    .replace(/_h0(c0)?$/, '');
  worst[key] = Math.max(worst[key] ?? 0, d);
}

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('PyTorch fixtures: forward values', () => {
  for (const name of FIXTURES) {
    it(`${name}: every layer's h, c and gates at every step`, () => {
      const expected = load(name, 'expected') as Expected;
      const tensorsBefore = tf.memory().numTensors;
      const variablesBefore = Object.keys(tf.engine().registeredVariables).length;
      const got = runTorchInspection(load(name, 'weights'), load(name, 'input'));
      assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor left behind');
      assert.equal(Object.keys(tf.engine().registeredVariables).length, variablesBefore);
      assert.equal(got.layers.length, expected.layers.length);
      got.layers.forEach((layer, k) => {
        const want = must(expected.layers[k]);
        check(`forward ${name} layer ${k} h`, layer.h, want.h);
        assert.equal(layer.c === undefined, want.c === undefined, 'c only for lstm');
        if (want.c) check(`forward ${name} layer ${k} c`, layer.c, want.c);
        assert.deepEqual(Object.keys(layer.gates).sort(), Object.keys(want.gates).sort());
        for (const [gate, values] of Object.entries(want.gates)) {
          check(`forward ${name} layer ${k} gate ${gate}`, layer.gates[gate as 'i'], values);
        }
      });
      if (name.startsWith('rnn_relu')) {
        const flat = (got.layers[0]?.h ?? []).flat(2);
        assert.ok(flat.some((v) => v === 0) && flat.some((v) => v > 0), 'relu clips some units');
      }
    });
  }
});

describe('PyTorch fixtures: gradients of sum(output ⊙ lossWeights)', () => {
  for (const name of FIXTURES) {
    it(`${name}: every state-dict entry, x, h0 and c0`, () => {
      const weights = parseTorchWeights(load(name, 'weights'));
      const input = load(name, 'input') as {
        x: number[][][];
        h0?: number[][][];
        c0?: number[][][];
      };
      const expected = load(name, 'expected') as Expected;
      const cells = cellsFromTorch(weights, 'grad/');
      tf.tidy(() => {
        const x = tf.tensor3d(input.x);
        const h0 = input.h0 ? tf.tensor3d(input.h0) : undefined;
        const c0 = input.c0 ? tf.tensor3d(input.c0) : undefined;
        const lossWeights = tf.tensor3d(expected.lossWeights);
        const loss = (xs: tf.Tensor3D, hs?: tf.Tensor3D, cs?: tf.Tensor3D) => {
          const hl = hs ? tf.unstack(hs) : [];
          const cl = cs ? tf.unstack(cs) : [];
          const initial = cells.map((_, k): CellState | undefined => {
            const h = hl[k] as tf.Tensor2D | undefined;
            if (!h) return undefined;
            const c = cl[k] as tf.Tensor2D | undefined;
            return { h, ...(c ? { c } : {}) };
          });
          return tf.sum(tf.mul(runStack(cells, xs, { initial }).outputs, lossWeights)) as tf.Scalar;
        };
        const vars = cells.flatMap((c) => c.variables());
        const { grads } = tf.variableGrads(() => loss(x, h0, c0), vars);
        cells.forEach((cell, k) => {
          const g = (v: tf.Variable | undefined) => must(grads[must(v).name]);
          const w = cell.weights;
          const want = (key: string) => expected.grads[`${key}_l${k}`];
          check(
            `grads ${name} weight_ih_l${k}`,
            tf.transpose(g(w.kernel)).arraySync(),
            want('weight_ih'),
          );
          check(
            `grads ${name} weight_hh_l${k}`,
            tf.transpose(g(w.recurrentKernel)).arraySync(),
            want('weight_hh'),
          );
          // rnn / lstm: torch's two biases only appear as a sum, so both get our bias' gradient.
          const bih = g(w.bias).arraySync() as number[];
          const bhh = cell.kind === 'gru' ? (g(w.recurrentBias).arraySync() as number[]) : bih;
          check(`grads ${name} bias_ih_l${k}`, bih, want('bias_ih'));
          check(`grads ${name} bias_hh_l${k}`, bhh, want('bias_hh'));
        });
        const leaves = [x, ...(h0 ? [h0] : []), ...(c0 ? [c0] : [])];
        const dLeaves = tf.grads((...ts: tf.Tensor[]) =>
          loss(
            ts[0] as tf.Tensor3D,
            ts[1] as tf.Tensor3D | undefined,
            ts[2] as tf.Tensor3D | undefined,
          ),
        )(leaves);
        check(`grads ${name} x`, must(dLeaves[0]).arraySync(), expected.grads.x);
        if (h0) check(`grads ${name} h0`, must(dLeaves[1]).arraySync(), expected.grads.h0);
        if (c0) check(`grads ${name} c0`, must(dLeaves[2]).arraySync(), expected.grads.c0);
      });
      for (const cell of cells) cell.dispose();
    });
  }
});

describe('PyTorch import: parameter counts', () => {
  for (const name of ['rnn_tanh', 'lstm', 'gru']) {
    it(`${name}: per layer, as torch counts them (less the redundant bias for rnn and lstm)`, () => {
      const weights = parseTorchWeights(load(name, 'weights'));
      const cells = cellsFromTorch(weights, 'count/');
      cells.forEach((cell, k) => {
        const torchCount = Object.entries(weights.stateDict)
          .filter(([key]) => key.endsWith(`_l${k}`))
          .reduce((sum, [, v]) => sum + (v as unknown[]).flat().length, 0);
        // torch keeps b_ih and b_hh for every cell; only the GRU's are not a plain sum.
        const redundant = cell.kind === 'gru' ? 0 : cell.gateCount * cell.hidden;
        assert.equal(cell.paramCount(), torchCount - redundant);
      });
      for (const cell of cells) cell.dispose();
    });
  }
});

describe('PyTorch import: bias=False', () => {
  it('runs without bias keys, like zero biases', () => {
    const weights = load('gru', 'weights') as { stateDict: Record<string, unknown> };
    const input = load('gru', 'input');
    const zeroBias = structuredClone(weights);
    const noBias = {
      ...weights,
      bias: false,
      stateDict: Object.fromEntries(
        Object.entries(weights.stateDict).filter(([key]) => !key.startsWith('bias_')),
      ),
    };
    for (const key of Object.keys(weights.stateDict)) {
      if (key.startsWith('bias_')) {
        zeroBias.stateDict[key] = (weights.stateDict[key] as number[]).map(() => 0);
      }
    }
    const a = runTorchInspection(noBias, input);
    const b = runTorchInspection(zeroBias, input);
    assert.equal(maxAbsDiff(a.layers[1]?.h, b.layers[1]?.h), 0);
  });
});

describe('PyTorch import: clear errors', () => {
  const weights = () =>
    structuredClone(load('lstm', 'weights')) as Record<string, unknown> & {
      stateDict: Record<string, unknown>;
    };
  const input = () => structuredClone(load('lstm', 'input')) as Record<string, unknown>;

  const cases: [string, () => [unknown, unknown], RegExp][] = [
    [
      'a missing key',
      () => {
        const w = weights();
        delete w.stateDict.weight_hh_l1;
        return [w, input()];
      },
      /^weights: stateDict\.weight_hh_l1 is missing: expected a \[16, 4\] array \(4·hiddenSize × hiddenSize\)\.$/,
    ],
    [
      'a mis-shaped key',
      () => {
        const w = weights();
        w.stateDict.weight_ih_l1 = (w.stateDict.weight_ih_l0 as number[][]).map((r) => r.slice());
        return [w, input()];
      },
      /^weights: stateDict\.weight_ih_l1: expected shape \[16, 4\] \(4·hiddenSize × hiddenSize \(the layer below\)\), got \[16, 3\]\.$/,
    ],
    [
      'a ragged array',
      () => {
        const w = weights();
        (w.stateDict.weight_ih_l0 as number[][])[2] = [1, 2];
        return [w, input()];
      },
      /weights: stateDict\.weight_ih_l0\[2\] has shape \[2\], but .*\[0\] has \[3\]: arrays must be rectangular/,
    ],
    [
      'a string among the numbers',
      () => {
        const w = weights();
        (w.stateDict.bias_ih_l0 as unknown[])[0] = 'x';
        return [w, input()];
      },
      /weights: stateDict\.bias_ih_l0\[0\] must be a number or an array, got "x"/,
    ],
    [
      'an unknown cell',
      () => [{ ...weights(), cell: 'transformer' }, input()],
      /^weights: "cell" must be one of "rnn", "lstm", "gru", got "transformer"\.$/,
    ],
    [
      'not a torch file',
      () => [{ ...weights(), format: 'keras' }, input()],
      /^weights: "format" must be "torch", got "keras"\.$/,
    ],
    [
      'a bidirectional module',
      () => {
        const w = weights();
        w.stateDict.weight_ih_l0_reverse = w.stateDict.weight_ih_l0;
        return [w, input()];
      },
      /bidirectional modules are not supported/,
    ],
    [
      'a prefixed whole-model state dict',
      () => {
        const w = weights();
        w.stateDict['rnn.weight_ih_l0'] = w.stateDict.weight_ih_l0;
        return [w, input()];
      },
      /prefix: export the recurrent module's own state_dict\(\) \(keys like "weight_ih_l0"\)/,
    ],
    [
      'more layers than numLayers',
      () => [{ ...weights(), numLayers: 1 }, input()],
      /stateDict has "weight_ih_l1" but "numLayers" is 1/,
    ],
    [
      'an input of the wrong width',
      () => [weights(), { x: [[[1, 2]]] }],
      /^input: "x" must be \[batch\]\[time\]\[3\] \(batch first, inputSize 3\), got \[1, 1, 2\]\.$/,
    ],
    ['a missing x', () => [weights(), {}], /^input: "x" is missing/],
    [
      'h0 of the wrong shape',
      () => [weights(), { ...input(), h0: [[[0, 0, 0, 0]]] }],
      /^input: "h0" must be \[numLayers\]\[batch\]\[hiddenSize\] = \[2, 2, 4\], got \[1, 1, 4\]\.$/,
    ],
    [
      'c0 for a GRU',
      () => [load('gru', 'weights'), { ...input(), c0: [[[0]]] }],
      /^input: "c0" is an LSTM's cell state; this model is "gru"\.$/,
    ],
    [
      'nonlinearity for an LSTM',
      () => [{ ...weights(), nonlinearity: 'relu' }, input()],
      /"nonlinearity" applies to "rnn" only/,
    ],
  ];

  for (const [what, make, message] of cases) {
    it(what, () => {
      const [w, i] = make();
      const tensorsBefore = tf.memory().numTensors;
      assert.throws(
        () => runTorchInspection(w, i),
        (err: unknown) => {
          assert.ok(err instanceof TorchImportError, `a TorchImportError, got ${String(err)}`);
          assert.match(err.message, message);
          assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace in the message');
          return true;
        },
      );
      assert.equal(tf.memory().numTensors, tensorsBefore);
    });
  }
});

describe('largest differences from PyTorch', () => {
  it('reports', (t) => {
    for (const [what, d] of Object.entries(worst)) t.diagnostic(`${what}: ${d.toExponential(2)}`);
  });
});
