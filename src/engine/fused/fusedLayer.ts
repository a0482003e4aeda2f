/**
 * A recurrent layer as one differentiable op (`tf.customGrad`), built from fused kernels:
 *
 * once:               proj = x·U + b for all steps   one matMul
 * forward, per step:  rec = h_{t-1}·W               one matMul
 *                     h_t, c_t, gates = cell(…)     one fused cell kernel (a GRU adds b_h there)
 * backward, per step: dPre, carry = cell⁻¹(…)       one fused kernel (reads ∂loss/∂h_t of all steps)
 *                     dh_{t-1} part = dPre·Wᵀ       one matMul
 * then once: dW = [h_0 … h_{T-1}]ᵀ·[dPre_1 … dPre_T], dU = xᵀ·dPre, dx = dPre·Uᵀ, db = Σ dPre.
 *
 * tf.layers records every small op of every step on the tape and replays each gradient, about
 * 100 kernels per LSTM step of a training step; this is 4. Capture and gradient probes come from
 * the same kernels: the gates are outputs the backward pass needs anyway, and ∂loss/∂h_t is the
 * backward kernel's own dh. Design and measurements: docs/fused-kernels.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { CellState, RecurrentCell, StepResult } from '../cells/recurrentCell';
import { CELL_FACTS } from '../cells/cellFacts';
import { avoidsTransposes, layerMatMul } from './layerMatMul';
import { need } from './need';
import { cutsBefore } from '../truncatedBackprop';
import { CELL_BACKWARD, CELL_FORWARD, runCellKernel, type CellKernelAttrs } from './cellKernels';

export interface FusedLayerInput {
  cell: RecurrentCell;
  /** The input sequence, time-major: [T, B, inputSize]. */
  x: tf.Tensor3D;
  initial: CellState;
  /** Hidden probes stacked [T', B, H] (T' ≤ T), added to h_t of the first T' steps. */
  probes?: tf.Tensor3D;
  capture: boolean;
  /** Truncated backpropagation: the carried state's gradient is cut as `cutsBefore` says. */
  tbptt?: number;
}

export interface FusedLayerResult {
  /** h_t of every step, time-major [T, B, H]. */
  hs: tf.Tensor3D;
  final: CellState;
  steps?: StepResult[];
}

