/**
 * Live numbers: a trained run's gate statistics as sentences for hovers and tooltips, and the
 * engine's gate letters as term ids.
 */
import type { CellKind } from '../spec/specSchema';
import type { Lang, TermId } from './termIds';

export type LstmGate = 'i' | 'f' | 'g' | 'o';
export type GruGate = 'r' | 'z' | 'n';
/** The letters the engine's cells use for their gates. */
export type GateLetter = LstmGate | GruGate;

/**
 * Activation statistics of one gate of one layer. Structurally the engine's `GateStat` (the
 * `gates` of an `epoch` event), so those objects can be passed as they are.
 */
export interface GateStats {
  /** The engine's layer label (`layer 1`, `encoder 2`, `decoder 1`) or a 1-based layer number. */
  readonly layer: string | number;
  /** Gate letter: i f g o (LSTM), r z n (GRU). Another letter is shown as it is. */
  readonly gate: string;
  /** Mean activation. */
  readonly mean: number;
  /** Fraction (0…1) of activations below 0.1. */
  readonly below01: number;
  /** Fraction (0…1) of activations above 0.9. */
  readonly above09: number;
}

const GATE_TERMS = {
  lstm: { i: 'input-gate', f: 'forget-gate', g: 'candidate', o: 'output-gate' },
  gru: { r: 'reset-gate', z: 'update-gate', n: 'gru-candidate' },
} as const satisfies {
  lstm: Record<LstmGate, TermId>;
  gru: Record<GruGate, TermId>;
};

/** The term of a gate letter of a cell kind; `undefined` for a letter the cell does not have. */
export function gateTerm(cell: 'lstm', gate: LstmGate): TermId;
export function gateTerm(cell: 'gru', gate: GruGate): TermId;
export function gateTerm(cell: CellKind, gate: string): TermId | undefined;
export function gateTerm(cell: CellKind, gate: string): TermId | undefined {
  if (cell === 'rnn') return undefined;
  const gates: Readonly<Record<string, TermId>> = GATE_TERMS[cell];
  return Object.hasOwn(gates, gate) ? gates[gate] : undefined;
}

/** LSTM and GRU letters do not overlap, so a letter alone names its gate. */
function termOfLetter(gate: string): TermId | undefined {
  return gateTerm('lstm', gate) ?? gateTerm('gru', gate);
}

const GATE_NAMES: { readonly [L in Lang]: Readonly<Record<GateLetter, string>> } = {
  en: {
    i: 'input gate',
    f: 'forget gate',
    g: 'candidate g',
    o: 'output gate',
    r: 'reset gate',
    z: 'update gate',
    n: 'candidate n',
  },
  ko: {
    i: '입력 게이트',
    f: '망각 게이트',
    g: '후보 값 g',
    o: '출력 게이트',
    r: '리셋 게이트',
    z: '업데이트 게이트',
    n: '후보 상태 n',
  },
};

function gateName(gate: string, lang: Lang): string {
  const names: Readonly<Record<string, string>> = GATE_NAMES[lang];
  if (Object.hasOwn(names, gate)) return names[gate] ?? gate;
  return lang === 'ko' ? `게이트 ${gate}` : `gate ${gate}`;
}

const LAYER_PARTS_KO: Readonly<Record<string, string>> = {
  layer: '',
  encoder: '인코더 ',
  decoder: '디코더 ',
};

/** `layer 1` / `encoder 2` / 3 → `layer 1` / `encoder 2` / `layer 3`, or `1층` / `인코더 2층` / `3층`. */
export function layerLabel(layer: string | number, lang: Lang): string {
  if (typeof layer === 'number') return lang === 'ko' ? `${layer}층` : `layer ${layer}`;
  const match = /^\s*(layer|encoder|decoder)\s*(\d+)\s*$/i.exec(layer);
  if (!match) return layer;
  const part = (match[1] ?? '').toLowerCase();
  const index = match[2] ?? '';
  return lang === 'ko' ? `${LAYER_PARTS_KO[part] ?? ''}${index}층` : `${part} ${index}`;
}

/** Two decimals, a real minus sign, and no `-0.00`. */
function formatMean(mean: number): string {
  if (!Number.isFinite(mean)) return '–';
  if (Math.abs(mean) < 0.005) return '0.00';
  return mean.toFixed(2).replace('-', '−');
}

/** A whole percentage that never rounds a few activations to 0 or most of them to 100. */
function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const f = Math.min(1, Math.max(0, fraction));
  const rounded = Math.round(f * 100);
  if (rounded === 0 && f > 0) return '<1';
  if (rounded === 100 && f < 1) return '>99';
  return String(rounded);
}

/**
 * One sentence about one gate of one layer, e.g.
 * `forget gate, layer 1: mean 0.81, 34 % of activations above 0.9, 2 % below 0.1` or
 * `망각 게이트, 1층: 평균 0.81, 활성값의 34%가 0.9 초과, 2%가 0.1 미만`. Plain text.
 */
export function formatGateStats(stats: GateStats, lang: Lang): string {
  const name = gateName(stats.gate, lang);
  const layer = layerLabel(stats.layer, lang);
  const mean = formatMean(stats.mean);
  const above = formatPercent(stats.above09);
  const below = formatPercent(stats.below01);
  return lang === 'ko'
    ? `${name}, ${layer}: 평균 ${mean}, 활성값의 ${above}%가 0.9 초과, ${below}%가 0.1 미만`
    : `${name}, ${layer}: mean ${mean}, ${above} % of activations above 0.9, ${below} % below 0.1`;
}

/**
 * The live lines for a hover on `term`: the sentences of the gates that term is about (every
 * layer), in the order given. `lstm`/`gru` take all of their gates, `saturation` every gate;
 * other terms get none.
 */
export function liveGateLines(stats: readonly GateStats[], term: TermId, lang: Lang): string[] {
  const wanted = (s: GateStats): boolean => {
    const gateOf = termOfLetter(s.gate);
    if (term === 'saturation') return gateOf !== undefined;
    if (term === 'lstm') return gateTerm('lstm', s.gate) !== undefined;
    if (term === 'gru') return gateTerm('gru', s.gate) !== undefined;
    return gateOf === term;
  };
  return stats.filter(wanted).map((s) => formatGateStats(s, lang));
}
