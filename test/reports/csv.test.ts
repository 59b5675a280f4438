import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/reports/csv/render-csv.js';
import type { TableSection } from '../../src/reports/types.js';
import { TRICKY_TITLE, sampleReport } from './sample-report.js';

type Row = Record<string, string>;

function parseReportCsv(csv: string): Row[] {
  return parse(csv, { bom: true, columns: true, relax_column_count: false }) as Row[];
}

function table(id: string): TableSection {
  const section = sampleReport().sections.find((s) => s.id === id);
  if (section?.kind !== 'table') throw new Error(`no table ${id}`);
  return section;
}

describe('report CSV', () => {
  const report = sampleReport();
  const csv = renderCsv(report);
  const rows = parseReportCsv(csv);
  const bySection = (id: string) => rows.filter((r) => r.section === id);

  it('is UTF-8 with a BOM, CRLF line ends and one header row', () => {
    expect(csv.startsWith('\uFEFFsection,metric,label,value,previous,change,change_pct,sources,')).toBe(true);
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFsection,/);
    expect(csv.match(/^\uFEFF?section,/gm)).toHaveLength(1);
    expect(renderCsv(report, { bom: false }).startsWith('section,')).toBe(true);
  });

  it('has one row per summary figure, table row and chart point, tagged by section', () => {
    const counts = Object.fromEntries(
      ['summary', 'views_trend', 'engagement_breakdown', 'engagement_rate_by_platform', 'platform_highlights', 'platform_totals', 'content_performance', 'daily_trend'].map(
        (id) => [id, bySection(id).length],
      ),
    );
    expect(counts).toEqual({
      summary: 6,
      views_trend: 4 * 730,
      engagement_breakdown: 16,
      engagement_rate_by_platform: 8,
      platform_highlights: 3,
      platform_totals: 4,
      content_performance: 120,
      daily_trend: 31,
    });
    expect(rows).toHaveLength(6 + 2920 + 16 + 8 + 3 + 4 + 120 + 31);
  });

  it('writes summary values as given: negative changes signed, nulls empty', () => {
    const summary = Object.fromEntries(bySection('summary').map((r) => [r.metric, r]));
    expect(summary.views).toMatchObject({ value: '1234567', previous: '1000000', change: '234567', change_pct: '23.46', sources: 'youtube tiktok instagram twitter' });
    expect(summary.engagement).toMatchObject({ change: '-4790', change_pct: '-9.58' });
    expect(summary.engagement_rate).toMatchObject({ value: '3.66', change: '-1.34', change_pct: '' });
    expect(summary.followers).toMatchObject({ value: '98765', previous: '', change: '' });
    expect(summary.clicks).toMatchObject({ value: '', previous: '', change: '', change_pct: '' });
  });

  it('gives back every table value it was given (numbers plain, null empty, ISO dates)', () => {
    for (const id of ['platform_totals', 'content_performance', 'daily_trend']) {
      const section = table(id);
      const parsed = bySection(id);
      section.rows.forEach((row, i) => {
        for (const column of section.columns) {
          const cell = parsed[i]![column.key];
          const value = row[column.key];
          if (value === null || value === undefined) expect(cell, `${id}[${i}].${column.key}`).toBe('');
          else if (typeof value === 'number') expect(Number(cell), `${id}[${i}].${column.key}`).toBe(value);
          else expect(cell, `${id}[${i}].${column.key}`).toBe(value);
        }
      });
    }
    const numericCells = rows.flatMap((r) => [r.views, r.value, r.followers]).filter((c) => c !== undefined && c !== '');
    expect(numericCells.every((c) => /^-?\d+(\.\d+)?$/.test(c!))).toBe(true);
    expect(bySection('content_performance')[0]!.published_at).toBe('2023-01-01T14:30:00.000Z');
  });

  it('keeps a title with quotes, commas, a newline and non-Latin text intact', () => {
    expect(bySection('content_performance')[0]!.title).toBe(TRICKY_TITLE);
  });

  it('writes chart series in long form with gaps left empty', () => {
    const tiktok = bySection('views_trend').filter((r) => r.series === 'tiktok');
    expect(tiktok).toHaveLength(730);
    expect(tiktok[0]!.date).toBe('2023-01-01');
    expect(tiktok[0]!.value).toBe('');
    const youtubeSaves = bySection('engagement_breakdown').find((r) => r.series === 'saves' && r.category === 'youtube');
    expect(youtubeSaves!.value).toBe('');
  });

  it('defuses text that a spreadsheet would run as a formula, unless asked not to', () => {
    const report = sampleReport({ posts: 2 });
    const posts = report.sections.find((s) => s.id === 'content_performance') as TableSection;
    posts.rows[1]!.title = '=HYPERLINK("http://evil.example","click")';
    const safe = parseReportCsv(renderCsv(report)).filter((r) => r.section === 'content_performance');
    expect(safe[1]!.title).toBe(`'=HYPERLINK("http://evil.example","click")`);
    const raw = parseReportCsv(renderCsv(report, { escapeFormulas: false })).filter((r) => r.section === 'content_performance');
    expect(raw[1]!.title).toBe('=HYPERLINK("http://evil.example","click")');
  });
});

describe('ids in the report CSV', () => {
  const POST = '7f1c2a9e-3b4d-4c5e-8f60-1a2b3c4d5e6f';
  function withIdColumn(type: 'uuid' | 'int', value: string | number) {
    const report = sampleReport({ days: 3, posts: 2 });
    const section = report.sections.find((s) => s.kind === 'table') as TableSection;
    section.columns.push({ key: 'post_id', label: 'Post', type, in_pdf: false });
    for (const row of section.rows) row.post_id = value;
    return { report, id: section.id, n: section.rows.length };
  }

  it('writes a uuid column as the UUIDs, and refuses anything else there', () => {
    const { report, id, n } = withIdColumn('uuid', POST);
    const ids = parseReportCsv(renderCsv(report)).filter((r) => r.section === id).map((r) => r.post_id);
    expect(ids).toEqual(Array(n).fill(POST));
    expect(() => renderCsv(withIdColumn('uuid', 42).report)).toThrow();
  });

  it('a report stored before public ids keeps the ids it holds (int columns stay numbers)', () => {
    const { report, id, n } = withIdColumn('int', 17);
    expect(parseReportCsv(renderCsv(report)).filter((r) => r.section === id).map((r) => r.post_id)).toEqual(Array(n).fill('17'));
  });
});
