/**
 * The JSON export is the frozen document itself, so a client's tools see the
 * same numbers, types and metadata the PDF and CSV were made from, and can
 * check it against ReportDataSchema (report-schema.ts).
 */
import type { ReportData } from './types.js';
import { assertValidReport } from './validate-report.js';

export function renderJson(report: ReportData): string {
  assertValidReport(report);
  return JSON.stringify(report);
}

/** Reads a stored or uploaded document back, refusing anything the schema does not allow. */
export function parseReportJson(text: string): ReportData {
  const value: unknown = JSON.parse(text);
  assertValidReport(value);
  return value;
}
