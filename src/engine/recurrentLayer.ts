/**
 * Runs a cell over a sequence. By default through the fused kernels (`fused/fusedLayer.ts`: one
 * op, four kernels per step forward and backward); with `setFusedKernels(false)`, or where a backend
 * has no fused kernels, the plain path: one input projection for all steps, then the cell's own
 * `step` per time step. Training, capture and the gradient probes only see its inputs and results,
 * so the two paths are interchangeable (the tests hold them to each other).
 */
import * as tf from '@tensorflow/tfjs';
import type { CellState, RecurrentCell, StepResult } from './cells/recurrentCell';
import { cellKernelsAvailable } from './fused/cellKernels';
import { runFusedLayer } from './fused/fusedLayer';
import { fusedKernelsEnabled } from './fused/fusedSwitch';
import { cutsBefore, stopGradient } from './truncatedBackprop';

export interface RunLayerOptions {
  /** State before the first step (h, and c for an LSTM). Default: zeros. Not disposed. */
  initial?: CellState;
  /**
   * Keep every step's state and gates in `steps`. The captured tensors belong to the caller:
   * dispose them (`disposeSteps`) or run inside a `tf.tidy`.
   */
  capture?: boolean;
  /**
   * Zeros [batch, hidden], one per time step (or fewer: the first steps only). Probe t is added to
   * h_t right after step t, before h_t feeds step t+1 and the outputs, so ∂loss/∂probe_t is exactly
   * ∂loss/∂h_t: the per-step gradient that shows vanishing or exploding gradients. Zeros leave
   * the forward values unchanged. Differentiate with `tf.grads` / `tf.engine().gradients`.
   */
  hiddenProbes?: readonly tf.Tensor2D[];
  /**
   * Truncated backpropagation through time: the gradient of the carried state is cut every
   * `tbptt` steps counted back from the last (`truncatedBackprop.ts`). Forward values unchanged.
   */
  tbptt?: number;
}

export interface LayerResult {
  /** h_t for every step: [batch, time, hidden]. */
  outputs: tf.Tensor3D;
  /** The state after the last step (h equals the last row of `outputs`). */
  final: CellState;
  /** With `capture`: every step's state and gates; steps[t].state.h includes probe t. */
  steps?: StepResult[];
}

export function runLayer(
  cell: RecurrentCell,
  x: tf.Tensor3D,
  options: RunLayerOptions = {},
): LayerResult {
  const [batch, time, features] = x.shape;
  if (features !== cell.inputSize) {
    throw new Error(
      `${cell.name}: input has ${features} features, the cell expects ${cell.inputSize}.`,
    );
  }
  if (time < 1) throw new Error(`${cell.name}: a sequence needs at least one step.`);
  const probes = options.hiddenProbes ?? [];
  if (probes.length > time) {
    throw new Error(`${cell.name}: ${probes.length} hidden probes for ${time} steps.`);
  }
  for (const p of probes) {
    if (p.shape[0] !== batch || p.shape[1] !== cell.hidden) {
      throw new Error(
        `${cell.name}: a hidden probe must be [${batch}, ${cell.hidden}], got [${p.shape.join(', ')}].`,
      );
    }
  }
  const capture = options.capture ?? false;

  if (fusedKernelsEnabled() && cellKernelsAvailable(cell.hidden)) {
    return runLayerFused(cell, x, probes, options.initial, capture, options.tbptt);
  }

  const result = tf.tidy(() => {
    // Time-major: the projection is row-wise, so it works on [time, batch, features] as well, and
    // then each step's slice is contiguous (a view on the CPU backend, not a strided copy).
    const projected = cell.projectInputs(tf.transpose(x, [1, 0, 2]));
    // One step: a reshape, not unstack. tfjs 4.22's gradient of a one-output Unpack hands `stack`
    // a lone tensor instead of a list and throws (a decoder step is a one-step layer).
    const perStep =
      time === 1
        ? [tf.reshape<tf.Rank.R2>(projected, [batch, cell.gateCount * cell.hidden])]
        : (tf.unstack(projected) as tf.Tensor2D[]);
    let state = options.initial ?? cell.zeroState(batch);
    const hs: tf.Tensor2D[] = [];
    const steps: StepResult[] = [];
    for (const [t, input] of perStep.entries()) {
      const previous = cutsBefore(time, options.tbptt, t) ? detached(state) : state;
      // A tidy per step frees the gates early when they are not captured (the gradient tape keeps
      // its own copies of what backprop needs).
      const out = tf.tidy(() => {
        const r = cell.step(input, previous);
        const probe = probes[t];
        const h = probe ? tf.add<tf.Tensor2D>(r.state.h, probe) : r.state.h;
        const s: StepResult = { state: { ...r.state, h }, gates: capture ? r.gates : {} };
        return s as unknown as tf.TensorContainer;
      }) as unknown as StepResult;
      state = out.state;
      hs.push(out.state.h);
      if (capture) steps.push(out);
    }
    // Stacked time-major, then one transpose: `tf.stack(hs, 1)` would cost the same forward, but
    // its gradient slices along axis 1, a strided copy the CPU backend does element by element
    // (about 3x slower for a many-to-many loss).
    const outputs = tf.transpose(tf.stack(hs), [1, 0, 2]) as tf.Tensor3D;
    // With capture, `final` would alias the last step's tensors; clones (shared data, own handles)
    // let the caller dispose `steps` and keep `final`, or the other way round.
    const final: CellState = capture
      ? { h: state.h.clone(), ...(state.c ? { c: state.c.clone() } : {}) }
      : state;
    const layer: LayerResult = { outputs, final, ...(capture ? { steps } : {}) };
    return layer as unknown as tf.TensorContainer;
  });
  return result as unknown as LayerResult;
}

