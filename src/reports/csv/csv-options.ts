/**
 * Output choices shared by the report CSV and the streaming export.
 *
 * Line ends are CRLF, as RFC 4180 specifies. Encoding is UTF-8.
 *
 * BOM: Excel only reads a CSV as UTF-8 when it starts with a byte-order mark;
 * without one, "café" opens as "cafÃ©". Scripts and databases, on the other
 * hand, may read the BOM as part of the first header. So the report CSV (made
 * for people and spreadsheets) has a BOM by default, the bulk export (made for
 * tools) has none by default; both can be switched.
 */
export interface CsvOptions {
  /** Start with U+FEFF so Excel detects UTF-8. */
  bom?: boolean;
  /** Prefix text that starts like a formula with ' (see csv-cell.ts). */
  escapeFormulas?: boolean;
}

export const REPORT_CSV_DEFAULTS: Required<CsvOptions> = { bom: true, escapeFormulas: true };
export const EXPORT_CSV_DEFAULTS: Required<CsvOptions> = { bom: false, escapeFormulas: false };

/** csv-stringify settings for RFC 4180 output. */
export function stringifierSettings(options: Required<CsvOptions>) {
  return { bom: options.bom, record_delimiter: 'windows', quote: '"', escape: '"', delimiter: ',' } as const;
}
