/**
 * The fused cell step, element by element, for the backends whose tensors live in JS-visible
 * memory (tfjs `cpu`: JS arrays; `wasm`: views on the WASM heap). One pass over [batch, hidden]
 * does what the plain path runs as 10–20 separate kernels per step (adds, activations, products).
 * The WebGL programs in `webglCellPrograms.ts` compute the same formulas; the tests hold both to
 * the plain tfjs ops of the cells.
 *
 * Layouts (row-major, time-major):
 * - `proj`  [T, B, G·H]: x_t·U + b for every step (G = 1 rnn, 4 lstm, 3 gru), read at step t.
 * - `rec`   [B, G·H]: h_{t-1}·W; a GRU's kernel adds its recurrent bias b_h ([1, 3H]) itself.
 * - `gates` [B, 4·H] per step: lstm i, f, g, o; gru r, z, n and m_n = h_{t-1}·W_n + b_hn (its
 *   backward needs it); rnn: the activation when a probe was added (else h_t is the activation).
 * - backward: every step's states, gates and ∂loss/∂h stacked over time (`backwardOffsets`).
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion --
 * Hot loops over typed arrays whose lengths the kernels allocate from the same shapes: every index
 * is in bounds by construction, and `?? 0` would turn a layout bug into silently wrong numbers. */
import type { CellKind } from '../../spec/specSchema';
import type { CellActivation } from '../cells/recurrentCell';

export interface StepDims {
  kind: CellKind;
  activation: CellActivation;
  batch: number;
  hidden: number;
  /** The time step to read from `proj` / `dOut` / `probe`. */
  t: number;
}

export interface ForwardIn {
  proj: Float32Array;
  rec: Float32Array;
  hPrev: Float32Array;
  cPrev?: Float32Array;
  /** GRU: b_h, [1, 3H]. */
  recBias?: Float32Array;
  /** [T', B, H] zeros added to h_t (a gradient probe), or absent. */
  probe?: Float32Array;
}

