/**
 * Public ids (issue 11, item 3): the API shows and takes UUIDs, the database
 * keeps its bigint keys. Three parts: where a schema holds ids and how they
 * are rewritten (pure); migration 019 on a database made by the schema before
 * it, with data in it; the edge translation through the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { migrate } from '../src/db/migrate.js';
import { createIngest } from '../src/ingest/create-ingest.js';
import { ENTITY_TABLES } from '../src/db/repositories/public-ids.js';
import { Id } from '../src/ids/entity-id.js';
import { DROP, idPaths, rewriteAt } from '../src/ids/id-paths.js';
import { Nullable } from '../src/routes/api/v1/schemas/common.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { makeDataset } from './helpers/dataset.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { makeAccount, makeUser } from './helpers/fixtures.js';
import type { Platform } from '../src/analytics/catalog.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('id paths of a schema', () => {
  const Schema = Type.Object({
    id: Id('report'),
    items: Type.Array(Type.Object({ post_id: Id('post'), content_id: Nullable(Id('content')), views: Type.Number() })),
    alert: Type.Union([Type.Object({ account_id: Id('account') }), Type.Null()]),
    owner: Type.Union([Id('user'), Type.Null()]),
    by_day: Type.Record(Type.String(), Id('post')),
    title: Type.String(),
  });

  it('finds every id field, with its kind and whether it may be null', () => {
    const found = idPaths(Schema).map((p) => [p.label, p.entity, p.nullable]);
    expect(found.sort()).toEqual(
      [
        ['id', 'report', false],
        ['items/*/post_id', 'post', false],
        ['items/*/content_id', 'content', true],
        ['alert/account_id', 'account', false],
        ['owner', 'user', true],
        ['by_day/*', 'post', false],
      ].sort(),
    );
  });

  it('rewrites on a copy, and DROP takes out the nearest list item', () => {
    const value = { items: [{ post_id: 1, views: 5 }, { post_id: 2, views: 7 }], title: 'x' };
    const [path] = idPaths(Schema).filter((p) => p.label === 'items/*/post_id');
    const out = rewriteAt(value, path!.steps, (key) => (key === 2 ? DROP : `post-${String(key)}`));
    expect(out).toEqual({ items: [{ post_id: 'post-1', views: 5 }], title: 'x' });
    // The original (possibly a cached answer) is untouched.
    expect(value.items[0]!.post_id).toBe(1);
    expect(value.items).toHaveLength(2);
  });
});

/** Every user table, row by row without the public ids: what the migration must leave as it was. */
async function digests(t: TestDb): Promise<Record<string, { n: number; hash: string }>> {
  const tables = await t.db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  const out: Record<string, { n: number; hash: string }> = {};
  for (const { name } of tables) {
    const [row] = await t.db.query<{ n: number; hash: string }>(
      `SELECT count(*)::int AS n,
              md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS hash
         FROM (SELECT (to_jsonb(x) - 'public_id')::text AS r FROM "${name}" x) rows`,
    );
    out[name] = row!;
  }
  return out;
}

describe('migration 019 on a database made before it, with data in it', () => {
  let t: TestDb;
  let h: TestApp;
  let userId: number;
  let before: Record<string, { n: number; hash: string }>;

  beforeAll(async () => {
    t = await createTestDb({ skip: ['019_public_ids'] });
    const columns = await t.db.query(`SELECT 1 FROM information_schema.columns WHERE column_name = 'public_id'`);
    expect(columns).toHaveLength(0);
    userId = await makeUser(t.db);
    await makeUser(t.db);
    const ingest = createIngest(t.db);
    const data = makeDataset(19, new Date('2026-06-01T00:00:00Z'), 60);
    for (const [platform, batch] of data.batches) {
      const accountId = await makeAccount(t.db, userId, platform as Platform);
      await ingest({ ...batch, userId, accountId });
    }
    before = await digests(t);
    await t.db.query(`DELETE FROM schema_migrations WHERE version = '019_public_ids'`);
    expect(await migrate(t.db)).toEqual(['019_public_ids']);
    h = await createTestApp({}, { db: t });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('keeps every row of every table as it was', async () => {
    expect(before.platform_posts!.n).toBeGreaterThan(20);
    expect(before.post_snapshots!.n).toBeGreaterThan(1000);
    expect(await digests(t)).toEqual(before);
  });

  it('gives every row the API names its own UUID', async () => {
    for (const table of Object.values(ENTITY_TABLES)) {
      const [row] = await t.db.query<{ n: number; ids: number; distinct_ids: number; bad: number }>(
        `SELECT count(*)::int AS n, count(public_id)::int AS ids, count(DISTINCT public_id)::int AS distinct_ids,
                count(*) FILTER (WHERE public_id::text !~ '^[0-9a-f-]{36}$')::int AS bad FROM ${table}`,
      );
      expect({ table, ...row }).toEqual({ table, n: row!.n, ids: row!.n, distinct_ids: row!.n, bad: 0 });
    }
  });

  it('answers with those UUIDs, and takes them back in any case', async () => {
    const auth = { authorization: `Bearer ${await h.services.tokens.issue(userId, 0)}` };
    const accounts = (await h.app.inject({ method: 'GET', url: '/api/v1/accounts', headers: auth })).json() as { accounts: { id: string; platform: string }[] };
    const stored = await t.db.query<{ public_id: string; platform: string }>(
      'SELECT public_id::text AS public_id, platform FROM platform_accounts WHERE user_id = $1 ORDER BY platform',
      [userId],
    );
    expect(accounts.accounts.map((a) => ({ public_id: a.id, platform: a.platform })).sort((a, b) => a.platform.localeCompare(b.platform))).toEqual(stored);
    for (const a of accounts.accounts) expect(a.id).toMatch(UUID);

    const url = '/api/v1/analytics/performance?from=2026-03-01&to=2026-06-01&limit=100';
    const first = await h.app.inject({ method: 'GET', url, headers: auth });
    const again = await h.app.inject({ method: 'GET', url, headers: auth });
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    const items = (first.json() as { items: { post_id: string; content_id: string; platform_post_id: string }[] }).items;
    expect(items.length).toBeGreaterThan(10);
    const posts = new Map(
      (await t.db.query<{ platform_post_id: string; post: string; content: string }>(
        `SELECT p.platform_post_id, p.public_id::text AS post, c.public_id::text AS content
           FROM platform_posts p JOIN content_items c ON c.id = p.content_id WHERE p.user_id = $1`,
        [userId],
      )).map((r) => [r.platform_post_id, r]),
    );
    for (const item of items) {
      expect({ post: item.post_id, content: item.content_id }).toEqual({ post: posts.get(item.platform_post_id)!.post, content: posts.get(item.platform_post_id)!.content });
    }

    const one = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/content/${items[0]!.content_id.toUpperCase()}`, headers: auth });
    expect(one.statusCode, one.body).toBe(200);
  });
});
