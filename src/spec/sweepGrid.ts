/**
 * A sweep's grid: the axes of `sweep.over` in the order written, the seeds, and every point as
 * its own resolved spec. A point is the spec as written with its values set, resolved again, so
 * defaults that follow a swept field follow it (addition's length after `task.digits`, a task's
 * architecture after `task.kind`). Plain data all through: the plan travels to the lab page and a
 * sweep's record can be saved as JSON.
 */
import { TrainSchema, type Spec } from './specSchema';
import { resolveSpec, type ResolvedSpec } from './resolveSpec';
import type { SweepValue } from './sweepSchema';

export interface SweepAxis {
  /** A dotted spec field: `task.lag`, `model.cell`. */
  field: string;
  values: SweepValue[];
}

/** What a spec's `sweep` asks for, with the spec it varies. */
export interface SweepPlan {
  axes: SweepAxis[];
  /** Seeds per point: `train.seed`, `train.seed + 1`, … */
  seeds: number;
  /** The spec as written, without its `sweep`. */
  base: Spec;
}

/** The field a point's seed sits in. */
export const SEED_FIELD = 'train.seed';

/** One training of a sweep. */
export interface SweepPoint {
  /** 0-based, in grid order: the first axis varies slowest, the seed fastest. */
  index: number;
  /** The value of each axis, then `train.seed`. */
  values: Record<string, SweepValue>;
  /** Which point of the grid without seeds (the points that differ only in their seed share it). */
  group: number;
  spec: ResolvedSpec;
}

/** The plan of a spec that has a `sweep`; undefined without one. */
export function sweepPlanOf(raw: Spec): SweepPlan | undefined {
  if (!raw.sweep) return undefined;
  const { sweep, ...base } = raw;
  return {
    axes: Object.entries(sweep.over).map(([field, values]) => ({ field, values: [...values] })),
    seeds: sweep.seeds ?? 1,
    base,
  };
}

/**
 * A plan over a resolved spec: for the lab's own experiments (Compare over `model.cell`,
 * Bottleneck over `model.attention`), whose axes no other default follows. A resolved spec is a
 * spec with every field written out.
 */
export function planOverResolved(spec: ResolvedSpec, axes: SweepAxis[], seeds = 1): SweepPlan {
  return { axes, seeds, base: spec };
}

export function baseSeed(plan: SweepPlan): number {
  const seed = plan.base.train?.seed;
  return seed ?? (TrainSchema.properties.seed as { default: number }).default;
}

/** How many points the grid has without seeds (1 for a grid of no axes). */
export function groupCount(plan: SweepPlan): number {
  return plan.axes.reduce((n, axis) => n * axis.values.length, 1);
}

/** Every trainings' worth: groups × seeds. */
export function trainingCount(plan: SweepPlan): number {
  return groupCount(plan) * plan.seeds;
}

/** `raw` with `field` (dotted) set to `value`; `raw` itself is not changed. */
export function withField(raw: Spec, field: string, value: SweepValue): Spec {
  const copy = structuredClone(raw) as Record<string, unknown>;
  const path = field.split('.');
  let at = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    const child =
      next !== null && typeof next === 'object' && !Array.isArray(next)
        ? (next as Record<string, unknown>)
        : {};
    at[key] = child;
    at = child;
  }
  at[path[path.length - 1] ?? field] = structuredClone(value);
  return copy as Spec;
}

/** `raw` with every value of `values` set. */
export function withFields(raw: Spec, values: Readonly<Record<string, SweepValue>>): Spec {
  return Object.entries(values).reduce(
    (spec, [field, value]) => withField(spec, field, value),
    raw,
  );
}

/** The value combinations of the axes, first axis slowest. */
export function axisCombinations(axes: readonly SweepAxis[]): Record<string, SweepValue>[] {
  let combinations: Record<string, SweepValue>[] = [{}];
  for (const axis of axes) {
    combinations = combinations.flatMap((partial) =>
      axis.values.map((value) => ({ ...partial, [axis.field]: value })),
    );
  }
  return combinations;
}

/**
 * Every point of the plan with its resolved spec. Call on a plan the validator accepted (each
 * point is then a valid spec).
 */
export function sweepPoints(plan: SweepPlan): SweepPoint[] {
  const first = baseSeed(plan);
  const points: SweepPoint[] = [];
  axisCombinations(plan.axes).forEach((combination, group) => {
    for (let k = 0; k < plan.seeds; k++) {
      const values = { ...combination, [SEED_FIELD]: first + k };
      points.push({
        index: points.length,
        values,
        group,
        spec: resolveSpec(withFields(plan.base, values)),
      });
    }
  });
  return points;
}

/** `task.lag=50, model.cell=rnn, train.seed=2`: a point for people. */
export function describePoint(values: Readonly<Record<string, SweepValue>>): string {
  return Object.entries(values)
    .map(
      ([field, value]) => `${field}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
    )
    .join(', ');
}
