/** A sample as text, for logs, the CLI and the lab's sample list. */
import type { Dataset, RealSample, SymbolSample } from './dataset';
import { formatRealSequence } from './realSequence';
import { decodeSymbols } from './vocabulary';

export function describeSample(
  dataset: Dataset,
  sample: SymbolSample | RealSample,
): { input: string; target: string } {
  if (dataset.type === 'real') {
    const real = sample as RealSample;
    return { input: formatRealSequence(real.input), target: formatRealSequence(real.target) };
  }
  const symbols = sample as SymbolSample;
  return {
    input: decodeSymbols(dataset.inputVocab, symbols.input),
    target: decodeSymbols(dataset.outputVocab, symbols.target),
  };
}
