import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { ReportDataSchema } from '../../src/reports/report-schema.js';
import type { ReportData } from '../../src/reports/types.js';
import { findReportProblems, isValidReport } from '../../src/reports/validate-report.js';
import { sampleReport } from './sample-report.js';

/** A deep copy as it comes back from storage or from a client: plain JSON. */
function asJson(report: ReportData): Record<string, unknown> {
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
}

const REMOVE = Symbol('remove');

/** The sample as plain JSON with one value replaced (or removed) at a JSON-pointer-like path. */
function broken(pointer: string, value: unknown): unknown {
  const doc: unknown = asJson(sampleReport({ days: 10, posts: 3 }));
  const keys = pointer.split('/').slice(1);
  const last = keys.pop()!;
  const parent = keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc) as Record<string, unknown> | unknown[];
  if (Array.isArray(parent) && value === REMOVE) parent.splice(Number(last), 1);
  else if (value === REMOVE) delete (parent as Record<string, unknown>)[last];
  else (parent as Record<string, unknown>)[last] = value;
  return doc;
}

describe('ReportData JSON schema', () => {
  it('accepts the sample report after a JSON round trip', () => {
    const doc = asJson(sampleReport());
    expect(Compile(ReportDataSchema).Check(doc)).toBe(true);
    expect(findReportProblems(doc)).toEqual([]);
  });

  it('is a plain JSON Schema document with an $id', () => {
    const schema = JSON.parse(JSON.stringify(ReportDataSchema)) as Record<string, unknown>;
    expect(schema.$id).toMatch(/report-data-v1/);
    expect(schema.type).toBe('object');
    expect(schema.required).toContain('generated_at');
  });

  it.each([
    ['a missing report name', '/report_name', REMOVE, '/'],
    ['a number sent as a string', '/summary/items/0/value', '1234567', '/summary/items/0/value'],
    ['a missing value left out instead of null', '/summary/items/3/previous', REMOVE, '/summary/items/3'],
    ['a date in another format', '/range/start', '01/02/2023', '/range/start'],
    ['an unknown platform', '/platforms/4', 'myspace', '/platforms/4'],
    ['an unknown report type', '/report_type', 'monthly', '/report_type'],
    ['a brand colour that is not #RRGGBB', '/brand/color', 'blue', '/brand/color'],
    ['an unknown section kind', '/sections/0/kind', 'map', '/sections/0'],
    ['an extra property', '/secret', 1, '/'],
    ['a series shorter than its x axis', '/sections/0/series/0/values/9', REMOVE, '/sections/0/series/0/values'],
    ['a row key that is not a column', '/sections/4/rows/0/colour', 'red', '/sections/4/rows/0/colour'],
    ['text in a number column', '/sections/4/rows/0/views', '430000', '/sections/4/rows/0/views'],
    ['a duplicate section id', '/sections/1/id', 'views_trend', '/sections/1/id'],
    ['the reserved id "summary"', '/sections/0/id', 'summary', '/sections/0/id'],
    ['a range that ends before it starts', '/range/end', '2022-01-01', '/range'],
  ])('rejects %s', (_name, pointer, value, problemPath) => {
    const doc = broken(pointer, value);
    expect(isValidReport(doc)).toBe(false);
    expect(findReportProblems(doc).map((p) => p.path)).toContain(problemPath);
  });
});

describe('JSON export', () => {
  it('round-trips through renderJson and parseReportJson unchanged', async () => {
    const { renderJson, parseReportJson } = await import('../../src/reports/index.js');
    const report = sampleReport({ days: 30, posts: 5 });
    expect(parseReportJson(renderJson(report))).toEqual(report);
  });

  it('refuses to read back a document the schema does not allow', async () => {
    const { parseReportJson, InvalidReportError } = await import('../../src/reports/index.js');
    const text = JSON.stringify({ ...sampleReport({ days: 3, posts: 1 }), schema_version: 2 });
    expect(() => parseReportJson(text)).toThrow(InvalidReportError);
  });
});

describe('ids in tables', () => {
  const POST = '7f1c2a9e-3b4d-4c5e-8f60-1a2b3c4d5e6f';
  /** The sample with an id column of this type in its first table, every row holding `value`. */
  function withIdColumn(type: 'uuid' | 'int', value: string | number): Record<string, unknown> {
    const doc = asJson(sampleReport({ days: 3, posts: 2 })) as unknown as ReportData;
    const table = doc.sections.find((s) => s.kind === 'table')!;
    if (table.kind !== 'table') throw new Error('no table');
    table.columns.push({ key: 'content_id', label: 'Content ID', type, in_pdf: false });
    for (const row of table.rows) row.content_id = value;
    return doc as unknown as Record<string, unknown>;
  }

  it('a uuid column holds public ids (UUIDs): a number or any other text is refused', () => {
    expect(findReportProblems(withIdColumn('uuid', POST))).toEqual([]);
    for (const bad of [42, '42', 'not-a-uuid', POST.toUpperCase()]) {
      const problems = findReportProblems(withIdColumn('uuid', bad));
      expect(problems.length, String(bad)).toBeGreaterThan(0);
      expect(problems[0]!.path).toMatch(/\/rows\/0\/content_id$/);
    }
  });

  it('a document stored before public ids, with its ids as int columns, stays valid as it is', () => {
    expect(findReportProblems(withIdColumn('int', 17))).toEqual([]);
  });
});
