/** The cross checks of the `series` and `audio` task fields (`realDataSchema.ts`). */
import type { LocatedPathProblem } from './locateProblems';
import type { ResolvedSpec } from './resolveSpec';
import type { Spec } from './specSchema';

/** What the schema cannot say about `series` and `audio`: the data they need, fields that clash. */
export function realDataChecks(raw: Spec, spec: ResolvedSpec): LocatedPathProblem[] {
  const { task, model } = spec;
  if (task.kind !== 'series' && task.kind !== 'audio') return [];
  const problems: LocatedPathProblem[] = [];
  if (task.file === undefined) {
    problems.push({
      path: 'task',
      message:
        task.kind === 'series'
          ? 'the "series" task needs "file": a .csv or .jsonl file, or a folder of them'
          : 'the "audio" task needs "file": a folder with one subfolder of .wav files per class',
    });
  }
  if (task.kind === 'series' && task.labelColumn !== undefined) {
    if (model.architecture !== 'many-to-one') {
      problems.push({
        path: raw.model?.architecture !== undefined ? 'model.architecture' : 'task.labelColumn',
        message:
          'a labelled series is classified after reading the whole sequence: use "architecture": "many-to-one"',
      });
    }
    for (const field of ['horizon', 'forecastChannels'] as const) {
      if (raw.task[field] !== undefined) {
        problems.push({
          path: `task.${field}`,
          severity: 'warning',
          message: `"${field}" is for forecasting; with "labelColumn" the task classifies sequences, so it is ignored`,
        });
      }
    }
  }
  if (task.labelColumn !== undefined && task.labelColumn === task.idColumn) {
    problems.push({
      path: 'task.labelColumn',
      message: 'the label column cannot also be the id column',
    });
  }
  for (const [i, name] of (task.channels ?? []).entries()) {
    if (name === task.idColumn || name === task.labelColumn) {
      problems.push({
        path: `task.channels[${i}]`,
        message: `"${name}" is the ${name === task.idColumn ? 'id' : 'label'} column; it cannot be an input channel too`,
      });
    }
  }
  if (task.kind === 'audio' && task.hopSize > task.frameSize) {
    problems.push({
      path: 'task.hopSize',
      severity: 'warning',
      message: `hopSize ${task.hopSize} is larger than frameSize ${task.frameSize}: samples between frames are skipped`,
    });
  }
  return problems;
}
