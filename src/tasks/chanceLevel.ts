/**
 * What a model scores without having learned anything of the input, for the tasks where that is
 * one number: the line a learning curve or a sweep must leave to show that something was learned.
 *
 * - `adding`: answering 1 (the mean of the sum of two U(0, 1) values) every time gives an MSE of
 *   Var(a + b) = 1/6 ≈ 0.167, whatever T is.
 * - `delayed-recall`: the answer is a symbol drawn uniformly from `vocab`, so a guess is right
 *   1/|vocab| of the time (25 % for "abcd").
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import { ADDING_BASELINE_MSE } from './addingTask';
import { vocabSymbols } from './symbolTasks';

export interface ChanceLevel {
  /** The test metric it is a level of. */
  metric: 'mse' | 'accuracy';
  value: number;
  /** `mse`: the constant answer that scores it (1 for the adding problem). */
  answer?: number;
}

export function chanceLevel(spec: ResolvedSpec): ChanceLevel | undefined {
  if (spec.task.kind === 'adding') return { metric: 'mse', value: ADDING_BASELINE_MSE, answer: 1 };
  if (spec.task.kind === 'delayed-recall') {
    const symbols = vocabSymbols(spec).length;
    return symbols > 0 ? { metric: 'accuracy', value: 1 / symbols } : undefined;
  }
  return undefined;
}

/** The level shared by every spec given, or undefined when they differ (a sweep over `task.vocab`). */
export function sharedChanceLevel(specs: readonly ResolvedSpec[]): ChanceLevel | undefined {
  const levels = specs.map(chanceLevel);
  const first = levels[0];
  if (!first) return undefined;
  const same = levels.every(
    (l) => l && l.metric === first.metric && l.value === first.value && l.answer === first.answer,
  );
  return same ? first : undefined;
}
