/**
 * The one check of a spec's text that every front end runs (the CLI's commands, the editor's
 * Problems panel, the commands before training): the validator on the text
 * (`spec/validateSpec.ts`), then, given a file reader, its data file and the `inspect.inputs`
 * against the task's vocabulary. Data problems get positions in the spec's text.
 */
import { memoryProblem } from '../spec/crossChecks';
import { locateProblems } from '../spec/locateProblems';
import type { PathProblem, Problem } from '../spec/problems';
import { resolveSpec, type ResolvedSpec } from '../spec/resolveSpec';
import { pointProblemAt } from '../spec/sweepChecks';
import { axisCombinations, withFields, type SweepPlan } from '../spec/sweepGrid';
import { validateSpecText } from '../spec/validateSpec';
import { inputSideOf } from './buildDataset';
import { checkInputs } from './checkInputs';
import type { LoadedData } from './loadedData';
import type { DataFileReader } from './dataFileReader';
import { loadTaskData } from './loadTaskData';

export interface SpecCheck {
  problems: Problem[];
  /** The resolved spec, when it has no error. */
  spec?: ResolvedSpec;
  /** The spec's `sweep`, when it has one and no error (each point's data checked too). */
  sweep?: SweepPlan;
  /** What the data file held, when it was read. */
  data?: LoadedData;
  /** Whether the data checks ran (not in an untrusted workspace, not when the spec is broken). */
  dataChecked: boolean;
}

/**
 * Validates a spec's text and, given a reader, its data file and `inspect.inputs`. Without a
 * reader (an untrusted workspace) only the text is checked.
 */
export async function checkSpecAndData(
  text: string,
  reader: DataFileReader | undefined,
): Promise<SpecCheck> {
  const validation = validateSpecText(text);
  if (!validation.spec || !reader) {
    const result: SpecCheck = { problems: validation.problems, dataChecked: false };
    if (validation.spec) result.spec = validation.spec;
    if (validation.sweep) result.sweep = validation.sweep;
    return result;
  }
  // A sweep's points check the same file again: read it once.
  const once = readOnce(reader);
  const loaded = await loadTaskData(validation.spec, once);
  const dataProblems = [...loaded.problems];
  // What the spec's text showed was estimated without the file: estimate again with its data.
  const hasError = (ps: readonly { severity?: string }[]) =>
    ps.some((p) => (p.severity ?? 'error') === 'error');
  if (validation.spec.task.file !== undefined && !hasError(dataProblems)) {
    const memory = memoryProblem(validation.spec, {}, loaded.data);
    if (memory) dataProblems.push(memory);
  }
  // The inputs to inspect can only be checked against the vocabulary once the data is read.
  if (!hasError(dataProblems)) {
    const inputSide = inputSideOf(validation.spec, loaded.data);
    dataProblems.push(...checkInputs(inputSide, validation.spec.inspect.inputs));
  }
  if (validation.sweep && !dataProblems.some((p) => (p.severity ?? 'error') === 'error')) {
    dataProblems.push(...(await sweepDataProblems(validation.sweep, once)));
  }
  const problems = [
    ...validation.problems,
    ...locateProblems(validation.tree, validation.lines, dataProblems),
  ];
  const result: SpecCheck = { problems, data: loaded.data, dataChecked: true };
  if (!problems.some((p) => p.severity === 'error')) {
    result.spec = validation.spec;
    if (validation.sweep) result.sweep = validation.sweep;
  }
  return result;
}

/** Point problems reported at most: the first ones say what to change. */
const MAX_SWEEP_DATA_PROBLEMS = 5;

/**
 * The data checks of every point of a sweep (without its seeds, which do not change them): a
 * `task.length` whose input space is too small for the test split, a text too short for a window.
 */
async function sweepDataProblems(plan: SweepPlan, reader: DataFileReader): Promise<PathProblem[]> {
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  for (const combination of axisCombinations(plan.axes)) {
    const spec = resolveSpec(withFields(plan.base, combination));
    const found = (await loadTaskData(spec, reader)).problems;
    for (const problem of found.filter((p) => (p.severity ?? 'error') === 'error')) {
      const located = pointProblemAt(plan, combination, problem);
      const key = `${located.path}\u0000${located.message}`;
      if (!seen.has(key)) problems.push(located);
      seen.add(key);
    }
    if (problems.length >= MAX_SWEEP_DATA_PROBLEMS) break;
  }
  return problems;
}

/** `reader`, each file read (and each folder listed) at most once; a failure fails the same way again. */
function readOnce(reader: DataFileReader): DataFileReader {
  const cache = new Map<string, Promise<unknown>>();
  function once<T>(kind: string, file: string, read: () => Promise<T>): Promise<T> {
    const key = `${kind}\u0000${file}`;
    let result = cache.get(key) as Promise<T> | undefined;
    if (!result) {
      result = read();
      cache.set(key, result);
    }
    return result;
  }
  return {
    read: (file) => once('text', file, () => reader.read(file)),
    readBytes: (file) => once('bytes', file, () => reader.readBytes(file)),
    list: (folder) => once('list', folder, () => reader.list(folder)),
  };
}
