/**
 * What each cell kind is, in one table: its gates in weight order, the activation of each, how
 * many hidden-sized blocks its kernels hold and which states it carries. The cells, the fused
 * kernels, the weight converters, the capture and the gate statistics read these facts from here
 * instead of restating them.
 */
import type { CellKind } from '../../spec/specSchema';

/** Gate letters as the cells name them: LSTM i f g o, GRU r z n. */
export type GateName = 'i' | 'f' | 'g' | 'o' | 'r' | 'z' | 'n';

/** A state carried from one step to the next: h_t, and for an LSTM the cell state c_t. */
export type StateName = 'h' | 'c';

export interface CellFacts {
  /** Gates in weight order (the order of the blocks in `kernel`); `rnn` has none. */
  readonly gates: readonly GateName[];
  /**
   * Hidden-sized blocks in `kernel`, `recurrentKernel` and `bias`: one per gate, or one for the
   * plain RNN's single pre-activation.
   */
  readonly blocks: number;
  /** Each gate's activation: sigmoid gates open and shut (0…1), tanh candidates are signed. */
  readonly activations: Readonly<Partial<Record<GateName, 'sigmoid' | 'tanh'>>>;
  /** The states carried between steps, each [batch, hidden]. */
  readonly states: readonly StateName[];
  /** GRU only: b_hn sits inside r ⊙ (h·W_n + b_hn), so it is a weight of its own. */
  readonly recurrentBias: boolean;
}

export const CELL_FACTS: Readonly<Record<CellKind, CellFacts>> = {
  rnn: { gates: [], blocks: 1, activations: {}, states: ['h'], recurrentBias: false },
  lstm: {
    gates: ['i', 'f', 'g', 'o'],
    blocks: 4,
    activations: { i: 'sigmoid', f: 'sigmoid', g: 'tanh', o: 'sigmoid' },
    states: ['h', 'c'],
    recurrentBias: false,
  },
  gru: {
    gates: ['r', 'z', 'n'],
    blocks: 3,
    activations: { r: 'sigmoid', z: 'sigmoid', n: 'tanh' },
    states: ['h'],
    recurrentBias: true,
  },
};

/** Every gate letter of every cell, in the cells' order (LSTM's, then GRU's). */
export const ALL_GATES: readonly GateName[] = [
  ...new Set(Object.values(CELL_FACTS).flatMap((facts) => facts.gates)),
];

/** Whether a gate is a sigmoid (open/shut means something for it) in whichever cell has it. */
export function isSigmoidGate(gate: string): boolean {
  return Object.values(CELL_FACTS).some(
    (facts) => facts.activations[gate as GateName] === 'sigmoid',
  );
}
