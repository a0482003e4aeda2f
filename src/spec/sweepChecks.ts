/**
 * What the schema cannot say about a `sweep`: an axis with no values or a value twice, a grid
 * over the size limit, and values the field accepts alone but the rest of the spec does not
 * (attention on a many-to-one model, a hidden size over the memory limit). Every point is checked
 * by the real validator (`validatePoint`, the same schema and cross checks as the spec itself),
 * and a problem is reported at the value that causes it: `sweep.over["model.hidden"][2]`.
 */
import type { LocatedPathProblem } from './locateProblems';
import { joinPath } from './problems';
import type { Spec } from './specSchema';
import {
  axisCombinations,
  describePoint,
  trainingCount,
  withField,
  withFields,
  type SweepPlan,
} from './sweepGrid';
import { SWEEP_LIMITS, UNSWEEPABLE, type SweepValue } from './sweepSchema';

/** The errors of one point's spec, by the spec's own rules. */
export type PointValidator = (raw: Spec) => LocatedPathProblem[];

/** Point problems reported at most: the first ones say what to change. */
const MAX_COMBINATION_PROBLEMS = 5;

const valuePath = (field: string, index: number) => joinPath(['sweep', 'over', field, index]);
const axisPath = (field: string) => joinPath(['sweep', 'over', field]);
const shown = (value: SweepValue) => JSON.stringify(value);

/** The message for a name in `sweep.over` that is no sweepable field. */
export function unknownAxisMessage(field: string, guess: string | undefined): string {
  const reason = UNSWEEPABLE[field];
  if (reason) return `"${field}" cannot be swept: ${reason}`;
  return (
    `"${field}" is not a field of the spec` +
    (guess
      ? ` (did you mean "${guess}"?)`
      : '; an axis is a dotted field of task, model or train, e.g. "model.hidden"')
  );
}

/** A point's problem as said at the value that makes it. */
function atValue(
  field: string,
  index: number,
  problem: LocatedPathProblem,
  context: string,
): LocatedPathProblem {
  const where = problem.path === field ? '' : `${problem.path === '' ? 'the spec' : problem.path} `;
  return {
    path: valuePath(field, index),
    message: `${context}${where === '' ? '' : `makes ${where}invalid: `}${problem.message}`,
  };
}

export function sweepProblems(
  plan: SweepPlan,
  validatePoint: PointValidator,
): LocatedPathProblem[] {
  const problems: LocatedPathProblem[] = [];
  if (plan.axes.length === 0) {
    return [
      {
        path: 'sweep.over',
        message:
          'names no field to sweep: give at least one, e.g. "over": { "model.cell": ["rnn", "lstm", "gru"] }',
      },
    ];
  }
  for (const { field, values } of plan.axes) {
    if (values.length === 0) {
      problems.push({
        path: axisPath(field),
        message: `an empty list sweeps nothing: give at least one value of ${field}, or remove it`,
      });
    }
    const seen = new Map<string, number>();
    values.forEach((value, index) => {
      const key = JSON.stringify(value);
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({
          path: valuePath(field, index),
          message: `${shown(value)} is listed twice (also at position ${first + 1}); remove one`,
        });
      } else seen.set(key, index);
    });
  }
  const trainings = trainingCount(plan);
  if (trainings > SWEEP_LIMITS.trainings) {
    const sizes = plan.axes.map((a) => a.values.length).join(' × ');
    problems.push({
      path: plan.seeds > 1 ? 'sweep.seeds' : 'sweep.over',
      message:
        `the grid is ${sizes} point(s) × ${plan.seeds} seed(s) = ${trainings} trainings, more than ` +
        `the limit of ${SWEEP_LIMITS.trainings}; use fewer values or seeds`,
    });
  }
  if (problems.length > 0) return problems;

  // Each value alone: a problem here is that value's.
  for (const { field, values } of plan.axes) {
    values.forEach((value, index) => {
      for (const problem of validatePoint(withField(plan.base, field, value))) {
        problems.push(atValue(field, index, problem, ''));
      }
    });
  }
  if (problems.length > 0 || plan.axes.length < 2) return problems;

  // Values that are fine alone but not together (attention with a many-to-one architecture).
  for (const combination of axisCombinations(plan.axes)) {
    for (const problem of validatePoint(withFields(plan.base, combination))) {
      problems.push(pointProblemAt(plan, combination, problem));
    }
    if (problems.length >= MAX_COMBINATION_PROBLEMS) break;
  }
  return problems;
}

/**
 * A problem of the point `combination` (one value per axis), reported at the value of the axis
 * it is about (the axis whose field it names, else the last one), with the other values it
 * comes with.
 */
export function pointProblemAt(
  plan: SweepPlan,
  combination: Readonly<Record<string, SweepValue>>,
  problem: LocatedPathProblem,
): LocatedPathProblem {
  const fields = Object.keys(combination);
  const field = fields.find((f) => f === problem.path) ?? fields[fields.length - 1] ?? '';
  const axis = plan.axes.find((a) => a.field === field);
  const index = axis?.values.findIndex((v) => shown(v) === shown(combination[field])) ?? 0;
  const others = Object.fromEntries(Object.entries(combination).filter(([f]) => f !== field));
  const context = fields.length > 1 ? `with ${describePoint(others)}: ` : '';
  return atValue(field, Math.max(0, index), problem, context);
}
