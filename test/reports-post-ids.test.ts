/**
 * Issue 11, item 4: every per-post row of a report names its post
 * (platform, platform_post_id, url, post_id, content_id), so a reader of the
 * CSV can tell which row is which post. Reports are made through the API,
 * downloaded as CSV, read with csv-parse, and every row is looked up in
 * platform_posts. Its post_id and content_id are the public ids (UUIDs) the
 * API shows for that post, never database keys.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf, type ReportData, type TableSection } from '../src/reports/index.js';
import { isValidReport } from '../src/reports/validate-report.js';
import { sampleReport } from './reports/sample-report.js';
import { api, FROM, TO, setupReports, type ReportsFixture } from './reports-api-helpers.js';

let f: ReportsFixture;
let A: ReturnType<typeof api>;

const NAME: Record<string, string> = { youtube: 'YouTube', tiktok: 'TikTok', instagram: 'Instagram', twitter: 'X' };
/** The tables whose rows are posts, per report type. */
const POST_TABLES = { performance: ['top_content'], custom: ['content'] } as const;

interface DbPost {
  platform: string;
  platform_post_id: string;
  url: string | null;
  post_id: string;
  content_id: string;
  title: string;
  published_at: Date;
}

beforeAll(async () => {
  f = await setupReports();
  A = api(f);
  // The seeded dataset has no URLs: give every other post one, so rows with and without a URL are both checked.
  const [account] = await f.h.t.db.query<{ id: number }>("SELECT id FROM platform_accounts WHERE user_id = $1 AND platform = 'youtube'", [f.user.id]);
  const posts = f.data.batches.get('youtube')!.posts!;
  await f.h.services.ingest({
    userId: f.user.id, accountId: account!.id, source: 'test',
    posts: posts.filter((_, i) => i % 2 === 0).map((p) => ({ ...p, url: `https://www.youtube.com/watch?v=${p.platformPostId}` })),
  });
  // A YouTube id may start with '-': the CSV's formula guard prefixes it with ', as it does any text.
  await f.h.services.ingest({
    userId: f.user.id, accountId: account!.id, source: 'test',
    posts: [{ platformPostId: '-dash1', publishedAt: new Date('2026-04-20T12:00:00Z'), title: 'Dash post', mediaType: 'video', url: 'https://www.youtube.com/watch?v=-dash1' }],
    postMetrics: [{ platformPostId: '-dash1', metric: 'views', value: 5_000_000, observedAt: new Date('2026-04-21T12:00:00Z') }],
  });
});
afterAll(async () => {
  await f?.h.close();
});

async function dbPosts(): Promise<DbPost[]> {
  return f.h.t.db.query<DbPost>(
    `SELECT p.platform, p.platform_post_id, p.url, p.public_id::text AS post_id, ci.public_id::text AS content_id,
            coalesce(p.title, left(p.caption, 120)) AS title, p.published_at
     FROM platform_posts p JOIN content_items ci ON ci.id = p.content_id WHERE p.user_id = $1`,
    [f.user.id],
  );
}