export interface ForwardOut {
  h: Float32Array;
  /** LSTM. */
  c?: Float32Array;
  /** LSTM, GRU: [B, 4H]; RNN with a probe: the activation [B, H] (h without the probe). */
  gates?: Float32Array;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function cellForward(d: StepDims, i: ForwardIn, o: ForwardOut): void {
  const { batch: B, hidden: H, t } = d;
  const probe = i.probe;
  const probeAt = t * B * H;
  if (d.kind === 'lstm') {
    const G = 4 * H;
    const cPrev = i.cPrev!;
    const c = o.c!;
    const gates = o.gates!;
    for (let b = 0; b < B; b++) {
      const p = (t * B + b) * G;
      const r = b * G;
      for (let j = 0; j < H; j++) {
        const ig = sigmoid(i.proj[p + j]! + i.rec[r + j]!);
        const fg = sigmoid(i.proj[p + H + j]! + i.rec[r + H + j]!);
        const gg = Math.tanh(i.proj[p + 2 * H + j]! + i.rec[r + 2 * H + j]!);
        const og = sigmoid(i.proj[p + 3 * H + j]! + i.rec[r + 3 * H + j]!);
        const k = b * H + j;
        const ct = fg * cPrev[k]! + ig * gg;
        c[k] = ct;
        o.h[k] = og * Math.tanh(ct) + (probe ? probe[probeAt + k]! : 0);
        gates[r + j] = ig;
        gates[r + H + j] = fg;
        gates[r + 2 * H + j] = gg;
        gates[r + 3 * H + j] = og;
      }
    }
  } else if (d.kind === 'gru') {
    const G3 = 3 * H;
    const G4 = 4 * H;
    const gates = o.gates!;
    const bias = i.recBias!;
    for (let b = 0; b < B; b++) {
      const p = (t * B + b) * G3;
      const r3 = b * G3;
      const r4 = b * G4;
      for (let j = 0; j < H; j++) {
        const rg = sigmoid(i.proj[p + j]! + i.rec[r3 + j]! + bias[j]!);
        const zg = sigmoid(i.proj[p + H + j]! + i.rec[r3 + H + j]! + bias[H + j]!);
        const mn = i.rec[r3 + 2 * H + j]! + bias[2 * H + j]!;
        const ng = Math.tanh(i.proj[p + 2 * H + j]! + rg * mn);
        const k = b * H + j;
        o.h[k] = ng + zg * (i.hPrev[k]! - ng) + (probe ? probe[probeAt + k]! : 0);
        gates[r4 + j] = rg;
        gates[r4 + H + j] = zg;
        gates[r4 + 2 * H + j] = ng;
        gates[r4 + 3 * H + j] = mn;
      }
    }
  } else {
    const relu = d.activation === 'relu';
    for (let k = 0; k < B * H; k++) {
      const pre = i.proj[t * B * H + k]! + i.rec[k]!;
      const a = relu ? Math.max(pre, 0) : Math.tanh(pre);
      if (o.gates) o.gates[k] = a;
      o.h[k] = a + (probe ? probe[probeAt + k]! : 0);
    }
  }
}

/**
 * Where the backward kernel finds step t in the stacked tensors the forward pass saved:
 * `states` [(T+1)·S, B, H] holds h_0 … h_T and, for an LSTM (S = 2), c_0 … c_T after them;
 * `dOut` has the same layout (∂loss/∂ of each); `gates` [T, B, 4H] (an rnn's activations [T, B, H],
 * or none: then h_t itself is the activation, row t+1 of `states`).
 */
export function backwardOffsets(d: StepDims, steps: number, gateWidth: number) {
  const { batch: B, hidden: H, t } = d;
  const plane = B * H;
  return {
    h: (t + 1) * plane,
    hPrev: t * plane,
    c: (steps + 1 + t + 1) * plane,
    cPrev: (steps + 1 + t) * plane,
    gates: t * B * gateWidth,
  };
}

export interface BackwardIn {
  /** ∂loss/∂states, stacked like `states`. */
  dOut: Float32Array;
  /** dPreH_{t+1}·Wᵀ: the gradient reaching h_t through the next step's recurrent matMul. */
  mm: Float32Array;
  /** LSTM: ∂loss/∂c_t from step t+1 (f_{t+1}·dc_{t+1}); GRU: z_{t+1}·dh_{t+1}; RNN: unused. */
  carry?: Float32Array;
  states: Float32Array;
  /** Stacked gates; absent for an rnn without probes (its activation is h_t). */
  gates?: Float32Array;
}

export interface BackwardOut {
  /** ∂loss/∂(x_t·U + b): [B, G·H]. */
  dPreX: Float32Array;
  /** GRU: ∂loss/∂(h_{t-1}·W) [B, 3H] (its n block is scaled by r); others use dPreX. */
  dPreH?: Float32Array;
  /** LSTM, GRU: what step t-1 receives as `carry`. */
  carryOut?: Float32Array;
  /** ∂loss/∂h_t in full (the probe's gradient), when asked for. */
  dh?: Float32Array;
}

export function cellBackward(d: StepDims, steps: number, i: BackwardIn, o: BackwardOut): void {
  const { batch: B, hidden: H } = d;
  const S = i.states;
  if (d.kind === 'lstm') {
    const G = 4 * H;
    const at = backwardOffsets(d, steps, G);
    const gates = i.gates!;
    const carry = i.carry!;
    const carryOut = o.carryOut!;
    for (let b = 0; b < B; b++) {
      const r = b * G;
      const q = at.gates + r;
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        const dh = i.dOut[at.h + k]! + i.mm[k]!;
        if (o.dh) o.dh[k] = dh;
        const ig = gates[q + j]!;
        const fg = gates[q + H + j]!;
        const gg = gates[q + 2 * H + j]!;
        const og = gates[q + 3 * H + j]!;
        const tc = Math.tanh(S[at.c + k]!);
        const dc = carry[k]! + dh * og * (1 - tc * tc);
        carryOut[k] = dc * fg;
        o.dPreX[r + j] = dc * gg * ig * (1 - ig);
        o.dPreX[r + H + j] = dc * S[at.cPrev + k]! * fg * (1 - fg);
        o.dPreX[r + 2 * H + j] = dc * ig * (1 - gg * gg);
        o.dPreX[r + 3 * H + j] = dh * tc * og * (1 - og);
      }
    }
  } else if (d.kind === 'gru') {
    const G3 = 3 * H;
    const G4 = 4 * H;
    const at = backwardOffsets(d, steps, G4);
    const gates = i.gates!;
    const carry = i.carry!;
    const carryOut = o.carryOut!;
    const dPreH = o.dPreH!;
    for (let b = 0; b < B; b++) {
      const r3 = b * G3;
      const q = at.gates + b * G4;
      for (let j = 0; j < H; j++) {
        const k = b * H + j;
        const dh = i.dOut[at.h + k]! + i.mm[k]! + carry[k]!;
        if (o.dh) o.dh[k] = dh;
        const rg = gates[q + j]!;
        const zg = gates[q + H + j]!;
        const ng = gates[q + 2 * H + j]!;
        const mn = gates[q + 3 * H + j]!;
        carryOut[k] = dh * zg;
        const dn = dh * (1 - zg) * (1 - ng * ng);
        const dr = dn * mn * rg * (1 - rg);
        const dz = dh * (S[at.hPrev + k]! - ng) * zg * (1 - zg);
        o.dPreX[r3 + j] = dr;
        o.dPreX[r3 + H + j] = dz;
        o.dPreX[r3 + 2 * H + j] = dn;
        dPreH[r3 + j] = dr;
        dPreH[r3 + H + j] = dz;
        dPreH[r3 + 2 * H + j] = dn * rg;
      }
    }
  } else {
    const relu = d.activation === 'relu';
    const at = backwardOffsets(d, steps, H);
    // Without probes h_t is the activation itself.
    const acts = i.gates ?? S;
    const actAt = i.gates ? at.gates : at.h;
    for (let k = 0; k < B * H; k++) {
      const dh = i.dOut[at.h + k]! + i.mm[k]!;
      if (o.dh) o.dh[k] = dh;
      const a = acts[actAt + k]!;
      o.dPreX[k] = relu ? (a > 0 ? dh : 0) : dh * (1 - a * a);
    }
  }
}
