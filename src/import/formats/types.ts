/**
 * The registry's contract: one module per export format, each with the header
 * it is recognised by, a detect() over the header row and a map() from rows to
 * the common observation model (ingest/observations.ts).
 */
import type { Platform } from '../../analytics/catalog.js';
import type {
  AccountDailyObservation,
  AccountMetricObservation,
  PostMetricObservation,
  PostObservation,
} from '../../ingest/observations.js';
import { CellError, ImportFileError } from '../errors.js';

export interface ImportContext {
  /** The uploader's IANA zone: wall-clock times without a zone are read in it. */
  timezone: string;
  /** When lifetime counters were observed (see import.ts for the rule). */
  observedAt: Date;
  /** The calendar day of `observedAt` in `timezone`, for year-less dates. */
  today: string;
  /** The `year` form field for year-less dates, when given. */
  year: number | null;
}

const normalize = (name: string): string => name.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();

/** The header row: names as the file spells them, looked up case- and space-insensitively. */
export class Header {
  private readonly index = new Map<string, number>();
  private readonly used = new Set<number>();

  constructor(readonly names: string[]) {
    names.forEach((n, i) => {
      const k = normalize(n);
      if (k !== '' && !this.index.has(k)) this.index.set(k, i);
    });
  }

  /** Index of the first alias present. */
  find(aliases: readonly string[]): number | undefined {
    for (const a of aliases) {
      const i = this.index.get(normalize(a));
      if (i !== undefined) return i;
    }
    return undefined;
  }

  has(...aliases: string[]): boolean {
    return this.find(aliases) !== undefined;
  }

  markUsed(i: number): void {
    this.used.add(i);
  }

  /** Names of non-empty header cells no column spec claimed. */
  unused(): string[] {
    return this.names.filter((n, i) => normalize(n) !== '' && !this.used.has(i));
  }
}

/** Column specs of a format: a key → the names it goes by (English first, then localized). */
export type ColumnSpec = Record<string, readonly string[]>;

export interface DataRow {
  cells: string[];
  /** 1-based data row number (row 1 follows the header). */
  row: number;
  /** 1-based line in the uploaded file. */
  line: number;
}

export interface ImportTable {
  /** Lines above the header (X's "Video overview", Meta's metric title). */
  titleLines: string[];
  header: Header;
  headerLine: number;
  rows: DataRow[];
}

/** Columns of one format bound to a header: read a cell by key, name a column as the file does. */
export class Columns<K extends string> {
  private readonly at = new Map<K, number>();

  constructor(private readonly header: Header, spec: Record<K, readonly string[]>, private readonly labels: Record<K, readonly string[]> = spec) {
    for (const key of Object.keys(spec) as K[]) {
      const i = header.find(spec[key]);
      if (i !== undefined) {
        this.at.set(key, i);
        header.markUsed(i);
      }
    }
  }

  has(key: K): boolean {
    return this.at.has(key);
  }

  /** The column's name as the file spells it (or its English name when absent). */
  name(key: K): string {
    const i = this.at.get(key);
    return i === undefined ? this.labels[key][0]! : this.header.names[i]!;
  }

  cell(row: DataRow, key: K): string | undefined {
    const i = this.at.get(key);
    return i === undefined ? undefined : row.cells[i];
  }

  /** Throws the 400 that names the first required column the file does not have. */
  require(...keys: K[]): void {
    for (const key of keys) {
      if (!this.at.has(key)) {
        throw new ImportFileError(`required column "${this.labels[key][0]}" is missing (header: ${this.header.names.join(', ')})`, { column: this.labels[key][0] });
      }
    }
  }
}

export interface AccountHint {
  externalId?: string;
  handle?: string;
  displayName?: string;
}

/** A data row not imported, where it is in the file, and why. */
export interface SkippedRow {
  row: number;
  line: number;
  /** The post the row is about, when the row names one. */
  platform_post_id: string | null;
  reason: string;
}

/**
 * A post whose row leaves the publish time empty (YouTube Studio does for
 * private and unlisted videos). Its counters are imported when the account
 * already has the post (the stored publish time stays); otherwise the row is
 * skipped with `why`: a post is never stored with an invented publish time.
 */
export interface UndatedPost {
  row: number;
  line: number;
  platformPostId: string;
  metrics: PostMetricObservation[];
  /** Why the file has no publish time for it, for the skip reason. */
  why: string;
}

export interface MappedImport {
  posts: PostObservation[];
  postMetrics: PostMetricObservation[];
  undated: UndatedPost[];
  accountMetrics: AccountMetricObservation[];
  accountDaily: AccountDailyObservation[];
  skipped: SkippedRow[];
  ignoredColumns: { column: string; reason: string }[];
  account: AccountHint;
}

export interface ImportFormat {
  /** Also the snapshot source: `import:<id>`. */
  id: string;
  platform: Platform;
  label: string;
  /** The header as documented, for the "expected one of" message. */
  header: readonly string[];
  detect(header: Header, titleLines: string[]): boolean;
  map(table: ImportTable, ctx: ImportContext): MappedImport;
}

/** Runs `fn` per data row; a CellError becomes the 400 that names row, line and column. */
export function eachRow(table: ImportTable, fn: (row: DataRow) => void): void {
  for (const row of table.rows) {
    try {
      fn(row);
    } catch (err) {
      if (err instanceof CellError) throw new ImportFileError(err.reason, { row: row.row, line: row.line, column: err.column });
      throw err;
    }
  }
}
