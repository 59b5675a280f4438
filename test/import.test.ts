/**
 * POST /api/v1/analytics/import end to end, one fixture per export format
 * (test/fixtures/exports). Expectations are computed from the fixtures with a
 * real CSV parser (csv-parse), independently of the import's own mapping,
 * and compared with what the analytics API shows afterwards.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { UNKNOWN_ID, publicIdOf } from './helpers/ids.js';

type User = Awaited<ReturnType<typeof register>>;
type Rec = Record<string, string>;

let h: TestApp;
const FIX = new URL('./fixtures/exports/', import.meta.url);
const bytes = (path: string): Buffer => readFileSync(new URL(path, FIX));

/** The fixture's rows as objects keyed by header, read with csv-parse (UTF-8/UTF-16, BOM, leading lines). */
function records(path: string, { utf16 = false, skipLines = 0 } = {}): Rec[] {
  const buf = bytes(path);
  const text = (utf16 ? buf.toString('utf16le') : buf.toString('utf8')).replace(/^\uFEFF/, '');
  const body = text.split(/\r?\n/).slice(skipLines).join('\n');
  return parse(body, { columns: true, skip_empty_lines: true }) as Rec[];
}
/** A fixture number: "12,400" → 12400; empty or "undefined" → null. */
const num = (s: string | undefined): number | null => (s === undefined || s.trim() === '' || s.trim() === 'undefined' ? null : Number(s.replace(/,/g, '')));
const sum = (xs: (number | null)[]): number | null => (xs.every((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0));

function multipart(file: Buffer, fields: Record<string, string> = {}, filename = 'export.csv') {
  const boundary = `----pulseboard${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(user: User, file: Buffer | string, fields: Record<string, string> = {}) {
  const m = multipart(typeof file === 'string' ? bytes(file) : file, fields);
  return h.app.inject({ method: 'POST', url: '/api/v1/analytics/import', headers: { ...user.auth, ...m.headers }, payload: m.payload });
}

async function get(user: User, url: string) {
  const res = await h.app.inject({ method: 'GET', url, headers: user.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

interface Item { platform_post_id: string; published_at: string; views: number | null; likes: number | null; comments: number | null; shares: number | null; saves: number | null; clicks: number | null; reach: number | null; impressions: number | null }
async function items(user: User, from: string, to: string, platform: string): Promise<Map<string, Item>> {
  const body = await get(user, `/api/v1/analytics/performance?from=${from}&to=${to}&platforms=${platform}&limit=500`);
  return new Map((body.items as Item[]).map((i) => [i.platform_post_id, i]));
}

/** Rows this user has in every table an import writes to. */
async function stored(userId: number) {
  const one = async (table: string) => Number((await h.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [userId]))[0]!.n);
  return {
    accounts: await one('platform_accounts'),
    posts: await one('platform_posts'),
    post_snapshots: await one('post_snapshots'),
    account_snapshots: await one('account_snapshots'),
    account_daily: await one('account_daily_reported'),
  };
}

beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => {
  await h?.close();
});

describe('YouTube Studio', () => {
  let u: User;
  const table = records('youtube/Table data.csv').filter((r) => r['Content'] !== 'Total');
  const window = '&from=2026-03-01&to=2026-05-31';
  beforeAll(async () => {
    u = await register(h.app, 'Europe/Berlin');
  });

  it('Table data.csv: every video with its lifetime numbers, the Total row skipped', async () => {
    const res = await upload(u, 'youtube/Table data.csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    // Impressions and their clicks (impressions × click-through rate) are counters too.
    const cells = table.flatMap((r) => [...['Views', 'Likes', 'Comments added', 'Shares', 'Watch time (hours)', 'Impressions'].map((c) => num(r[c])), num(r['Impressions click-through rate (%)'])]).filter((v) => v !== null);
    expect(body).toMatchObject({ format: 'youtube_studio_table', platform: 'youtube', account_created: true, rows: table.length + 1, posts: table.length, new_posts: table.length, post_metrics: cells.length, changed: true, source: 'import:youtube_studio_table' });
    expect(body.skipped).toEqual([{ row: 1, line: 2, platform_post_id: null, reason: expect.stringMatching(/Total/) }]);
    expect(body.ignored_columns.map((c: { column: string }) => c.column)).not.toContain('Impressions');

    const got = await items(u, '2026-03-01', '2026-05-31', 'youtube');
    expect(got.size).toBe(table.length);
    for (const r of table) {
      const i = got.get(r['Content']!)!;
      expect({ views: i.views, likes: i.likes, comments: i.comments, shares: i.shares, saves: i.saves, reach: i.reach, impressions: i.impressions }).toEqual({
        views: num(r['Views']), likes: num(r['Likes']), comments: num(r['Comments added']), shares: num(r['Shares']), saves: null, reach: null, impressions: num(r['Impressions']),
      });
    }
    const dash = await get(u, `/api/v1/analytics/dashboard?platforms=youtube${window}`);
    expect(dash.totals.views).toBe(sum(table.map((r) => num(r['Views']))));
    expect(dash.totals.shares).toBe(sum(table.map((r) => num(r['Shares']))));
    expect(dash.totals.saves).toBeNull();
    expect(dash.platforms[0].posts).toBe(table.length);
    const yt = await get(u, `/api/v1/analytics/platform/youtube?${window.slice(1)}`);
    expect(yt.platform_metrics.watch_time_minutes).toBeCloseTo(sum(table.map((r) => num(r['Watch time (hours)'])))! * 60, 6);
  });

  it('Chart data.csv: subscribers gained and lost per day on the same account', async () => {
    const rows = records('youtube/Chart data.csv');
    const res = await upload(u, 'youtube/Chart data.csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ format: 'youtube_studio_chart', account_created: false, account_daily: rows.flatMap((r) => [num(r['Subscribers gained']), num(r['Subscribers lost'])]).filter((v) => v !== null).length });
    expect(body.skipped).toEqual([{ row: 4, line: 5, platform_post_id: null, reason: expect.any(String) }]);
    const yt = await get(u, '/api/v1/analytics/platform/youtube?from=2026-05-01&to=2026-05-04');
    expect(yt.platform_metrics.followers_gained).toBe(sum(rows.map((r) => num(r['Subscribers gained']))));
    expect(yt.platform_metrics.followers_lost).toBe(sum(rows.map((r) => num(r['Subscribers lost']))));
  });

  it('Totals.csv (daily channel views) is recognised, nothing in it is stored', async () => {
    const before = await stored(u.id);
    const res = await upload(u, 'youtube/Totals.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: 'youtube_studio_chart', changed: false, account_daily: 0, skipped_count: 2 });
    expect(await stored(u.id)).toEqual(before);
  });

  it('re-uploading the same file changes nothing', async () => {
    const dashBefore = await get(u, `/api/v1/analytics/dashboard?platforms=youtube${window}`);
    const before = await stored(u.id);
    const res = await upload(u, 'youtube/Table data.csv');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.changed).toBe(false);
    expect(body.new_posts).toBe(0);
    expect(body.already_stored).toBe(body.post_metrics);
    expect(await stored(u.id)).toEqual(before);
    const again = await upload(u, 'youtube/Chart data.csv');
    expect(again.statusCode).toBe(200);
    expect(await get(u, `/api/v1/analytics/dashboard?platforms=youtube${window}`)).toEqual(dashBefore);
  });
});

describe('X', () => {
  let u: User;
  beforeAll(async () => {
    u = await register(h.app, 'Europe/Berlin');
  });

  it('legacy tweet activity: ids beyond 2^53 survive; views = impressions; shares not imported', async () => {
    const path = 'x/tweet_activity_metrics_pulse_demo_20240501_20240601_en.csv';
    const rows = records(path);
    const res = await upload(u, path);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'x_tweet_activity', platform: 'twitter', posts: rows.length, account_created: true });
    const got = await items(u, '2024-05-01', '2024-05-31', 'twitter');
    // Number() would make these ids equal; they must stay three posts with their exact ids.
    expect(new Set(rows.map((r) => Number(r['Tweet id']))).size).toBeLessThan(rows.length);
    expect([...got.keys()].sort()).toEqual(rows.map((r) => r['Tweet id']).sort());
    for (const r of rows) {
      const i = got.get(r['Tweet id']!)!;
      expect({ views: i.views, impressions: i.impressions, likes: i.likes, comments: i.comments, clicks: i.clicks, shares: i.shares, saves: i.saves }).toEqual({
        views: num(r['impressions']), impressions: num(r['impressions']), likes: num(r['likes']), comments: num(r['replies']), clicks: num(r['url clicks']), shares: null, saves: null,
      });
      expect(i.published_at).toBe(new Date(r['time']!.replace(' +0000', ':00Z').replace(' ', 'T')).toISOString());
    }
    const [acct] = await h.t.db.query<{ handle: string; external_id: string }>('SELECT handle, external_id FROM platform_accounts WHERE user_id = $1', [u.id]);
    expect(acct).toEqual({ handle: 'pulse_demo', external_id: 'import:twitter' });
  });

  it('content export with a BOM and "Fri, Jun 5, 2026" dates: day in the user\'s zone, Shares/Reposts left out', async () => {
    const path = 'x/account_analytics_content.csv';
    const rows = records(path);
    const res = await upload(u, path);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ format: 'x_content', account_created: false, posts: rows.length });
    const ignored = new Map((body.ignored_columns as { column: string; reason: string }[]).map((c) => [c.column, c.reason]));
    expect(ignored.get('Shares')).toMatch(/DM or link/);
    expect(ignored.get('Reposts')).toMatch(/quotes/);
    const got = await items(u, '2026-06-01', '2026-06-05', 'twitter');
    for (const r of rows) {
      const i = got.get(r['Post id']!)!;
      expect({ views: i.views, impressions: i.impressions, likes: i.likes, comments: i.comments, saves: i.saves, clicks: i.clicks, shares: i.shares }).toEqual({
        views: num(r['Impressions']), impressions: num(r['Impressions']), likes: num(r['Likes']), comments: num(r['Replies']), saves: num(r['Bookmarks']), clicks: num(r['URL Clicks']), shares: null,
      });
    }
    // "Fri, Jun 5, 2026" is the 5th in Berlin: exactly that post on that day.
    expect([...(await items(u, '2026-06-05', '2026-06-05', 'twitter')).keys()]).toEqual(['1930000000000000001']);
    const dash = await get(u, '/api/v1/analytics/dashboard?from=2026-06-01&to=2026-06-05&platforms=twitter');
    expect(dash.totals.views).toBe(sum(rows.map((r) => num(r['Impressions']))));
    expect(dash.totals.saves).toBe(sum(rows.map((r) => num(r['Bookmarks']))));
  });

  it('a content export with a subset of the columns; `undefined` is absent, not 0', async () => {
    const rows = records('x/content_subset.csv');
    const res = await upload(u, 'x/content_subset.csv');
    expect(res.statusCode, res.body).toBe(201);
    const got = await items(u, '2026-05-28', '2026-05-28', 'twitter');
    for (const r of rows) expect([got.get(r['Post id']!)!.views, got.get(r['Post id']!)!.likes]).toEqual([num(r['Impressions']), num(r['Likes'])]);
    expect(got.get('1930000000000000012')!.views).toBeNull();
  });

  it('account overview: profile visits, new follows and unfollows per day', async () => {
    const rows = records('x/account_overview.csv');
    const res = await upload(u, 'x/account_overview.csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.format).toBe('x_account_overview');
    expect(body.ignored_columns.find((c: { column: string }) => c.column === 'Impressions').reason).toMatch(/no account-level daily impressions/);
    const x = await get(u, '/api/v1/analytics/platform/twitter?from=2026-06-01&to=2026-06-03');
    expect(x.platform_metrics.profile_views).toBe(sum(rows.map((r) => num(r['Profile visits']))));
    expect(x.platform_metrics.followers_gained).toBe(sum(rows.map((r) => num(r['New follows']))));
    expect(x.platform_metrics.followers_lost).toBe(sum(rows.map((r) => num(r['Unfollows']))));
  });

  it('video overview (title line first) is recognised; nothing in it has a catalog metric', async () => {
    const before = await stored(u.id);
    const res = await upload(u, 'x/video_overview.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: 'x_video_overview', changed: false, skipped_count: 2, post_metrics: 0, account_daily: 0 });
    expect(await stored(u.id)).toEqual(before);
  });
});

describe('Instagram', () => {
  let u: User;
  beforeAll(async () => {
    u = await register(h.app);
  });

  it('content export: a new account from the file\'s Account ID; lifetime rows only', async () => {
    const all = records('instagram/content.csv');
    const rows = all.filter((r) => r['Date'] === 'Lifetime');
    const res = await upload(u, 'instagram/content.csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ format: 'instagram_content', platform: 'instagram', account_created: true, rows: all.length, posts: rows.length, skipped_count: all.length - rows.length });
    const [acct] = await h.t.db.query<{ external_id: string; handle: string }>('SELECT external_id, handle FROM platform_accounts WHERE user_id = $1', [u.id]);
    expect(acct).toEqual({ external_id: rows[0]!['Account ID'], handle: rows[0]!['Account username'] });
    const got = await items(u, '2026-04-01', '2026-04-30', 'instagram');
    expect([...got.keys()].sort()).toEqual(rows.map((r) => r['Post ID']).sort());
    for (const r of rows) {
      const i = got.get(r['Post ID']!)!;
      expect({ views: i.views, reach: i.reach, likes: i.likes, comments: i.comments, shares: i.shares, saves: i.saves, impressions: i.impressions, clicks: i.clicks }).toEqual({
        views: num(r['Views']), reach: num(r['Reach']), likes: num(r['Likes']), comments: num(r['Comments']), shares: num(r['Shares']), saves: num(r['Saves']), impressions: null, clicks: null,
      });
    }
    const dash = await get(u, '/api/v1/analytics/dashboard?from=2026-04-01&to=2026-04-30');
    for (const [metric, col] of [['views', 'Views'], ['likes', 'Likes'], ['comments', 'Comments'], ['shares', 'Shares'], ['saves', 'Saves']] as const) {
      expect(dash.totals[metric], metric).toBe(sum(rows.map((r) => num(r[col]))));
    }
  });

  it('per-metric series in UTF-16LE with a BOM, a sep=, line and a title line: daily reach', async () => {
    const rows = records('instagram/Reach.csv', { utf16: true, skipLines: 2 });
    const res = await upload(u, 'instagram/Reach.csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'instagram_metric_series', account_created: false, account_daily: rows.length });
    const ig = await get(u, '/api/v1/analytics/platform/instagram?from=2026-04-01&to=2026-04-03');
    const values = rows.map((r) => num(r['Primary'])!);
    expect(ig.platform_metrics.average_daily_reach).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 2);
  });
});

describe('TikTok Studio', () => {
  let u: User;
  const TZ = 'America/New_York';
  beforeAll(async () => {
    u = await register(h.app, TZ);
  });
  /** The year the import must infer for a year-less month/day: the latest not after today (in the user's zone). */
  const inferredYear = (month: number, day: number): number => {
    const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date()).split('-').map(Number) as [number, number, number];
    return month * 100 + day <= m * 100 + d ? y : y - 1;
  };

  it('per-video export: ids from the links, favorites as saves', async () => {
    const rows = records('tiktok/content.csv');
    const res = await upload(u, 'tiktok/content.csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'tiktok_content', platform: 'tiktok', account_created: true, posts: rows.length });
    const got = await items(u, '2026-03-01', '2026-03-31', 'tiktok');
    for (const r of rows) {
      const id = /video\/(\d+)/.exec(r['Video link']!)![1]!;
      const i = got.get(id)!;
      expect({ views: i.views, likes: i.likes, comments: i.comments, shares: i.shares, saves: i.saves, clicks: i.clicks }).toEqual({
        views: num(r['Total views']), likes: num(r['Total likes']), comments: num(r['Total comments']), shares: num(r['Total shares']), saves: num(r['Add to favorites']), clicks: null,
      });
    }
    const [acct] = await h.t.db.query<{ handle: string; external_id: string }>('SELECT handle, external_id FROM platform_accounts WHERE user_id = $1', [u.id]);
    expect(acct).toEqual({ handle: 'pulse.demo', external_id: 'import:tiktok' });
  });

  it('Spanish headers and post times without a year', async () => {
    const rows = records('tiktok/content_es.csv');
    const res = await upload(u, 'tiktok/content_es.csv');
    expect(res.statusCode, res.body).toBe(201);
    const year = inferredYear(2, 10);
    const got = await items(u, `${year}-02-01`, `${year}-02-28`, 'tiktok');
    expect([...got.keys()].sort()).toEqual(rows.map((r) => /video\/(\d+)/.exec(r['Enlace del video']!)![1]).sort());
    for (const r of rows) {
      const i = got.get(/video\/(\d+)/.exec(r['Enlace del video']!)![1]!)!;
      expect([i.views, i.likes, i.saves]).toEqual([num(r['Visualizaciones totales']), num(r['Me gusta totales']), num(r['Añadir a favoritos'])]);
    }
    expect((await items(u, `${year}-02-10`, `${year}-02-10`, 'tiktok')).size).toBe(1);
  });

  it('Overview.csv without a year, with the year given: profile views per day across New Year', async () => {
    const rows = records('tiktok/Overview.csv');
    const res = await upload(u, 'tiktok/Overview.csv', { year: '2025' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ format: 'tiktok_overview', account_created: false, account_daily: rows.filter((r) => num(r['Profile Views']) !== null).length });
    expect(body.skipped).toEqual([{ row: 3, line: 4, platform_post_id: null, reason: expect.stringMatching(/Profile Views/) }]);
    const tt = await get(u, '/api/v1/analytics/platform/tiktok?from=2025-12-30&to=2026-01-02');
    expect(tt.platform_metrics.profile_views).toBe(sum(rows.map((r) => num(r['Profile Views']))));
    const jan = await get(u, '/api/v1/analytics/platform/tiktok?from=2026-01-01&to=2026-01-02');
    expect(jan.platform_metrics.profile_views).toBe(num(rows[3]!['Profile Views']));
  });

  it('FollowerHistory.csv with `undefined`: followers at the end of each day, year inferred', async () => {
    const rows = records('tiktok/FollowerHistory.csv');
    const res = await upload(u, 'tiktok/FollowerHistory.csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'tiktok_follower_history', account_metrics: rows.filter((r) => num(r['Followers']) !== null).length, skipped_count: 1 });
    const year = inferredYear(10, 31);
    const growth = await get(u, `/api/v1/analytics/growth?from=${year}-10-28&to=${year}-10-31&granularity=day&platforms=tiktok`);
    const series = growth.platforms[0].series as { date: string; followers: number | null }[];
    let last: number | null = null;
    const expected = rows.map((r) => (last = num(r['Followers']) ?? last)); // a day without a count keeps the day before's
    expect(series.map((p) => p.followers)).toEqual(expected);
    const again = await upload(u, 'tiktok/FollowerHistory.csv');
    expect(again.statusCode).toBe(200);
    expect(again.json().changed).toBe(false);
  });

  it('Viewers.csv after a sep=, line: total viewers as daily reach', async () => {
    const rows = records('tiktok/Viewers.csv', { skipLines: 1 });
    const res = await upload(u, 'tiktok/Viewers.csv');
    expect(res.statusCode, res.body).toBe(201);
    const year = inferredYear(11, 2);
    const tt = await get(u, `/api/v1/analytics/platform/tiktok?from=${year}-11-01&to=${year}-11-02`);
    const values = rows.map((r) => num(r['Total Viewers'])!);
    expect(tt.platform_metrics.average_daily_reach).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 2);
  });
});

describe('matching synced data', () => {
  it('a post already synced keeps its exact publish time; equal values are not written again; the source is recorded', async () => {
    const u = await register(h.app, 'UTC');
    const account = await upsertAccount(h.t.db, u.id, { platform: 'twitter', externalId: '4242', handle: 'pulse_demo' });
    const syncedAt = new Date('2026-06-06T08:00:00Z');
    await h.services.ingest({
      userId: u.id, accountId: account.id, source: 'x_api',
      posts: [{ platformPostId: '1930000000000000001', publishedAt: new Date('2026-06-05T14:37:12Z'), caption: 'New feature: dark mode 🌙 #ui #DarkMode', mediaType: 'image' }],
      postMetrics: [
        { platformPostId: '1930000000000000001', metric: 'views', value: 10250, observedAt: syncedAt },
        { platformPostId: '1930000000000000001', metric: 'likes', value: 400, observedAt: syncedAt },
      ],
    });
    const res = await upload(u, 'x/account_analytics_content.csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ account_id: await publicIdOf(h.t.db, 'account', account.id), account_created: false, new_posts: 2, already_stored: 1 });
    const post = (await items(u, '2026-06-05', '2026-06-05', 'twitter')).get('1930000000000000001')!;
    expect(post.published_at).toBe('2026-06-05T14:37:12.000Z');
    expect(post.likes).toBe(420);
    const snaps = await h.t.db.query<{ metric: string; source: string }>(
      `SELECT s.metric, s.source FROM post_snapshots s JOIN platform_posts p ON p.id = s.post_id WHERE s.user_id = $1 AND p.platform_post_id = '1930000000000000001' ORDER BY s.metric, s.observed_at`,
      [u.id],
    );
    expect(snaps.filter((s) => s.metric === 'views')).toEqual([{ metric: 'views', source: 'x_api' }]);
    expect(snaps.filter((s) => s.metric === 'likes').map((s) => s.source)).toEqual(['x_api', 'import:x_content']);
    const [media] = await h.t.db.query<{ media_type: string }>(`SELECT media_type FROM platform_posts WHERE user_id = $1 AND platform_post_id = '1930000000000000001'`, [u.id]);
    expect(media!.media_type).toBe('image');
  });
});

describe('accounts', () => {
  let alice: User;
  let bob: User;
  // The accounts' public ids (UUIDs), as the API names them.
  let bobAccount: string;
  let aliceYoutube: string;
  beforeAll(async () => {
    alice = await register(h.app);
    bob = await register(h.app);
    bobAccount = await publicIdOf(h.t.db, 'account', (await upsertAccount(h.t.db, bob.id, { platform: 'twitter', externalId: 'bob-x' })).id);
    aliceYoutube = await publicIdOf(h.t.db, 'account', (await upsertAccount(h.t.db, alice.id, { platform: 'youtube', externalId: 'UCalice' })).id);
  });

  it("another user's account_id → 404 like an unknown one (its platform is not revealed), another platform → 400 naming account_id; nothing written", async () => {
    const before = [await stored(alice.id), await stored(bob.id)];
    const foreign = await upload(alice, 'x/content_subset.csv', { account_id: bobAccount });
    expect(foreign.statusCode).toBe(404);
    const missing = await upload(alice, 'x/content_subset.csv', { account_id: UNKNOWN_ID });
    expect(missing.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
    // Not a UUID (an integer id of before): a 400 naming the field.
    for (const malformed of ['987654321', 'abc']) {
      const bad = await upload(alice, 'x/content_subset.csv', { account_id: malformed });
      expect(bad.statusCode, malformed).toBe(400);
      expect(bad.json().error.details.field).toBe('account_id');
    }
    // Bob's account is an X account like the file: a foreign id of another platform is not a 400 naming it either.
    const foreignOtherPlatform = await upload(alice, 'youtube/Chart data.csv', { account_id: bobAccount });
    expect(foreignOtherPlatform.statusCode).toBe(404);
    const mismatch = await upload(alice, 'x/content_subset.csv', { account_id: aliceYoutube });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.details.field).toBe('account_id');
    expect([await stored(alice.id), await stored(bob.id)]).toEqual(before);
  });

  it('an explicit account_id of the right platform is used; with two accounts on a platform it is required', async () => {
    const second = await upsertAccount(h.t.db, alice.id, { platform: 'youtube', externalId: 'UCalice2' });
    const ambiguous = await upload(alice, 'youtube/Chart data.csv');
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().error.details.field).toBe('account_id');
    const secondId = await publicIdOf(h.t.db, 'account', second.id);
    const ok = await upload(alice, 'youtube/Chart data.csv', { account_id: secondId });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().account_id).toBe(secondId);
  });
});

describe('unknown and broken files → 400, nothing written', () => {
  let u: User;
  beforeAll(async () => {
    u = await register(h.app);
    await upload(u, 'x/content_subset.csv'); // some data, to prove a failed import leaves it as it was
  });

  const cases: [string, Record<string, unknown>][] = [
    ['broken/unclosed_quote.csv', { line: 2 }],
    ['broken/missing_column.csv', { column: 'Date' }],
    ['broken/bad_date.csv', { row: 2, column: 'Publish time' }],
    ['broken/non_numeric.csv', { row: 2, column: 'Total views' }],
    ['broken/rounded_id.csv', { row: 1, column: 'Post id' }],
    ['broken/wrong_cells.csv', { row: 2 }],
  ];
  it.each(cases)('%s names where it is broken', async (path, where) => {
    const before = await stored(u.id);
    const res = await upload(u, path);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_file', details: { field: 'file', ...where } });
    expect(await stored(u.id)).toEqual(before);
  });

  it('an unknown file names the exports it expected, with their headers', async () => {
    const fresh = await register(h.app);
    const res = await upload(fresh, 'broken/unknown.csv');
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.message).toMatch(/unrecognised export/);
    for (const header of ['Post id, Date, Post text', 'Post ID, Account ID', 'Date, Followers, Difference in followers from previous day', 'Content, Video title']) expect(error.message).toContain(header);
    expect(error.details.expected.length).toBe(12);
    expect(await stored(fresh.id)).toEqual({ accounts: 0, posts: 0, post_snapshots: 0, account_snapshots: 0, account_daily: 0 });
  });

  it('a broken file of a user without accounts creates no account', async () => {
    const fresh = await register(h.app);
    expect((await upload(fresh, 'broken/bad_date.csv')).statusCode).toBe(400);
    expect(await stored(fresh.id)).toEqual({ accounts: 0, posts: 0, post_snapshots: 0, account_snapshots: 0, account_daily: 0 });
  });

  it('bad form fields and requests name the field', async () => {
    const hint = await upload(u, 'x/content_subset.csv', { platform: 'instagram' });
    expect([hint.statusCode, hint.json().error.details.field]).toEqual([400, 'platform']);
    const year = await upload(u, 'tiktok/Overview.csv', { year: 'last' });
    expect([year.statusCode, year.json().error.details.field]).toEqual([400, 'year']);
    const json = await h.app.inject({ method: 'POST', url: '/api/v1/analytics/import', headers: u.auth, payload: { file: 'x' } });
    expect([json.statusCode, json.json().error.details.field]).toEqual([400, 'file']);
    expect((await upload(u, Buffer.from([0xc3, 0x28, 0xa0, 0xa1]))).statusCode).toBe(400);
    expect((await upload(u, Buffer.alloc(0))).statusCode).toBe(400);
    const anonymous = multipart(bytes('x/content_subset.csv'));
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/analytics/import', ...anonymous })).statusCode).toBe(401);
  });

  it('a file over 20 MB → 413; one over the 10 MB JSON body limit but under 20 MB is still read', async () => {
    const big = await upload(u, Buffer.alloc(21 * 1024 * 1024, 'a'));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('file_too_large');
    const medium = await upload(u, Buffer.from(`Name,Notes\n${`x,${'n'.repeat(2000)}\n`.repeat(6000)}`));
    expect(medium.statusCode).toBe(400);
    expect(medium.json().error.message).toMatch(/unrecognised export/);
  });
});