export function runFusedLayer(input: FusedLayerInput): FusedLayerResult {
  const { cell, initial, probes } = input;
  const kind = cell.kind;
  const [T, B, I] = input.x.shape;
  const H = cell.hidden;
  const lstm = kind === 'lstm';
  const gru = kind === 'gru';
  const probeSteps = probes?.shape[0] ?? 0;
  const attrs = (t: number): CellKernelAttrs => ({
    kind,
    activation: cell.activation,
    hidden: H,
    t,
    steps: T,
    probes: probeSteps,
  });
  const W = cell.weights.recurrentKernel;
  const recBias = gru ? cell.weights.recurrentBias : undefined;
  if (gru && !recBias) throw new Error(`${cell.name}: a GRU needs a recurrentBias.`);
  if (lstm && !initial.c) throw new Error(`${cell.name}: an LSTM needs the cell state c.`);
  // An rnn's activation is h_t itself unless a probe was added to h_t.
  const ownGates = kind !== 'rnn' || probeSteps > 0;

  // customGrad takes a flat list of tensors; these are the positions of the optional ones.
  const { kernel: U, bias: inputBias } = cell.weights;
  const G = cell.gateCount * H;
  const args: tf.Tensor[] = [tf.reshape(input.x, [T * B, I]), U, inputBias, W];
  const at = (t: tf.Tensor | undefined): number => (t ? args.push(t) - 1 : -1);
  const biasAt = at(recBias);
  const h0At = at(initial.h);
  const c0At = at(lstm ? initial.c : undefined);
  const probesAt = at(probes);

  // With capture: the stacked gates, kept out of the op's own tidy (its forward runs in one).
  let keptGates: tf.Tensor | undefined;

  // The op's value is every state stacked: h_0 … h_T, then (LSTM) c_0 … c_T, [(T+1)·S, B, H]. The
  // backward kernel reads what it needs from that one saved tensor, so nothing is saved per step.
  const layer = tf.customGrad((...fArgs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = fArgs[fArgs.length - 1] as tf.GradSaveFunc;
    const t_ = fArgs as tf.Tensor[];
    const xRows = t_[0] as tf.Tensor2D;
    const u = t_[1] as tf.Tensor2D;
    const w = t_[3] as tf.Tensor2D;
    // x_t·U + b for every step in one matMul.
    const proj = tf.reshape(layerMatMul(xRows, u, { bias: t_[2] as tf.Tensor1D }), [T, B, G]);
    // A GRU's b_h goes into its cell kernel ([1, 3H]: 2-D for WebGL's packed reads), not into a
    // fused matMul: tfjs' fused matMul is several kernels (reshapes, an op scope) per call.
    const bh = biasAt >= 0 ? tf.reshape(need(t_[biasAt], 'b_h'), [1, G]) : undefined;
    const h0 = t_[h0At] as tf.Tensor2D;
    const c0 = c0At >= 0 ? (t_[c0At] as tf.Tensor2D) : undefined;
    const probeStack = probesAt >= 0 ? t_[probesAt] : undefined;

    const hs: tf.Tensor2D[] = [h0];
    const cs: tf.Tensor2D[] = c0 ? [c0] : [];
    const gates: tf.Tensor2D[] = [];
    let h = h0;
    let c = c0;
    for (let t = 0; t < T; t++) {
      const rec = layerMatMul(h, w);
      const out = runCellKernel(
        CELL_FORWARD,
        {
          proj,
          rec,
          hPrev: h,
          cPrev: c,
          recBias: bh,
          probe: t < probeSteps ? probeStack : undefined,
        },
        attrs(t),
      );
      rec.dispose();
      h = need(out['h'], 'h');
      hs.push(h);
      if (out['c']) {
        c = out['c'];
        cs.push(c);
      }
      if (out['gates']) gates.push(out['gates']);
    }
    const states = tf.stack([...hs, ...cs]);
    const gateStack = ownGates ? tf.stack(gates) : undefined;
    if (input.capture && gateStack && kind !== 'rnn') keptGates = tf.keep(gateStack.clone());
    save(gateStack ? [xRows, states, gateStack] : [xRows, states]);

    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] =>
      backward(dy, {
        xRows: need(saved[0], 'x') as tf.Tensor2D,
        states: need(saved[1], 'states'),
        gateStack: saved[2],
        u,
        w,
      });
    return { value: states, gradFunc };
  });

  interface Saved {
    xRows: tf.Tensor2D;
    states: tf.Tensor;
    gateStack: tf.Tensor | undefined;
    u: tf.Tensor2D;
    w: tf.Tensor2D;
  }

  function backward(dy: tf.Tensor, saved: Saved): tf.Tensor[] {
    const { states, gateStack, w } = saved;
    // Wᵀ once for all steps where a transposed operand is slow (WASM).
    const wT = avoidsTransposes() ? tf.transpose(w) : undefined;
    // Rows 0 (h_0) and T+1 (c_0) of the value are never read outside: their dy is zero.
    let mm: tf.Tensor2D = tf.zeros([B, H]);
    let carry: tf.Tensor2D | undefined = lstm
      ? tf.reshape(tf.slice(dy, [2 * T + 1, 0, 0], [1, B, H]), [B, H])
      : gru
        ? tf.zeros([B, H])
        : undefined;
    const dPreX: tf.Tensor2D[] = new Array<tf.Tensor2D>(T);
    const dPreH: tf.Tensor2D[] = new Array<tf.Tensor2D>(T);
    const dh: tf.Tensor2D[] = new Array<tf.Tensor2D>(probeSteps);
    for (let t = T - 1; t >= 0; t--) {
      const out = runCellKernel(
        CELL_BACKWARD,
        { dOut: dy, mm, carry, states, gates: gateStack },
        attrs(t),
      );
      mm.dispose();
      carry?.dispose();
      const dPre = need(out['dPreX'], 'dPreX');
      const dPreRec = out['dPreH'] ?? dPre;
      dPreX[t] = dPre;
      dPreH[t] = dPreRec;
      carry = out['carry'];
      if (out['dh']) dh[t] = out['dh'];
      if (cutsBefore(T, input.tbptt, t)) {
        // A truncation point: nothing flows on into h_{t-1} (or c_{t-1}) from step t.
        mm = tf.zeros([B, H]);
        if (carry) {
          carry.dispose();
          carry = tf.zeros([B, H]);
        }
        continue;
      }
      mm = wT ? layerMatMul(dPreRec, wT) : layerMatMul(dPreRec, w, { transposeB: true });
    }
    // Every step's gradient in one [T·B, G] block: the weight gradients are one matMul each.
    const dProj = tf.concat(dPreX, 0);
    const dPreHAll = gru ? tf.concat(dPreH, 0) : dProj;
    // h_0 … h_{T-1}: the first T rows of the states, as [T·B, H].
    const hPrevAll = tf.reshape<tf.Rank.R2>(tf.slice(states, [0, 0, 0], [T, B, H]), [T * B, H]);
    const dW = layerMatMul(hPrevAll, dPreHAll, { transposeA: true });
    const dH0 = gru ? tf.add(mm, need(carry, 'carry')) : mm;
    const grads: tf.Tensor[] = [
      layerMatMul(dProj, saved.u, { transposeB: true }),
      layerMatMul(saved.xRows, dProj, { transposeA: true }),
      tf.sum(dProj, 0),
      dW,
    ];
    if (biasAt >= 0) grads[biasAt] = tf.sum(dPreHAll, 0);
    grads[h0At] = dH0;
    if (c0At >= 0) grads[c0At] = need(carry, 'carry');
    if (probesAt >= 0) grads[probesAt] = tf.stack(dh);
    return grads;
  }

  const value = layer(...args);
  const row = (r: number) => tf.reshape<tf.Rank.R2>(tf.slice(value, [r, 0, 0], [1, B, H]), [B, H]);
  const hs = tf.slice(value, [1, 0, 0], [T, B, H]) as tf.Tensor3D;
  const final: CellState = { h: row(T), ...(lstm ? { c: row(2 * T + 1) } : {}) };
  const steps = input.capture ? capturedSteps(kind, value, keptGates, T) : undefined;
  keptGates?.dispose();
  value.dispose();
  return { hs, final, ...(steps ? { steps } : {}) };
}

