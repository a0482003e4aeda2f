/**
 * One `series` data file as a table: its column names and, per row, the 1-based line and the
 * raw cells. CSV has a header line; JSONL has one object per line whose keys are the columns (the
 * first object's keys, in order). Nothing is converted to numbers here: `seriesSequences.ts`
 * decides which columns must be numbers and says where one is not.
 */
import type { PathProblem } from '../../spec/problems';
import { parseCsv } from '../csvRecords';
import { fileFormatOf, lineProblem } from '../dataFileLines';

/** A cell as the file wrote it: CSV text, or a JSON value (JSONL). */
export type SeriesCell = string | number | boolean | null | object;

export interface SeriesRow {
  line: number;
  cells: SeriesCell[];
}

export interface SeriesTable {
  /** The file name as the spec (or the folder listing) gives it. */
  file: string;
  columns: string[];
  rows: SeriesRow[];
}

export const SERIES_FILE_FORMATS = ['.csv', '.jsonl'] as const;

export function seriesFileFormat(file: string): '.csv' | '.jsonl' | undefined {
  return fileFormatOf(file, SERIES_FILE_FORMATS);
}

/** Ragged rows are reported, not kept: a row with a missing or extra field is no sample. */
function csvTable(file: string, content: string): { table: SeriesTable; problems: PathProblem[] } {
  const { records, errors } = parseCsv(content);
  const problems = errors.map((e) => ({
    line: e.line,
    problem: lineProblem(file, e.line, e.message),
  }));
  const [header, ...dataRecords] = records;
  const table: SeriesTable = { file, columns: [], rows: [] };
  if (header !== undefined) {
    table.columns = header.fields.map((name) => name.trim());
    for (const record of dataRecords) {
      if (record.fields.length !== table.columns.length) {
        problems.push({
          line: record.line,
          problem: lineProblem(
            file,
            record.line,
            `expected ${table.columns.length} fields (${table.columns.join(',')}), found ${record.fields.length}; ` +
              'every row needs a value for every column of the header',
          ),
        });
        continue;
      }
      table.rows.push({ line: record.line, cells: record.fields });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { table, problems: problems.map((p) => p.problem) };
}

function jsonlTable(
  file: string,
  content: string,
): { table: SeriesTable; problems: PathProblem[] } {
  const table: SeriesTable = { file, columns: [], rows: [] };
  const problems: PathProblem[] = [];
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(lineProblem(file, line, `not valid JSON (${reason})`));
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(
        lineProblem(file, line, 'expected an object of columns, like {"id": "a", "x": 0.5}'),
      );
      return;
    }
    const record = value as Record<string, unknown>;
    if (table.columns.length === 0) table.columns = Object.keys(record);
    const missing = table.columns.filter((c) => !(c in record));
    const extra = Object.keys(record).filter((c) => !table.columns.includes(c));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        ...(missing.length > 0 ? [`missing ${missing.map((c) => `"${c}"`).join(', ')}`] : []),
        ...(extra.length > 0 ? [`unexpected ${extra.map((c) => `"${c}"`).join(', ')}`] : []),
      ];
      problems.push(
        lineProblem(
          file,
          line,
          `${parts.join('; ')}: every line needs the keys of the first one (${table.columns.join(', ')})`,
        ),
      );
      return;
    }
    table.rows.push({ line, cells: table.columns.map((c) => record[c] as SeriesCell) });
  });
  return { table, problems };
}

/** Reads one data file's text into a table; every bad row is a problem with its line. */
export function parseSeriesTable(
  file: string,
  content: string,
): { table: SeriesTable; problems: PathProblem[] } {
  const format = seriesFileFormat(file);
  if (format === '.csv') return csvTable(file, content);
  if (format === '.jsonl') return jsonlTable(file, content);
  return {
    table: { file, columns: [], rows: [] },
    problems: [
      {
        path: 'task.file',
        message:
          `${JSON.stringify(file)}: unsupported file type for series; use .csv (a header line of column names) ` +
          'or .jsonl (one {"column": value, …} object per line)',
      },
    ],
  };
}
