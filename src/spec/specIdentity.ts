/**
 * When a run belongs to a spec: same name and same content, compared as a hash of the resolved
 * spec. A run's `spec.json` is resolved again first, so a run written before a field with a
 * default existed still matches the spec it was trained from. Left out of the comparison: what
 * does not change the model or its data — how many epochs to train (a run is continued to more
 * epochs), the backend, and the inputs to inspect.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { resolveSpec, type ResolvedSpec } from './resolveSpec';
import type { Spec } from './specSchema';

export interface SpecIdentity {
  name: string;
  /** 12 hex digits of the SHA-256 of the compared content. */
  hash: string;
}

/** JSON with sorted keys: the same content gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The part of a spec that decides the model and its data. */
function compared(spec: ResolvedSpec): Record<string, unknown> {
  const resolved = resolveSpec(spec as unknown as Spec);
  const train: Partial<ResolvedSpec['train']> = { ...resolved.train };
  delete train.epochs;
  delete train.backend;
  return { name: resolved.name, task: resolved.task, model: resolved.model, train };
}

export function specIdentity(spec: ResolvedSpec): SpecIdentity {
  const text = canonical(compared(spec));
  return { name: spec.name, hash: bytesToHex(sha256(utf8ToBytes(text))).slice(0, 12) };
}

export function sameSpec(a: ResolvedSpec, b: ResolvedSpec): boolean {
  return specIdentity(a).hash === specIdentity(b).hash;
}

/** Dotted paths whose values differ (`model.hidden`), for a message; at most `limit`. */
export function specDifferences(a: ResolvedSpec, b: ResolvedSpec, limit = 5): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (out.length >= limit) return;
    const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObject(x) && isObject(y)) {
      const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
      for (const key of [...keys].sort()) {
        walk(
          (x as Record<string, unknown>)[key],
          (y as Record<string, unknown>)[key],
          path ? `${path}.${key}` : key,
        );
      }
    } else if (canonical(x) !== canonical(y)) {
      out.push(path);
    }
  };
  walk(compared(a), compared(b), '');
  return out;
}
