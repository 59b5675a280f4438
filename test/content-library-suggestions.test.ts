/**
 * /api/v1/content/suggestions on the fixture: the cross-posted treehouse video
 * pairs up (evidence checked against the fixture's own times and durations),
 * the unrelated post, the recipe of another length and the late recipe do
 * not; accept links, dismiss hides a pair for good; other users' posts are 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { UNKNOWN_ID, keyOf } from './helpers/ids.js';
import { byKey, seedLibrary } from './content-library-fixture.js';

let h: TestApp;
let alice: Awaited<ReturnType<typeof register>>;
let bob: Awaited<ReturnType<typeof register>>;
let posts: Map<string, string>;
/** Database key of each of alice's posts, by public id: pairs are ordered by key. */
const postKeys = new Map<string, number>();

beforeAll(async () => {
  h = await createTestApp();
  alice = await register(h.app);
  bob = await register(h.app);
  posts = await seedLibrary(h, alice.id, 'a');
  for (const id of posts.values()) postKeys.set(id, await keyOf(h.t.db, 'post', id));
  await seedLibrary(h, bob.id, 'b');
});
afterAll(async () => {
  await h?.close();
});

interface SuggestedPost {
  post_id: string;
  content_id: string;
  platform: string;
  published_at: string;
  duration_seconds: number | null;
}

interface Suggestion {
  post_a: SuggestedPost;
  post_b: SuggestedPost;
  evidence: { similarity: number; shared_terms: string[]; hours_apart: number; duration_a_seconds: number | null; duration_b_seconds: number | null; duration_ratio: number | null };
  confidence: number;
}

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, auth = alice.auth) => h.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
const nameOf = (id: string) => [...posts].find(([, v]) => v === id)![0];
const pairKey = (s: Suggestion) => [s.post_a, s.post_b].map((p) => nameOf(p.post_id)).sort().join('+');

async function allSuggestions(auth = alice.auth): Promise<Suggestion[]> {
  const out: Suggestion[] = [];
  let cursor: string | null = null;
  do {
    const res = await call('GET', `/api/v1/content/suggestions?limit=2${cursor ? `&cursor=${cursor}` : ''}`, undefined, auth);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Suggestion[]; next_cursor: string | null };
    out.push(...body.items);
    cursor = body.next_cursor;
  } while (cursor);
  return out;
}

const TREE_PAIRS = ['ig_tree+tt_tree', 'ig_tree+x_tree', 'ig_tree+yt_tree', 'tt_tree+x_tree', 'tt_tree+yt_tree', 'x_tree+yt_tree'];

