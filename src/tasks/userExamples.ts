/**
 * examples: the user's own input/target pairs. Tokens are characters; for many-to-one the whole
 * target is one class label. The split is a seeded shuffle of the distinct inputs, so pairs that
 * share an input always land on the same side.
 */
import type { PathProblem } from '../spec/problems';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { Architecture } from '../spec/taskKinds';
import type { SymbolDataset } from './dataset';
import type { Example, LoadedData } from './loadedData';
import type { SeededRandom } from './seededRandom';
import { symbolDatasetFromPairs, type SymbolPair } from './symbolDataset';
import { vocabSymbols } from './symbolTasks';
import { quoteSymbols, sortedSymbols, splitSymbols } from './vocabulary';

/** Inline `task.examples` first, else the pairs loaded from `task.file`. */
export function exampleList(
  spec: ResolvedSpec,
  data: LoadedData | undefined,
): Example[] | undefined {
  return spec.task.examples ?? data?.examples;
}

/** `task.vocab` when given (resolved to '' when not), else every input character, sorted. */
export function exampleInputSymbols(spec: ResolvedSpec, examples: readonly Example[]): string[] {
  if (spec.task.vocab !== '') return vocabSymbols(spec);
  return sortedSymbols(examples.flatMap((e) => splitSymbols(e.input)));
}

export function exampleOutputSymbols(
  architecture: Architecture,
  examples: readonly Example[],
): string[] {
  if (architecture === 'many-to-one') return sortedSymbols(examples.map((e) => e.target));
  return sortedSymbols(examples.flatMap((e) => splitSymbols(e.target)));
}

export function distinctExampleInputs(examples: readonly Example[]): number {
  return new Set(examples.map((e) => e.input)).size;
}

/**
 * The test split takes at most a fifth of the distinct inputs: with little data, training needs
 * most of it, and `task.testSamples` (200 by default) would otherwise swallow a small file.
 */
export function exampleTestCount(distinctInputs: number, testSamples: number): number {
  return Math.min(testSamples, Math.floor(distinctInputs * 0.2));
}

/** Where an example came from, for messages: an inline path, or the file and its line. */
export type ExampleOrigin = (index: number) => { path: string; label: string; field: boolean };

/** Inline examples: problems point at `task.examples[i].input` / `.target`. */
export const inlineOrigin: ExampleOrigin = (index) => ({
  path: `task.examples[${index}]`,
  label: '',
  field: true,
});

/** Examples from a file: problems point at `task.file`, the message names the line. */
export function fileOrigin(file: string, lines: readonly number[]): ExampleOrigin {
  return (index) => ({
    path: 'task.file',
    label: `${file} line ${lines[index] ?? index + 1}: `,
    field: false,
  });
}

/** More than this many bad examples are summed up in one last problem. */
export const MAX_REPORTED_ROWS = 100;

/**
 * Problems that need the examples themselves: empty inputs, symbols outside `task.vocab`,
 * per-step targets whose length differs from the input, empty class labels.
 */
export function checkExamples(
  spec: ResolvedSpec,
  examples: readonly Example[],
  origin: ExampleOrigin,
): PathProblem[] {
  const problems: PathProblem[] = [];
  const architecture = spec.model.architecture;
  const vocab = spec.task.vocab === '' ? undefined : new Set(vocabSymbols(spec));
  let skipped = 0;
  examples.forEach((example, index) => {
    const where = origin(index);
    const report = (field: 'input' | 'target', message: string) => {
      if (problems.length >= MAX_REPORTED_ROWS) {
        skipped++;
        return;
      }
      const path = where.field ? `${where.path}.${field}` : where.path;
      problems.push({ path, message: `${where.label}${message}` });
    };
    const input = splitSymbols(example.input);
    if (input.length === 0)
      report('input', 'the input is empty; every input needs at least one symbol');
    if (vocab) {
      const unknown = [...new Set(input.filter((s) => !vocab.has(s)))];
      if (unknown.length > 0) {
        report('input', `the input uses symbols not in task.vocab: ${quoteSymbols(unknown)}`);
      }
    }
    const targetLength = splitSymbols(example.target).length;
    if (architecture === 'many-to-many' && targetLength !== input.length) {
      report(
        'target',
        `many-to-many needs one target symbol per input symbol: the input has ${input.length}, the target ${targetLength}`,
      );
    }
    if (architecture === 'many-to-one' && targetLength === 0) {
      report('target', 'the target (a class label for many-to-one) is empty');
    }
  });
  if (skipped > 0) {
    problems.push({
      path: origin(0).path,
      message: `... and ${skipped} more problems in the examples`,
    });
  }
  return problems;
}

function toPair(example: Example, architecture: Architecture): SymbolPair {
  return {
    input: splitSymbols(example.input),
    target: architecture === 'many-to-one' ? [example.target] : splitSymbols(example.target),
  };
}

/**
 * Every example is used once: the test split gets the examples of the first shuffled distinct
 * inputs, training gets the rest (`task.samples` does not apply to user data).
 */
export function buildExamplesDataset(
  spec: ResolvedSpec,
  examples: readonly Example[],
  random: SeededRandom,
): SymbolDataset {
  const architecture = spec.model.architecture;
  const origin: ExampleOrigin = spec.task.examples
    ? inlineOrigin
    : (index) => ({ path: 'task.file', label: `example ${index + 1}: `, field: false });
  const first = checkExamples(spec, examples, origin)[0];
  if (first) throw new Error(`${first.path}: ${first.message}`);
  if (examples.length === 0) throw new Error('task "examples" has no examples');

  const byInput = new Map<string, Example[]>();
  for (const example of examples) {
    const group = byInput.get(example.input);
    if (group) group.push(example);
    else byInput.set(example.input, [example]);
  }
  const inputs = random.shuffled([...byInput.keys()]);
  const testCount = exampleTestCount(inputs.length, spec.task.testSamples);
  const pairsOf = (keys: string[]) =>
    keys.flatMap((key) => (byInput.get(key) ?? []).map((e) => toPair(e, architecture)));
  return symbolDatasetFromPairs(
    architecture,
    {
      input: exampleInputSymbols(spec, examples),
      output: exampleOutputSymbols(architecture, examples),
    },
    { train: pairsOf(inputs.slice(testCount)), test: pairsOf(inputs.slice(0, testCount)) },
  );
}
