/**
 * The `sweep` section of a spec, derived from the spec's own sections: every field of `task`,
 * `model` and `train` (at any depth, a field added to those schemas included) may be an axis, and
 * an axis's values are checked against that field's own schema (a `$ref` to it, so the rules
 * are not copied). So the editor completes the axis names, the validator says "must be an
 * integer from 0 to 500" at the offending value, and nothing here lists the fields by hand.
 *
 *   "sweep": { "over": { "task.lag": [10, 50, 100], "model.cell": ["rnn", "lstm", "gru"] }, "seeds": 3 }
 */
import { Type, type TSchema } from '@sinclair/typebox';

/** A value an axis takes: whatever the swept field accepts (JSON). */
export type SweepValue = unknown;

export const SWEEP_LIMITS = {
  /** Trainings one sweep may ask for: points × seeds. */
  trainings: 200,
  seeds: 20,
} as const;

/**
 * Fields a sweep does not vary: the data file is read once for the whole sweep (vary inline
 * `task.text` or `task.examples` instead), and the seed is what `seeds` varies.
 */
export const UNSWEEPABLE: Readonly<Record<string, string>> = {
  'task.file': 'a sweep reads its data file once; vary task.text or task.examples instead',
  'train.seed': 'the seeds of a sweep come from "seeds": train.seed, train.seed + 1, …',
};

interface ObjectSchema {
  type?: unknown;
  properties?: Record<string, TSchema>;
}

function isObjectSchema(schema: TSchema): schema is TSchema & ObjectSchema {
  const s = schema as ObjectSchema;
  return s.type === 'object' && typeof s.properties === 'object';
}

/** Every field below the sections, by dotted path (`model.hidden`), with its schema. */
export function sweepableFields(sections: Readonly<Record<string, TSchema>>): Map<string, TSchema> {
  const fields = new Map<string, TSchema>();
  const walk = (prefix: string, schema: TSchema) => {
    if (!isObjectSchema(schema)) return;
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const path = `${prefix}.${key}`;
      if (!(path in UNSWEEPABLE)) fields.set(path, child);
      walk(path, child);
    }
  };
  for (const [name, schema] of Object.entries(sections)) walk(name, schema);
  return fields;
}

/**
 * Where a field's schema sits in the spec's schema, as a JSON pointer from its root:
 * `model.hidden` -> `#/properties/model/properties/hidden`.
 */
export function fieldPointer(path: string): string {
  return `#/properties/${path.split('.').join('/properties/')}`;
}

/**
 * The `sweep` section over the fields of `sections` (`{ task, model, train }`), which must be
 * the spec schema's properties of those names (the values refer to them).
 */
export function sweepSchemaOver(sections: Readonly<Record<string, TSchema>>) {
  const axes = Object.fromEntries(
    [...sweepableFields(sections).keys()].map((path) => [
      path,
      Type.Optional(
        Type.Array(Type.Unsafe({ $ref: fieldPointer(path) }), {
          description: `The values of ${path} to train with, each one a valid ${path}.`,
          markdownDescription: `The values of \`${path}\` to train with, each one a valid \`${path}\`.`,
        }),
      ),
    ]),
  );
  const over = Type.Unsafe<Record<string, SweepValue[]>>(
    Type.Object(axes, {
      additionalProperties: false,
      description:
        'The axes of the grid: a spec field (dotted, e.g. "task.lag") and the values to try.',
      markdownDescription:
        'The axes of the grid: a spec field (dotted, e.g. `"task.lag"`) and the list of values ' +
        'to try. Every combination of the axes is one point; fields not named keep the spec’s ' +
        'values.',
    }),
  );
  return Type.Object(
    {
      over,
      seeds: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: SWEEP_LIMITS.seeds,
          default: 1,
          description: 'How many seeds each point trains with: train.seed, train.seed + 1, …',
          markdownDescription:
            'How many seeds each point trains with: `train.seed`, `train.seed + 1`, … ' +
            'Results are reported per point with their mean and spread over the seeds.',
        }),
      ),
    },
    {
      additionalProperties: false,
      description:
        'Train a grid of variants of this spec: rnnlab sweep SPEC (Compare and Bottleneck are sweeps too).',
      markdownDescription:
        'Train a grid of variants of this spec, each with `seeds` seeds, and report every ' +
        'point’s metrics with their mean and spread over the seeds (`rnnlab sweep SPEC`). ' +
        `At most ${SWEEP_LIMITS.trainings} trainings (points × seeds).`,
    },
  );
}
