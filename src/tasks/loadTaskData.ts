/**
 * Loading a task's data file and the checks that need the data. The file itself is read through
 * a `DataFileReader`, so the same code runs in Node (the CLI, the extension host) and in a webview;
 * nothing here touches the file system.
 */
import { formatBytes } from '../spec/memoryEstimate';
import {
  DataFileError,
  MAX_DATA_FILE_BYTES,
  MAX_DATA_FOLDER_FILES,
  type DataFileErrorReason,
  type DataFileReader,
} from './dataFileReader';
import type { PathProblem } from '../spec/problems';
import type { ResolvedSpec } from '../spec/resolveSpec';
import { exampleFileFormat, parseCsvExamples, parseJsonlExamples } from './exampleFiles';
import { loadAudioData } from './audio/loadAudioData';
import { inputSpaceProblems } from './inputSpace';
import { motifLengthRange } from './motifTask';
import { loadSeriesData, seriesProblems } from './series/loadSeriesData';
import { sourceText, textTooShort } from './textTask';
import {
  checkExamples,
  distinctExampleInputs,
  exampleTestCount,
  fileOrigin,
  inlineOrigin,
} from './userExamples';
import type { Example, LoadedData } from './loadedData';
import { splitSymbols } from './vocabulary';

/** The message says what went wrong and what to do about it. */
export function dataFileProblem(file: string, error: unknown): PathProblem {
  if (!(error instanceof DataFileError)) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      path: 'task.file',
      message: `file ${JSON.stringify(file)} could not be read: ${reason}`,
    };
  }
  // A file inside a data folder names itself.
  const quoted = JSON.stringify(error.file);
  const messages: Record<DataFileErrorReason, string> = {
    missing: `file ${quoted} not found (paths are relative to the spec file)`,
    'outside-workspace': `file ${quoted} is outside the workspace folder; move it into the workspace, next to the spec`,
    'not-a-file': `${quoted} is not a file (a directory?); name the data file itself`,
    unreadable: `file ${quoted} could not be read${error.detail ? ` (${error.detail})` : ''}; check that it is readable`,
    'too-large':
      `file ${quoted} is ${formatBytes(Number(error.detail))}, more than the ${formatBytes(MAX_DATA_FILE_BYTES)} ` +
      'a data file may have; use a smaller file (fewer examples, a shorter text)',
    'not-a-folder': `${quoted} is not a folder; name the folder that holds the data files`,
    'folder-too-large': /files$/.test(error.detail ?? '')
      ? `folder ${quoted} holds ${error.detail}, more than the ${MAX_DATA_FOLDER_FILES} a data folder may have; use fewer files`
      : `the files of folder ${quoted} come to more than ${formatBytes(MAX_DATA_FILE_BYTES)}, what a data folder may hold ` +
        'together; use fewer or shorter files (a lower sample rate, for audio)',
  };
  return { path: 'task.file', message: messages[error.reason] };
}

function parseExampleFile(
  file: string,
  content: string,
): { examples: Example[]; lines: number[]; problems: PathProblem[] } {
  const format = exampleFileFormat(file);
  if (format === '.jsonl') return parseJsonlExamples(file, content);
  if (format === '.csv') return parseCsvExamples(file, content);
  return {
    examples: [],
    lines: [],
    problems: [
      {
        path: 'task.file',
        message:
          `${JSON.stringify(file)}: unsupported file type for examples; use .jsonl ` +
          '(one {"input": "...", "target": "..."} per line) or .csv (header input,target)',
      },
    ],
  };
}

function textProblems(spec: ResolvedSpec, data: LoadedData): PathProblem[] {
  const text = sourceText(spec, data);
  if (text === undefined) return [];
  const characters = splitSymbols(text).length;
  if (!textTooShort(characters, spec)) return [];
  const longest = spec.task.length[1];
  return [
    {
      path: spec.task.text !== undefined ? 'task.text' : 'task.file',
      message:
        `the text has ${characters} character${characters === 1 ? '' : 's'}; windows of task.length ${longest} ` +
        `need at least ${longest + 1} (each window is followed by the character to predict): ` +
        'use a longer text or a shorter task.length',
    },
  ];
}

