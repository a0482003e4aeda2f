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
  /**
   * Values: many-to-many [T][outputs] (what follows every step), many-to-one [1][outputs].
   * Classes (`RealDataset.classes`): [[class index]].
   */
  target: number[][];
  /** Where the window came from (`data.csv id=7 steps 1–64`), for the lab's sample list. */
  source?: string;
}

/** Per-channel z-scores measured on the training split; every new input is scaled the same way. */
export interface ChannelNormalization {
  mean: number[];
  std: number[];
}

/**
 * Real-valued inputs of `features` channels per step. The output side is one of: values of
 * `outputs` per step (`features` when absent: `sine` forecasts its own channel), or one class of
 * `classes` per sequence.
 */
export interface RealDataset extends RealOutputs {
  type: 'real';
  architecture: Architecture;
  features: number;
  train: RealSample[];
  test: RealSample[];
  maxInputLength: number;
}

/** What a real-valued dataset says beyond its sizes; kept in a run's `dataset.json`. */
export interface RealOutputs {
  /** Values per target row when it differs from `features`. */
  outputs?: number;
  /** Classification: the class names (a many-to-one vocabulary). */
  classes?: Vocabulary;
  /** The input channels' names, when the data named them. */
  channels?: string[];
  normalization?: ChannelNormalization;
  /** Forecasting: a target row holds `horizon` steps of these channels, step by step. */
  forecast?: { channels: string[]; horizon: number };
}

export type Dataset = SymbolDataset | RealDataset;
