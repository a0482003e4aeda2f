/**
 * Real-valued sequences as text, for `inspect.inputs` of real tasks: values separated by commas
 * and/or whitespace, "0.1, 0.5, 0.9" or "0.1 0.5 0.9"; several channels a step in parentheses
 * or just in order, "(0.1 2), (0.3 4)".
 */

/** One value per step (one feature), or the pieces that are not numbers. */
export function parseRealSequence(text: string): number[] | { invalid: string[] } {
  // Parentheses group the channels of a step, as `formatRealSequence` writes them.
  const pieces = text.split(/[\s,()]+/).filter((p) => p !== '');
  const invalid = pieces.filter((p) => !Number.isFinite(Number(p)));
  if (invalid.length > 0 || pieces.length === 0) return { invalid };
  return pieces.map(Number);
}

/** Three decimals, and never "-0.000". */
export function formatReal(value: number): string {
  const text = value.toFixed(3);
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}

/** A [T][features] sequence for display: "0.120, -0.450" or "(0.1 0.2), (0.3 0.4)". */
export function formatRealSequence(steps: readonly (readonly number[])[]): string {
  return steps
    .map((features) =>
      features.length === 1
        ? formatReal(features[0] ?? 0)
        : `(${features.map(formatReal).join(' ')})`,
    )
    .join(', ');
}
