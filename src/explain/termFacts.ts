/**
 * What a term is in symbols, the same in every language: its equation and its related terms.
 *
 * Equations are plain Unicode text (σ, ⊙, ·, −, subscripts as `_t` and `_{t−1}`), no LaTeX, one
 * relation per line, meant for a monospaced block. They follow the engine's conventions: U are
 * input weights, W recurrent weights, b biases; LSTM gates i, f, g, o; GRU in PyTorch's convention
 * r, z, n with b_hn inside r ⊙ (…) and h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.
 */
import type { TermId } from './termIds';

export interface TermFacts {
  /** Plain Unicode math, one relation per line (no Markdown, no backticks). */
  readonly equation: string;
  /** Terms worth reading next; every id exists (checked by the tests). */
  readonly related: readonly TermId[];
}

const lines = (...rows: string[]): string => rows.join('\n');

const LSTM_GATES = lines(
  'i_t = σ(U_i·x_t + W_i·h_{t−1} + b_i)',
  'f_t = σ(U_f·x_t + W_f·h_{t−1} + b_f)',
  'g_t = tanh(U_g·x_t + W_g·h_{t−1} + b_g)',
  'o_t = σ(U_o·x_t + W_o·h_{t−1} + b_o)',
);
const LSTM_CELL = 'c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t';
const LSTM_OUT = 'h_t = o_t ⊙ tanh(c_t)';

const GRU_R = 'r_t = σ(U_r·x_t + b_ir + W_r·h_{t−1} + b_hr)';
const GRU_Z = 'z_t = σ(U_z·x_t + b_iz + W_z·h_{t−1} + b_hz)';
const GRU_N = 'n_t = tanh(U_n·x_t + b_in + r_t ⊙ (W_n·h_{t−1} + b_hn))';
const GRU_H = 'h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}';

const RNN_STEP = 'h_t = tanh(U·x_t + W·h_{t−1} + b),   t = 1…T';
const GLOBAL_NORM = '‖g‖ = √(Σ_i ‖g_i‖²)';

