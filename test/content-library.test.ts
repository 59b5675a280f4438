/**
 * /api/v1/content: the library's items with their posts and combined numbers
 * (summed here from the fixture's raw values), create, link, unlink, merge,
 * rename; bad input names its field, unknown and other users' ids are 404 and
 * never show their data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { UNKNOWN_ID } from './helpers/ids.js';
import { POSTS, engagementOf, seedLibrary, sumOf } from './content-library-fixture.js';

let h: TestApp;
let alice: Awaited<ReturnType<typeof register>>;
let bob: Awaited<ReturnType<typeof register>>;
let posts: Map<string, string>;
let bobPosts: Map<string, string>;

beforeAll(async () => {
  h = await createTestApp();
  alice = await register(h.app);
  bob = await register(h.app);
  posts = await seedLibrary(h, alice.id, 'a');
  bobPosts = await seedLibrary(h, bob.id, 'b');
});
afterAll(async () => {
  await h?.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, auth = alice.auth) => h.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
const post = (key: string) => posts.get(key)!;

interface Item {
  id: string;
  title: string | null;
  post_count: number;
  platforms: string[];
  first_published_at: string;
  combined: Record<string, number | null>;
  posts: { post_id: string; content_id: string; platform: string; platform_post_id: string; url: string | null; published_at: string; views: number | null; saves: number | null }[];
}

/** The public id of the item holding a post (read in the database, as the post's API id names it). */
async function itemIdOf(postId: string): Promise<string> {
  const [row] = await h.t.db.query<{ id: string }>('SELECT c.public_id AS id FROM platform_posts p JOIN content_items c ON c.id = p.content_id WHERE p.public_id = $1', [postId]);
  return row!.id;
}

async function itemOf(key: string): Promise<Item> {
  const res = await call('GET', `/api/v1/content/${await itemIdOf(post(key))}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function allItems(query = ''): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  do {
    const res = await call('GET', `/api/v1/content?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Item[]; next_cursor: string | null };
    out.push(...body.items);
    cursor = body.next_cursor;
  } while (cursor);
  return out;
}

const keysOf = (item: Item) => item.posts.map((p) => [...posts].find(([, id]) => id === p.post_id)![0]).sort();

function expectCombined(item: Item, keys: string[]) {
  for (const m of ['views', 'likes', 'comments', 'shares', 'saves', 'clicks'] as const) expect(item.combined[m], m).toBe(sumOf(keys, m));
  expect(item.combined.engagement).toBe(engagementOf(keys));
  const views = sumOf(keys, 'views')!;
  expect(item.combined.engagement_rate).toBe(Math.round((10000 * engagementOf(keys)) / views) / 100);
  for (const m of ['watch_time_minutes', 'dislikes', 'impression_clicks', 'impression_ctr']) expect(item.combined[m], m).toBeNull();
  expect(item.post_count).toBe(keys.length);
}

