/**
 * What a task produces: samples the engine can batch. Plain, JSON-serialisable data, so a dataset
 * (or its vocabularies) can travel to a webview or into a run folder unchanged.
 */
import type { Architecture } from '../spec/taskKinds';

/**
 * Token ids index `tokens`. Special tokens come first, each only where the architecture needs it:
 * `<pad>` for batching, `<s>`/`</s>` for a Seq2Seq decoder. Symbols follow in a fixed order.
 */
export interface Vocabulary {
  tokens: string[];
  /** Index of `<pad>`, when present. */
  pad?: number;
  /** Index of `<s>` (decoder start), Seq2Seq targets only. */
  start?: number;
  /** Index of `</s>` (decoder end), Seq2Seq targets only. */
  end?: number;
}

export const PAD = '<pad>';
export const START = '<s>';
export const END = '</s>';

export interface SymbolSample {
  /** Input token ids (in `inputVocab`), no special tokens. */
  input: number[];
  /**
   * Target token ids (in `outputVocab`), no special tokens:
   * many-to-one: one class id; many-to-many: one id per input step; seq2seq: the output sequence
   * (the engine adds `<s>`/`</s>`).
   */
  target: number[];
}

export interface SymbolDataset {
  type: 'symbols';
  architecture: Architecture;
  inputVocab: Vocabulary;
  outputVocab: Vocabulary;
  train: SymbolSample[];
  test: SymbolSample[];
  /** Longest input and target over both splits. */
  maxInputLength: number;
  maxTargetLength: number;
}

export interface RealSample {
  /** [T][features] */
  input: number[][];
  /** many-to-many: [T][features] (the next value at every step); many-to-one: [1][features]. */
  target: number[][];
}

export interface RealDataset {
  type: 'real';
  architecture: Architecture;
  features: number;
  train: RealSample[];
  test: RealSample[];
  maxInputLength: number;
}

export type Dataset = SymbolDataset | RealDataset;
