/**
 * The comparison report carries an ROI table once the user keeps a ledger for
 * the period, and none before: in the JSON document, in the CSV (read with
 * csv-parse) and in the PDF (read with pdftotext). The figures are worked out
 * here from the entries, not taken from the ROI endpoint.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdftotext } from './reports/poppler.js';
import { api, FROM, TO, setupReports, type ReportsFixture } from './reports-api-helpers.js';

let f: ReportsFixture;
let A: ReturnType<typeof api>;
const OUT = `/tmp/pulseboard-roi-report-${process.pid}`;

async function report(format: 'json' | 'csv' | 'pdf') {
  const created = await A.me.post('/api/v1/analytics/reports', { report_name: `ROI ${format}`, report_type: 'comparison', date_range_start: FROM, date_range_end: TO, export_format: format });
  expect(created.statusCode, created.body).toBe(201);
  const res = await A.me.get(`/api/v1/analytics/reports/${created.json().id}`);
  expect(res.statusCode).toBe(200);
  return res;
}

async function viewsOf(platform: string): Promise<number> {
  const res = await A.me.get(`/api/v1/analytics/dashboard?from=${FROM}&to=${TO}&platforms=${platform}`);
  return (res.json() as { totals: { views: number } }).totals.views;
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  f = await setupReports(23);
  A = api(f);
});
afterAll(async () => {
  await f?.h.close();
  rmSync(OUT, { recursive: true, force: true });
});

describe('comparison report: ROI', () => {
  it('has no ROI section while the ledger is empty', async () => {
    const doc = (await report('json')).json() as { sections: { id: string }[] };
    expect(doc.sections.map((s) => s.id)).not.toContain('roi');
    const csv = parse((await report('csv')).body, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(csv.some((r) => r.section === 'roi')).toBe(false);
  });

  it('JSON, CSV and PDF carry the ROI table once entries exist', async () => {
    const entries = [
      { kind: 'cost', amount: '0.10', currency: 'USD', date: '2026-04-10', category: 'ad_spend', platform: 'tiktok' },
      { kind: 'cost', amount: '0.20', currency: 'USD', date: '2026-04-11', category: 'ad_spend', platform: 'tiktok' },
      { kind: 'revenue', amount: '0.60', currency: 'USD', date: '2026-05-11', category: 'affiliate', platform: 'tiktok' },
      { kind: 'cost', amount: '400.00', currency: 'EUR', date: '2026-05-01', category: 'production', platform: 'youtube' },
      { kind: 'revenue', amount: '250.00', currency: 'EUR', date: '2026-05-20', category: 'sponsorship', platform: 'youtube' },
      { kind: 'cost', amount: '999.00', currency: 'EUR', date: '2026-06-02', category: 'production', platform: 'youtube' }, // after the period
    ];
    for (const e of entries) expect((await A.me.post('/api/v1/ledger', e)).statusCode).toBe(201);
    const tiktokViews = await viewsOf('tiktok');
    const youtubeViews = await viewsOf('youtube');
    // Worked out by hand: TikTok 0.30 USD cost, 0.60 revenue, ROI 100 %; YouTube 400 EUR cost, 250 revenue, −150 profit, ROI −37.5 %.
    const expected = [
      { platform: 'TikTok', currency: 'USD', cost: 0.3, revenue: 0.6, profit: 0.3, roi: 100, cpm: (0.3 / tiktokViews) * 1000 },
      { platform: 'YouTube', currency: 'EUR', cost: 400, revenue: 250, profit: -150, roi: -37.5, cpm: (400 / youtubeViews) * 1000 },
    ];

    const doc = (await report('json')).json() as { sections: { id: string; kind: string; rows: Record<string, number | string | null>[] }[] };
    const table = doc.sections.find((s) => s.id === 'roi')!;
    expect(table.kind).toBe('table');
    expect(table.rows.map((r) => [r.platform, r.currency, r.cost, r.revenue, r.profit, r.roi])).toEqual(expected.map((e) => [e.platform, e.currency, e.cost, e.revenue, e.profit, e.roi]));
    for (const [i, e] of expected.entries()) expect(table.rows[i]!.cost_per_1000_views).toBeCloseTo(e.cpm, 9);

    const csv = parse((await report('csv')).body, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const rows = csv.filter((r) => r.section === 'roi');
    expect(rows.map((r) => [r.platform, r.currency, Number(r.cost), Number(r.revenue), Number(r.profit), Number(r.roi), r.platform_revenue])).toEqual(
      expected.map((e) => [e.platform, e.currency, e.cost, e.revenue, e.profit, e.roi, '']),
    );
    expect(rows.find((r) => r.platform === 'YouTube')!.profit).toBe('-150'); // a number, not a "'-150" formula guard

    const pdf = await report('pdf');
    writeFileSync(`${OUT}/comparison.pdf`, pdf.rawPayload);
    const text = await pdftotext(`${OUT}/comparison.pdf`);
    expect(text).toContain('Return on investment');
    const line = (platform: string) => text.split('\n').find((l) => l.includes(platform) && (l.includes('USD') || l.includes('EUR')))!;
    expect(line('TikTok')).toMatch(/USD\s+0\.3\s+0\.6\s+0\.3\s+100\.00%/);
    expect(line('YouTube')).toMatch(/EUR\s+400\.0\s+250\.0\s+−150\.0\s+−37\.50%/);
  });

  it("another user's report has no ROI from these entries", async () => {
    const created = await A.other.post('/api/v1/analytics/reports', { report_name: 'Other', report_type: 'comparison', date_range_start: FROM, date_range_end: TO, export_format: 'json' });
    expect(created.statusCode).toBe(201);
    const doc = (await A.other.get(`/api/v1/analytics/reports/${created.json().id}`)).json() as { sections: { id: string }[] };
    expect(doc.sections.map((s) => s.id)).not.toContain('roi');
  });
});
