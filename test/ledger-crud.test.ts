/**
 * The ledger (issue 8, item 4): create, read, list with filters and a
 * cursor, change and delete entries; every bad field is a 400 naming it;
 * another user's entry is a 404 and another user's content item a 404 on
 * content_id that says no more than an unknown one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { keyOf, publicIdOf, UNKNOWN_ID } from './helpers/ids.js';

let h: TestApp;
let me: Awaited<ReturnType<typeof register>>;
let other: Awaited<ReturnType<typeof register>>;
/** The content items' API ids (UUIDs). */
let myContent: string;
let otherContent: string;

const call = (auth: Record<string, string>, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

const VALID = { kind: 'cost', amount: '12.50', currency: 'EUR', date: '2026-05-01', category: 'production' } as const;

function expect400(res: LightMyRequestResponse, field: string): void {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as { error: { code: string; details?: { field?: string } } };
  expect(body.error.details?.field, res.body).toBe(field);
}

/** An id that names none of the caller's rows: 404 naming the field (`content_id`, `id`). */
function expect404(res: LightMyRequestResponse, field: string): void {
  expect(res.statusCode, res.body).toBe(404);
  const body = res.json() as { error: { code: string; details?: { field?: string } } };
  expect(body.error.code, res.body).toBe('not_found');
  expect(body.error.details?.field, res.body).toBe(field);
}

/** The API id of a content item of `userId`, made by ingesting one post (the only way content items come to be). */
async function contentOf(userId: number, postId: string): Promise<string> {
  const account = await upsertAccount(h.t.db, userId, { platform: 'youtube', externalId: `ch-${userId}`, handle: '@x' });
  await h.services.ingest({ userId, accountId: account.id, source: 'test', posts: [{ platformPostId: postId, publishedAt: new Date('2026-04-01T10:00:00Z'), title: postId, mediaType: 'video' }] });
  const [row] = await h.t.db.query<{ content_id: number }>('SELECT content_id FROM platform_posts WHERE user_id = $1 AND platform_post_id = $2', [userId, postId]);
  return publicIdOf(h.t.db, 'content', Number(row!.content_id));
}

beforeAll(async () => {
  h = await createTestApp();
  me = await register(h.app);
  other = await register(h.app);
  myContent = await contentOf(me.id, 'mine');
  otherContent = await contentOf(other.id, 'theirs');
});
afterAll(async () => {
  await h?.close();
});

describe('ledger CRUD', () => {
  it('creates, reads, changes and deletes an entry; amounts stay exact decimal strings', async () => {
    const created = await call(me.auth, 'POST', '/api/v1/ledger', { ...VALID, platform: 'youtube', content_id: myContent, campaign: 'spring', note: 'camera' });
    expect(created.statusCode, created.body).toBe(201);
    const entry = created.json();
    expect(entry).toMatchObject({ ...VALID, platform: 'youtube', content_id: myContent, campaign: 'spring', note: 'camera' });
    const [stored] = await h.t.db.query<{ amount: string; kind: string }>('SELECT amount::text AS amount, pg_typeof(amount)::text AS kind FROM ledger_entries WHERE public_id = $1', [entry.id]);
    expect(stored).toEqual({ amount: '12.50', kind: 'numeric' });

    const read = await call(me.auth, 'GET', `/api/v1/ledger/${entry.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(entry);

    const patched = await call(me.auth, 'PATCH', `/api/v1/ledger/${entry.id}`, { amount: '0.10', campaign: null, kind: 'revenue', category: 'sponsorship' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ amount: '0.10', campaign: null, kind: 'revenue', category: 'sponsorship', currency: 'EUR', content_id: myContent, note: 'camera' });

    const deleted = await call(me.auth, 'DELETE', `/api/v1/ledger/${entry.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await call(me.auth, 'GET', `/api/v1/ledger/${entry.id}`)).statusCode).toBe(404);
    expect((await call(me.auth, 'DELETE', `/api/v1/ledger/${entry.id}`)).statusCode).toBe(404);
  });

  it('defaults: no platform, content, campaign; an empty note', async () => {
    const res = await call(me.auth, 'POST', '/api/v1/ledger', VALID);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ platform: null, content_id: null, campaign: null, note: '' });
    await call(me.auth, 'DELETE', `/api/v1/ledger/${res.json().id}`);
  });

  it('lists newest first with a cursor, filtered by from/to, kind, platforms and campaign', async () => {
    const u = await register(h.app);
    const made: { id: string; key: number; date: string; kind: string; platform: string | null; campaign: string | null }[] = [];
    for (let i = 0; i < 7; i++) {
      const body = {
        ...VALID,
        date: `2026-03-0${1 + (i % 4)}`,
        kind: i % 2 === 0 ? 'cost' : 'revenue',
        category: i % 2 === 0 ? 'ad_spend' : 'affiliate',
        platform: i % 3 === 0 ? null : i % 3 === 1 ? 'tiktok' : 'instagram',
        campaign: i < 3 ? 'launch' : null,
      };
      const res = await call(u.auth, 'POST', '/api/v1/ledger', body);
      expect(res.statusCode, res.body).toBe(201);
      made.push({ id: res.json().id, key: await keyOf(h.t.db, 'ledger_entry', res.json().id), date: body.date, kind: body.kind, platform: body.platform, campaign: body.campaign });
    }
    // Newest date first, then the newest entry (database key) first.
    const expected = [...made].sort((a, b) => (a.date === b.date ? b.key - a.key : a.date < b.date ? 1 : -1)).map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(u.auth, 'GET', `/api/v1/ledger?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { id: string }[]; next_cursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(expected);

    const ids = async (query: string) => ((await call(u.auth, 'GET', `/api/v1/ledger?${query}`)).json() as { items: { id: string }[] }).items.map((i) => i.id).sort();
    const want = (f: (e: (typeof made)[number]) => boolean) => made.filter(f).map((e) => e.id).sort();
    expect(await ids('from=2026-03-02&to=2026-03-03')).toEqual(want((e) => e.date >= '2026-03-02' && e.date <= '2026-03-03'));
    expect(await ids('kind=revenue')).toEqual(want((e) => e.kind === 'revenue'));
    expect(await ids('platforms=tiktok')).toEqual(want((e) => e.platform === 'tiktok'));
    expect(await ids('campaign=launch')).toEqual(want((e) => e.campaign === 'launch'));
    expect400(await call(u.auth, 'GET', '/api/v1/ledger?cursor=bogus'), 'cursor');
    expect400(await call(u.auth, 'GET', '/api/v1/ledger?from=2026-02-30'), 'from');
    expect400(await call(u.auth, 'GET', '/api/v1/ledger?from=2026-03-05&to=2026-03-01'), 'from');
    expect400(await call(u.auth, 'GET', '/api/v1/ledger?platforms=myspace'), 'platforms');
    expect400(await call(u.auth, 'GET', '/api/v1/ledger?kind=gift'), 'kind');
  });
});

describe('ledger validation: 400 naming the field', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['amount', { amount: '1.5' }],
    ['amount', { amount: '-3.00' }],
    ['amount', { amount: 'abc' }],
    ['amount', { amount: '0.00' }],
    ['amount', { amount: '1.505' }],
    ['amount', { amount: 12.5 }],
    ['currency', { currency: 'XXY' }],
    ['currency', { currency: 'eur' }],
    ['date', { date: '2026-02-30' }],
    ['date', { date: 'yesterday' }],
    ['date', { date: '1999-01-01' }],
    ['category', { category: 'snacks' }],
    ['kind', { kind: 'gift' }],
    ['platform', { platform: 'myspace' }],
    ['campaign', { campaign: '' }],
    ['note', { note: 'x'.repeat(2001) }],
    ['content_id', { content_id: 0 }],
    ['content_id', { content_id: 12 }],
    ['content_id', { content_id: 'not-a-uuid' }],
  ];
  it.each(cases)('%s: %j', async (field, change) => {
    expect400(await call(me.auth, 'POST', '/api/v1/ledger', { ...VALID, ...change }), field);
  });

  it('a missing required field is named', async () => {
    const rest: Record<string, string> = { ...VALID };
    delete rest.amount;
    expect400(await call(me.auth, 'POST', '/api/v1/ledger', rest), 'amount');
  });

  it("another user's content item is a 404 on content_id, worded like an unknown one", async () => {
    const theirs = await call(me.auth, 'POST', '/api/v1/ledger', { ...VALID, content_id: otherContent });
    const unknown = await call(me.auth, 'POST', '/api/v1/ledger', { ...VALID, content_id: UNKNOWN_ID });
    expect404(theirs, 'content_id');
    expect404(unknown, 'content_id');
    expect(theirs.json().error.message).toBe(unknown.json().error.message);
    expect(theirs.body).not.toContain('theirs');
    // PATCH checks it too.
    const mine = (await call(me.auth, 'POST', '/api/v1/ledger', VALID)).json();
    expect404(await call(me.auth, 'PATCH', `/api/v1/ledger/${mine.id}`, { content_id: otherContent }), 'content_id');
    expect400(await call(me.auth, 'PATCH', `/api/v1/ledger/${mine.id}`, { amount: '1.5' }), 'amount');
    expect400(await call(me.auth, 'PATCH', `/api/v1/ledger/${mine.id}`, { currency: 'XXY' }), 'currency');
    expect((await call(me.auth, 'GET', `/api/v1/ledger/${mine.id}`)).json()).toMatchObject({ amount: VALID.amount, content_id: null });
    await call(me.auth, 'DELETE', `/api/v1/ledger/${mine.id}`);
  });

  it('an empty PATCH and an unknown field are refused', async () => {
    const mine = (await call(me.auth, 'POST', '/api/v1/ledger', VALID)).json();
    expect((await call(me.auth, 'PATCH', `/api/v1/ledger/${mine.id}`, {})).statusCode).toBe(400);
    expect((await call(me.auth, 'POST', '/api/v1/ledger', { ...VALID, colour: 'red' })).statusCode).toBe(400);
    await call(me.auth, 'DELETE', `/api/v1/ledger/${mine.id}`);
  });
});

describe('ledger isolation between users', () => {
  it("another user's entry is not found for read, change and delete, and is never listed", async () => {
    const mine = (await call(me.auth, 'POST', '/api/v1/ledger', { ...VALID, note: 'private' })).json();
    for (const [method, payload] of [['GET'], ['PATCH', { note: 'hijacked' }], ['DELETE']] as const) {
      const res = await call(other.auth, method, `/api/v1/ledger/${mine.id}`, payload);
      expect(res.statusCode, `${method}`).toBe(404);
      expect(res.body).not.toContain('private');
    }
    const list = (await call(other.auth, 'GET', '/api/v1/ledger')).json() as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(mine.id);
    expect((await call(me.auth, 'GET', `/api/v1/ledger/${mine.id}`)).json()).toMatchObject({ note: 'private' });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/ledger' })).statusCode).toBe(401);
    await call(me.auth, 'DELETE', `/api/v1/ledger/${mine.id}`);
  });
});
