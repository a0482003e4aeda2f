/**
 * What every reader of a user's data file shares (`examples` files, `series` files): which of its
 * formats a file name has, and a problem on `task.file` that names the file and the line.
 */
import type { PathProblem } from '../spec/problems';

/** The format of `file` among `formats` (its ending, case-insensitive), or undefined. */
export function fileFormatOf<F extends string>(file: string, formats: readonly F[]): F | undefined {
  const lower = file.toLowerCase();
  return formats.find((ext) => lower.endsWith(ext));
}

/** Every problem of a data file names the file and the line. */
export function lineProblem(file: string, line: number, message: string): PathProblem {
  return { path: 'task.file', message: `${file} line ${line}: ${message}` };
}
