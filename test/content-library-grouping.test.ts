/**
 * Grouping is a label over posts: linking, merging and unlinking change no
 * platform's numbers (dashboard checked against the reference computation of
 * test/helpers/dataset.ts before and after), and the performance view grouped
 * by content adds up to the same totals as the posts, each item combining its
 * posts published in the window (sums made here from the raw observations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { expectedFor, localDay, makeDataset, type Dataset } from './helpers/dataset.js';

let h: TestApp;
let alice: Awaited<ReturnType<typeof register>>;
let bob: Awaited<ReturnType<typeof register>>;
let data: Dataset;
/** Post id (the API's UUID) → its database key, platform and platform post id. */
const postRef = new Map<string, { key: number; platform: Platform; platformPostId: string }>();
const END = new Date('2026-05-31T18:00:00Z');
const FROM = '2026-04-10';
const TO = '2026-05-20';
const RANGE = `from=${FROM}&to=${TO}`;

beforeAll(async () => {
  h = await createTestApp();
  alice = await register(h.app);
  bob = await register(h.app);
  data = makeDataset(11, END, 80);
  for (const [platform, batch] of data.batches) {
    for (const user of [alice, bob]) {
      const account = await upsertAccount(h.t.db, user.id, { platform, externalId: `grp-${platform}-${user.id}`, handle: `@g_${platform}` });
      await h.services.ingest({ ...batch, userId: user.id, accountId: account.id });
    }
  }
  const rows = await h.t.db.query<{ id: number; public_id: string; platform: Platform; platform_post_id: string }>('SELECT id, public_id, platform, platform_post_id FROM platform_posts WHERE user_id = $1', [alice.id]);
  for (const r of rows) postRef.set(r.public_id, { key: Number(r.id), platform: r.platform, platformPostId: r.platform_post_id });
});
afterAll(async () => {
  await h?.close();
});

const get = async (url: string, auth = alice.auth) => {
  const res = await h.app.inject({ method: 'GET', url, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** The last observed value of a post's metric in the dataset (its lifetime value), or null when never observed. */
function lifetime(postId: string, metric: string): number | null {
  const ref = postRef.get(postId)!;
  const obs = data.batches.get(ref.platform)!.postMetrics!.filter((m) => m.platformPostId === ref.platformPostId && m.metric === metric);
  if (obs.length === 0) return null;
  return obs.reduce((a, b) => (b.observedAt > a.observedAt ? b : a)).value;
}

function publishedInWindow(postId: string): boolean {
  const ref = postRef.get(postId)!;
  const day = localDay(data.batches.get(ref.platform)!.posts!.find((p) => p.platformPostId === ref.platformPostId)!.publishedAt, 'UTC');
  return day >= FROM && day <= TO;
}

function sumOver(ids: string[], metric: string): number | null {
  const values = ids.map((id) => lifetime(id, metric)).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}

/** A copy of a JSON answer without any content_id field, at any depth. */
function withoutContentIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutContentIds);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'content_id').map(([k, v]) => [k, withoutContentIds(v)]));
  return value;
}

interface Group {
  id: string;
  post_ids: string[];
  post_count: number;
  combined: Record<string, number | null>;
}

