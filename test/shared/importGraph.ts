/**
 * The import graph of TypeScript files, read with TypeScript's own pre-processor and module
 * resolution (the compiler the project already builds with), and its cycles. Type-only imports
 * count: a circle of types still ties the files' meaning together.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
};

/** `.ts` files under `folders` (relative to `root`), declaration files excepted. */
export function typescriptFiles(root: string, folders: readonly string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
      .map((name) => resolve(root, folder, name)),
  );
}

/** Each file's imports (and re-exports) that resolve to another file of the set. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.flatMap(({ fileName }) => {
      const found = ts.resolveModuleName(fileName, file, RESOLUTION, ts.sys).resolvedModule;
      return found && known.has(found.resolvedFileName) ? [found.resolvedFileName] : [];
    });
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * Every strongly connected set of more than one file (or a file importing itself), each as one
 * cycle through it: `a.ts → b.ts → a.ts`, paths relative to `root`.
 */
export function importCycles(
  graph: ReadonlyMap<string, readonly string[]>,
  root: string,
): string[] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  let next = 0;
  const visit = (v: string): void => {
    order.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, order.get(w) ?? 0));
      }
    }
    if (low.get(v) !== order.get(v)) return;
    const members = new Set<string>();
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      members.add(w);
      if (w === v) break;
    }
    if (members.size > 1 || (graph.get(v) ?? []).includes(v)) {
      cycles.push(
        cycleThrough(v, members, graph)
          .map((f) => relative(root, f))
          .join(' → '),
      );
    }
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return cycles;
}

/** A shortest path from `start` back to itself inside `members` (breadth first). */
function cycleThrough(
  start: string,
  members: ReadonlySet<string>,
  graph: ReadonlyMap<string, readonly string[]>,
): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let at = v; at !== start; at = cameFrom.get(at) ?? start) between.unshift(at);
        return [start, ...between, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