describe('listing', () => {
  it('starts with one item per post, each with its post and its own numbers', async () => {
    const items = await allItems();
    expect(items).toHaveLength(POSTS.length);
    for (const item of items) {
      expect(item.posts).toHaveLength(1);
      expectCombined(item, keysOf(item));
      expect(item.posts[0]!.content_id).toBe(item.id);
      expect(item.posts[0]!.url).toMatch(/^https:\/\/example\.test\/a\//);
    }
    // Saves: only Instagram and X report them; a TikTok-only item says null, never 0.
    const cat = items.find((i) => keysOf(i)[0] === 'tt_cat')!;
    expect(cat.combined.saves).toBeNull();
  });

  it('sorts by a combined metric with nulls last, and the cursor visits every item once', async () => {
    const bySaves = await allItems('&sort=saves&order=desc');
    const saves = bySaves.map((i) => i.combined.saves);
    const known = saves.filter((v) => v !== null) as number[];
    expect(known).toEqual([40, 20, 3]);
    expect(saves.slice(known.length).every((v) => v === null)).toBe(true);
    expect(new Set(bySaves.map((i) => i.id)).size).toBe(POSTS.length);
    const byViews = await allItems('&sort=views&order=asc');
    const views = byViews.map((i) => i.combined.views!);
    expect(views).toEqual([...POSTS.map((p) => p.metrics.views!)].sort((a, b) => a - b));
  });

  it.each(['published_at', 'posts', 'engagement_rate', 'performance_score', 'reach'])('pages by %s in both orders, each item once, in order', async (sort) => {
    const value = (i: Item) => (sort === 'published_at' ? Date.parse(i.first_published_at) : sort === 'posts' ? i.post_count : i.combined[sort]!);
    for (const order of ['asc', 'desc']) {
      const items = await allItems(`&sort=${sort}&order=${order}`);
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      expect(items.length).toBe((await call('GET', '/api/v1/content?limit=200')).json().items.length);
      const known = items.filter((i) => value(i) !== null).map(value);
      expect(known).toEqual([...known].sort((a, b) => (order === 'asc' ? a - b : b - a)));
      // Nulls last either way.
      expect(items.slice(known.length).every((i) => value(i) === null)).toBe(true);
    }
  });

  it('searches titles and captions, taking % and _ literally', async () => {
    const tree = await allItems('&q=TREEHOUSE');
    expect(tree.flatMap(keysOf).sort()).toEqual(['ig_tree', 'tt_tree', 'x_tree', 'yt_tree']);
    const literal = await allItems(`&q=${encodeURIComponent('100%_rye')}`);
    expect(literal.flatMap(keysOf)).toEqual(['ig_bread']);
    expect(await allItems(`&q=${encodeURIComponent('%')}`)).toHaveLength(1);
    expect(await allItems('&q=nothing-like-this')).toEqual([]);
  });
});

describe('grouping', () => {
  it('makes an item of chosen posts, with their sum; the items they leave are gone', async () => {
    const before = (await allItems()).length;
    const res = await call('POST', '/api/v1/content', { post_ids: [post('yt_tree'), post('tt_tree')], title: '  Treehouse  ' });
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json() as Item;
    expect(item.title).toBe('Treehouse');
    expect(keysOf(item)).toEqual(['tt_tree', 'yt_tree']);
    expect(item.platforms).toEqual(['tiktok', 'youtube']);
    expect(item.first_published_at).toBe('2026-03-01T10:00:00.000Z');
    expectCombined(item, ['yt_tree', 'tt_tree']);
    const after = await allItems();
    expect(after).toHaveLength(before - 1);
    expect(after.every((i) => i.posts.length > 0)).toBe(true);
  });

  it('links a post (its old item goes) and unlinks it into an item of its own again', async () => {
    const tree = await itemOf('yt_tree');
    const oldItem = (await itemOf('ig_tree')).id;
    const linked = await call('POST', `/api/v1/content/${tree.id}/posts`, { post_id: post('ig_tree') });
    expect(linked.statusCode, linked.body).toBe(200);
    expectCombined(linked.json(), ['yt_tree', 'tt_tree', 'ig_tree']);
    expect((await call('GET', `/api/v1/content/${oldItem}`)).statusCode).toBe(404);
    // Linking it again changes nothing.
    const again = await call('POST', `/api/v1/content/${tree.id}/posts`, { post_id: post('ig_tree') });
    expect(again.json()).toEqual(linked.json());

    const un = await call('DELETE', `/api/v1/content/${tree.id}/posts/${post('ig_tree')}`);
    expect(un.statusCode, un.body).toBe(200);
    const { content, unlinked } = un.json() as { content: Item; unlinked: Item };
    expectCombined(content, ['yt_tree', 'tt_tree']);
    expect(keysOf(unlinked)).toEqual(['ig_tree']);
    expectCombined(unlinked, ['ig_tree']);
    expect(unlinked.title).toBe('Built a treehouse in 3 days with reclaimed wood 🌳 #treehouse');
    expect(unlinked.id).not.toBe(tree.id);
    // A post alone in its item already is its own item.
    const alone = await call('DELETE', `/api/v1/content/${unlinked.id}/posts/${post('ig_tree')}`);
    expect(alone.statusCode).toBe(409);
    // A post of another item is not found in this one.
    expect((await call('DELETE', `/api/v1/content/${tree.id}/posts/${post('ig_tree')}`)).statusCode).toBe(404);
  });

  it('merges: every post moves, the other item and nothing else is gone, ledger entries follow', async () => {
    const into = await itemOf('yt_tree');
    const from = await itemOf('x_tree');
    const entry = await call('POST', '/api/v1/ledger', { kind: 'cost', amount: '10.00', currency: 'EUR', date: '2026-03-02', category: 'production', content_id: from.id });
    expect(entry.statusCode, entry.body).toBe(201);
    const countBefore = (await allItems()).length;
    const res = await call('POST', `/api/v1/content/${into.id}/merge`, { from: from.id });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json() as Item;
    expect(merged.id).toBe(into.id);
    expect(merged.title).toBe(into.title);
    expect(keysOf(merged)).toEqual([...keysOf(into), ...keysOf(from)].sort());
    expectCombined(merged, keysOf(merged));
    expect((await call('GET', `/api/v1/content/${from.id}`)).statusCode).toBe(404);
    expect((await allItems()).length).toBe(countBefore - 1);
    const moved = await call('GET', `/api/v1/ledger/${entry.json().id}`);
    expect(moved.json().content_id).toBe(into.id);
    // Every post still belongs to exactly one item.
    const all = await allItems();
    expect(all.flatMap((i) => i.posts.map((p) => p.post_id)).sort()).toEqual([...posts.values()].sort());
  });

  it('renames, trimming the title', async () => {
    const item = await itemOf('tt_cat');
    const res = await call('PATCH', `/api/v1/content/${item.id}`, { title: ' Cat vs cucumber ' });
    expect(res.statusCode).toBe(200);
    expect(res.json().title).toBe('Cat vs cucumber');
    expect((await call('GET', `/api/v1/content/${item.id}`)).json().title).toBe('Cat vs cucumber');
  });

  it('an item made without a title takes its first post\'s', async () => {
    const res = await call('POST', '/api/v1/content', { post_ids: [post('yt_bread')] });
    expect(res.statusCode).toBe(201);
    expect(res.json().title).toBe('Sourdough bread recipe for beginners');
  });
});

describe('bad input → 400 naming the field', () => {
  it.each([
    ['GET', '/api/v1/content/abc', undefined, 'id'],
    // An integer (the id of before UUIDs) is malformed too.
    ['GET', '/api/v1/content/1', undefined, 'id'],
    ['GET', `/api/v1/content/${UNKNOWN_ID}x`, undefined, 'id'],
    ['GET', '/api/v1/content?limit=0', undefined, 'limit'],
    ['GET', '/api/v1/content?sort=bogus', undefined, 'sort'],
    ['GET', '/api/v1/content?cursor=garbage', undefined, 'cursor'],
    ['GET', '/api/v1/content?q=', undefined, 'q'],
    ['POST', '/api/v1/content', { post_ids: [] }, 'post_ids'],
    ['POST', '/api/v1/content', { post_ids: [UNKNOWN_ID, UNKNOWN_ID] }, 'post_ids'],
    ['POST', '/api/v1/content', { post_ids: ['x'] }, 'post_ids[0]'],
    ['POST', '/api/v1/content', { post_ids: [UNKNOWN_ID, 7] }, 'post_ids[1]'],
    // A blank title is found after the post ids are read (among the caller's posts): a real one here.
    ['POST', '/api/v1/content', () => ({ post_ids: [post('tt_cat')], title: '   ' }), 'title'],
    ['POST', '/api/v1/content', { post_ids: [UNKNOWN_ID], title: 'x'.repeat(201) }, 'title'],
    ['POST', '/api/v1/content', { post_ids: [UNKNOWN_ID], color: 'red' }, 'color'],
    ['PATCH', `/api/v1/content/${UNKNOWN_ID}`, {}, 'title'],
    ['POST', `/api/v1/content/${UNKNOWN_ID}/posts`, { post_id: -3 }, 'post_id'],
    ['POST', `/api/v1/content/${UNKNOWN_ID}/posts`, { post_id: 'x' }, 'post_id'],
    ['POST', `/api/v1/content/${UNKNOWN_ID}/merge`, {}, 'from'],
    ['DELETE', `/api/v1/content/${UNKNOWN_ID}/posts/x`, undefined, 'post_id'],
  ] as [Method, string, object | (() => object) | undefined, string][])('%s %s %j → %s', async (method, url, payload, field) => {
    const res = await call(method, url, typeof payload === 'function' ? payload() : payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.field).toBe(field);
  });

  it('merging an item into itself names from', async () => {
    const item = await itemOf('tt_cat');
    const res = await call('POST', `/api/v1/content/${item.id}/merge`, { from: item.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('from');
  });

  it('a cursor of another sort is refused', async () => {
    const first = (await call('GET', '/api/v1/content?limit=1&sort=views')).json();
    const res = await call('GET', `/api/v1/content?limit=1&sort=likes&cursor=${first.next_cursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('cursor');
  });
});

describe('unknown ids and other users', () => {
  const UNKNOWN = UNKNOWN_ID;

  it('answers 404 for unknown items and posts', async () => {
    const cat = await itemOf('tt_cat');
    for (const [method, url, payload] of [
      ['GET', `/api/v1/content/${UNKNOWN}`, undefined],
      ['PATCH', `/api/v1/content/${UNKNOWN}`, { title: 'x' }],
      ['POST', `/api/v1/content/${UNKNOWN}/posts`, { post_id: post('tt_cat') }],
      ['POST', `/api/v1/content/${cat.id}/posts`, { post_id: UNKNOWN }],
      ['DELETE', `/api/v1/content/${cat.id}/posts/${UNKNOWN}`, undefined],
      ['POST', `/api/v1/content/${UNKNOWN}/merge`, { from: cat.id }],
      ['POST', `/api/v1/content/${cat.id}/merge`, { from: UNKNOWN }],
      ['POST', '/api/v1/content', { post_ids: [post('tt_cat'), UNKNOWN] }],
    ] as [Method, string, object | undefined][]) {
      const res = await call(method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code, `${method} ${url}`).toBe('not_found');
    }
    // Nothing moved on the way: the cat post is still alone in its item.
    expect(keysOf(await itemOf('tt_cat'))).toEqual(['tt_cat']);
  });

  it('treats another user\'s items and posts as unknown, and changes nothing of theirs', async () => {
    const aliceItem = await itemOf('tt_cat');
    const bobItem = await itemIdOf(bobPosts.get('tt_cat')!);
    const snapshot = JSON.stringify(await allItems());
    const attempts: [Method, string, object | undefined][] = [
      ['GET', `/api/v1/content/${aliceItem.id}`, undefined],
      ['PATCH', `/api/v1/content/${aliceItem.id}`, { title: 'mine now' }],
      ['POST', `/api/v1/content/${aliceItem.id}/posts`, { post_id: bobPosts.get('yt_tree') }],
      ['POST', `/api/v1/content/${bobItem}/posts`, { post_id: post('tt_cat') }],
      ['DELETE', `/api/v1/content/${aliceItem.id}/posts/${post('tt_cat')}`, undefined],
      ['POST', `/api/v1/content/${bobItem}/merge`, { from: aliceItem.id }],
      ['POST', `/api/v1/content/${aliceItem.id}/merge`, { from: bobItem }],
      ['POST', '/api/v1/content', { post_ids: [post('tt_cat')] }],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await call(method, url, payload, bob.auth);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain('cucumber');
    }
    expect(JSON.stringify(await allItems())).toBe(snapshot);
    const bobList = (await call('GET', '/api/v1/content?limit=200', undefined, bob.auth)).json() as { items: Item[] };
    expect(bobList.items).toHaveLength(POSTS.length);
    expect(bobList.items.every((i) => i.posts.every((p) => p.platform_post_id.startsWith('b-')))).toBe(true);
  });

  it('answers 401 without a token', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/content' })).statusCode).toBe(401);
  });
});

describe('rates of combined numbers', () => {
  it('impression CTR counts only the impressions of posts that report impression clicks', async () => {
    const carol = await register(h.app);
    const at = new Date('2026-04-01T10:00:00Z');
    const seen = new Date('2026-04-03T10:00:00Z');
    const ids: string[] = [];
    for (const [platform, metrics] of [
      ['youtube', { views: 900, impressions: 10_000, impression_clicks: 450 }],
      ['twitter', { views: 5_000, impressions: 8_000 }],
    ] as const) {
      const account = await upsertAccount(h.t.db, carol.id, { platform, externalId: `carol-${platform}`, handle: `@carol_${platform}` });
      await h.services.ingest({
        userId: carol.id, accountId: account.id, source: 'test',
        posts: [{ platformPostId: `c-${platform}`, publishedAt: at, title: 'Rates' }],
        postMetrics: Object.entries(metrics).map(([metric, value]) => ({ platformPostId: `c-${platform}`, metric: metric as 'views', value, observedAt: seen })),
      });
      const [row] = await h.t.db.query<{ id: string }>('SELECT public_id AS id FROM platform_posts WHERE user_id = $1 AND platform = $2', [carol.id, platform]);
      ids.push(row!.id);
    }
    const res = await call('POST', '/api/v1/content', { post_ids: ids }, carol.auth);
    expect(res.statusCode, res.body).toBe(201);
    const { combined } = res.json() as Item;
    expect(combined.impressions).toBe(18_000);
    expect(combined.impression_clicks).toBe(450);
    // 100 × 450 / 10,000 (YouTube's impressions only; X reports no impression clicks), not 450 / 18,000.
    expect(combined.impression_ctr).toBe(4.5);
    expect(combined.views).toBe(5_900);
  });
});
