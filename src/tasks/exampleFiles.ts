/**
 * Reading `examples` from a data file: `.jsonl` (one {"input", "target"} object per line) or
 * `.csv` (header `input,target`). Every bad row becomes a problem on `task.file` whose message
 * names the file and the line, and the good rows are kept.
 */
import type { PathProblem } from '../spec/problems';
import { parseCsv } from './csvRecords';
import { fileFormatOf, lineProblem } from './dataFileLines';
import type { Example } from './loadedData';

export interface ParsedExamples {
  examples: Example[];
  /** `lines[i]`: the 1-based line `examples[i]` starts on. */
  lines: number[];
  problems: PathProblem[];
}

export const EXAMPLE_FILE_FORMATS = ['.jsonl', '.csv'] as const;

export function exampleFileFormat(file: string): '.jsonl' | '.csv' | undefined {
  return fileFormatOf(file, EXAMPLE_FILE_FORMATS);
}

function fieldProblem(
  record: Record<string, unknown>,
  key: 'input' | 'target',
): string | undefined {
  if (!(key in record)) return `"${key}" is missing`;
  if (typeof record[key] !== 'string') return `"${key}" must be a string`;
  return undefined;
}

export function parseJsonlExamples(file: string, content: string): ParsedExamples {
  const result: ParsedExamples = { examples: [], lines: [], problems: [] };
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.problems.push(lineProblem(file, line, `not valid JSON (${reason})`));
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      result.problems.push(
        lineProblem(file, line, 'expected an object like {"input": "abc", "target": "cba"}'),
      );
      return;
    }
    const record = value as Record<string, unknown>;
    const bad = (['input', 'target'] as const)
      .map((key) => fieldProblem(record, key))
      .filter((m) => m !== undefined);
    if (bad.length > 0) {
      for (const message of bad) result.problems.push(lineProblem(file, line, message));
      return;
    }
    result.examples.push({ input: record.input as string, target: record.target as string });
    result.lines.push(line);
  });
  return result;
}

export function parseCsvExamples(file: string, content: string): ParsedExamples {
  const result: ParsedExamples = { examples: [], lines: [], problems: [] };
  const { records, errors } = parseCsv(content);
  const problems: { line: number; problem: PathProblem }[] = errors.map((e) => ({
    line: e.line,
    problem: lineProblem(file, e.line, e.message),
  }));
  const [header, ...rows] = records;
  if (header === undefined) {
    result.problems = problems.map((p) => p.problem);
    return result;
  }
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const inputColumn = columns.indexOf('input');
  const targetColumn = columns.indexOf('target');
  if (inputColumn < 0 || targetColumn < 0) {
    problems.push({
      line: header.line,
      problem: lineProblem(
        file,
        header.line,
        `the first line must be the header input,target (found ${JSON.stringify(header.fields.join(','))})`,
      ),
    });
  } else {
    for (const row of rows) {
      if (row.fields.length !== columns.length) {
        problems.push({
          line: row.line,
          problem: lineProblem(
            file,
            row.line,
            `expected ${columns.length} fields (${header.fields.join(',')}), found ${row.fields.length}; ` +
              'put a field that contains a comma in double quotes',
          ),
        });
        continue;
      }
      result.examples.push({
        input: row.fields[inputColumn] ?? '',
        target: row.fields[targetColumn] ?? '',
      });
      result.lines.push(row.line);
    }
  }
  // Quote errors and field-count errors come from two passes; report them in file order.
  result.problems = problems.sort((a, b) => a.line - b.line).map((p) => p.problem);
  return result;
}