/** The state with the same values and no gradient back (a truncation point). */
function detached(state: CellState): CellState {
  return { h: stopGradient(state.h), ...(state.c ? { c: stopGradient(state.c) } : {}) };
}

/** The same layer through the fused kernels (`fused/fusedLayer.ts`): 4 kernels per step. */
function runLayerFused(
  cell: RecurrentCell,
  x: tf.Tensor3D,
  probes: readonly tf.Tensor2D[],
  initial: CellState | undefined,
  capture: boolean,
  tbptt: number | undefined,
): LayerResult {
  const result = tf.tidy(() => {
    const run = runFusedLayer({
      ...(tbptt !== undefined ? { tbptt } : {}),
      cell,
      x: tf.transpose(x, [1, 0, 2]),
      initial: initial ?? cell.zeroState(x.shape[0]),
      ...(probes.length > 0 ? { probes: tf.stack([...probes]) as tf.Tensor3D } : {}),
      capture,
    });
    const outputs = tf.transpose(run.hs, [1, 0, 2]) as tf.Tensor3D;
    const layer: LayerResult = {
      outputs,
      final: run.final,
      ...(run.steps ? { steps: run.steps } : {}),
    };
    return layer as unknown as tf.TensorContainer;
  });
  return result as unknown as LayerResult;
}

export interface RunStackOptions {
  /** Per layer: the state before its first step. Default: zeros. */
  initial?: readonly (CellState | undefined)[];
  /** Keep every step's state and gates of every layer. */
  capture?: boolean;
  /** Per layer: hidden probes as in `RunLayerOptions.hiddenProbes`. */
  hiddenProbes?: readonly (readonly tf.Tensor2D[] | undefined)[];
  /** Truncated backpropagation, the same cuts in every layer (`RunLayerOptions.tbptt`). */
  tbptt?: number;
}

export interface StackResult {
  /** The top layer's h_t for every step: [batch, time, hidden]. */
  outputs: tf.Tensor3D;
  /** Every layer's result, bottom first (`layers[last].outputs` is `outputs`). */
  layers: LayerResult[];
}

/** Stacked layers: layer k+1 reads layer k's hidden states as its input sequence. */
export function runStack(
  cells: readonly RecurrentCell[],
  x: tf.Tensor3D,
  options: RunStackOptions = {},
): StackResult {
  if (cells.length === 0) throw new Error('runStack needs at least one cell.');
  const layers: LayerResult[] = [];
  let input = x;
  cells.forEach((cell, k) => {
    const initial = options.initial?.[k];
    const hiddenProbes = options.hiddenProbes?.[k];
    const layer = runLayer(cell, input, {
      ...(initial ? { initial } : {}),
      ...(hiddenProbes ? { hiddenProbes } : {}),
      ...(options.tbptt !== undefined ? { tbptt: options.tbptt } : {}),
      capture: options.capture ?? false,
    });
    layers.push(layer);
    input = layer.outputs;
  });
  return { outputs: input, layers };
}

/** Zeros [batch, hidden] for every step: probes to pass as `hiddenProbes`. */
export function makeHiddenProbes(batch: number, hidden: number, time: number): tf.Tensor2D[] {
  return Array.from({ length: time }, () => tf.zeros<tf.Rank.R2>([batch, hidden]));
}

/** Frees the tensors of captured steps. */
export function disposeSteps(steps: readonly StepResult[] | undefined): void {
  for (const s of steps ?? []) {
    tf.dispose([s.state.h, ...(s.state.c ? [s.state.c] : []), ...Object.values(s.gates)]);
  }
}
