/**
 * Are the downloaded files real? Checked with real readers, outside the timed
 * requests: PDF with poppler's pdfinfo, CSV with csv-parse, JSON with JSON.parse
 * (the bulk JSON export line by line: the server writes one row per line
 * between "[" and "]", so every line must parse on its own).
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

const run = promisify(execFile);

export interface FileCheck {
  ok: boolean;
  /** What was found: pages, rows, sections… */
  detail: string;
  pages?: number;
  rows?: number;
}

function fail(detail: string): FileCheck {
  return { ok: false, detail };
}

export async function checkPdf(body: Buffer, file: string, reportName: string): Promise<FileCheck> {
  if (body.subarray(0, 5).toString('latin1') !== '%PDF-') return fail(`does not start with %PDF- (${JSON.stringify(body.subarray(0, 16).toString('latin1'))})`);
  try {
    const { stdout } = await run('pdfinfo', [file]);
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(stdout)?.[1]?.trim() ?? '';
    const pages = Number(field('Pages'));
    if (!(pages > 0)) return fail(`pdfinfo: no pages\n${stdout}`);
    const { stdout: text } = await run('pdftotext', ['-f', '1', '-l', '1', file, '-']);
    if (!text.includes(reportName)) return { ok: false, detail: `${pages} pages, but page 1 does not name the report`, pages };
    return { ok: true, detail: `${pages} pages, ${field('Page size').replace(/\s*\(.*\)/, '')}`, pages };
  } catch (err) {
    return fail(`pdfinfo failed: ${(err as Error).message.slice(0, 300)}`);
  }
}

export function checkReportCsv(body: Buffer): FileCheck {
  try {
    const records = parseSync(body, { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[];
    if (records.length === 0) return fail('no rows');
    if (!('section' in records[0]!)) return fail('no section column');
    const sections = new Set(records.map((r) => r.section));
    return { ok: true, detail: `${records.length} rows, ${sections.size} sections`, rows: records.length };
  } catch (err) {
    return fail(`csv-parse: ${(err as Error).message.slice(0, 300)}`);
  }
}

export function checkReportJson(body: Buffer, type: string): FileCheck {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { report_type?: string; sections?: unknown[] };
    if (doc.report_type !== type) return fail(`report_type ${String(doc.report_type)}, expected ${type}`);
    return { ok: true, detail: `${doc.sections?.length ?? 0} sections` };
  } catch (err) {
    return fail(`JSON.parse: ${(err as Error).message.slice(0, 300)}`);
  }
}

/** The export CSV parsed with csv-parse as a stream: header as expected, every record as wide as it. */
export async function checkExportCsv(file: string, expectedHeader: string[]): Promise<FileCheck> {
  let rows = 0;
  let header: string[] | null = null;
  try {
    const parser = createReadStream(file).pipe(parse({ relax_column_count: false }));
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === null) header = record;
      else rows += 1;
    }
  } catch (err) {
    return fail(`csv-parse after ${rows} rows: ${(err as Error).message.slice(0, 300)}`);
  }
  if (!header || header.join(',') !== expectedHeader.join(',')) return fail(`header ${JSON.stringify(header)}`);
  return { ok: true, detail: `${rows} rows`, rows };
}

export async function checkExportJson(file: string, expectedKeys: string[]): Promise<FileCheck> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let rows = 0;
  let last = '';
  try {
    for await (const line of lines) {
      n += 1;
      if (n === 1) {
        if (line !== '[') return fail(`first line ${JSON.stringify(line.slice(0, 40))}`);
        continue;
      }
      if (line === ']') {
        last = line;
        continue;
      }
      if (last === ']') return fail('text after the closing ]');
      const row = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Record<string, unknown>;
      if (rows === 0 && Object.keys(row).join(',') !== expectedKeys.join(',')) return fail(`keys ${Object.keys(row).join(',')}`);
      rows += 1;
    }
  } catch (err) {
    return fail(`line ${n}: ${(err as Error).message.slice(0, 200)}`);
  }
  if (last !== ']') return fail('no closing ]');
  return { ok: true, detail: `${rows} rows`, rows };
}
