/**
 * A small RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes (""). Hand-written rather than a dependency: it is short, it must
 * run in a webview too, and it reports every bad record with its line instead of stopping at the
 * first.
 */

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted line break makes a record span lines). */
  line: number;
  fields: string[];
}

export interface CsvError {
  line: number;
  message: string;
}

type FieldState = 'start' | 'unquoted' | 'quoted' | 'closed';

/** Blank lines are skipped; a leading byte-order mark is ignored. */
export function parseCsv(source: string): { records: CsvRecord[]; errors: CsvError[] } {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let state: FieldState = 'start';
  /** Set when the current record is malformed: the rest of its line is skipped. */
  let broken: string | undefined;

  const endRecord = () => {
    if (broken !== undefined) {
      errors.push({ line: recordLine, message: broken });
    } else {
      fields.push(field);
      const blank = fields.length === 1 && fields[0] === '';
      if (!blank) records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    state = 'start';
    broken = undefined;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const lineBreak = c === '\r' && text[i + 1] === '\n' ? 2 : c === '\n' || c === '\r' ? 1 : 0;
    if (state === 'quoted') {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else {
          state = 'closed';
          i++;
        }
        continue;
      }
      if (lineBreak > 0) line++;
      field += text.slice(i, i + Math.max(lineBreak, 1));
      i += Math.max(lineBreak, 1);
      continue;
    }
    if (lineBreak > 0) {
      endRecord();
      i += lineBreak;
      line++;
      recordLine = line;
      continue;
    }
    i++;
    if (broken !== undefined) continue;
    if (c === ',') {
      fields.push(field);
      field = '';
      state = 'start';
    } else if (state === 'start' && c === '"') {
      state = 'quoted';
    } else if (state === 'start' || state === 'unquoted') {
      if (c === '"') {
        broken =
          'a double quote inside an unquoted field; put the whole field in double quotes and write the quote twice ("")';
      } else {
        field += c;
        state = 'unquoted';
      }
    } else {
      broken = `unexpected ${JSON.stringify(c)} after a closing quote; a quoted field must end at a comma or the end of the line`;
    }
  }
  if (state === 'quoted') {
    errors.push({ line: recordLine, message: 'a quoted field is never closed (a " is missing)' });
  } else if (fields.length > 0 || field !== '' || broken !== undefined || state === 'closed') {
    endRecord();
  }
  return { records, errors };
}
