/**
 * From tables to sequences: which columns are channels (numbers), which one names the sequence a
 * row belongs to (`task.idColumn`) and which one holds its class (`task.labelColumn`). Rows with
 * the same id form one sequence in file order; without an id column a file is one sequence.
 * Every cell that is not a finite number, every missing label and every sequence whose rows
 * disagree on their label is a problem naming the file, the line and the column.
 */
import type { PathProblem } from '../../spec/problems';
import type { SeriesData, SeriesSequence } from './seriesData';
import { lineProblem } from '../dataFileLines';
import type { SeriesCell, SeriesTable } from './seriesTable';

export interface SeriesColumns {
  /** Input columns; every column but the id and the label when not given. */
  channels?: readonly string[];
  idColumn?: string;
  labelColumn?: string;
}

/** More bad cells than this are summed up in one last problem: the first ones say what to fix. */
export const MAX_REPORTED_CELLS = 50;

/** The number a channel cell holds, or why it holds none. */
function cellNumber(cell: SeriesCell): number | string {
  if (typeof cell === 'number') {
    return Number.isFinite(cell) ? cell : 'is not a finite number';
  }
  if (typeof cell === 'string') {
    const text = cell.trim();
    if (text === '') return 'is empty (a missing value); fill it in or drop the row';
    if (/^[+-]?nan$/i.test(text)) return 'is NaN; fill in the missing value or drop the row';
    if (/^[+-]?inf(inity)?$/i.test(text)) return `is ${text}, not a finite number`;
    const value = Number(text);
    return Number.isFinite(value) ? value : `is ${JSON.stringify(cell)}, not a number`;
  }
  if (cell === null) return 'is null (a missing value); fill it in or drop the row';
  return `is ${JSON.stringify(cell)}, not a number`;
}

/** An id or label cell as text, or undefined when it is missing. */
function cellText(cell: SeriesCell): string | undefined {
  if (typeof cell === 'string') return cell.trim() === '' ? undefined : cell.trim();
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return undefined;
}

/** The channel columns a set of tables reads, or the problem with the columns. */
export function channelColumns(
  table: SeriesTable,
  columns: SeriesColumns,
): { channels: string[]; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const known = new Set(table.columns);
  const header = `${table.file} line 1`;
  const need = (name: string | undefined, field: string) => {
    if (name !== undefined && !known.has(name)) {
      problems.push({
        path: `task.${field}`,
        message: `${header}: no column "${name}" (the columns are ${table.columns.map((c) => `"${c}"`).join(', ')})`,
      });
    }
  };
  need(columns.idColumn, 'idColumn');
  need(columns.labelColumn, 'labelColumn');
  (columns.channels ?? []).forEach((name, i) => need(name, `channels[${i}]`));
  const channels =
    columns.channels !== undefined
      ? [...columns.channels]
      : table.columns.filter((c) => c !== columns.idColumn && c !== columns.labelColumn);
  if (problems.length === 0 && channels.length === 0) {
    problems.push({
      path: 'task.file',
      message: `${header}: no column is left for the input values; a series needs at least one numeric column`,
    });
  }
  return { channels, problems };
}

/**
 * The sequences of one table, with `channels` already known to exist. `name` prefixes each
 * sequence's name (the file, for a folder of files).
 */
export function tableSequences(
  table: SeriesTable,
  channels: readonly string[],
  columns: SeriesColumns,
): { sequences: SeriesSequence[]; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  let unreported = 0;
  const report = (line: number, message: string) => {
    if (problems.length < MAX_REPORTED_CELLS) problems.push(lineProblem(table.file, line, message));
    else unreported++;
  };
  const index = (name: string | undefined) =>
    name === undefined ? -1 : table.columns.indexOf(name);
  const channelIndex = channels.map((c) => table.columns.indexOf(c));
  const idIndex = index(columns.idColumn);
  const labelIndex = index(columns.labelColumn);

  interface Building {
    sequence: SeriesSequence;
    labelLine?: number;
  }
  const byId = new Map<string, Building>();
  for (const row of table.rows) {
    let id = '';
    if (idIndex >= 0) {
      const text = cellText(row.cells[idIndex] ?? null);
      if (text === undefined) {
        report(
          row.line,
          `the id column "${columns.idColumn}" is empty; every row must name its sequence`,
        );
        continue;
      }
      id = text;
    }
    const values: number[] = [];
    let bad = false;
    channelIndex.forEach((k, c) => {
      const value = cellNumber(row.cells[k] ?? null);
      if (typeof value === 'number') values.push(value);
      else {
        bad = true;
        report(row.line, `column "${channels[c]}" ${value}`);
      }
    });
    let label: string | undefined;
    if (labelIndex >= 0) {
      label = cellText(row.cells[labelIndex] ?? null);
      if (label === undefined) {
        report(
          row.line,
          `the label column "${columns.labelColumn}" is empty; give every row its sequence's class`,
        );
        bad = true;
      }
    }
    let building = byId.get(id);
    if (!building) {
      const name = idIndex >= 0 ? `${table.file} ${columns.idColumn}=${id}` : table.file;
      building = { sequence: { name, values: [] } };
      byId.set(id, building);
    }
    if (bad) continue;
    const sequence = building.sequence;
    if (label !== undefined) {
      if (sequence.label === undefined) {
        sequence.label = label;
        building.labelLine = row.line;
      } else if (sequence.label !== label) {
        report(
          row.line,
          `label "${label}" differs from "${sequence.label}" (line ${building.labelLine}) of the same sequence; ` +
            'a sequence has one class: fix the label, or give the rows their own id',
        );
        continue;
      }
    }
    sequence.values.push(values);
  }
  if (unreported > 0) {
    problems.push({
      path: 'task.file',
      message: `${table.file}: ${unreported} more bad cell${unreported === 1 ? '' : 's'} not listed; fix the ones above first`,
    });
  }
  const sequences = [...byId.values()].map((b) => b.sequence).filter((s) => s.values.length > 0);
  return { sequences, problems };
}

/**
 * The sequences of every table (one file, or a folder of files that must share their channels).
 * `data` holds what is usable; the problems say what is not.
 */
export function seriesFromTables(
  tables: readonly SeriesTable[],
  columns: SeriesColumns,
): { data: SeriesData; problems: PathProblem[] } {
  const first = tables[0];
  const data: SeriesData = { channels: [], sequences: [] };
  if (!first) return { data, problems: [] };
  const { channels, problems } = channelColumns(first, columns);
  if (problems.length > 0) return { data, problems };
  data.channels = channels;
  for (const table of tables) {
    const missing = [columns.idColumn, columns.labelColumn, ...channels].filter(
      (c): c is string => c !== undefined && !table.columns.includes(c),
    );
    if (missing.length > 0) {
      problems.push({
        path: 'task.file',
        message:
          `${table.file} line 1: no column ${missing.map((c) => `"${c}"`).join(', ')}, which ${first.file} has; ` +
          'every file of the folder needs the same columns',
      });
      continue;
    }
    const found = tableSequences(table, channels, columns);
    problems.push(...found.problems);
    data.sequences.push(...found.sequences);
  }
  return { data, problems };
}
