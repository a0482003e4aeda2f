/**
 * Reading a `series` task's data through the `DataFileReader`: one `.csv`/`.jsonl` file, or a
 * folder of them (each file one sequence, or several with an id column). Everything after the
 * read is `seriesTable.ts` and `seriesSequences.ts`; the checks that need the windows follow
 * (`seriesProblems`).
 */
import type { PathProblem } from '../../spec/problems';
import type { ResolvedSpec } from '../../spec/resolveSpec';
import {
  DataFileError,
  readFolderFiles,
  type DataFileReader,
  type FolderFile,
} from '../dataFileReader';
import type { SeriesData } from './seriesData';
import { seriesFromTables } from './seriesSequences';
import { parseSeriesTable, seriesFileFormat, type SeriesTable } from './seriesTable';
import { seriesWindowing } from './seriesWindowing';

export async function loadSeriesData(
  spec: ResolvedSpec,
  file: string,
  reader: DataFileReader,
): Promise<{ data: SeriesData; problems: PathProblem[] }> {
  const problems: PathProblem[] = [];
  const tables: SeriesTable[] = [];
  let entries: FolderFile[];
  if (seriesFileFormat(file)) entries = [{ name: file, text: await reader.read(file) }];
  else {
    try {
      entries = await readFolderFiles(
        reader,
        file,
        (name) => seriesFileFormat(name) !== undefined,
        'text',
      );
    } catch (error) {
      // A file of another type: say which types are read.
      if (!(error instanceof DataFileError && error.reason === 'not-a-folder')) throw error;
      return {
        data: { channels: [], sequences: [] },
        problems: parseSeriesTable(file, '').problems,
      };
    }
  }
  if (entries.length === 0) {
    problems.push({
      path: 'task.file',
      message: `${JSON.stringify(file)} holds no .csv or .jsonl file; put the series files in it`,
    });
  }
  for (const entry of entries) {
    const parsed = parseSeriesTable(entry.name, entry.text ?? '');
    problems.push(...parsed.problems);
    if (parsed.table.rows.length === 0 && parsed.problems.length === 0) {
      problems.push({ path: 'task.file', message: `${entry.name} holds no rows of data` });
    }
    tables.push(parsed.table);
  }
  const columns = {
    ...(spec.task.channels ? { channels: spec.task.channels } : {}),
    ...(spec.task.idColumn !== undefined ? { idColumn: spec.task.idColumn } : {}),
    ...(spec.task.labelColumn !== undefined ? { labelColumn: spec.task.labelColumn } : {}),
  };
  const found = seriesFromTables(
    tables.filter((t) => t.columns.length > 0),
    columns,
  );
  problems.push(...found.problems);
  return { data: found.data, problems };
}

/** Checks that need the sequences: forecast channels that exist, windows that fit, a test split. */
export function seriesProblems(spec: ResolvedSpec, data: SeriesData): PathProblem[] {
  const problems: PathProblem[] = [];
  const { forecastChannels } = spec.task;
  const labelled = spec.task.kind === 'audio' || spec.task.labelColumn !== undefined;
  (forecastChannels ?? []).forEach((name, i) => {
    if (!data.channels.includes(name)) {
      problems.push({
        path: `task.forecastChannels[${i}]`,
        message: `"${name}" is not an input channel (the channels are ${data.channels.map((c) => `"${c}"`).join(', ')})`,
      });
    }
  });
  if (problems.length > 0 || data.sequences.length === 0) return problems;
  const windowing = seriesWindowing(spec);
  const span = labelled ? 1 : windowing.window + windowing.horizon;
  const longest = Math.max(...data.sequences.map((s) => s.values.length));
  if (longest < span) {
    problems.push({
      path: 'task.length',
      message:
        `the longest sequence has ${longest} steps, but a forecast window needs ${span} ` +
        `(task.length ${windowing.window} + horizon ${windowing.horizon}): lower task.length`,
    });
  }
  if (data.sequences.length === 1 && labelled) {
    problems.push({
      path: 'task.labelColumn',
      message:
        'only one labelled sequence: classification needs several sequences (give rows an id with task.idColumn, ' +
        'or use a folder of files)',
    });
  }
  return problems;
}