export const TERM_FACTS: { readonly [K in TermId]: TermFacts } = {
  rnn: {
    equation: RNN_STEP,
    related: ['hidden-state', 'weight-sharing', 'vanishing-gradient', 'lstm', 'gru'],
  },
  lstm: {
    equation: lines(LSTM_GATES, LSTM_CELL, LSTM_OUT),
    related: ['cell-state', 'forget-gate', 'input-gate', 'output-gate', 'candidate', 'gru'],
  },
  gru: {
    equation: lines(GRU_R, GRU_Z, GRU_N, GRU_H),
    related: ['update-gate', 'reset-gate', 'gru-candidate', 'lstm'],
  },
  'hidden-state': {
    equation: lines('h_t = cell(x_t, h_{t−1}),   h_0 = 0', 'h_t ∈ ℝ^H,   H = model.hidden'),
    related: ['cell-state', 'hidden', 'bptt', 'context-vector'],
  },
  'cell-state': {
    equation: lines(LSTM_CELL, LSTM_OUT, '∂c_t/∂c_{t−1} ≈ diag(f_t)'),
    related: ['forget-gate', 'input-gate', 'output-gate', 'lstm', 'vanishing-gradient'],
  },
  'input-gate': {
    equation: lines('i_t = σ(U_i·x_t + W_i·h_{t−1} + b_i)', LSTM_CELL),
    related: ['candidate', 'forget-gate', 'cell-state', 'saturation'],
  },
  'forget-gate': {
    equation: lines('f_t = σ(U_f·x_t + W_f·h_{t−1} + b_f)', LSTM_CELL),
    related: ['cell-state', 'input-gate', 'vanishing-gradient', 'saturation'],
  },
  'output-gate': {
    equation: lines('o_t = σ(U_o·x_t + W_o·h_{t−1} + b_o)', LSTM_OUT),
    related: ['hidden-state', 'cell-state', 'saturation'],
  },
  candidate: {
    equation: lines('g_t = tanh(U_g·x_t + W_g·h_{t−1} + b_g)', LSTM_CELL),
    related: ['input-gate', 'cell-state', 'gru-candidate', 'saturation'],
  },
  'update-gate': {
    equation: lines(GRU_Z, GRU_H),
    related: ['gru-candidate', 'reset-gate', 'forget-gate', 'saturation'],
  },
  'reset-gate': {
    equation: lines(GRU_R, GRU_N),
    related: ['gru-candidate', 'update-gate', 'gru'],
  },
  'gru-candidate': {
    equation: lines(GRU_N, GRU_H),
    related: ['update-gate', 'reset-gate', 'candidate'],
  },
  'weight-sharing': {
    equation: lines(
      RNN_STEP,
      'U_t = U,   W_t = W,   b_t = b   ∀t',
      'params = H·(D + H + 1),   D = dim(x_t)',
    ),
    related: ['rnn', 'bptt', 'hidden'],
  },
  bptt: {
    equation: lines('W_1 = W_2 = … = W_T = W', '∂L/∂W = Σ_t ∂L/∂W_t'),
    related: ['weight-sharing', 'vanishing-gradient', 'exploding-gradient', 'gradient-norm'],
  },
  'truncated-bptt': {
    equation: lines(
      'k = train.tbptt',
      '∂L/∂h_t = 0   for t ≤ T − k   (many-to-one)',
      'h_{t−1} → h_t: value passed on, gradient cut where (T − t + 1) mod k = 0',
    ),
    related: ['bptt', 'long-term-dependency', 'vanishing-gradient', 'gradient-norm'],
  },
  'vanishing-gradient': {
    equation: lines(
      '∂L/∂h_k = ∂L/∂h_T · Π_{t=k+1…T} ∂h_t/∂h_{t−1}',
      '∂h_t/∂h_{t−1} = diag(1 − h_t²)·W',
      '‖∂h_t/∂h_{t−1}‖ ≤ γ < 1  ⇒  ‖∂L/∂h_k‖ ~ γ^(T−k) → 0',
    ),
    related: ['exploding-gradient', 'long-term-dependency', 'forget-gate', 'gradient-norm', 'bptt'],
  },
  'exploding-gradient': {
    equation: lines(
      '‖∂h_t/∂h_{t−1}‖ ≥ γ > 1  ⇒  ‖∂L/∂h_k‖ ~ γ^(T−k) → ∞',
      'g ← g · min(1, clipNorm / ‖g‖)',
    ),
    related: ['clip-norm', 'vanishing-gradient', 'gradient-norm', 'learning-rate'],
  },
  'long-term-dependency': {
    equation: lines('∂ŷ_T/∂x_k ≠ 0,   T − k ≫ 1', 'delayed-recall: ŷ = x_1,   T − 1 ≥ lag'),
    related: ['vanishing-gradient', 'lstm', 'gru', 'attention'],
  },
  'gradient-norm': {
    equation: lines('‖∂L/∂h_t‖ = √(Σ_u (∂L/∂h_{t,u})²)', GLOBAL_NORM),
    related: ['vanishing-gradient', 'exploding-gradient', 'clip-norm', 'bptt'],
  },
  saturation: {
    equation: lines(
      'σ′(a) = σ(a)·(1 − σ(a)) ≤ 0.25',
      'σ(a) = 0.9  ⇒  σ′(a) = 0.09',
      'tanh′(a) = 1 − tanh²(a)',
    ),
    related: ['forget-gate', 'input-gate', 'update-gate', 'vanishing-gradient'],
  },
  seq2seq: {
    equation: lines(
      'h_j = enc(e(x_j), h_{j−1}),   j = 1…S',
      's_0 = h_S',
      's_t = dec(e(y_{t−1}), s_{t−1}),   y_0 = <s>',
      'ŷ_t = softmax(head(s_t))',
    ),
    related: ['encoder', 'decoder', 'context-vector', 'attention', 'teacher-forcing'],
  },
  encoder: {
    equation: lines('h_j = enc(e(x_j), h_{j−1}),   j = 1…S', 'context = h_S'),
    related: ['decoder', 'context-vector', 'seq2seq', 'attention'],
  },
  decoder: {
    equation: lines(
      's_0 = context',
      's_t = dec(e(y_{t−1}), s_{t−1}),   y_0 = <s>',
      'ŷ_t = softmax(head(s_t))',
    ),
    related: ['encoder', 'teacher-forcing', 'attention', 'seq2seq'],
  },
  'context-vector': {
    equation: lines('context = h_S ∈ ℝ^H   (LSTM: h_S, c_S)', 's_0 = context'),
    related: ['bottleneck', 'encoder', 'decoder', 'attention'],
  },
  bottleneck: {
    equation: lines('∀S: context ∈ ℝ^H', 'a_t = Σ_j α_tj·h_j'),
    related: ['context-vector', 'attention', 'long-term-dependency'],
  },
  attention: {
    equation: lines(
      'e_tj = score(s_t, h_j)',
      'α_tj = exp(e_tj) / Σ_k exp(e_tk)',
      'a_t = Σ_j α_tj·h_j',
      'ŷ_t = softmax(head([s_t; a_t]))',
    ),
    related: ['additive-attention', 'dot-attention', 'bottleneck', 'context-vector'],
  },
  'additive-attention': {
    equation: lines('score(s_t, h_j) = vᵀ·tanh(W_q·s_t + W_k·h_j)', 'params = 2·H² + H'),
    related: ['attention', 'dot-attention'],
  },
  'dot-attention': {
    equation: lines('score(s_t, h_j) = s_t · h_j', 'params = 0'),
    related: ['attention', 'additive-attention'],
  },
  'teacher-forcing': {
    equation: lines(
      'P(input_t = y_{t−1}) = p',
      'P(input_t = ŷ_{t−1}) = 1 − p',
      'p = train.teacherForcing',
    ),
    related: ['decoder', 'seq2seq'],
  },
  'clip-norm': {
    equation: lines(GLOBAL_NORM, 'g_i ← g_i · min(1, clipNorm / ‖g‖)'),
    related: ['exploding-gradient', 'gradient-norm', 'learning-rate'],
  },
  embedding: {
    equation: lines('e(x_t) = E[x_t],   E ∈ ℝ^(V×d)', 'd = model.embedding   (0: one-hot)'),
    related: ['hidden', 'seq2seq'],
  },
  'many-to-one': {
    equation: 'ŷ = head(h_T)',
    related: ['many-to-many', 'seq2seq', 'vanishing-gradient'],
  },
  'many-to-many': {
    equation: 'ŷ_t = head(h_t),   t = 1…T',
    related: ['many-to-one', 'seq2seq'],
  },
  hidden: {
    equation: lines(
      'h_t ∈ ℝ^H,   H = model.hidden,   D = dim(x_t)',
      'RNN:  H·(D + H + 1)',
      'LSTM: 4·H·(D + H + 1)',
      'GRU:  3·H·(D + H + 2)',
    ),
    related: ['hidden-state', 'layers', 'weight-sharing', 'context-vector'],
  },
  layers: {
    equation: lines(
      'h_t^(1) = cell_1(x_t, h_{t−1}^(1))',
      'h_t^(l) = cell_l(h_t^(l−1), h_{t−1}^(l)),   l = 2…model.layers',
    ),
    related: ['hidden', 'hidden-state', 'gradient-norm'],
  },
  'learning-rate': {
    equation: lines('θ ← θ − η·∇_θ L   (sgd)', 'η = train.learningRate'),
    related: ['clip-norm', 'exploding-gradient'],
  },
};
