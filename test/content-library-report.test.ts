/**
 * Performance reports grouped by content (filters.group = content): the top
 * table ranks content items with the numbers the performance view grouped by
 * content gives, which are checked against sums over the stored posts; the
 * CSV names each item's posts; JSON, CSV and PDF render; the filter is
 * refused where it means nothing; documents without it are unchanged.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportData, TableSection } from '../src/reports/index.js';
import { isValidReport } from '../src/reports/validate-report.js';
import { api, expect400, FROM, TO, TZ, setupReports, type ReportsFixture } from './reports-api-helpers.js';

let f: ReportsFixture;
let A: ReturnType<typeof api>;

beforeAll(async () => {
  f = await setupReports(23);
  A = api(f);
  // Link the i-th post of every platform into one item, for a few i.
  // The API takes the posts' public ids.
  const rows = await f.h.t.db.query<{ id: string; platform: string }>('SELECT public_id::text AS id, platform FROM platform_posts WHERE user_id = $1 ORDER BY id', [f.user.id]);
  const byPlatform = new Map<string, string[]>();
  for (const r of rows) byPlatform.set(r.platform, [...(byPlatform.get(r.platform) ?? []), r.id]);
  for (let i = 0; i < 4; i++) {
    const res = await A.me.post('/api/v1/content', { post_ids: [...byPlatform.values()].map((ids) => ids[i]!), title: `Series ${i}` });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await f?.h.close();
});

async function makeReport(format: 'json' | 'csv' | 'pdf', filters?: object) {
  const created = await A.me.post('/api/v1/analytics/reports', {
    report_name: `By content ${format}`, report_type: 'performance', date_range_start: FROM, date_range_end: TO, time_zone: TZ, export_format: format, ...(filters ? { filters } : {}),
  });
  expect(created.statusCode, created.body).toBe(201);
  return A.me.get(`/api/v1/analytics/reports/${created.json().id}`);
}

/** Lifetime views of an item's posts published in the report's window, summed straight from the store (the item by its public id). */
async function storedViews(contentId: string): Promise<number | null> {
  const [row] = await f.h.t.db.query<{ views: number | null }>(
    `SELECT sum(c.views) AS views FROM platform_posts p JOIN content_performance c ON c.user_id = p.user_id AND c.post_id = p.id
     JOIN content_items ci ON ci.id = p.content_id
     WHERE p.user_id = $1 AND ci.public_id = $2::uuid
       AND (p.published_at AT TIME ZONE $3)::date BETWEEN $4::date AND $5::date`,
    [f.user.id, contentId, TZ, FROM, TO],
  );
  return row?.views ?? null;
}

describe('performance report grouped by content', () => {
  it('ranks content items with the grouped view\'s numbers, which are the sums of their posts', async () => {
    const res = await makeReport('json', { group: 'content' });
    expect(res.statusCode).toBe(200);
    const report = res.json() as ReportData;
    expect(isValidReport(report)).toBe(true);
    expect(report.sections.some((s) => s.id === 'top_content')).toBe(false);
    const table = report.sections.find((s) => s.id === 'top_content_items') as TableSection;
    const view = (await A.me.get(`/api/v1/analytics/performance?from=${FROM}&to=${TO}&tz=${encodeURIComponent(TZ)}&group=content&sort=performance_score&limit=25`)).json();
    expect(table.columns.find((c) => c.key === 'content_id')?.type).toBe('uuid');
    expect(table.rows.map((r) => r.content_id)).toEqual(view.content_items.map((g: { id: string }) => g.id));
    expect(table.rows.some((r) => (r.posts as number) > 1)).toBe(true);
    for (const [i, row] of table.rows.entries()) {
      const g = view.content_items[i];
      expect(row).toMatchObject({ posts: g.post_count, views: g.combined.views, engagement: g.combined.engagement, engagement_rate: g.combined.engagement_rate, performance_score: g.combined.performance_score });
      expect(row.views).toBe(await storedViews(row.content_id as string));
    }
    // The summary of published content is the same with or without grouping.
    const plain = (await makeReport('json')).json() as ReportData;
    const kpis = (r: ReportData) => r.sections.find((s) => s.id === 'published_content');
    expect(kpis(report)).toEqual(kpis(plain));
    expect(plain.sections.some((s) => s.id === 'top_content')).toBe(true);
  });

  it('names each item\'s posts in the CSV, and renders as PDF', async () => {
    const csv = await makeReport('csv', { group: 'content' });
    expect(csv.statusCode).toBe(200);
    const rows = (parse(csv.body, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[]).filter((r) => r.section === 'top_content_items');
    expect(rows.length).toBeGreaterThan(1);
    const posts = await f.h.t.db.query<{ content_id: string; platform_post_id: string }>(
      'SELECT ci.public_id::text AS content_id, p.platform_post_id FROM platform_posts p JOIN content_items ci ON ci.id = p.content_id WHERE p.user_id = $1',
      [f.user.id],
    );
    for (const row of rows) {
      const named = row.platform_posts!.split('; ').map((s) => s.slice(s.indexOf(' ') + 1));
      expect(named).toHaveLength(Number(row.posts));
      for (const id of named) expect(posts.find((p) => p.platform_post_id === id)?.content_id, id).toBe(row.content_id);
    }
    const pdf = await makeReport('pdf', { group: 'content' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses the filter on other report types and unknown groupings, naming it', async () => {
    expect400(await A.me.post('/api/v1/analytics/reports', { report_name: 'x', report_type: 'growth', date_range_start: FROM, date_range_end: TO, export_format: 'json', filters: { group: 'content' } }), 'filters.group');
    expect400(await A.me.post('/api/v1/analytics/reports', { report_name: 'x', report_type: 'performance', date_range_start: FROM, date_range_end: TO, export_format: 'json', filters: { group: 'account' } }), 'filters.group');
  });

  it('keeps the filter as applied in the stored record', async () => {
    const created = await A.me.post('/api/v1/analytics/reports', { report_name: 'kept', report_type: 'performance', date_range_start: FROM, date_range_end: TO, export_format: 'json', filters: { group: 'content' } });
    expect(created.json().filters).toEqual({ group: 'content' });
  });
});
