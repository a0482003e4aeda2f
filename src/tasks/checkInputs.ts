/**
 * Checks for `inspect.inputs`: the sequences the lab opens its step inspector on must be
 * sequences the trained model can read.
 */
import type { PathProblem } from '../spec/problems';
import type { RealDataset, SymbolDataset } from './dataset';
import { parseRealSequence } from './realSequence';
import { encodeSymbols, quoteSymbols, symbolIndex } from './vocabulary';

/** A whole dataset, or only what the check reads (the lab may hold just the vocabulary). */
export type InputSide =
  Pick<SymbolDataset, 'type' | 'inputVocab'> | Pick<RealDataset, 'type' | 'features'>;

export function checkInputs(dataset: InputSide, inputs: readonly string[]): PathProblem[] {
  const problems: PathProblem[] = [];
  inputs.forEach((input, index) => {
    const path = `inspect.inputs[${index}]`;
    if (dataset.type === 'real') {
      const parsed = parseRealSequence(input);
      if (!Array.isArray(parsed)) {
        const what =
          parsed.invalid.length > 0 ? `not numbers: ${quoteSymbols(parsed.invalid)}` : 'empty';
        problems.push({
          path,
          message: `${what}; write the values separated by commas or spaces, e.g. "0.1, 0.5, 0.9"`,
        });
      } else if (parsed.length % dataset.features !== 0) {
        problems.push({
          path,
          message:
            `${parsed.length} numbers do not make whole steps of ${dataset.features} channels; ` +
            `write ${dataset.features} values per step, step after step`,
        });
      }
      return;
    }
    if (input.length === 0) {
      problems.push({ path, message: 'the input is empty; give at least one symbol' });
      return;
    }
    const encoded = encodeSymbols(dataset.inputVocab, input);
    if (!Array.isArray(encoded)) {
      const known = [...symbolIndex(dataset.inputVocab).keys()];
      problems.push({
        path,
        message:
          `uses symbols the model does not know: ${quoteSymbols(encoded.unknown)}; ` +
          `the task's symbols are ${quoteSymbols(known)}`,
      });
    }
  });
  return problems;
}
