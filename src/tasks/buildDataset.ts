/**
 * The one entry point from a resolved spec to samples. Everything random comes from one
 * generator seeded with `train.seed`, so a spec always yields the same dataset.
 */
import type { ResolvedSpec } from '../spec/resolveSpec';
import { TASK_INFO } from '../spec/taskKinds';
import type { Dataset } from './dataset';
import type { Example, LoadedData } from './loadedData';
import { motifTask } from './motifTask';
import type { InputSide } from './checkInputs';
import { createRandom, type SeededRandom } from './seededRandom';
import { buildSeriesDataset } from './series/seriesDataset';
import { seriesWindowing } from './series/seriesWindowing';
import { buildSineDataset } from './sineTask';
import { ADDING_CHANNELS, buildAddingDataset } from './addingTask';
import { buildSymbolDataset, type SymbolTask } from './symbolDataset';
import { additionTask, delayedRecallTask, parityTask, rearrangeTask } from './symbolTasks';
import { sourceText, textTask } from './textTask';
import { buildExamplesDataset, exampleInputSymbols, exampleList } from './userExamples';
import { inputVocabulary } from './vocabulary';

/** The stream name keeps data draws apart from any other use of the same seed. */
export const DATA_STREAM = 'task-data';

function missingData(kind: 'text' | 'examples'): Error {
  const field = kind === 'text' ? 'task.text' : 'task.examples';
  return new Error(`task "${kind}" needs ${field}, or task.file loaded with loadTaskData`);
}

/** The generator of a symbolic task; undefined for the real-valued ones and `examples`. */
function symbolTaskFor(
  spec: ResolvedSpec,
  data: LoadedData | undefined,
  random: SeededRandom,
): SymbolTask | undefined {
  const kind = spec.task.kind;
  switch (kind) {
    case 'copy':
    case 'reverse':
    case 'sort':
      return rearrangeTask(spec, random);
    case 'addition':
      return additionTask(spec, random);
    case 'parity':
      return parityTask(spec, random);
    case 'delayed-recall':
      return delayedRecallTask(spec, random);
    case 'motif':
      return motifTask(spec, random);
    case 'text': {
      const text = sourceText(spec, data);
      if (text === undefined) throw missingData('text');
      return textTask(spec, text, random);
    }
    case 'sine':
    case 'adding':
    case 'examples':
    case 'series':
    case 'audio':
      return undefined;
  }
}

function examplesOf(spec: ResolvedSpec, data: LoadedData | undefined): Example[] {
  const examples = exampleList(spec, data);
  if (examples === undefined) throw missingData('examples');
  return examples;
}

/**
 * `data` is what `loadTaskData` read from `task.file` (inline `text`/`examples` need none). Throws
 * on a spec the validator would reject (an architecture the task cannot produce, too few distinct
 * inputs for `testSamples`, symbols outside `vocab`); `loadTaskData` reports those as problems
 * first.
 */
export function buildDataset(spec: ResolvedSpec, data?: LoadedData): Dataset {
  const kind = spec.task.kind;
  const architecture = spec.model.architecture;
  const allowed = TASK_INFO[kind].architectures;
  if (!allowed.includes(architecture)) {
    throw new Error(
      `task "${kind}" cannot be learned as ${architecture}; use model.architecture ${allowed.map((a) => `"${a}"`).join(' or ')}`,
    );
  }
  const random = createRandom(spec.train.seed, DATA_STREAM);
  if (kind === 'sine') return buildSineDataset(spec, random);
  if (kind === 'adding') return buildAddingDataset(spec, random);
  if (kind === 'series' || kind === 'audio') {
    if (!data?.series) throw new Error(`task "${kind}" needs task.file loaded with loadTaskData`);
    return buildSeriesDataset(data.series, seriesWindowing(spec), random);
  }
  if (kind === 'examples') return buildExamplesDataset(spec, examplesOf(spec, data), random);
  const task = symbolTaskFor(spec, data, random);
  if (task === undefined) throw new Error(`internal: no generator for task "${kind}"`);
  // `task.testLength`: the test split draws from the same generator at its own lengths.
  const testLength = spec.task.testLength;
  const testTask = testLength
    ? symbolTaskFor({ ...spec, task: { ...spec.task, length: testLength } }, data, random)
    : undefined;
  return buildSymbolDataset(
    task,
    architecture,
    { train: spec.task.samples, test: spec.task.testSamples, distinct: spec.task.distinct },
    testTask,
  );
}

/**
 * What the model reads, without generating any sample: enough for `checkInputs` on
 * `inspect.inputs` before (or instead of) building the dataset. Throws where `buildDataset` would
 * for missing data.
 */
export function inputSideOf(spec: ResolvedSpec, data?: LoadedData): InputSide {
  if (spec.task.kind === 'sine') return { type: 'real', features: 1 };
  if (spec.task.kind === 'adding') return { type: 'real', features: ADDING_CHANNELS.length };
  if (spec.task.kind === 'series' || spec.task.kind === 'audio') {
    return { type: 'real', features: data?.series?.channels.length ?? 1 };
  }
  if (spec.task.kind === 'examples') {
    const symbols = exampleInputSymbols(spec, examplesOf(spec, data));
    return { type: 'symbols', inputVocab: inputVocabulary(symbols) };
  }
  const task = symbolTaskFor(spec, data, createRandom(spec.train.seed, DATA_STREAM));
  if (task === undefined) throw new Error(`internal: no generator for task "${spec.task.kind}"`);
  return { type: 'symbols', inputVocab: inputVocabulary(task.inputSymbols) };
}

export { describeSample } from './describeSample';
