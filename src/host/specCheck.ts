/**
 * A spec's problems as the editor shows them. `checkSpecText` combines the validator with the
 * data checks exactly as the CLI does (`src/cli/specFile.ts`); `problemsToRanges` turns the
 * problems' offsets into 0-based line/character ranges. Both free of `vscode`, so they are
 * unit-tested without it; `diagnostics.ts` wraps the ranges in `vscode.Diagnostic`s.
 */
import { locateProblems } from '../spec/locateProblems';
import type { Problem, Severity } from '../spec/problems';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { validateSpecText } from '../spec/validateSpec';
import {
  checkInputs,
  inputSideOf,
  loadTaskData,
  type DataFileReader,
  type LoadedData,
} from '../tasks';

export interface SpecCheck {
  problems: Problem[];
  /** The resolved spec, when it has no error. */
  spec?: ResolvedSpec;
  /** What the data file held, when it was read. */
  data?: LoadedData;
  /** Whether the data checks ran (not in an untrusted workspace, not when the spec is broken). */
  dataChecked: boolean;
}

/**
 * Validates a spec's text and, given a reader, its data file and `inspect.inputs`. Without a
 * reader (an untrusted workspace) only the text is checked.
 */
export async function checkSpecText(
  text: string,
  reader: DataFileReader | undefined,
): Promise<SpecCheck> {
  const validation = validateSpecText(text);
  if (!validation.spec || !reader) {
    const result: SpecCheck = { problems: validation.problems, dataChecked: false };
    if (validation.spec) result.spec = validation.spec;
    return result;
  }
  const loaded = await loadTaskData(validation.spec, reader);
  const dataProblems = [...loaded.problems];
  // The inputs to inspect can only be checked against the vocabulary once the data is read.
  if (!dataProblems.some((p) => (p.severity ?? 'error') === 'error')) {
    const inputSide = inputSideOf(validation.spec, loaded.data);
    dataProblems.push(...checkInputs(inputSide, validation.spec.inspect.inputs));
  }
  const problems = [
    ...validation.problems,
    ...locateProblems(validation.tree, validation.lines, dataProblems),
  ];
  const result: SpecCheck = { problems, data: loaded.data, dataChecked: true };
  if (!problems.some((p) => p.severity === 'error')) result.spec = validation.spec;
  return result;
}

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
