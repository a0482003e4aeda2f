/** A value a kernel's layout guarantees; its absence is a bug in this engine, said plainly. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: fused recurrent kernel is missing ${what}`);
  return value;
}
