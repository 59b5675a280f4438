/** Domain errors of reports and exports, mapped to HTTP by the one error handler (AppError). */
import { AppError } from '../errors.js';

/** 410: the report (or share link) existed but has expired or was revoked. */
export class GoneError extends AppError {
  constructor(what: string, why: string) {
    super(410, 'gone', `${what} ${why}`);
  }
}

/** 408: computing the report took longer than REPORT_TIMEOUT_MS; nothing was stored. */
export class ReportTimeoutError extends AppError {
  constructor(limitMs: number) {
    super(408, 'report_timeout', `The report took longer than ${limitMs} ms to compute and was abandoned; nothing was stored. Try a shorter range or fewer platforms.`, { limit_ms: limitMs });
  }
}

/** 413: an export over EXPORT_ROW_LIMIT rows. */
export class ExportTooLargeError extends AppError {
  constructor(limit: number) {
    super(
      413,
      'export_too_large',
      `This export has more than ${limit} rows, the limit (EXPORT_ROW_LIMIT). Narrow it: a shorter range (from/to), fewer platforms, or granularity=day instead of raw; or export the range in several parts.`,
      { limit },
    );
  }
}
