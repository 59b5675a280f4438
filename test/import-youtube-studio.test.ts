/**
 * A YouTube Studio Content export shaped like a real channel's
 * (test/fixtures/exports/youtube/channel-2025: 2025 column names; the same rows
 * under the older names in channel-old-names): a Total row, private and
 * unlisted videos with an empty "Video publish time", negative subscriber
 * changes, ids starting with "-", quoted titles over two lines with emoji and
 * an embedded quote. Expectations are computed from the fixture with csv-parse,
 * independently of the import's mapping.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapExport } from '../src/import/import.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';

type User = Awaited<ReturnType<typeof register>>;
type Rec = Record<string, string>;

const FILE_2025 = 'youtube/channel-2025/Table data.csv';
const FILE_OLD = 'youtube/channel-old-names/Table data.csv';
const bytes = (path: string): Buffer => readFileSync(new URL(`./fixtures/exports/${path}`, import.meta.url));
const records = (path: string): Rec[] => parse(bytes(path).toString('utf8'), { columns: true, skip_empty_lines: true }) as Rec[];
/** "1,204,113" → 1204113; an empty cell → null. */
const num = (s: string | undefined): number | null => (s === undefined || s.trim() === '' ? null : Number(s.replace(/,/g, '')));
const total = (xs: (number | null)[]): number => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

// The fixture, read independently.
const all = records(FILE_2025);
const videos = all.filter((r) => r['Content'] !== 'Total');
const dated = videos.filter((r) => r['Video publish time']!.trim() !== '');
const undated = videos.filter((r) => r['Video publish time']!.trim() === '');
/** An unlisted video the store has from before (imported while it had a publish time); the other undated one is unknown. */
const KNOWN_UNDATED = '-Pq2Rs3Tu4V';
const UNKNOWN_UNDATED = 'zZ9yY8xX7wW';
const imported = [...dated, ...undated.filter((r) => r['Content'] === KNOWN_UNDATED)];
const COUNTER_COLUMNS = ['Views', 'Watch time (hours)', 'Likes', 'Dislikes', 'Comments added', 'Shares', 'Thumbnail impressions'];
/** Clicks behind Studio's rate: impressions × rate / 100 (0 when there were no impressions). */
const clicksOf = (r: Rec): number | null => {
  const imp = num(r['Thumbnail impressions']);
  const ctr = num(r['Thumbnail click-through rate (%)']);
  if (imp === null) return null;
  if (ctr === null) return imp === 0 ? 0 : null;
  return Math.round((imp * ctr) / 100);
};
/** 1-based line of the file a data row starts on, found in the raw text. */
const lineOf = (path: string, id: string): number => bytes(path).toString('utf8').slice(0, bytes(path).toString('utf8').indexOf(`\n${id},`) + 1).split('\n').length;

const AS_OF = '2025-12-01T00:00:00Z';
const WINDOW = 'from=2024-06-01&to=2025-12-01';

let h: TestApp;
beforeAll(async () => {
  h = await createTestApp();
});
afterAll(async () => {
  await h?.close();
});

