/**
 * Errors of the CSV import. All are 400s with `details.field = "file"` plus
 * where in the file the problem is, so a user can open the file and fix it.
 */
import { AppError } from '../errors.js';

export interface FilePosition {
  /** 1-based data row (the first row after the header is row 1). */
  row?: number;
  /** 1-based line in the file as uploaded (a `sep=` line and title lines count). */
  line?: number;
  /** The column as the file spells it. */
  column?: string;
}

/** The file cannot be read: not CSV, broken quoting, a missing column, a bad value. */
export class ImportFileError extends AppError {
  constructor(reason: string, position: FilePosition = {}, extra: Record<string, unknown> = {}) {
    const where = [
      position.row !== undefined ? `row ${position.row}` : undefined,
      position.line !== undefined ? `line ${position.line}` : undefined,
      position.column !== undefined ? `column "${position.column}"` : undefined,
    ].filter(Boolean);
    super(400, 'invalid_file', `file: ${where.length > 0 ? `${where.join(', ')}: ` : ''}${reason}`, { field: 'file', reason, ...position, ...extra });
  }
}

/** A value in one cell is wrong; the format module throws it, the table reader adds row and line. */
export class CellError extends Error {
  constructor(readonly column: string, readonly reason: string) {
    super(`${column}: ${reason}`);
    this.name = 'CellError';
  }
}
