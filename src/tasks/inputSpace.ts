/**
 * How many distinct inputs a task can produce. The test split needs distinct inputs that training
 * never sees; when the space is small (parity of length 4 has 16 strings) a large `testSamples`
 * cannot be met, and this is where that is found and explained, before any generator runs.
 */
import type { PathProblem } from '../spec/problems';
import type { ResolvedSpec } from '../spec/resolveSpec';
import type { LoadedData } from './loadedData';
import { countWithoutMotif, DNA, motifLengthRange } from './motifTask';
import { additionDigitRange, vocabSymbols } from './symbolTasks';
import { countDistinctWindows, sourceText, textTooShort } from './textTask';
import { splitSymbols } from './vocabulary';

function sumOverLengths([min, max]: readonly [number, number], count: (length: number) => number) {
  let total = 0;
  for (let length = min; length <= max; length++) total += count(length);
  return total;
}

/** Balanced classes: each class can only offer its own distinct sequences. */
function motifSpace(spec: ResolvedSpec, range: [number, number]): number {
  return sumOverLengths(range, (length) => {
    const all = DNA.length ** length;
    if (!Number.isFinite(all)) return Infinity;
    const absent = countWithoutMotif(spec.task.motif, length);
    return 2 * Math.min(absent, all - absent);
  });
}

/**
 * Distinct inputs of the task, or undefined where the question does not apply (real values,
 * user examples, missing data). Counting stops once it reaches `enough` where counting is work.
 */
export function taskInputSpace(
  spec: ResolvedSpec,
  data: LoadedData | undefined,
  enough: number,
): { distinct: number; howToGrow: string } | undefined {
  const task = spec.task;
  switch (task.kind) {
    case 'copy':
    case 'reverse':
    case 'sort': {
      const symbols = vocabSymbols(spec).length;
      return {
        distinct: sumOverLengths(task.length, (length) => symbols ** length),
        howToGrow: 'make task.length longer or task.vocab larger',
      };
    }
    case 'addition': {
      const operands = sumOverLengths(additionDigitRange(spec), (d) =>
        d === 1 ? 10 : 9 * 10 ** (d - 1),
      );
      return {
        distinct: operands * operands,
        howToGrow: 'raise task.digits or the upper end of task.length (digits per operand)',
      };
    }
    case 'parity':
      return {
        distinct: sumOverLengths(task.length, (length) => 2 ** length),
        howToGrow: 'make task.length longer',
      };
    case 'delayed-recall':
      return {
        distinct: vocabSymbols(spec).length ** (1 + task.lag),
        howToGrow: 'raise task.lag or use more symbols in task.vocab',
      };
    case 'motif': {
      const range = motifLengthRange(spec);
      if (range === undefined) return undefined;
      return { distinct: motifSpace(spec, range), howToGrow: 'make task.length longer' };
    }
    case 'text': {
      const text = sourceText(spec, data);
      if (text === undefined || textTooShort(splitSymbols(text).length, spec)) return undefined;
      return {
        distinct: countDistinctWindows(text, spec, enough),
        howToGrow: 'use a longer, more varied text',
      };
    }
    case 'sine':
    case 'adding':
    case 'examples':
    case 'series':
    case 'audio':
      return undefined;
  }
}

/**
 * Half of the distinct inputs at most go to the test split, so that training keeps inputs of its
 * own and drawing them stays quick. With `task.distinct`, training and test inputs together must
 * fit in the distinct inputs.
 */
export function inputSpaceProblems(
  spec: ResolvedSpec,
  data: LoadedData | undefined,
): PathProblem[] {
  const { testSamples, samples, distinct: drawOnce } = spec.task;
  const needed = 2 * testSamples;
  const space = taskInputSpace(spec, data, Math.max(needed, drawOnce ? samples + testSamples : 0));
  if (space === undefined) return [];
  const distinct = space.distinct;
  if (distinct < needed) {
    const fix =
      distinct >= 2
        ? `lower task.testSamples to at most ${Math.floor(distinct / 2)}, or ${space.howToGrow}`
        : space.howToGrow;
    return [
      {
        path: 'task.testSamples',
        message:
          `only ${distinct} distinct input${distinct === 1 ? '' : 's'} exist for task "${spec.task.kind}" with these settings; ` +
          `${testSamples} test samples need at least ${needed}, since half of them must stay for training: ${fix}`,
      },
    ];
  }
  if (drawOnce && distinct < samples + testSamples) {
    return [
      {
        path: 'task.samples',
        message:
          `only ${distinct} distinct inputs exist for task "${spec.task.kind}" with these settings, and "distinct" draws each once: ` +
          `${samples} training and ${testSamples} test samples need ${samples + testSamples}; ` +
          `lower task.samples to at most ${distinct - testSamples}, set task.distinct to false, or ${space.howToGrow}`,
      },
    ];
  }
  return [];
}