function multipart(file: Buffer, fields: Record<string, string>) {
  const boundary = `----pulseboard${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Table data.csv"\r\nContent-Type: text/csv\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
async function upload(user: User, file: Buffer, fields: Record<string, string> = {}) {
  const m = multipart(file, fields);
  return h.app.inject({ method: 'POST', url: '/api/v1/analytics/import', headers: { ...user.auth, ...m.headers }, payload: m.payload });
}
async function get(user: User, url: string) {
  const res = await h.app.inject({ method: 'GET', url, headers: user.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function storedPosts(userId: number): Promise<Map<string, string>> {
  const rows = await h.t.db.query<{ platform_post_id: string; published_at: Date }>('SELECT platform_post_id, published_at FROM platform_posts WHERE user_id = $1', [userId]);
  return new Map(rows.map((r) => [r.platform_post_id, new Date(r.published_at).toISOString()]));
}

describe('mapping: 2025 and older column names', () => {
  const ctx = { timezone: 'UTC', observedAt: new Date(AS_OF), today: '2025-12-01', year: null };

  it('the same rows under either names map to the same observations', () => {
    const now = mapExport(bytes(FILE_2025), ctx);
    const before = mapExport(bytes(FILE_OLD), ctx);
    expect(now.format.id).toBe('youtube_studio_table');
    const withoutColumnNames = (m: typeof now.mapped) => ({ ...m, ignoredColumns: [] });
    expect(withoutColumnNames(now.mapped)).toEqual(withoutColumnNames(before.mapped));
    // Every metric column is read under both names; none of them is reported as ignored.
    for (const m of [now.mapped, before.mapped]) expect(m.ignoredColumns.map((c) => c.column).sort()).toEqual(['Average view duration', 'Likes (vs. dislikes) (%)', 'Subscribers']);
  });

  it('per row: counters of every column, impression clicks from the rate, undated posts kept aside', () => {
    const { mapped } = mapExport(bytes(FILE_2025), ctx);
    expect(mapped.posts.map((p) => p.platformPostId)).toEqual(dated.map((r) => r['Content']));
    expect(mapped.undated.map((p) => [p.platformPostId, p.row])).toEqual(undated.map((r) => [r['Content'], all.indexOf(r) + 1]));
    // A title over two lines with an emoji and a quote comes through whole.
    expect(mapped.posts.map((p) => p.title)).toEqual(dated.map((r) => r['Video title']));
    const byPost = new Map<string, Record<string, number>>();
    for (const m of [...mapped.postMetrics, ...mapped.undated.flatMap((p) => p.metrics)]) byPost.set(m.platformPostId, { ...byPost.get(m.platformPostId), [m.metric]: m.value });
    for (const r of videos) {
      const expected: Record<string, number | null> = {
        views: num(r['Views']),
        likes: num(r['Likes']),
        comments: num(r['Comments added']),
        shares: num(r['Shares']),
        watch_time_minutes: num(r['Watch time (hours)']) === null ? null : Math.round(num(r['Watch time (hours)'])! * 60 * 1e6) / 1e6,
        dislikes: num(r['Dislikes']),
        impressions: num(r['Thumbnail impressions']),
        impression_clicks: clicksOf(r),
      };
      expect(byPost.get(r['Content']!), r['Content']).toEqual(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== null)));
    }
    expect(mapped.skipped).toEqual([{ row: 1, line: 2, platform_post_id: null, reason: 'the Total row' }]);
  });

  it('a publish time that is present but unreadable is still a 400 naming row and column', () => {
    const text = bytes(FILE_2025).toString('utf8').replace('"Sep 9, 2025"', 'soon');
    expect(() => mapExport(Buffer.from(text), ctx)).toThrow(/row 6.*column "Video publish time".*"soon"/);
    const badRate = bytes(FILE_2025).toString('utf8').replace(',4.4,', ',144,');
    expect(() => mapExport(Buffer.from(badRate), ctx)).toThrow(/column "Thumbnail click-through rate \(%\)".*percentage/);
  });
});

describe('POST /analytics/import of the channel export', () => {
  let u: User;
  let first: Record<string, unknown>;
  /** The unlisted video as an earlier export listed it, with its publish time. */
  const earlier = Buffer.from(`Content,Video title,Video publish time,Duration,Views,Likes\n${KNOWN_UNDATED},Client preview,"Feb 10, 2025",245,900,31\n`);

  beforeAll(async () => {
    u = await register(h.app, 'UTC');
    const prior = await upload(u, earlier, { as_of: '2025-06-01T00:00:00Z' });
    expect(prior.statusCode, prior.body).toBe(201);
    const res = await upload(u, bytes(FILE_2025), { as_of: AS_OF });
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
  });

  it('answers what was imported and what was skipped, row by row, with the reason', () => {
    const values = imported.flatMap((r) => [...COUNTER_COLUMNS.map((c) => num(r[c])), clicksOf(r)]).filter((v) => v !== null);
    expect(first).toMatchObject({ format: 'youtube_studio_table', rows: all.length, posts: imported.length, new_posts: dated.length, post_metrics: values.length, changed: true, account_created: false });
    expect(first['skipped']).toEqual([
      { row: 1, line: 2, platform_post_id: null, reason: 'the Total row' },
      {
        row: all.findIndex((r) => r['Content'] === UNKNOWN_UNDATED) + 1,
        line: lineOf(FILE_2025, UNKNOWN_UNDATED),
        platform_post_id: UNKNOWN_UNDATED,
        reason: expect.stringMatching(/^publish time unknown: "Video publish time" is empty \(YouTube Studio leaves it empty for private and unlisted videos\), and the post is not stored yet/),
      },
    ]);
    expect(first['skipped_count']).toBe(2);
  });

  it('stores no post without a publish time; a known post keeps the publish time it had', async () => {
    const posts = await storedPosts(u.id);
    expect([...posts.keys()].sort()).toEqual(imported.map((r) => r['Content']).sort());
    expect(posts.has(UNKNOWN_UNDATED)).toBe(false);
    expect(posts.get(KNOWN_UNDATED)).toBe('2025-02-10T00:00:00.000Z');
    expect(posts.get('-dK3vP9xQ2w')).toBe('2025-01-14T00:00:00.000Z');
  });

  it('each post shows the file\'s lifetime numbers, impressions included', async () => {
    const body = await get(u, `/api/v1/analytics/performance?${WINDOW}&platforms=youtube&limit=100`);
    const items = new Map((body.items as Rec[]).map((i) => [i['platform_post_id'], i]));
    expect(items.size).toBe(imported.length);
    for (const r of imported) {
      const i = items.get(r['Content']!)!;
      const impressions = num(r['Thumbnail impressions'])!;
      expect({ views: i['views'], likes: i['likes'], comments: i['comments'], shares: i['shares'], saves: i['saves'], impressions: i['impressions'], impression_ctr: i['impression_ctr'], dislikes: i['dislikes'] }).toEqual({
        views: num(r['Views']), likes: num(r['Likes']), comments: num(r['Comments added']), shares: num(r['Shares']), saves: null, impressions,
        impression_ctr: impressions === 0 ? null : Math.round((10000 * clicksOf(r)!) / impressions) / 100,
        dislikes: num(r['Dislikes']),
      });
    }
  });

  it('elsewhere dislikes and the click-through rate are null, not 0 (X reports impressions but no clicks on them)', async () => {
    const res = await upload(u, bytes('x/account_analytics_content.csv'));
    expect(res.statusCode, res.body).toBe(201);
    const body = await get(u, '/api/v1/analytics/performance?from=2026-05-01&to=2026-07-31&platforms=twitter&limit=100');
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.some((i: Rec) => i['impressions'] !== null)).toBe(true);
    for (const i of body.items as Rec[]) expect([i['dislikes'], i['impression_ctr']]).toEqual([null, null]);
    const x = await get(u, '/api/v1/analytics/platform/twitter?from=2026-05-01&to=2026-07-31');
    expect([x.platform_metrics.dislikes, x.platform_metrics.impression_ctr]).toEqual([null, null]);
  });

  it('the totals equal the sums of the imported rows; the rate is of the summed clicks and impressions', async () => {
    const dash = await get(u, `/api/v1/analytics/dashboard?${WINDOW}&platforms=youtube`);
    expect(dash.totals.views).toBe(total(imported.map((r) => num(r['Views']))));
    expect(dash.totals.likes).toBe(total(imported.map((r) => num(r['Likes']))));
    expect(dash.totals.shares).toBe(total(imported.map((r) => num(r['Shares']))));
    expect(dash.totals.saves).toBeNull();
    // The undated known post counts in activity and was published in the window (its stored publish time); the unknown one in neither.
    expect(dash.platforms[0].posts).toBe(imported.length);

    const yt = await get(u, `/api/v1/analytics/platform/youtube?${WINDOW}`);
    const impressions = total(imported.map((r) => num(r['Thumbnail impressions'])));
    const clicks = total(imported.map(clicksOf));
    expect(yt.platform_metrics.impressions).toBe(impressions);
    expect(yt.platform_metrics.dislikes).toBe(total(imported.map((r) => num(r['Dislikes']))));
    expect(yt.platform_metrics.impression_ctr).toBe(Math.round((10000 * clicks) / impressions) / 100);
    // Not the average of the percentages (nor their sum).
    const rates = imported.map((r) => num(r['Thumbnail click-through rate (%)'])!);
    expect(yt.platform_metrics.impression_ctr).not.toBe(Math.round((100 * total(rates)) / rates.length) / 100);
    expect(yt.platform_metrics.watch_time_minutes).toBeCloseTo(total(imported.map((r) => num(r['Watch time (hours)']))) * 60, 6);
  });

  it('a window without the undated post\'s publish day still counts its new activity, not its history', async () => {
    // Everything the prior import did not know lands on the day of the second file.
    const day = AS_OF.slice(0, 10);
    const yt = await get(u, `/api/v1/analytics/platform/youtube?from=${day}&to=${day}`);
    const r = imported.find((x) => x['Content'] === KNOWN_UNDATED)!;
    const views = (await get(u, `/api/v1/analytics/dashboard?from=${day}&to=${day}&platforms=youtube`)).totals.views;
    expect(views).toBe(num(r['Views'])! - 900);
    expect(yt.platform_metrics.published_content_lifetime_views).toBeNull();
  });

  it('re-uploading the file changes nothing and says the same about the skipped rows', async () => {
    const again = await upload(u, bytes(FILE_2025), { as_of: AS_OF });
    expect(again.statusCode, again.body).toBe(200);
    const body = again.json();
    expect(body).toMatchObject({ changed: false, new_posts: 0, already_stored: body.post_metrics, skipped_count: 2 });
    expect(body.skipped).toEqual(first['skipped']);
  });

  it('a file of only unknown undated videos, for a user with no channel yet: nothing stored, every row said why', async () => {
    const v = await register(h.app, 'UTC');
    const header = bytes(FILE_2025).toString('utf8').split('\n')[0];
    const file = Buffer.from(`${header}\n${UNKNOWN_UNDATED},Private draft,,88,12,0.2,-1,0,,0,0,,0,0,0:01:00\n`);
    const res = await upload(v, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ account_id: null, account_created: false, posts: 0, changed: false, skipped_count: 1, skipped: [{ row: 1, line: 2, platform_post_id: UNKNOWN_UNDATED, reason: expect.stringMatching(/^publish time unknown/) }] });
    expect((await storedPosts(v.id)).size).toBe(0);
  });

  it('as_of before any platform existed is a 400 naming as_of, and nothing is stored (1960 reached the store and answered 500)', async () => {
    const v = await register(h.app, 'UTC');
    for (const asOf of ['1960-01-01T00:00:00Z', '2004-12-31T23:59:59Z']) {
      const res = await upload(v, bytes(FILE_2025), { as_of: asOf });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details).toEqual({ field: 'as_of', reason: 'must be on or after 2005-01-01' });
    }
    expect((await storedPosts(v.id)).size).toBe(0);
  });
});
