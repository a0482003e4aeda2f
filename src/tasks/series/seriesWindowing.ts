/** A resolved spec's windowing of real-valued sequences (`series`, `audio`). */
import type { ResolvedSpec } from '../../spec/resolveSpec';
import type { SeriesWindowing } from './seriesDataset';

export function seriesWindowing(spec: ResolvedSpec): SeriesWindowing {
  const window = spec.task.length[1];
  return {
    architecture: spec.model.architecture,
    window,
    stride: spec.task.stride ?? window,
    horizon: spec.task.horizon,
    forecastChannels: spec.task.forecastChannels ?? [],
    normalize: spec.task.normalize,
    samples: spec.task.samples,
    testSamples: spec.task.testSamples,
    ...(spec.task.testFiles ? { testFiles: spec.task.testFiles } : {}),
  };
}
