/**
 * `task.testFiles`: the clips held out for testing by name instead of by a seeded draw, so that a
 * test split can be a speaker (or a microphone, a day) the model never heard in training. Each
 * glob is matched against a clip's file name, not its class folder: `*-f3-*` picks voice f3 in
 * every class. `*` is any run of characters, `?` one character; nothing else is special, which
 * is all a file-name pattern needs and keeps a name's dots and brackets literal.
 */
import type { PathProblem } from '../../spec/problems';
import type { SeriesSequence } from '../series/seriesData';

export function globRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** The file name of a sequence read from `folder/class/name.wav`. */
export function fileNameOf(sequence: SeriesSequence): string {
  return sequence.name.split('/').pop() ?? sequence.name;
}

/** Whether `sequence` is held out by one of `globs`. */
export function isHeldOut(sequence: SeriesSequence, globs: readonly string[]): boolean {
  const name = fileNameOf(sequence);
  return globs.some((g) => globRegExp(g).test(name));
}

/** A glob that matches no clip, or globs that leave no clip (or no class) for training. */
export function heldOutProblems(
  sequences: readonly SeriesSequence[],
  globs: readonly string[],
): PathProblem[] {
  if (sequences.length === 0) return [];
  const problems: PathProblem[] = [];
  globs.forEach((glob, i) => {
    const pattern = globRegExp(glob);
    if (!sequences.some((s) => pattern.test(fileNameOf(s)))) {
      problems.push({
        path: `task.testFiles[${i}]`,
        message: `${JSON.stringify(glob)} matches no clip's file name (for example ${JSON.stringify(fileNameOf(sequences[0] as SeriesSequence))})`,
      });
    }
  });
  if (problems.length > 0) return problems;
  const train = sequences.filter((s) => !isHeldOut(s, globs));
  const missing = [...new Set(sequences.map((s) => s.label ?? ''))].filter(
    (label) => !train.some((s) => (s.label ?? '') === label),
  );
  if (train.length === 0 || missing.length > 0) {
    problems.push({
      path: 'task.testFiles',
      message:
        train.length === 0
          ? 'holds out every clip; leave some for training'
          : `holds out every clip of ${missing.map((m) => JSON.stringify(m)).join(', ')}; training needs each class`,
    });
  }
  return problems;
}
