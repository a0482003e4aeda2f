/**
 * A spec's problems as the editor shows them: `problemsToRanges` turns the problems of
 * `checkSpecAndData` (src/tasks/checkSpecAndData.ts, shared with the CLI) into 0-based
 * line/character ranges, counted with the same `LineIndex` as the problems' own line and column.
 * Free of `vscode`, so it is unit-tested without it; `diagnostics.ts` wraps the ranges in
 * `vscode.Diagnostic`s.
 */
import { LineIndex } from '../spec/lineIndex';
import type { Problem, Severity } from '../spec/problems';

/** A problem's place in the editor: 0-based lines and UTF-16 characters, as VS Code counts. */
export interface ProblemRange {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  severity: Severity;
  message: string;
  /** The JSON path (`model.hidden`), shown as the diagnostic's code; empty for the whole file. */
  path: string;
  /** Text that fixes the problem in place of the range (a "did you mean" guess). */
  replacement?: string;
}

/** The problems at `line`/`character` ranges that carry a fix, as the code action asks. */
export function fixesAt(
  ranges: readonly ProblemRange[],
  line: number,
  character: number,
  endLine = line,
  endCharacter = character,
): ProblemRange[] {
  const before = (l1: number, c1: number, l2: number, c2: number) =>
    l1 < l2 || (l1 === l2 && c1 <= c2);
  return ranges.filter(
    (r) =>
      r.replacement !== undefined &&
      before(r.line, r.character, endLine, endCharacter) &&
      before(line, character, r.endLine, r.endCharacter),
  );
}

function isLineBreak(char: string | undefined): boolean {
  return char === '\n' || char === '\r';
}

/**
 * Ranges for problems. A zero-length problem (an empty file, a missing value) is widened to the
 * character it points at when there is one on that line, so the squiggle can be seen and hovered.
 */
export function problemsToRanges(text: string, problems: readonly Problem[]): ProblemRange[] {
  const lines = new LineIndex(text);
  return problems.map((problem) => {
    const start = Math.max(0, Math.min(problem.offset, text.length));
    let end = Math.max(start, Math.min(problem.offset + problem.length, text.length));
    if (end === start && start < text.length && !isLineBreak(text[start])) end = start + 1;
    const from = lines.editorPosition(start);
    const to = lines.editorPosition(end);
    return {
      line: from.line,
      character: from.character,
      endLine: to.line,
      endCharacter: to.character,
      severity: problem.severity,
      message: problem.message,
      path: problem.path,
      ...(problem.replacement !== undefined ? { replacement: problem.replacement } : {}),
    };
  });
}
