/**
 * Gives path-based problems a line, column and range in the spec's text, using the syntax tree
 * from `jsonc-parser` (the parser VS Code itself uses for JSON with comments).
 */
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { LineIndex } from './lineIndex';
import { splitPath, type PathProblem, type Problem } from './problems';

/** Where in the text a path lives: the key of a property (`key`) or its value (default). */
export type Anchor = 'value' | 'key';

export interface LocatedPathProblem extends PathProblem {
  anchor?: Anchor;
}

/**
 * The node for a path, or the nearest ancestor that exists (a missing field is reported on the
 * object that should hold it).
 */
function nodeFor(
  tree: Node | undefined,
  path: (string | number)[],
  anchor: Anchor,
): Node | undefined {
  if (!tree) return undefined;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth));
    if (!node) continue;
    if (depth === path.length && anchor === 'key' && node.parent?.type === 'property') {
      return node.parent.children?.[0] ?? node;
    }
    return node;
  }
  return tree;
}

export function locateProblems(
  tree: Node | undefined,
  lines: LineIndex,
  problems: readonly LocatedPathProblem[],
): Problem[] {
  return problems.map((problem) => {
    const node = nodeFor(tree, splitPath(problem.path), problem.anchor ?? 'value');
    const offset = node?.offset ?? 0;
    // An object or array can span many lines: point at its first line only.
    const length =
      node && (node.type === 'object' || node.type === 'array') ? 1 : (node?.length ?? 1);
    const { line, column } = lines.position(offset);
    return {
      path: problem.path,
      message: problem.message,
      severity: problem.severity ?? 'error',
      line,
      column,
      offset,
      length,
      ...(problem.replacement !== undefined ? { replacement: problem.replacement } : {}),
    };
  });
}
