/**
 * ReportData -> PDF. The document is validated first: a malformed report
 * should fail here with the path of the problem, not print wrong tables.
 *
 * pdfmake and ECharts are imported on the first PDF, not at start-up: together
 * they are about 110 MB of a resting server's memory (bench/reports.ts, "resting
 * RSS"), and most processes — workers, API servers that only stream exports —
 * never draw one. The first PDF pays the load once (a few hundred ms).
 */
import type { Readable } from 'node:stream';
import { assertValidReport } from '../validate-report.js';
import type { ReportData } from '../types.js';
import type { PdfOptions } from './document-definition.js';

export type { PdfOptions } from './document-definition.js';
export type { PdfPageSize } from './page-geometry.js';

const engine = () => import('./pdf-engine.js');

/** The whole PDF in memory: fine for reports, which are tens of pages at most. */
export async function renderPdf(report: ReportData, options: PdfOptions = {}): Promise<Buffer> {
  assertValidReport(report);
  return (await engine()).pdfBuffer(report, options);
}

/**
 * The PDF as a stream, to pipe into an HTTP response. Layout still happens up
 * front (pdfmake needs the page count for "Page X of Y"); the bytes stream out.
 */
export async function streamPdf(report: ReportData, options: PdfOptions = {}): Promise<Readable> {
  assertValidReport(report);
  return (await engine()).pdfStream(report, options);
}
