/**
 * Turns a JSON schema fragment into the words a person reads: "an integer from 1 to 1024",
 * "one of "rnn", "lstm", "gru"". Used to write validation messages that say what to write.
 */

interface SchemaFragment {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  patternErrorMessage?: string;
  items?: SchemaFragment | SchemaFragment[];
  prefixItems?: SchemaFragment[];
  anyOf?: SchemaFragment[];
}

function describeNumber(schema: SchemaFragment, noun: string): string {
  const low = schema.minimum;
  const high = schema.maximum;
  if (low !== undefined && high !== undefined) return `${noun} from ${low} to ${high}`;
  const parts: string[] = [];
  if (schema.exclusiveMinimum !== undefined) parts.push(`greater than ${schema.exclusiveMinimum}`);
  if (low !== undefined) parts.push(`at least ${low}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`less than ${schema.exclusiveMaximum}`);
  if (high !== undefined) parts.push(`at most ${high}`);
  return parts.length === 0 ? noun : `${noun} ${parts.join(' and ')}`;
}

export function describeExpected(schema: SchemaFragment): string {
  if (schema.anyOf) return schema.anyOf.map(describeExpected).join(', or ');
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
      return describeNumber(schema, 'an integer');
    case 'number':
      return describeNumber(schema, 'a number');
    case 'boolean':
      return 'true or false';
    case 'string': {
      if (schema.patternErrorMessage) return `a string of ${schema.patternErrorMessage}`;
      if (schema.minLength !== undefined && schema.maxLength !== undefined)
        return `a string of ${schema.minLength} to ${schema.maxLength} characters`;
      if (schema.minLength !== undefined)
        return `a string of at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`;
      return 'a string';
    }
    case 'array': {
      const tuple = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined);
      if (tuple) {
        const first = tuple[0];
        const same = tuple.every((item) => JSON.stringify(item) === JSON.stringify(first));
        return same && first
          ? `[${tuple.map(() => 'x').join(', ')}] with each x ${describeExpected(first)}`
          : `a list of ${tuple.length} items`;
      }
      const item =
        schema.items && !Array.isArray(schema.items) ? describeExpected(schema.items) : '';
      const count = schema.minItems ? ` (at least ${schema.minItems})` : '';
      return item ? `a list${count} of ${item.replace(/^an? /, '')}s` : `a list${count}`;
    }
    case 'object':
      return 'an object { … }';
    default:
      return 'a valid value';
  }
}

/** The value as a short phrase for "(got …)". */
export function describeActual(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return value.length <= 4 ? JSON.stringify(value) : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…"` : text;
}

/** Edit distance, for "did you mean …" suggestions on misspelt fields and values. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + cost);
      previous = saved;
    }
  }
  return row[b.length] ?? 0;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
