/**
 * Real-valued sequences as read from the user's files, before any split, normalisation or
 * windowing: what `series` files (CSV/JSONL) and `audio` folders (log-mel frames of WAV files)
 * both become. Plain JSON, so it travels to the lab page as part of `LoadedData`.
 */

export interface SeriesSequence {
  /** Where it came from, for messages and the sample list: `data.csv id=7`, `seven/a.wav`. */
  name: string;
  /** [step][channel], in the file's units. */
  values: number[][];
  /** The class of the whole sequence (many-to-one classification), when the task has labels. */
  label?: string;
}

export interface SeriesData {
  /** The channel names, one per column of `values`. */
  channels: string[];
  sequences: SeriesSequence[];
}