describe('suggestions', () => {
  it('pairs the cross-posts and nothing else, most confident first, with evidence from the posts', async () => {
    const list = await allSuggestions();
    expect(list.map(pairKey).sort()).toEqual(TREE_PAIRS);
    const confidences = list.map((s) => s.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    for (const s of list) {
      const [a, b] = [s.post_a, s.post_b].map((p) => byKey(nameOf(p.post_id)));
      // A pair is ordered by the posts' keys (as dismissals store it).
      expect(postKeys.get(s.post_a.post_id)).toBeLessThan(postKeys.get(s.post_b.post_id)!);
      expect(s.post_a.platform).not.toBe(s.post_b.platform);
      expect([s.post_a.duration_seconds, s.post_b.duration_seconds]).toEqual([a!.duration, b!.duration]);
      expect(s.evidence.hours_apart).toBe(Math.round((Math.abs(Date.parse(a!.at) - Date.parse(b!.at)) / 3_600_000) * 100) / 100);
      expect([s.evidence.duration_a_seconds, s.evidence.duration_b_seconds]).toEqual([a!.duration, b!.duration]);
      expect(s.evidence.shared_terms).toEqual(expect.arrayContaining(['built', 'treehouse', 'days']));
      expect(s.evidence.similarity).toBeGreaterThanOrEqual(0.3);
      const ratio = a!.duration === null || b!.duration === null ? null : Math.min(a!.duration, b!.duration) / Math.max(a!.duration, b!.duration);
      expect(s.evidence.duration_ratio).toBe(ratio === null ? null : Math.round(ratio * 100) / 100);
    }
    // YouTube and Instagram share the most terms: {built, treehouse, days, reclaimed, wood} of 7 → 5/7.
    const ytIg = list.find((s) => pairKey(s) === 'ig_tree+yt_tree')!;
    expect(ytIg.evidence.similarity).toBe(0.71);
    expect(ytIg.evidence.hours_apart).toBe(23);
  });

  it('dismissal hides a pair for good, and accepting links the two posts', async () => {
    const ids = [posts.get('x_tree')!, posts.get('tt_tree')!];
    const dismissed = await call('POST', '/api/v1/content/suggestions/dismiss', { post_a: ids[0], post_b: ids[1] });
    expect(dismissed.statusCode, dismissed.body).toBe(204);
    // Twice, in the other order, is the same as once.
    expect((await call('POST', '/api/v1/content/suggestions/dismiss', { post_a: ids[1], post_b: ids[0] })).statusCode).toBe(204);
    expect((await allSuggestions()).map(pairKey)).not.toContain('tt_tree+x_tree');
    const stored = await h.t.db.query('SELECT post_a, post_b FROM content_suggestion_dismissals WHERE user_id = $1', [alice.id]);
    const keys = ids.map((id) => postKeys.get(id)!);
    expect(stored).toEqual([{ post_a: Math.min(...keys), post_b: Math.max(...keys) }]);

    const accepted = await call('POST', '/api/v1/content/suggestions/accept', { post_a: posts.get('yt_tree'), post_b: posts.get('tt_tree') });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const item = accepted.json() as { id: string; posts: { post_id: string }[] };
    expect(item.posts.map((p) => nameOf(p.post_id)).sort()).toEqual(['tt_tree', 'yt_tree']);
    // Linked posts are no longer suggested as a pair; the dismissed pair stays hidden after the regrouping.
    const after = (await allSuggestions()).map(pairKey);
    expect(after).not.toContain('tt_tree+yt_tree');
    expect(after).not.toContain('tt_tree+x_tree');
    expect(after.sort()).toEqual(['ig_tree+tt_tree', 'ig_tree+x_tree', 'ig_tree+yt_tree', 'x_tree+yt_tree']);
    // Unlinking brings the accepted pair back (it was never dismissed); the dismissed one stays away.
    const un = await call('DELETE', `/api/v1/content/${item.id}/posts/${posts.get('tt_tree')}`);
    expect(un.statusCode).toBe(200);
    const again = (await allSuggestions()).map(pairKey);
    expect(again).toContain('tt_tree+yt_tree');
    expect(again).not.toContain('tt_tree+x_tree');
  });

  it('shows no other user\'s posts, and treats them as unknown', async () => {
    const bobList = await allSuggestions(bob.auth);
    expect(bobList).toHaveLength(TREE_PAIRS.length);
    const aliceIds = new Set(posts.values());
    expect(bobList.every((s) => !aliceIds.has(s.post_a.post_id) && !aliceIds.has(s.post_b.post_id))).toBe(true);
    for (const action of ['accept', 'dismiss']) {
      const res = await call('POST', `/api/v1/content/suggestions/${action}`, { post_a: posts.get('yt_tree'), post_b: posts.get('ig_tree') }, bob.auth);
      expect(res.statusCode, action).toBe(404);
    }
    expect((await allSuggestions()).map(pairKey)).toContain('ig_tree+yt_tree');
  });

  it('names the field of bad input', async () => {
    const other = UNKNOWN_ID.replace(/0$/, '1');
    const tree = posts.get('yt_tree')!;
    for (const [url, payload, field] of [
      ['/api/v1/content/suggestions/accept', { post_a: UNKNOWN_ID }, 'post_b'],
      ['/api/v1/content/suggestions/accept', { post_a: tree, post_b: tree }, 'post_b'],
      ['/api/v1/content/suggestions/dismiss', { post_a: UNKNOWN_ID, post_b: 'x' }, 'post_b'],
      // An integer (the id of before UUIDs) is malformed.
      ['/api/v1/content/suggestions/dismiss', { post_a: 1, post_b: UNKNOWN_ID }, 'post_a'],
      ['/api/v1/content/suggestions/dismiss', { post_a: UNKNOWN_ID, post_b: other, post_c: 3 }, 'post_c'],
    ] as [string, object, string][]) {
      const res = await call('POST', url, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.details.field).toBe(field);
    }
    for (const [query, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['cursor=nope', 'cursor']]) {
      const res = await call('GET', `/api/v1/content/suggestions?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.field).toBe(field);
    }
  });

  it('answers 404 for unknown posts', async () => {
    const res = await call('POST', '/api/v1/content/suggestions/accept', { post_a: posts.get('yt_tree'), post_b: UNKNOWN_ID });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details.field).toBe('post_b');
  });
});
