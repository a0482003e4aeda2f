/**
 * The one check of a spec's text that every front end runs (the CLI's commands, the editor's
 * Problems panel, the commands before training): the validator on the text
 * (`spec/validateSpec.ts`), then, given a file reader, its data file and the `inspect.inputs`
 * against the task's vocabulary. Data problems get positions in the spec's text.
 */
import { memoryProblem } from '../spec/crossChecks';
import { locateProblems } from '../spec/locateProblems';
import type { Problem } from '../spec/problems';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { validateSpecText } from '../spec/validateSpec';
import { inputSideOf } from './buildDataset';
import { checkInputs } from './checkInputs';
import type { LoadedData } from './loadedData';
import { loadTaskData, type DataFileReader } from './loadTaskData';

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
export async function checkSpecAndData(
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
  const problems = [
    ...validation.problems,
    ...locateProblems(validation.tree, validation.lines, dataProblems),
  ];
  const result: SpecCheck = { problems, data: loaded.data, dataChecked: true };
  if (!problems.some((p) => p.severity === 'error')) result.spec = validation.spec;
  return result;
}
