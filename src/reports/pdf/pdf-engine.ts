/**
 * The PDF engine: pdfmake laying out the document definition, with the
 * charts drawn by ECharts. Loaded by render-pdf.ts on the first PDF only.
 * Documents arrive validated.
 */
import type { Readable } from 'node:stream';
import type { ReportData } from '../types.js';
import { buildDocumentDefinition, type PdfOptions } from './document-definition.js';
import { configuredPdfMake } from './pdfmake-setup.js';

export async function pdfBuffer(report: ReportData, options: PdfOptions): Promise<Buffer> {
  return configuredPdfMake().createPdf(buildDocumentDefinition(report, options)).getBuffer();
}

export async function pdfStream(report: ReportData, options: PdfOptions): Promise<Readable> {
  const doc = await configuredPdfMake().createPdf(buildDocumentDefinition(report, options)).getStream();
  doc.end();
  return doc as unknown as Readable;
}
