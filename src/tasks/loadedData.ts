/**
 * What a task's data file holds once read: the types the data loader, the task generators and
 * the protocol share. A file of its own so that none of them imports another for a type.
 */
import type { SeriesData } from './series/seriesData';

/** One input/target pair of the `examples` task (inline in the spec or from a data file). */
export interface Example {
  input: string;
  target: string;
}

/** What `task.file` held. Inline `task.text` / `task.examples` stay in the spec. */
export interface LoadedData {
  text?: string;
  examples?: Example[];
  /** `series` and `audio`: the real-valued sequences, before split and normalisation. */
  series?: SeriesData;
}
