/** The tasks module's public surface, for the engine, the CLI, the host and the webviews. */
export * from './dataset';
export { buildDataset, inputSideOf, DATA_STREAM } from './buildDataset';
export { loadTaskData, dataFileProblem } from './loadTaskData';
export {
  checkDataFileSize,
  MAX_DATA_FILE_BYTES,
  DataFileError,
  type DataFileErrorReason,
  type DataFileReader,
  type DataFolderEntry,
} from './dataFileReader';
export type { Example, LoadedData } from './loadedData';
export { checkInputs, type InputSide } from './checkInputs';
export { checkSpecAndData, type SpecCheck } from './checkSpecAndData';
export { describeSample } from './describeSample';
export {
  encodeSymbols,
  decodeSymbols,
  splitSymbols,
  symbolIndex,
  inputVocabulary,
  outputVocabulary,
} from './vocabulary';
export { parseRealSequence, formatReal, formatRealSequence } from './realSequence';
export { taskInputSpace, inputSpaceProblems } from './inputSpace';
export { createRandom, type SeededRandom } from './seededRandom';
export { ruleTarget } from './ruleTargets';
