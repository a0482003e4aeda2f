/**
 * What the fused cell kernels take and give, shared by every backend's implementation: their
 * attributes, the names and order of their outputs, and the outputs' shapes.
 */
import type { CellKind } from '../../spec/specSchema';
import { CELL_FACTS } from '../cells/cellFacts';
import type { CellActivation } from '../cells/recurrentCell';

export interface CellKernelAttrs {
  kind: CellKind;
  activation: CellActivation;
  hidden: number;
  t: number;
  /** T, the sequence length (where the backward kernel finds c_t in the stacked states). */
  steps: number;
  /**
   * How many steps (the first ones) have a hidden probe: the forward kernel adds it to h_t, the
   * backward kernel returns ∂loss/∂h_t as `dh`. With any probe an rnn also keeps its activations.
   */
  probes: number;
}

/** Whether step t has a probe. */
export function stepHasProbe(a: Pick<CellKernelAttrs, 't' | 'probes'>): boolean {
  return a.t < a.probes;
}

/** Output names of the forward kernel, in order. */
export function forwardOutputs(a: Pick<CellKernelAttrs, 'kind' | 'probes'>): string[] {
  if (a.kind === 'lstm') return ['h', 'c', 'gates'];
  if (a.kind === 'gru') return ['h', 'gates'];
  return a.probes > 0 ? ['h', 'gates'] : ['h'];
}

/** Output names of the backward kernel, in order. */
export function backwardOutputs(a: Pick<CellKernelAttrs, 'kind' | 't' | 'probes'>): string[] {
  const base =
    a.kind === 'lstm'
      ? ['dPreX', 'carry']
      : a.kind === 'gru'
        ? ['dPreX', 'dPreH', 'carry']
        : ['dPreX'];
  return stepHasProbe(a) ? [...base, 'dh'] : base;
}

/** Shape of each output, from the batch and the attributes. */
export function outputShape(name: string, batch: number, a: CellKernelAttrs): number[] {
  const G = CELL_FACTS[a.kind].blocks;
  if (name === 'gates') return [batch, a.kind === 'rnn' ? a.hidden : 4 * a.hidden];
  if (name === 'dPreX' || name === 'dPreH') return [batch, G * a.hidden];
  return [batch, a.hidden];
}
