/**
 * ReportData -> one CSV document (layout in report-layout.ts, field rules in
 * csv-cell.ts, BOM and line ends in csv-options.ts). Reports are small enough
 * to build in memory; the bulk export streams instead (stream-csv.ts).
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportData } from '../types.js';
import { assertValidReport } from '../validate-report.js';
import { REPORT_CSV_DEFAULTS, stringifierSettings, type CsvOptions } from './csv-options.js';
import { reportCsvTable } from './report-layout.js';

export function renderCsv(report: ReportData, options: CsvOptions = {}): string {
  assertValidReport(report);
  const settings = { ...REPORT_CSV_DEFAULTS, ...options };
  const table = reportCsvTable(report, settings);
  return stringify([table.header, ...table.records], stringifierSettings(settings));
}
