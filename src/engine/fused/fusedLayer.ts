/**
 * A recurrent layer as one differentiable op (`tf.customGrad`), built from fused kernels:
 *
 * forward, per step:  rec = h_{t-1}·W (+ b_h)   one matMul
 *                     h_t, c_t, gates = cell(…)  one fused cell kernel
 * backward, per step: dPre, carry = cell⁻¹(…)    one fused kernel (reads ∂loss/∂h_t of all steps)
 *                     dh_{t-1} part = dPre·Wᵀ    one matMul
 * then once: dW = [h_0 … h_{T-1}]ᵀ·[dPre_1 … dPre_T] (one matMul over all steps), and the input
 * side (dU, db, dx) by the ordinary gradient of the projection matMul outside this op.
 *
 * tf.layers records every small op of every step on the tape and replays each gradient, about
 * 139 kernels per LSTM step; this is 4. Capture and gradient probes come from the same kernels:
 * the gates are outputs the backward pass needs anyway, and ∂loss/∂h_t is the kernel's own dh.
 */
import * as tf from '@tensorflow/tfjs';
import { splitGates } from '../cells/baseCell';
import type { CellState, RecurrentCell, StepResult } from '../cells/recurrentCell';
import type { RnnActivation } from '../cells/rnnCell';
import { need } from './need';
import { CELL_BACKWARD, CELL_FORWARD, runCellKernel, type CellKernelAttrs } from './cellKernels';

export interface FusedLayerInput {
  cell: RecurrentCell;
  /** x_t·U + b for every step, time-major: [T, B, G·H]. */
  projected: tf.Tensor3D;
  initial: CellState;
  /** Hidden probes stacked [T', B, H] (T' ≤ T), added to h_t of the first T' steps. */
  probes?: tf.Tensor3D;
  capture: boolean;
}

export interface FusedLayerResult {
  /** h_t of every step, time-major [T, B, H]. */
  hs: tf.Tensor3D;
  final: CellState;
  steps?: StepResult[];
}

function activationOf(cell: RecurrentCell): RnnActivation {
  return (cell as { activation?: RnnActivation }).activation ?? 'tanh';
}

export function runFusedLayer(input: FusedLayerInput): FusedLayerResult {
  const { cell, projected, initial, probes } = input;
  const kind = cell.kind;
  const [T, B] = projected.shape;
  const H = cell.hidden;
  const lstm = kind === 'lstm';
  const gru = kind === 'gru';
  const probeSteps = probes?.shape[0] ?? 0;
  const attrs = (t: number): CellKernelAttrs => ({
    kind,
    activation: activationOf(cell),
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
  const args: tf.Tensor[] = [projected, W];
  const at = (t: tf.Tensor | undefined): number => (t ? args.push(t) - 1 : -1);
  const biasAt = at(recBias);
  const h0At = at(initial.h);
  const c0At = at(lstm ? initial.c : undefined);
  const probesAt = at(probes);

  const captured: StepResult[] = [];

  // The op's value is every state stacked: h_0 … h_T, then (LSTM) c_0 … c_T, [(T+1)·S, B, H]. The
  // backward kernel reads what it needs from that one saved tensor, so nothing is saved per step.
  const layer = tf.customGrad((...fArgs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = fArgs[fArgs.length - 1] as tf.GradSaveFunc;
    const t_ = fArgs as tf.Tensor[];
    const proj = need(t_[0], 'projected');
    const w = t_[1] as tf.Tensor2D;
    const bias = biasAt >= 0 ? (t_[biasAt] as tf.Tensor1D) : undefined;
    const h0 = t_[h0At] as tf.Tensor2D;
    const c0 = c0At >= 0 ? (t_[c0At] as tf.Tensor2D) : undefined;
    const probeStack = probesAt >= 0 ? t_[probesAt] : undefined;

    const hs: tf.Tensor2D[] = [h0];
    const cs: tf.Tensor2D[] = c0 ? [c0] : [];
    const gates: tf.Tensor2D[] = [];
    let h = h0;
    let c = c0;
    for (let t = 0; t < T; t++) {
      const rec = bias ? tf.fused.matMul({ a: h, b: w, bias }) : tf.matMul(h, w);
      const out = runCellKernel(
        CELL_FORWARD,
        { proj, rec, hPrev: h, cPrev: c, probe: t < probeSteps ? probeStack : undefined },
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
      if (input.capture) captured.push(keepStep(kind, h, c, out['gates']));
    }
    const states = tf.stack([...hs, ...cs]);
    const gateStack = ownGates ? tf.stack(gates) : undefined;
    save(gateStack ? [states, gateStack] : [states]);

    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] =>
      backward(dy, need(saved[0], 'states'), saved[1], w);
    return { value: states, gradFunc };
  });

  function backward(
    dy: tf.Tensor,
    states: tf.Tensor,
    gateStack: tf.Tensor | undefined,
    w: tf.Tensor2D,
  ): tf.Tensor[] {
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
      mm = tf.matMul(dPreRec, w, false, true);
    }
    const G = cell.gateCount * H;
    const dProj = tf.stack(dPreX) as tf.Tensor3D;
    const dPreHAll = gru ? tf.concat(dPreH, 0) : tf.reshape(dProj, [T * B, G]);
    // h_0 … h_{T-1}: the first T rows of the states, as [T·B, H].
    const hPrevAll = tf.reshape(tf.slice(states, [0, 0, 0], [T, B, H]), [T * B, H]);
    const dW = tf.matMul(hPrevAll, dPreHAll, true, false);
    const dH0 = gru ? tf.add(mm, need(carry, 'carry')) : mm;
    const grads: tf.Tensor[] = [dProj, dW];
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
  value.dispose();
  return { hs, final, ...(input.capture ? { steps: captured.map(adoptStep) } : {}) };
}

/**
 * A step's state and gates, kept out of the op's own tidy (the forward of a customGrad runs in
 * one). `adoptStep` moves them into the caller's scope afterwards. Captured values are for reading:
 * gradients do not flow back through them (the loss never depends on them).
 */
function keepStep(
  kind: RecurrentCell['kind'],
  h: tf.Tensor2D,
  c: tf.Tensor2D | undefined,
  packed: tf.Tensor2D | undefined,
): StepResult {
  const gates: StepResult['gates'] = {};
  if (packed && kind !== 'rnn') {
    const parts = splitGates(packed, 4);
    const names = kind === 'lstm' ? (['i', 'f', 'g', 'o'] as const) : (['r', 'z', 'n'] as const);
    names.forEach((name, k) => (gates[name] = tf.keep(need(parts[k], name).clone())));
  }
  return {
    state: { h: tf.keep(h.clone()), ...(c ? { c: tf.keep(c.clone()) } : {}) },
    gates,
  };
}

function adoptStep(kept: StepResult): StepResult {
  const adopt = (t: tf.Tensor2D): tf.Tensor2D => {
    const own = t.clone();
    t.dispose();
    return own;
  };
  const gates: StepResult['gates'] = {};
  for (const [name, g] of Object.entries(kept.gates)) gates[name as keyof typeof gates] = adopt(g);
  return {
    state: { h: adopt(kept.state.h), ...(kept.state.c ? { c: adopt(kept.state.c) } : {}) },
    gates,
  };
}
