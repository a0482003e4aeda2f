/** A comma-separated option whose items come from a fixed list (`--cells`, `--attentions`). */
import { CliError } from './command';

/** The items of `value` (all of `allowed` when absent), without repeats, in the order given. */
export function parseChoices<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
): T[] {
  if (value === undefined) return [...allowed];
  const items = String(value)
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const unknown = items.filter((c) => !(allowed as readonly string[]).includes(c));
  if (items.length === 0 || unknown.length > 0) {
    throw new CliError(
      `--${option} must list items from ${allowed.join(', ')} (got ${String(value)})`,
    );
  }
  return [...new Set(items)] as T[];
}