describe.each(Object.keys(POST_TABLES) as (keyof typeof POST_TABLES)[])('%s report: per-post rows name their posts', (type) => {
  it('CSV rows carry platform, platform_post_id, url and content_id matching platform_posts', async () => {
    const created = await A.me.post('/api/v1/analytics/reports', {
      report_name: `Ids ${type}`, report_type: type, date_range_start: FROM, date_range_end: TO, export_format: 'csv',
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await A.me.get(`/api/v1/analytics/reports/${created.json().id}`);
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const byKey = new Map((await dbPosts()).map((p) => [`${NAME[p.platform]}|${p.platform_post_id}`, p]));
    const unescape = (v: string) => (v.startsWith("'") ? v.slice(1) : v);

    for (const id of POST_TABLES[type]) {
      const table = rows.filter((r) => r.section === id);
      expect(table.length, id).toBeGreaterThan(1);
      let withUrl = 0;
      for (const row of table) {
        const post = byKey.get(`${row.platform}|${unescape(row.platform_post_id!)}`);
        expect(post, `${id}: ${row.platform} ${row.platform_post_id}`).toBeDefined();
        // The id belongs to this row's post, not just to some post.
        expect(row.title).toBe(post!.title);
        expect(row.published_at).toBe(new Date(post!.published_at).toISOString());
        expect(row.post_id).toBe(post!.post_id);
        expect(row.content_id).toBe(post!.content_id);
        expect(row.url).toBe(post!.url ?? '');
        if (post!.url) withUrl++;
        if (post!.platform_post_id.startsWith('-')) expect(row.platform_post_id).toBe(`'${post!.platform_post_id}`);
      }
      expect(withUrl, id).toBeGreaterThan(0);
      expect(withUrl, id).toBeLessThan(table.length);
      expect(new Set(table.map((r) => `${r.platform}|${r.platform_post_id}`)).size).toBe(table.length);
      expect(table.some((r) => r.platform_post_id === "'-dash1"), id).toBe(true);
    }
  });
});

describe('CSV ids are the API ids', () => {
  it("a CSV row's post_id and content_id are the ids GET /analytics/performance shows for that post", async () => {
    const perf = await A.me.get(`/api/v1/analytics/performance?from=${FROM}&to=${TO}&limit=500`);
    expect(perf.statusCode, perf.body).toBe(200);
    const items = perf.json().items as { platform: string; platform_post_id: string; post_id: string; content_id: string }[];
    const shown = new Map(items.map((i) => [`${NAME[i.platform]}|${i.platform_post_id}`, i]));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const [type, sections] of Object.entries(POST_TABLES)) {
      const created = await A.me.post('/api/v1/analytics/reports', {
        report_name: `API ids ${type}`, report_type: type, date_range_start: FROM, date_range_end: TO, export_format: 'csv',
      });
      expect(created.statusCode, created.body).toBe(201);
      const rows = parse((await A.me.get(`/api/v1/analytics/reports/${created.json().id}`)).body, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
      const table = rows.filter((r) => (sections as readonly string[]).includes(r.section!));
      expect(table.length, type).toBeGreaterThan(1);
      for (const row of table) {
        const item = shown.get(`${row.platform}|${row.platform_post_id!.replace(/^'/, '')}`);
        expect(item, `${type}: ${row.platform} ${row.platform_post_id}`).toBeDefined();
        expect(row.post_id).toMatch(uuid);
        expect(row.content_id).toMatch(uuid);
        expect({ post_id: row.post_id, content_id: row.content_id }).toEqual({ post_id: item!.post_id, content_id: item!.content_id });
      }
    }
  });
});

describe('the PDF and old documents', () => {
  it('the PDF keeps the content table narrow and links titles to their posts', async () => {
    const created = await A.me.post('/api/v1/analytics/reports', {
      report_name: 'Ids pdf', report_type: 'performance', date_range_start: FROM, date_range_end: TO, export_format: 'json',
    });
    const report = (await A.me.get(`/api/v1/analytics/reports/${created.json().id}`)).json() as ReportData;
    const table = report.sections.find((s) => s.id === 'top_content') as TableSection;
    expect(table.columns.filter((c) => c.in_pdf !== false)).toHaveLength(8);
    const pdf = (await renderPdf(report)).toString('latin1');
    // Link annotations are uncompressed dictionaries: /URI (https://...)
    const linked = table.rows.filter((r) => typeof r.url === 'string');
    expect(linked.length).toBeGreaterThan(0);
    for (const r of linked) expect(pdf).toContain(`/URI (${r.url as string})`);
  });

  it('a document frozen before these columns existed still validates and renders', async () => {
    const old = sampleReport();
    for (const s of old.sections) {
      if (s.kind === 'table') for (const c of s.columns) expect(c.link_key === undefined && c.in_pdf === undefined).toBe(true);
    }
    expect(isValidReport(old)).toBe(true);
    expect((await renderPdf(old)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a link to a column that is not text, or a table with no PDF column, is refused', () => {
    const doc = sampleReport();
    const table = doc.sections.find((s) => s.kind === 'table') as TableSection;
    const numeric = table.columns.find((c) => c.type !== 'text')!;
    table.columns[0] = { ...table.columns[0]!, link_key: numeric.key };
    expect(isValidReport(doc)).toBe(false);
    table.columns = table.columns.map(({ link_key: _l, ...c }) => ({ ...c, in_pdf: false }));
    expect(isValidReport(doc)).toBe(false);
  });
});