function exampleSplitProblems(spec: ResolvedSpec, examples: readonly Example[]): PathProblem[] {
  const distinct = distinctExampleInputs(examples);
  if (distinct === 0 || exampleTestCount(distinct, spec.task.testSamples) > 0) return [];
  return [
    {
      path: 'task.testSamples',
      severity: 'warning',
      message:
        `only ${distinct} distinct example input${distinct === 1 ? '' : 's'}: too few to hold any out ` +
        '(at most a fifth go to testing), so there will be no test accuracy; add examples (5 distinct inputs or more)',
    },
  ];
}

function motifProblems(spec: ResolvedSpec): PathProblem[] {
  if (motifLengthRange(spec) !== undefined) return [];
  return [
    {
      path: 'task.motif',
      message:
        `the motif "${spec.task.motif}" has ${spec.task.motif.length} bases but sequences have at most ` +
        `${spec.task.length[1]} (task.length): use a shorter motif or a longer task.length`,
    },
  ];
}

/**
 * Reads `task.file` (for `text`, `examples`, `series` and `audio`) and runs every check that needs the data or the
 * size of the task's input space. `data` holds whatever could be read; with any error-severity
 * problem the caller should not call `buildDataset`.
 */
export async function loadTaskData(
  spec: ResolvedSpec,
  reader: DataFileReader,
): Promise<{ data: LoadedData; problems: PathProblem[] }> {
  const task = spec.task;
  const data: LoadedData = {};
  const problems: PathProblem[] = [];
  let fileLines: number[] = [];

  const usesFile = task.kind === 'text' || task.kind === 'examples';
  if (usesFile && task.file !== undefined) {
    let content: string | undefined;
    try {
      content = await reader.read(task.file);
    } catch (error) {
      problems.push(dataFileProblem(task.file, error));
    }
    if (content !== undefined && task.kind === 'text') data.text = content;
    if (content !== undefined && task.kind === 'examples') {
      const parsed = parseExampleFile(task.file, content);
      problems.push(...parsed.problems);
      if (parsed.examples.length === 0 && parsed.problems.length === 0) {
        problems.push({
          path: 'task.file',
          message: `${JSON.stringify(task.file)} contains no examples`,
        });
      }
      data.examples = parsed.examples;
      fileLines = parsed.lines;
    }
  }

  if ((task.kind === 'series' || task.kind === 'audio') && task.file !== undefined) {
    try {
      const loaded =
        task.kind === 'series'
          ? await loadSeriesData(spec, task.file, reader)
          : await loadAudioData(spec, task.file, reader);
      problems.push(...loaded.problems);
      data.series = loaded.data;
      if (loaded.problems.length === 0) problems.push(...seriesProblems(spec, loaded.data));
    } catch (error) {
      problems.push(dataFileProblem(task.file, error));
    }
  }

  switch (task.kind) {
    case 'text':
      problems.push(...textProblems(spec, data));
      break;
    case 'examples': {
      const inline = task.examples !== undefined;
      const examples = inline ? task.examples : data.examples;
      if (examples !== undefined && examples.length > 0) {
        const origin = inline ? inlineOrigin : fileOrigin(task.file ?? '', fileLines);
        problems.push(...checkExamples(spec, examples, origin));
        // With broken rows the count of usable examples is not final: no split advice yet.
        if (problems.length === 0) problems.push(...exampleSplitProblems(spec, examples));
      }
      break;
    }
    case 'motif':
      problems.push(...motifProblems(spec));
      break;
    default:
      break;
  }
  // Counting the input space needs readable data, and is pointless once the data is broken.
  if (!problems.some((p) => p.severity !== 'warning')) {
    problems.push(...inputSpaceProblems(spec, data));
  }
  return { data, problems };
}
