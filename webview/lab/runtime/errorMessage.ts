/** The sentence of anything thrown: an `Error`'s message, else the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
