/** A sample as text, for logs, the CLI and the lab's sample list. */
import type {
  ChannelNormalization,
  Dataset,
  RealDataset,
  RealSample,
  SymbolSample,
} from './dataset';
import { formatRealSequence } from './realSequence';
import { decodeSymbols } from './vocabulary';

export function describeSample(
  dataset: Dataset,
  sample: SymbolSample | RealSample,
): { input: string; target: string } {
  if (dataset.type === 'real') {
    const real = sample as RealSample;
    // In the data's units: what a person reads and what the inspector takes back as input.
    const input = formatRealSequence(unscaleRows(real.input, dataset.normalization));
    if (dataset.classes) {
      const label = dataset.classes.tokens[real.target[0]?.[0] ?? -1] ?? '?';
      return { input, target: label };
    }
    return { input, target: formatRealSequence(unscaleTargets(dataset, real.target)) };
  }
  const symbols = sample as SymbolSample;
  return {
    input: decodeSymbols(dataset.inputVocab, symbols.input),
    target: decodeSymbols(dataset.outputVocab, symbols.target),
  };
}

function unscaleRows(
  rows: readonly (readonly number[])[],
  norm: ChannelNormalization | undefined,
): number[][] {
  if (!norm) return rows.map((r) => [...r]);
  return rows.map((r) => r.map((v, c) => v * (norm.std[c] ?? 1) + (norm.mean[c] ?? 0)));
}

/** Forecast targets hold `horizon` steps of the forecast channels: unscale each by its channel. */
function unscaleTargets(dataset: RealDataset, rows: readonly (readonly number[])[]): number[][] {
  const norm = dataset.normalization;
  const forecast = dataset.forecast;
  if (!norm || !forecast) return unscaleRows(rows, norm);
  const channels = forecast.channels.map((c) => dataset.channels?.indexOf(c) ?? -1);
  return rows.map((r) =>
    r.map((v, k) => {
      const c = channels[k % Math.max(channels.length, 1)] ?? -1;
      return c < 0 ? v : v * (norm.std[c] ?? 1) + (norm.mean[c] ?? 0);
    }),
  );
}
