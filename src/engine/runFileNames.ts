/**
 * The files of a run folder (docs/run-folder.md). A module of its own, free of TensorFlow.js, so
 * the extension host can name run files without loading the engine.
 */
export const RUN_FILES = {
  spec: 'spec.json',
  dataset: 'dataset.json',
  metrics: 'metrics.jsonl',
  weightsManifest: 'weights.json',
  /** The data file of run folders of earlier versions; now `weights-<hash>.bin` (checkpointFormat.ts). */
  weightsData: 'weights.bin',
} as const;
