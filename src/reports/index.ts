/**
 * Public surface of the report renderers. Builders (performance, growth, …)
 * fill a ReportData; these functions turn it into files.
 */
export type * from './types.js';
export { ReportDataSchema, REPORT_SCHEMA_VERSION, VALUE_TYPES, CHART_KINDS } from './report-schema.js';
export { REPORT_TYPES } from '../analytics/report-kinds.js';
export { assertValidReport, findReportProblems, isValidReport, InvalidReportError, type ReportProblem } from './validate-report.js';
export { renderPdf, streamPdf, type PdfOptions, type PdfPageSize } from './pdf/render-pdf.js';
export { renderCsv } from './csv/render-csv.js';
export { streamCsv, type CsvColumn } from './csv/stream-csv.js';
export type { CsvOptions } from './csv/csv-options.js';
export { renderJson, parseReportJson } from './render-json.js';
export { renderChartSvg } from './render-svg.js';
