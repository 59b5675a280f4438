/**
 * Text of an export → rows of cells, with the line each row starts on.
 * Excel-style exports may start with a `sep=,` line that names the
 * delimiter; it is read and dropped. Title lines above the header (X's
 * "Video overview", Meta's metric name) are kept as rows: format detection
 * decides which row is the header.
 */
import { parse } from 'csv-parse/sync';
import { ImportFileError } from './errors.js';

export interface RawRow {
  cells: string[];
  /** 1-based line of the file on which the row starts. */
  line: number;
}

export interface RawTable {
  rows: RawRow[];
  delimiter: string;
}

const SEP_LINE = /^sep=(.)\s*$/i;

export function readRows(text: string): RawTable {
  let body = text.replace(/^\uFEFF/, '');
  let lineOffset = 0;
  let delimiter = ',';
  const firstBreak = body.search(/\r?\n/);
  const firstLine = firstBreak < 0 ? body : body.slice(0, firstBreak);
  const sep = SEP_LINE.exec(firstLine.replace(/^"|"$/g, ''));
  if (sep) {
    delimiter = sep[1]!;
    body = firstBreak < 0 ? '' : body.slice(firstBreak).replace(/^\r?\n/, '');
    lineOffset = 1;
  } else if (!firstLine.includes(',') && (firstLine.match(/;/g)?.length ?? 0) >= 2) {
    // Some spreadsheet locales save CSV with semicolons and no sep= line.
    delimiter = ';';
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string; code?: string };
    const reason = (e.message ?? 'malformed CSV').replace(/^[^:]+:\s*/, '').replace(/ at line \d+.*$/, '');
    throw new ImportFileError(`malformed CSV (${reason})`, e.lines !== undefined ? { line: e.lines + lineOffset } : {});
  }
  const rows = records
    .map(({ record, info }) => {
      // info.lines is where the record ends; quoted cells may span lines.
      const inner = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      return { cells: record, line: info.lines - inner + lineOffset };
    })
    // A line of only delimiters or blanks is an empty line too.
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { rows, delimiter };
}
