/**
 * The pieces the spec's definition (`specSchema.ts`) is built from: docs for plain JSON-schema
 * clients and for VS Code, enums with a description per value, integers within their limits.
 */
import { Type } from '@sinclair/typebox';

/** `description` for plain clients, `markdownDescription` for VS Code's hovers and completion. */
export function doc(
  text: string,
  markdown?: string,
): { description: string; markdownDescription: string } {
  return { description: text, markdownDescription: markdown ?? text };
}

/**
 * A string enum with a description per value: `enum` plus `enumDescriptions`, which VS Code shows
 * in completion lists. (A union of literals would hide the per-value text from the editor.)
 */
export function literalUnion<const T extends readonly string[]>(
  values: T,
  options: { description: string; markdownDescription: string; default?: T[number] },
  describe?: (value: T[number]) => string,
) {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...(describe ? { enumDescriptions: values.map((v) => describe(v)) } : {}),
    ...options,
  });
}

/** An integer field within `range`, with its docs and default. */
export const int = (
  range: { min: number; max: number },
  text: string,
  markdown?: string,
  def?: number,
) =>
  Type.Integer({
    minimum: range.min,
    maximum: range.max,
    ...(def === undefined ? {} : { default: def }),
    ...doc(text, markdown),
  });
