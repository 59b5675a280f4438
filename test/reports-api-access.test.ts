/**
 * The reports API's edges: isolation between users (403, nothing leaks),
 * expiry (410) and retention, share links (no login; 410 after revoke or
 * expiry; 404 for unknown tokens), 400s naming the field, 408 with nothing
 * stored, 413 over the export limit, the streaming export against a SQL
 * count, and scheduled runs calling a real local webhook.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorRows } from '../src/db/repositories/bulk-export.js';
import { deleteExpiredReports } from '../src/reports/retention.js';
import { runDueSchedules } from '../src/reports/schedules/run-due.js';
import { keyOf, UNKNOWN_ID } from './helpers/ids.js';
import { api, expect400, FROM, TO, TZ, setupReports, type ReportsFixture } from './reports-api-helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let f: ReportsFixture;
let A: ReturnType<typeof api>;

beforeAll(async () => {
  f = await setupReports(23);
  A = api(f);
});
afterAll(async () => {
  await f?.h.close();
});

const body = (over: object = {}) => ({
  report_name: 'Secret Client Q2',
  report_type: 'performance',
  date_range_start: FROM,
  date_range_end: TO,
  platforms: ['youtube', 'instagram'],
  export_format: 'pdf',
  ...over,
});

async function createReport(over: object = {}) {
  const res = await A.me.post('/api/v1/analytics/reports', body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; download_url: string; expires_at: string };
}

async function reportCount(): Promise<number> {
  const [row] = await f.h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM analytics_reports WHERE user_id = $1', [f.user.id]);
  return row!.n;
}

describe('isolation', () => {
  it("another user's report is 404 on every route, the same answer as an unknown id, and nothing of it leaks", async () => {
    const r = await createReport();
    const unknown = UNKNOWN_ID;
    const routes = (id: string) => [
      () => A.other.get(`/api/v1/analytics/reports/${id}`),
      () => A.other.get(`/api/v1/analytics/reports/${id}?format=json`),
      () => A.other.del(`/api/v1/analytics/reports/${id}`),
      () => A.other.post(`/api/v1/analytics/reports/${id}/share`),
      () => A.other.del(`/api/v1/analytics/reports/${id}/share`),
    ];
    const unknownAnswers = routes(unknown);
    for (const [i, call] of routes(r.id).entries()) {
      const res = await call();
      const missing = await unknownAnswers[i]!();
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(missing.body);
      expect(res.body).not.toMatch(/Secret|Client|youtube|2026/);
    }
    const list = await A.other.get('/api/v1/analytics/reports');
    expect(list.json()).toEqual({ items: [], next_cursor: null });
    expect((await A.me.get(`/api/v1/analytics/reports/${r.id}`)).statusCode).toBe(200);
    expect((await A.anon.get(`/api/v1/analytics/reports/${r.id}`)).statusCode).toBe(401);
  });

  it('unknown well-formed UUIDs are 404, malformed ids (an integer key too) 400 naming the field', async () => {
    const r = await createReport({ export_format: 'json' });
    for (const res of [await A.me.get(`/api/v1/analytics/reports/${UNKNOWN_ID}`), await A.me.del(`/api/v1/analytics/reports/${UNKNOWN_ID}`)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'not_found', details: { field: 'id' } });
    }
    const key = await keyOf(f.h.t.db, 'report', r.id);
    for (const bad of ['abc', String(key), '999999']) {
      const res = await A.me.get(`/api/v1/analytics/reports/${bad}`);
      expect400(res, 'id');
      expect(res.json().error.message).toMatch(/uuid/);
    }
  });
});

describe('list and delete', () => {
  it('lists newest first with limit/cursor, and DELETE answers 204 then 404', async () => {
    const made = [await createReport({ report_name: 'L1' }), await createReport({ report_name: 'L2' }), await createReport({ report_name: 'L3' })];
    const first = (await A.me.get('/api/v1/analytics/reports?limit=2')).json();
    expect(first.items.map((i: { report_name: string }) => i.report_name)).toEqual(['L3', 'L2']);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await A.me.get(`/api/v1/analytics/reports?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second.items[0].report_name).toBe('L1');
    expect400(await A.me.get('/api/v1/analytics/reports?cursor=nonsense'), 'cursor');
    expect400(await A.me.get('/api/v1/analytics/reports?limit=0'), 'limit');
    const del = await A.me.del(`/api/v1/analytics/reports/${made[0]!.id}`);
    expect(del.statusCode).toBe(204);
    expect((await A.me.get(`/api/v1/analytics/reports/${made[0]!.id}`)).statusCode).toBe(404);
  });
});

describe('expiry and retention', () => {
  it('an expired report is 410 until retention deletes it (with its share links), then 404', async () => {
    const r = await createReport({ export_format: 'json' });
    const key = await keyOf(f.h.t.db, 'report', r.id);
    const share = (await A.me.post(`/api/v1/analytics/reports/${r.id}/share`)).json();
    const keep = await createReport({ export_format: 'json', report_name: 'Still fresh' });
    await f.h.t.db.query("UPDATE analytics_reports SET expires_at = now() - interval '1 minute' WHERE public_id = $1", [r.id]);
    const gone = await A.me.get(`/api/v1/analytics/reports/${r.id}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe('gone');
    expect((await A.anon.get(share.url)).statusCode).toBe(410);
    const listed = (await A.me.get('/api/v1/analytics/reports?limit=100')).json().items.find((i: { id: string }) => i.id === r.id);
    expect(listed.status).toBe('expired');
    expect(await deleteExpiredReports(f.h.t.db, new Date())).toBe(1);
    expect((await A.me.get(`/api/v1/analytics/reports/${r.id}`)).statusCode).toBe(404);
    expect((await A.me.get(`/api/v1/analytics/reports/${keep.id}`)).statusCode).toBe(200);
    const shares = await f.h.t.db.query('SELECT 1 FROM report_shares WHERE report_id = $1', [key]);
    expect(shares).toHaveLength(0);
    expect((await A.anon.get(share.url)).statusCode).toBe(404);
  });
});

describe('share links', () => {
  it('work without login, stop with 410 after revoke or expiry, and unknown tokens are 404', async () => {
    const r = await createReport({ export_format: 'csv' });
    const res = await A.me.post(`/api/v1/analytics/reports/${r.id}/share`, { expires_in_hours: 48 });
    expect(res.statusCode).toBe(201);
    const share = res.json();
    expect(share.url).toMatch(/^\/api\/v1\/shared\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(share.expires_at) - Date.parse(share.created_at)).toBeCloseTo(48 * 3_600_000, -4);
    expect(share.report_id).toBe(r.id);
    const stored = await f.h.t.db.query<{ token_hash: string }>('SELECT token_hash FROM report_shares WHERE public_id = $1', [share.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(share.token);

    const open = await A.anon.get(share.url);
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-type']).toMatch(/^text\/csv/);
    expect(open.body).toBe((await A.me.get(`/api/v1/analytics/reports/${r.id}`)).body);
    const asPdf = await A.anon.get(`${share.url}?format=pdf`);
    expect(asPdf.headers['content-type']).toBe('application/pdf');

    expect((await A.me.del(`/api/v1/analytics/reports/${r.id}/share`)).statusCode).toBe(204);
    const revoked = await A.anon.get(share.url);
    expect(revoked.statusCode).toBe(410);
    expect(revoked.json().error.message).toMatch(/revoked/);
    // The report itself is untouched.
    expect((await A.me.get(`/api/v1/analytics/reports/${r.id}`)).statusCode).toBe(200);

    const second = (await A.me.post(`/api/v1/analytics/reports/${r.id}/share`)).json();
    const expired = await f.h.t.db.query("UPDATE report_shares SET expires_at = now() - interval '1 second' WHERE public_id = $1 RETURNING id", [second.id]);
    expect(expired).toHaveLength(1);
    expect((await A.anon.get(second.url)).statusCode).toBe(410);

    expect((await A.anon.get(`/api/v1/shared/${'x'.repeat(43)}`)).statusCode).toBe(404);
    expect((await A.anon.get('/api/v1/shared/short')).statusCode).toBe(404);
    expect400(await A.me.post(`/api/v1/analytics/reports/${r.id}/share`, { expires_in_hours: 0 }), 'expires_in_hours');
  });
});

describe('bad requests name the field', () => {
  it.each([
    [{ report_name: '' }, 'report_name'],
    [{ report_name: undefined }, 'report_name'],
    [{ report_type: 'roi' }, 'report_type'],
    [{ date_range_start: '2026-02-30' }, 'date_range_start'],
    [{ date_range_start: 'yesterday' }, 'date_range_start'],
    [{ date_range_start: '2026-06-01', date_range_end: '2026-05-01' }, 'date_range_start'],
    [{ date_range_start: '2004-12-31' }, 'date_range_start'],
    [{ platforms: ['youtube', 'myspace'] }, 'platforms'],
    [{ export_format: 'docx' }, 'export_format'],
    [{ time_zone: 'Mars/Olympus' }, 'time_zone'],
    [{ filters: { content_types: ['video'] } }, 'filters.content_types'],
    [{ filters: { colour: 'red' } }, 'filters.colour'],
    [{ filters: { granularity: 'hour' } }, 'filters.granularity'],
    [{ report_type: 'custom', filters: { min_views: -1 } }, 'filters.min_views'],
    [{ report_type: 'custom', filters: { min_views: '100' } }, 'filters.min_views'],
    [{ report_type: 'custom', filters: { hashtags: ['two words'] } }, 'filters.hashtags[0]'],
    [{ report_type: 'custom', filters: { metrics: ['views', 'roi'] } }, 'filters.metrics[1]'],
    [{ report_type: 'custom', filters: { content_types: ['hologram'] } }, 'filters.content_types[0]'],
    [{ report_type: 'custom', filters: { search: '' } }, 'filters.search'],
    [{ report_type: 'custom', filters: { platforms: ['youtube'] } }, 'filters.platforms'],
    [{ unexpected: 1 }, 'unexpected'],
  ])('%o → 400 %s', async (over, field) => {
    const before = await reportCount();
    expect400(await A.me.post('/api/v1/analytics/reports', body(over)), field);
    expect(await reportCount()).toBe(before);
  });
});

describe('time limit', () => {
  it('a report over REPORT_TIMEOUT_MS is 408 and nothing is stored', async () => {
    const config = f.h.services.config;
    const saved = config.reportTimeoutMs;
    const before = await reportCount();
    config.reportTimeoutMs = 1;
    try {
      const res = await A.me.post('/api/v1/analytics/reports', body({ report_type: 'comparison' }));
      expect(res.statusCode).toBe(408);
      expect(res.json().error).toMatchObject({ code: 'report_timeout', details: { limit_ms: 1 } });
    } finally {
      config.reportTimeoutMs = saved;
    }
    // Give the abandoned computation time to finish or stop: it must never store anything.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await reportCount()).toBe(before);
  });
});

describe('bulk export', () => {
  const range = `from=${FROM}&to=${TO}`;
  async function snapshotsInRange(platforms: string[]): Promise<number> {
    const [row] = await f.h.t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM post_snapshots s JOIN platform_posts p ON p.id = s.post_id
       WHERE s.user_id = $1 AND p.platform = ANY($2::text[])
         AND s.observed_at >= ($3::date::timestamp AT TIME ZONE $5) AND s.observed_at < (($4::date + 1)::timestamp AT TIME ZONE $5)`,
      [f.user.id, platforms, FROM, TO, TZ],
    );
    return row!.n;
  }

  it('raw CSV has one row per snapshot in the range (counted with SQL)', async () => {
    const res = await A.me.get(`/api/v1/analytics/export?${range}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="pulseboard-raw-${FROM}-to-${TO}.csv"`);
    const rows = parse(res.body, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const expected = await snapshotsInRange(['youtube', 'tiktok', 'instagram', 'twitter']);
    expect(expected).toBeGreaterThan(1000);
    expect(rows).toHaveLength(expected);
    expect(Object.keys(rows[0]!)).toEqual(['platform', 'platform_post_id', 'post_id', 'metric', 'observed_at', 'value', 'source']);
    expect(rows[0]!.observed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows.every((r) => UUID.test(r.post_id!))).toBe(true);
    expect(new Set(rows.map((r) => `${r.post_id}|${r.metric}|${r.observed_at}`)).size).toBe(rows.length);
  });

  it('platform filter, JSON format and day granularity', async () => {
    const json = await A.me.get(`/api/v1/analytics/export?${range}&platforms=instagram&format=json`);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const items = json.json() as { platform: string; value: number }[];
    expect(items).toHaveLength(await snapshotsInRange(['instagram']));
    expect(new Set(items.map((i) => i.platform))).toEqual(new Set(['instagram']));

    const day = await A.me.get(`/api/v1/analytics/export?${range}&granularity=day`);
    const rows = parse(day.body, { columns: true }) as Record<string, string>[];
    const [n] = await f.h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM post_daily WHERE user_id = $1 AND tz = $2 AND day BETWEEN $3 AND $4', [f.user.id, TZ, FROM, TO]);
    expect(rows).toHaveLength(n!.n);
    // Summed per-day views equal the dashboard's activity for the range.
    const dash = (await A.me.get(`/api/v1/analytics/dashboard?${range}`)).json();
    expect(rows.reduce((a, r) => a + Number(r.views || 0), 0)).toBe(dash.totals.views);
  });

  it('over EXPORT_ROW_LIMIT is 413 saying the limit and how to narrow it; bad input is 400', async () => {
    const config = f.h.services.config;
    const saved = config.exportRowLimit;
    config.exportRowLimit = 10;
    try {
      const res = await A.me.get(`/api/v1/analytics/export?${range}`);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('export_too_large');
      expect(res.json().error.message).toMatch(/more than 10 rows.*shorter range/);
    } finally {
      config.exportRowLimit = saved;
    }
    expect400(await A.me.get(`/api/v1/analytics/export?${range}&format=xlsx`), 'format');
    expect400(await A.me.get(`/api/v1/analytics/export?${range}&granularity=hour`), 'granularity');
    expect400(await A.me.get('/api/v1/analytics/export?from=2026-13-01'), 'from');
    expect((await A.other.get(`/api/v1/analytics/export?${range}`)).body).toBe('platform,platform_post_id,post_id,metric,observed_at,value,source\r\n');
  });

  it('the cursor hands out batches on demand and releases the connection when the reader stops early', async () => {
    const seen: number[] = [];
    for await (const row of cursorRows<{ n: number }>(f.h.t.db, 'SELECT generate_series(1, $1::int) AS n', [50], 7)) {
      seen.push(row.n);
      if (seen.length === 10) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The transaction ended: the (single, on PGlite) connection answers again.
    const [row] = await f.h.t.db.query<{ one: number }>('SELECT 1 AS one');
    expect(row!.one).toBe(1);
    const all: number[] = [];
    for await (const r of cursorRows<{ n: number }>(f.h.t.db, 'SELECT generate_series(1, $1::int) AS n', [21], 7)) all.push(r.n);
    expect(all).toHaveLength(21);
    await expect(async () => {
      for await (const _ of cursorRows(f.h.t.db, 'SELECT 1/0 AS boom', [], 7)) void _;
    }).rejects.toThrow(/division by zero/);
  });
});

describe('schedules', () => {
  let server: Server;
  let failing: Server;
  const calls: { body: Record<string, unknown>; headers: IncomingMessage['headers'] }[] = [];
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        calls.push({ body: JSON.parse(text), headers: req.headers });
        res.writeHead(204).end();
      });
    });
    failing = createServer((_req, res) => res.writeHead(500).end('nope'));
    await Promise.all([new Promise<void>((r) => server.listen(0, '127.0.0.1', r)), new Promise<void>((r) => failing.listen(0, '127.0.0.1', r))]);
  });
  afterAll(async () => {
    await Promise.all([new Promise((r) => server?.close(r)), new Promise((r) => failing?.close(r))]);
  });

  const scheduleBody = (over: object = {}) => ({
    report_name: 'Weekly client digest',
    report_type: 'growth',
    platforms: ['youtube', 'tiktok'],
    export_format: 'pdf',
    frequency: 'weekly',
    time_zone: 'Europe/Berlin',
    recipients: [{ webhook_url: url(server) }],
    ...over,
  });

  it('validates and stores a schedule with its next run (Monday 06:00 local)', async () => {
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ frequency: 'daily' })), 'frequency');
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ recipients: [{ webhook_url: 'ftp://x' }] })), 'recipients[0].webhook_url');
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ recipients: [{ webhook_url: url(server), email: 'a@b.c' }] })), 'recipients[0].email');
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ time_zone: 'Nowhere/City' })), 'time_zone');
    expect400(await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ filters: { search: 'x' } })), 'filters.search');
    const res = await A.me.post('/api/v1/analytics/report-schedules', scheduleBody());
    expect(res.statusCode).toBe(201);
    const s = res.json();
    const next = new Date(s.next_run_at);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('Monday 06:00');
    expect((await A.me.get('/api/v1/analytics/report-schedules')).json().items.map((i: { id: string }) => i.id)).toContain(s.id);
    // Someone else's schedule is answered exactly like one that does not exist.
    for (const method of ['get', 'del'] as const) {
      const res = await A.other[method](`/api/v1/analytics/report-schedules/${s.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe((await A.other[method](`/api/v1/analytics/report-schedules/${UNKNOWN_ID}`)).body);
    }
    expect((await A.me.del(`/api/v1/analytics/report-schedules/${s.id}`)).statusCode).toBe(204);
    expect((await A.me.get(`/api/v1/analytics/report-schedules/${s.id}`)).statusCode).toBe(404);
  });

  it('runDueSchedules makes a normal report for the last full week, calls the webhook once, and advances next_run_at', async () => {
    const good = (await A.me.post('/api/v1/analytics/report-schedules', scheduleBody())).json();
    const bad = (await A.me.post('/api/v1/analytics/report-schedules', scheduleBody({ report_name: 'Monthly to a broken hook', frequency: 'monthly', recipients: [{ webhook_url: url(failing) }] }))).json();
    const now = new Date();
    // Nothing is due yet.
    expect(await runDueSchedules(f.h.services, now)).toBe(0);
    const made = await f.h.t.db.query("UPDATE report_schedules SET next_run_at = now() - interval '1 hour' WHERE public_id = ANY($1::uuid[]) RETURNING id", [[good.id, bad.id]]);
    expect(made).toHaveLength(2);
    const before = await reportCount();

    expect(await runDueSchedules(f.h.services, now)).toBe(2);
    expect(await reportCount()).toBe(before + 2);
    expect(calls).toHaveLength(1);
    const note = calls[0]!.body;
    expect(note).toMatchObject({ event: 'report.generated', schedule_id: good.id, report_name: 'Weekly client digest', export_format: 'pdf' });
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    // The body names the report by the id the API shows for it, and links to it by that id.
    expect(note.report_id).toMatch(UUID);
    expect(note.download_url).toBe(`/api/v1/analytics/reports/${note.report_id as string}`);
    const listed = (await A.me.get('/api/v1/analytics/reports?limit=100')).json().items.find((i: { id: string }) => i.id === note.report_id);
    expect(listed).toMatchObject({ schedule_id: good.id, download_url: note.download_url });
    // Monday to Sunday of the last full week in Berlin.
    const from = new Date(`${note.date_range_start as string}T12:00:00Z`);
    expect(from.getUTCDay()).toBe(1);
    expect(Date.parse(`${note.date_range_end as string}T12:00:00Z`) - from.getTime()).toBe(6 * 86_400_000);
    // A normal report: downloadable with the owner's token, and through the share URL without one.
    const report = await A.me.get(note.download_url as string);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('application/pdf');
    expect((await A.anon.get(note.share_url as string)).statusCode).toBe(200);
    const json = (await A.me.get(`${note.download_url as string}?format=json`)).json();
    expect(json.platforms).toEqual(['youtube', 'tiktok']);
    expect(json.time_zone).toBe('Europe/Berlin');

    // The failing webhook lost nothing: its report exists, the delivery is recorded as failed.
    const badNow = (await A.me.get(`/api/v1/analytics/report-schedules/${bad.id}`)).json();
    expect(badNow.last_status).toBe('completed_with_failed_deliveries');
    expect(badNow.deliveries).toMatchObject([{ status: 'failed', http_status: 500 }]);
    expect((await A.me.get(badNow.last_report_url)).statusCode).toBe(200);
    const goodNow = (await A.me.get(`/api/v1/analytics/report-schedules/${good.id}`)).json();
    expect(goodNow).toMatchObject({ last_status: 'completed', last_report_url: note.download_url, deliveries: [{ status: 'delivered', http_status: 204, report_id: note.report_id, schedule_id: good.id }] });
    expect(Date.parse(goodNow.next_run_at)).toBeGreaterThan(now.getTime());
    expect(Date.parse(badNow.next_run_at)).toBeGreaterThan(now.getTime());
    expect(new Date(badNow.next_run_at).toISOString()).toMatch(/-01T0[45]:00:00.000Z$/); // the 1st, 06:00 in Berlin

    // Once that report is deleted there is no id left to link to: the schedule says so rather than link to a 404.
    expect((await A.me.del(badNow.last_report_url)).statusCode).toBe(204);
    expect((await A.me.get(`/api/v1/analytics/report-schedules/${bad.id}`)).json()).toMatchObject({ last_report_url: null, last_status: 'completed_with_failed_deliveries' });

    // Run again: nothing is due, nobody is called twice.
    expect(await runDueSchedules(f.h.services, now)).toBe(0);
    expect(calls).toHaveLength(1);
  });
});