/**
 * Every step's state and gates from the stacked tensors. Captured values are for reading:
 * gradients do not flow back through them to the gates (the loss never depends on them).
 *
 * On WebGL the rows are cut on the GPU (a readback would stall the pipeline). Where tensors live in
 * JS-visible memory (cpu, wasm) reading the two stacks once and making each step's tensors from
 * that copy is far cheaper: tfjs-wasm's Unpack slices row by row at about 1 ms a row.
 */
function capturedSteps(
  kind: RecurrentCell['kind'],
  states: tf.Tensor,
  gateStack: tf.Tensor | undefined,
  T: number,
): StepResult[] {
  const [, B, H] = states.shape as [number, number, number];
  const { rows, gateRows } =
    tf.getBackend() === 'webgl'
      ? cutOnDevice(states, gateStack, T, B, H)
      : cutFromCopy(states, gateStack, T, B, H);
  const names = CELL_FACTS[kind].gates;
  const steps: StepResult[] = [];
  for (let t = 0; t < T; t++) {
    const gates: StepResult['gates'] = {};
    if (gateStack) names.forEach((name, k) => (gates[name] = need(gateRows[t * 4 + k], name)));
    const c = kind === 'lstm' ? rows[T + 2 + t] : undefined;
    steps.push({ state: { h: need(rows[t + 1], 'h'), ...(c ? { c } : {}) }, gates });
  }
  // What no step holds (h_0, c_0, a GRU's m_n) goes now.
  const held = new Set(steps.flatMap((s) => [s.state.h, s.state.c, ...Object.values(s.gates)]));
  tf.dispose([...rows, ...gateRows].filter((t) => !held.has(t)));
  return steps;
}

interface Cut {
  /** Every [B, H] row of the states stack. */
  rows: tf.Tensor2D[];
  /** Per step, per gate block (4 per step): [B, H]. */
  gateRows: tf.Tensor2D[];
}

function cutOnDevice(
  states: tf.Tensor,
  gateStack: tf.Tensor | undefined,
  T: number,
  B: number,
  H: number,
): Cut {
  return {
    rows: tf.unstack(states) as tf.Tensor2D[],
    // [T, B, 4H] → [T, 4, B, H]: each gate of each step one contiguous block.
    gateRows: gateStack
      ? (tf.unstack(
          tf.reshape(tf.transpose(tf.reshape(gateStack, [T, B, 4, H]), [0, 2, 1, 3]), [
            T * 4,
            B,
            H,
          ]),
        ) as tf.Tensor2D[])
      : [],
  };
}

function cutFromCopy(
  states: tf.Tensor,
  gateStack: tf.Tensor | undefined,
  T: number,
  B: number,
  H: number,
): Cut {
  const plane = B * H;
  const s = states.dataSync() as Float32Array;
  const rows = Array.from({ length: s.length / plane }, (_, r) =>
    tf.tensor2d(s.slice(r * plane, (r + 1) * plane), [B, H]),
  );
  const gateRows: tf.Tensor2D[] = [];
  if (gateStack) {
    const g = gateStack.dataSync() as Float32Array;
    const width = 4 * H;
    for (let t = 0; t < T; t++) {
      for (let q = 0; q < 4; q++) {
        const block = new Float32Array(plane);
        for (let b = 0; b < B; b++) {
          const from = (t * B + b) * width + q * H;
          block.set(g.subarray(from, from + H), b * H);
        }
        gateRows.push(tf.tensor2d(block, [B, H]));
      }
    }
  }
  return { rows, gateRows };
}
