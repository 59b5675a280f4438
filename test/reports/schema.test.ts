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

function broken(mutate: (doc: any) => void): unknown {
  const doc = asJson(sampleReport({ days: 10, posts: 3 }));
  mutate(doc);
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
    ['a missing report name', (d: any) => delete d.report_name, '/'],
    ['a number sent as a string', (d: any) => (d.summary.items[0].value = '1234567'), '/summary/items/0/value'],
    ['a missing value written as undefined instead of null', (d: any) => delete d.summary.items[3].previous, '/summary/items/3'],
    ['a date in another format', (d: any) => (d.range.start = '01/02/2023'), '/range/start'],
    ['an unknown platform', (d: any) => d.platforms.push('myspace'), '/platforms/4'],
    ['an unknown report type', (d: any) => (d.report_type = 'monthly'), '/report_type'],
    ['a brand colour that is not #RRGGBB', (d: any) => (d.brand.color = 'blue'), '/brand/color'],
    ['an unknown section kind', (d: any) => (d.sections[0].kind = 'map'), '/sections/0'],
    ['an extra property', (d: any) => (d.secret = 1), '/'],
    ['a series shorter than its x axis', (d: any) => d.sections[0].series[0].values.pop(), '/sections/0/series/0/values'],
    ['a row key that is not a column', (d: any) => (d.sections[4].rows[0].colour = 'red'), '/sections/4/rows/0/colour'],
    ['text in a number column', (d: any) => (d.sections[4].rows[0].views = '430000'), '/sections/4/rows/0/views'],
    ['a duplicate section id', (d: any) => (d.sections[1].id = d.sections[0].id), '/sections/1/id'],
    ['the reserved id "summary"', (d: any) => (d.sections[0].id = 'summary'), '/sections/0/id'],
    ['a range that ends before it starts', (d: any) => (d.range.end = '2022-01-01'), '/range'],
  ])('rejects %s', (_name, mutate, path) => {
    const doc = broken(mutate);
    expect(isValidReport(doc)).toBe(false);
    expect(findReportProblems(doc).map((p) => p.path)).toContain(path);
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