async function allGroups(sort = 'views', auth = alice.auth): Promise<{ groups: Group[]; posts: string[]; totals: Record<string, number | null> }> {
  const groups: Group[] = [];
  const posts: string[] = [];
  let cursor: string | null = null;
  let totals: Record<string, number | null> | undefined;
  do {
    const body = await get(`/api/v1/analytics/performance?${RANGE}&group=content&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, auth);
    expect(body.group).toBe('content');
    groups.push(...body.content_items);
    posts.push(...body.items.map((i: { post_id: string }) => i.post_id));
    // Each page's items are the posts of its content items, in their order.
    expect(body.items.map((i: { post_id: string }) => i.post_id)).toEqual(body.content_items.flatMap((g: Group) => g.post_ids));
    totals = body.totals;
    cursor = body.next_cursor;
  } while (cursor);
  return { groups, posts, totals: totals! };
}

/** Links the i-th post of every platform into one item, merges two of those items, and unlinks one post again. */
async function regroup() {
  const byPlatform = new Map<Platform, string[]>();
  // In the order the posts were stored (by key), as before UUIDs.
  for (const [id, ref] of [...postRef].sort((a, b) => a[1].key - b[1].key)) byPlatform.set(ref.platform, [...(byPlatform.get(ref.platform) ?? []), id]);
  const items: string[] = [];
  for (let i = 0; i < 5; i++) {
    const ids = [...byPlatform.values()].map((list) => list[i]!);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/content', headers: alice.auth, payload: { post_ids: ids, title: `Cross-post ${i}` } });
    expect(res.statusCode, res.body).toBe(201);
    items.push(res.json().id);
  }
  const merged = await h.app.inject({ method: 'POST', url: `/api/v1/content/${items[0]}/merge`, headers: alice.auth, payload: { from: items[1] } });
  expect(merged.statusCode).toBe(200);
  const victim = merged.json().posts[0].post_id;
  const un = await h.app.inject({ method: 'DELETE', url: `/api/v1/content/${items[0]}/posts/${victim}`, headers: alice.auth });
  expect(un.statusCode).toBe(200);
}

describe('linking changes no platform\'s numbers', () => {
  it('dashboard, per-platform totals and the post list are identical before and after regrouping, and equal the reference', async () => {
    const dashboardBefore = await get(`/api/v1/analytics/dashboard?${RANGE}`);
    const postsBefore = await get(`/api/v1/analytics/performance?${RANGE}&limit=500`);
    const platformBefore = await get(`/api/v1/analytics/platform/youtube?${RANGE}`);
    await regroup();
    const dashboardAfter = await get(`/api/v1/analytics/dashboard?${RANGE}`);
    const postsAfter = await get(`/api/v1/analytics/performance?${RANGE}&limit=500`);
    const platformAfter = await get(`/api/v1/analytics/platform/youtube?${RANGE}`);
    expect(dashboardAfter.totals).toEqual(dashboardBefore.totals);
    expect(dashboardAfter.platforms).toEqual(dashboardBefore.platforms);
    expect(postsAfter.totals).toEqual(postsBefore.totals);
    // Only the content_id of a post may differ.
    expect(withoutContentIds(platformAfter)).toEqual(withoutContentIds(platformBefore));
    expect(withoutContentIds(postsAfter.items)).toEqual(withoutContentIds(postsBefore.items));
    // And they are the reference's numbers, computed from the raw observations.
    for (const p of dashboardAfter.platforms as { platform: Platform; views: number | null; likes: number | null; posts: number }[]) {
      const e = expectedFor(data.batches.get(p.platform)!, p.platform, FROM, TO, 'UTC');
      expect({ views: p.views, likes: p.likes, posts: p.posts }, p.platform).toEqual({ views: e.activity.views, likes: e.activity.likes, posts: e.posts });
    }
  });
});

describe('performance grouped by content', () => {
  it('pages through every post of the window once, and the items add up to the totals', async () => {
    const { groups, posts, totals } = await allGroups();
    const inWindow = [...postRef.keys()].filter(publishedInWindow).sort();
    expect([...posts].sort()).toEqual(inWindow);
    expect(new Set(groups.map((g) => g.id)).size).toBe(groups.length);
    for (const metric of ['views', 'likes', 'comments', 'shares', 'saves', 'clicks']) {
      expect(totals[metric], metric).toBe(sumOver(inWindow, metric));
      const fromGroups = groups.map((g) => g.combined[metric]).filter((v): v is number => v !== null);
      expect(fromGroups.length === 0 ? null : fromGroups.reduce((a, b) => a + b, 0), metric).toBe(totals[metric]);
    }
    expect(groups.reduce((n, g) => n + g.post_count, 0)).toBe(totals.posts);
  });

  it('combines only each item\'s posts published in the window, sorted by the combined value', async () => {
    const { groups } = await allGroups('likes');
    expect(groups.some((g) => g.post_count > 1)).toBe(true);
    for (const g of groups) {
      expect(g.post_ids.every(publishedInWindow)).toBe(true);
      expect(g.post_count).toBe(g.post_ids.length);
      for (const metric of ['views', 'likes', 'saves']) expect(g.combined[metric], `${g.id} ${metric}`).toBe(sumOver(g.post_ids, metric));
    }
    const likes = groups.map((g) => g.combined.likes!);
    expect(likes).toEqual([...likes].sort((a, b) => b - a));
    // The library item itself has all its posts, whatever their publish day.
    const straddling = await Promise.all(groups.map((g) => get(`/api/v1/content/${g.id}`)));
    for (const [i, item] of straddling.entries()) {
      const all = item.posts.map((p: { post_id: string }) => p.post_id);
      expect(all).toEqual(expect.arrayContaining(groups[i]!.post_ids));
      expect(item.combined.views).toBe(sumOver(all, 'views'));
    }
  });

  it('keeps another user\'s items out, and refuses a bad group or a cursor of the other grouping', async () => {
    const bobs = await allGroups('views', bob.auth);
    const aliceItems = new Set((await allGroups()).groups.map((g) => g.id));
    expect(bobs.groups.some((g) => aliceItems.has(g.id))).toBe(false);
    expect(bobs.posts.some((id) => postRef.has(id))).toBe(false);

    const bad = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/performance?${RANGE}&group=account`, headers: alice.auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('group');
    const postCursor = (await get(`/api/v1/analytics/performance?${RANGE}&limit=1&sort=views`)).next_cursor;
    const mixed = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/performance?${RANGE}&limit=1&sort=views&group=content&cursor=${postCursor}`, headers: alice.auth });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.details.field).toBe('cursor');
  });
});
