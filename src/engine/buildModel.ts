/**
 * Building a model without blocking the event loop. The seeded orthogonal recurrent kernels are
 * most of the cost of a big model (one hidden×hidden Gram-Schmidt per gate: about 1.6 s at hidden
 * 1024, 34 s for a 4×1024 LSTM), and `createModel` computes them in one synchronous stretch, during
 * which a Ctrl-C, a SIGTERM or a Stop button cannot get in. Here they are computed one gate block
 * at a time with a yield between blocks (same numbers: the same streams, in the same order), with
 * progress; an abort stops between blocks.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { Dataset } from '../tasks/dataset';
import { CELL_FACTS } from './cells/cellFacts';
import { weightStream } from './cells/createCell';
import { gateOrthogonalSteps, seededRng } from './cells/seededInit';
import { datasetMeta, type DatasetMeta } from './datasetMeta';
import { createModel, layerKeys, stacksOf, type SeqModel } from './seqModel';
import { yieldToEventLoop } from './yieldToEventLoop';

export interface BuildProgress {
  /** Gate blocks computed, of `total`. */
  done: number;
  total: number;
}

export interface BuildOptions {
  signal?: AbortSignal;
  onProgress?: (progress: BuildProgress) => void;
}

/** Thrown when the signal aborted the build; nothing is left allocated. */
export class BuildAbortedError extends Error {
  constructor() {
    super('the model was not built: stopped');
    this.name = 'BuildAbortedError';
  }
}

/** `createModel`, yielding to the event loop between gate blocks; rejects with `BuildAbortedError`. */
export async function buildModel(
  spec: ResolvedSpec,
  dataset: Dataset | DatasetMeta,
  options: BuildOptions = {},
): Promise<SeqModel> {
  const meta = datasetMeta(dataset);
  const { cell, hidden, layers } = spec.model;
  const gates = CELL_FACTS[cell].blocks;
  const keys = stacksOf(meta.architecture).flatMap((part) => layerKeys(part, layers));
  const total = keys.length * gates;
  const prepared = new Map<string, Float32Array>();
  let done = 0;
  const check = () => {
    if (options.signal?.aborted) throw new BuildAbortedError();
  };
  options.onProgress?.({ done, total });
  for (const key of keys) {
    const rng = seededRng(spec.train.seed, weightStream(key, cell, 'recurrentKernel'));
    const steps = gateOrthogonalSteps(hidden, gates, rng);
    for (;;) {
      await yieldToEventLoop();
      check();
      const next = steps.next();
      done++;
      options.onProgress?.({ done, total });
      if (next.done) {
        prepared.set(key, next.value);
        break;
      }
    }
  }
  await yieldToEventLoop();
  check();
  return createModel(spec, meta, prepared);
}
