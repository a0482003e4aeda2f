/**
 * Turns a symbolic task (a way to draw one input/target pair of symbols) into a `SymbolDataset`:
 * vocabularies for the architecture, disjoint splits, token ids.
 */
import type { Architecture } from '../spec/taskKinds';
import type { SymbolDataset, SymbolSample } from './dataset';
import { drawDisjointSplits } from './disjointSplits';
import { encodeSymbolList, inputVocabulary, outputVocabulary, symbolIndex } from './vocabulary';
import type { Vocabulary } from './dataset';

/** One input/target pair as symbols (single code points; class labels for many-to-one). */
export interface SymbolPair {
  input: string[];
  target: string[];
}

export interface SymbolTask {
  inputSymbols: readonly string[];
  /** Symbols of the targets; for many-to-one, the class labels. */
  outputSymbols: readonly string[];
  draw(): SymbolPair;
}

/** Inputs are sequences of single code points, so joining them names an input exactly. */
export function inputKey(pair: SymbolPair): string {
  return pair.input.join('');
}

export function encodePair(
  pair: SymbolPair,
  vocabs: { input: Vocabulary; output: Vocabulary },
  indices: { input: Map<string, number>; output: Map<string, number> },
): SymbolSample {
  const input = encodeSymbolList(vocabs.input, pair.input, indices.input);
  const target = encodeSymbolList(vocabs.output, pair.target, indices.output);
  // Generators only draw from their own symbol sets; this fires only on a bug.
  if (!Array.isArray(input) || !Array.isArray(target)) {
    throw new Error(`internal: sample ${JSON.stringify(pair)} has symbols outside its vocabulary`);
  }
  return { input, target };
}

/** Assembles a dataset from pairs already split into train and test. */
export function symbolDatasetFromPairs(
  architecture: Architecture,
  symbols: { input: readonly string[]; output: readonly string[] },
  splits: { train: SymbolPair[]; test: SymbolPair[] },
): SymbolDataset {
  const vocabs = {
    input: inputVocabulary(symbols.input),
    output: outputVocabulary(architecture, symbols.output),
  };
  const indices = { input: symbolIndex(vocabs.input), output: symbolIndex(vocabs.output) };
  const train = splits.train.map((pair) => encodePair(pair, vocabs, indices));
  const test = splits.test.map((pair) => encodePair(pair, vocabs, indices));
  let maxInputLength = 0;
  let maxTargetLength = 0;
  for (const sample of [...train, ...test]) {
    maxInputLength = Math.max(maxInputLength, sample.input.length);
    maxTargetLength = Math.max(maxTargetLength, sample.target.length);
  }
  return {
    type: 'symbols',
    architecture,
    inputVocab: vocabs.input,
    outputVocab: vocabs.output,
    train,
    test,
    maxInputLength,
    maxTargetLength,
  };
}

/**
 * Draws `samples` training and `testSamples` test pairs that share no input (`distinct`: no
 * training input twice either); the test pairs from `testTask` when given (the same task at
 * other lengths).
 */
export function buildSymbolDataset(
  task: SymbolTask,
  architecture: Architecture,
  counts: { train: number; test: number; distinct?: boolean },
  testTask?: SymbolTask,
): SymbolDataset {
  const splits = drawDisjointSplits(
    () => task.draw(),
    inputKey,
    counts,
    testTask && (() => testTask.draw()),
  );
  return symbolDatasetFromPairs(
    architecture,
    { input: task.inputSymbols, output: task.outputSymbols },
    splits,
  );
}
