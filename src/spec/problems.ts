/**
 * A problem found in a spec or its data. Every check reports problems against a JSON path
 * (`model.hidden`, `task.examples[3].input`); `locateProblems` adds the line and column from the
 * parsed text, so a message reads `FILE:LINE:COL PATH: message`.
 */

export type Severity = 'error' | 'warning';

/** A problem before it has a position in the text. */
export interface PathProblem {
  /**
   * Dotted JSON path, array indices in brackets: `task.examples[3].input`; a key that is not a
   * plain name is quoted in brackets: `sweep.over["task.lag"][2]`. Empty for the whole file.
   */
  path: string;
  message: string;
  severity?: Severity;
  /**
   * The text that fixes it when put in place of the problem's range (the JSON of a "did you
   * mean" guess, quotes included): the editor offers it as a quick fix.
   */
  replacement?: string;
}

export interface Problem {
  path: string;
  message: string;
  severity: Severity;
  /** 1-based, as editors and compilers print them. */
  line: number;
  column: number;
  /** 0-based character offset and length of the range the problem is about. */
  offset: number;
  length: number;
  /** See `PathProblem.replacement`. */
  replacement?: string;
}

export function formatProblem(fileName: string, problem: Problem): string {
  const where = problem.path === '' ? '' : ` ${problem.path}:`;
  const tag = problem.severity === 'warning' ? ' warning:' : '';
  return `${fileName}:${problem.line}:${problem.column}${where}${tag} ${problem.message}`;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/**
 * `['task', 'examples', 3, 'input']` -> `task.examples[3].input`;
 * `['sweep', 'over', 'task.lag', 2]` -> `sweep.over["task.lag"][2]`.
 */
export function joinPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (!PLAIN_KEY.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Inverse of `joinPath`. */
export function splitPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/\[("(?:[^"\\]|\\.)*")\]|\[(\d+)\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) segments.push(JSON.parse(match[1]) as string);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(match[3]);
  }
  return segments;
}
