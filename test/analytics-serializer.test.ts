/**
 * The response schemas drive the serializer of the analytics API (the body is
 * made by reply.serialize and cached as such). On real data, the serialized
 * body must say exactly what the view computed: a field the schema forgot
 * would be dropped, a number typed integer truncated, a wrong nullability a
 * 500. And the export's 200 schema only documents: its stream is sent untouched.
 */
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/analytics/period.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { exportRows } from '../src/db/repositories/bulk-export.js';
import { compare } from '../src/query/views/compare.js';
import { contentView } from '../src/query/views/content.js';
import { dashboard } from '../src/query/views/dashboard.js';
import { growth } from '../src/query/views/growth.js';
import { performance } from '../src/query/views/performance.js';
import { platformView } from '../src/query/views/platform.js';
import { exportCsv } from '../src/reports/export-stream.js';
import type { Entity } from '../src/ids/entity-id.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { makeDataset } from './helpers/dataset.js';
import { publicIdOf } from './helpers/ids.js';

let h: TestApp;
let user: { id: number; auth: { authorization: string } };
const TZ = 'Asia/Kolkata';
const END = new Date('2026-05-31T18:00:00Z');

beforeAll(async () => {
  h = await createTestApp();
  user = await register(h.app, TZ);
  const data = makeDataset(7, END, 75);
  for (const [platform, batch] of data.batches) {
    const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `acct-${platform}`, handle: `@me_${platform}` });
    await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
  }
});
afterAll(async () => {
  await h?.close();
});

/** The body as served, and what the view computed for the same input, both as JSON would read them. */
async function served(url: string): Promise<unknown> {
  const res = await h.app.inject({ method: 'GET', url, headers: user.auth });
  expect(res.statusCode, res.body).toBe(200);
  // A miss: the body came from the serializer, not from a cache entry of an earlier test.
  expect(res.headers['x-cache']).toBe('miss');
  return JSON.parse(res.body);
}
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

/** The kind of row an id field of the views names: by its own name, or for `id` by the field holding it. */
const ID_FIELDS: Record<string, Entity> = { content_id: 'content', post_id: 'post', post_ids: 'post', account_id: 'account' };
const ID_HOLDERS: Record<string, Entity> = { content: 'content', content_items: 'content', connected_accounts: 'account' };

/**
 * What the view computed as the API shows it: every key of a row (a number in
 * an id field) replaced by the row's public id, looked up here in the
 * database, so a served id field left a number (or a wrong UUID) differs.
 */
async function withPublicIds(value: unknown, entity?: Entity, holder?: string): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v) => withPublicIds(v, entity, holder)));
  if (typeof value === 'number' && entity) return publicIdOf(h.t.db, entity, value);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const named = key === 'id' ? (holder ? ID_HOLDERS[holder] : undefined) : ID_FIELDS[key];
    out[key] = await withPublicIds(v, named, key);
  }
  return out;
}
const computed = async (value: unknown) => withPublicIds(plain(value));
const period = (q: { from?: string; to?: string; platforms?: string; tz?: string }) => parsePeriod(q, TZ);

describe('every analytics endpoint serializes its view without dropping or coercing anything', () => {
  const ranges: Record<string, string>[] = [
    { from: '2026-03-17', to: '2026-05-31' },
    { from: '2026-05-01', to: '2026-05-10', platforms: 'instagram,twitter', tz: 'America/New_York' },
  ];

  it.each(ranges)('dashboard $from–$to', async (q) => {
    const qs = new URLSearchParams(q).toString();
    expect(await served(`/api/v1/analytics/dashboard?${qs}`)).toStrictEqual(await computed(await dashboard(h.t.db, user.id, period(q))));
  });

  it.each(ranges)('growth and compare by day, week and month $from–$to', async (q) => {
    for (const g of ['day', 'week', 'month'] as const) {
      const qs = new URLSearchParams({ ...q, granularity: g }).toString();
      expect(await served(`/api/v1/analytics/growth?${qs}`)).toStrictEqual(await computed(await growth(h.t.db, user.id, period(q), g)));
      expect(await served(`/api/v1/analytics/compare?${qs}`)).toStrictEqual(await computed(await compare(h.t.db, user.id, period(q), g)));
    }
  });

  it('performance, first and next page, by several sorts', async () => {
    const q = { from: '2026-03-01', to: '2026-05-31' };
    for (const sort of ['performance_score', 'published_at', 'engagement_rate', 'saves'] as const) {
      const paging = { sort, order: 'asc' as const, limit: 5 };
      const first = await served(`/api/v1/analytics/performance?${new URLSearchParams({ ...q, sort, order: 'asc', limit: '5' })}`);
      expect(first).toStrictEqual(await computed(await performance(h.t.db, user.id, period(q), paging)));
      const cursor = (first as { next_cursor: string }).next_cursor;
      expect(cursor).toEqual(expect.any(String));
      const next = await served(`/api/v1/analytics/performance?${new URLSearchParams({ ...q, sort, order: 'asc', limit: '5', cursor })}`);
      expect(next).toStrictEqual(await computed(await performance(h.t.db, user.id, period(q), { ...paging, cursor })));
    }
  });

  it('platform view of each platform', async () => {
    const q = { from: '2026-04-01', to: '2026-05-31' };
    for (const platform of ['youtube', 'tiktok', 'instagram', 'twitter'] as const) {
      const qs = new URLSearchParams(q).toString();
      expect(await served(`/api/v1/analytics/platform/${platform}?${qs}`)).toStrictEqual(await computed(await platformView(h.t.db, user.id, period(q), platform)));
    }
  });

  it('content view of items on every platform', async () => {
    const ids = await h.t.db.query<{ content_id: number; public_id: string }>(
      `SELECT DISTINCT ON (p.platform) p.content_id, c.public_id FROM platform_posts p JOIN content_items c ON c.id = p.content_id
        WHERE p.user_id = $1 ORDER BY p.platform, p.published_at`,
      [user.id],
    );
    expect(ids).toHaveLength(4);
    for (const { content_id, public_id } of ids) {
      expect(await served(`/api/v1/analytics/content/${public_id}?tz=UTC`)).toStrictEqual(await computed(await contentView(h.t.db, user.id, Number(content_id), 'UTC')));
    }
  });
});

describe('export: the documented 200 leaves the stream untouched', () => {
  const q = { from: '2026-04-01', to: '2026-05-31' };

  it('JSON rows are the cursor rows, for raw and day', async () => {
    for (const granularity of ['raw', 'day'] as const) {
      const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/export?${new URLSearchParams({ ...q, granularity, format: 'json' })}`, headers: user.auth });
      expect(res.statusCode).toBe(200);
      const rows = [];
      for await (const row of exportRows(h.t.db, user.id, period(q), granularity)) rows.push(row);
      expect(rows.length).toBeGreaterThan(100);
      expect(JSON.parse(res.body)).toStrictEqual(plain(rows));
    }
  });

  it('CSV is byte for byte the CSV stream', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/export?${new URLSearchParams({ ...q, granularity: 'day' })}`, headers: user.auth });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(await text(exportCsv(exportRows(h.t.db, user.id, period(q), 'day'), 'day')));
  });
});
