/**
 * A stored report as a file: its frozen document rendered in the asked format,
 * with the Content-Type and a download file name. Rendering happens on every
 * download from the same document, so every format shows the same numbers.
 */
import { parseExportFormat } from '../request.js';
import { renderCsv } from '../csv/render-csv.js';
import { renderJson } from '../render-json.js';
import { renderPdf, type PdfPageSize } from '../pdf/render-pdf.js';
import { assertValidReport } from '../validate-report.js';
import { ValidationError } from '../../errors.js';
import type { ExportFormat } from '../../analytics/report-kinds.js';

export interface ReportFile {
  body: Buffer | string;
  contentType: string;
  fileName: string;
  contentDisposition: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  pdf: 'application/pdf',
};

export interface FileQuery {
  format?: string;
  page_size?: string;
}

export function parsePageSize(raw: string | undefined): PdfPageSize {
  if (raw === undefined || raw === '') return 'A4';
  const size = raw.toUpperCase();
  if (size !== 'A4' && size !== 'LETTER') throw new ValidationError('page_size', 'must be A4 or LETTER');
  return size;
}

/** "Acme Q4 — Review!" → "acme-q4-review": a file name every OS and mail client keeps intact. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'report';
}

export function reportFileName(name: string, range: { start: string; end: string }, format: ExportFormat): string {
  return `${fileSlug(name)}-${range.start}-to-${range.end}.${format}`;
}

export function contentDisposition(name: string, range: { start: string; end: string }, format: ExportFormat, disposition = 'attachment'): string {
  return `${disposition}; filename="${reportFileName(name, range, format)}"`;
}

/** Renders the stored document; `query.format` overrides the report's own format. */
export async function reportFile(data: unknown, storedFormat: string, query: FileQuery): Promise<ReportFile> {
  const format = parseExportFormat(query.format, 'format', storedFormat as ExportFormat);
  const pageSize = parsePageSize(query.page_size);
  assertValidReport(data);
  const named = { contentType: CONTENT_TYPES[format], fileName: reportFileName(data.report_name, data.range, format), contentDisposition: contentDisposition(data.report_name, data.range, format) };
  switch (format) {
    case 'json':
      return { body: renderJson(data), ...named };
    case 'csv':
      return { body: renderCsv(data), ...named };
    case 'pdf':
      return { body: await renderPdf(data, { pageSize }), ...named };
  }
}
