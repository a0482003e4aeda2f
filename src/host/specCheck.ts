/**
 * A spec's problems as the editor shows them: `problemsToRanges` turns the problems of
 * `checkSpecText` (src/tasks/checkSpec.ts, shared with the CLI) into 0-based line/character
 * ranges. Free of `vscode`, so it is unit-tested without it; `diagnostics.ts` wraps the ranges in
 * `vscode.Diagnostic`s.
 */
import type { Problem, Severity } from '../spec/problems';

export { checkSpecText, type SpecCheck } from '../tasks/checkSpec';

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
}

/** Line starts by VS Code's rules: `\n`, `\r\n` and a lone `\r` each end a line. */
export class EditorLines {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // the \n that follows ends it
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  /** 0-based line and character of an offset (clamped to the text). */
  position(offset: number): { line: number; character: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: at - (this.starts[low] ?? 0) };
  }

  offset(line: number, character: number): number {
    const start = this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
    return Math.min(this.text.length, start + Math.max(0, character));
  }
}

function isLineBreak(char: string | undefined): boolean {
  return char === '\n' || char === '\r';
}

/**
 * Ranges for problems. A zero-length problem (an empty file, a missing value) is widened to the
 * character it points at when there is one on that line, so the squiggle can be seen and hovered.
 */
export function problemsToRanges(text: string, problems: readonly Problem[]): ProblemRange[] {
  const lines = new EditorLines(text);
  return problems.map((problem) => {
    const start = Math.max(0, Math.min(problem.offset, text.length));
    let end = Math.max(start, Math.min(problem.offset + problem.length, text.length));
    if (end === start && start < text.length && !isLineBreak(text[start])) end = start + 1;
    const from = lines.position(start);
    const to = lines.position(end);
    return {
      line: from.line,
      character: from.character,
      endLine: to.line,
      endCharacter: to.character,
      severity: problem.severity,
      message: problem.message,
      path: problem.path,
    };
  });
}
