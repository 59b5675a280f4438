/**
 * ReportData -> PDF. The document is validated first: a malformed report
 * should fail here with the path of the problem, not print wrong tables.
 */
import type { Readable } from 'node:stream';
import { assertValidReport } from '../validate-report.js';
import type { ReportData } from '../types.js';
import { buildDocumentDefinition, type PdfOptions } from './document-definition.js';
import { configuredPdfMake } from './pdfmake-setup.js';

export type { PdfOptions } from './document-definition.js';
export type { PdfPageSize } from './page-geometry.js';

/** The whole PDF in memory: fine for reports, which are tens of pages at most. */
export async function renderPdf(report: ReportData, options: PdfOptions = {}): Promise<Buffer> {
  assertValidReport(report);
  return configuredPdfMake().createPdf(buildDocumentDefinition(report, options)).getBuffer();
}

/**
 * The PDF as a stream, to pipe into an HTTP response. Layout still happens up
 * front (pdfmake needs the page count for "Page X of Y"); the bytes stream out.
 */
export async function streamPdf(report: ReportData, options: PdfOptions = {}): Promise<Readable> {
  assertValidReport(report);
  const doc = await configuredPdfMake().createPdf(buildDocumentDefinition(report, options)).getStream();
  doc.end();
  return doc as unknown as Readable;
}
