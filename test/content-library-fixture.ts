/**
 * A user's posts for the content-library tests: one short video cross-posted
 * on four platforms within two days, an unrelated post in between, a recipe
 * posted twice with very different durations, and one posted two weeks later.
 * Every post's lifetime numbers are its last observation here, so the tests
 * can sum them without the app.
 */
import type { Platform } from '../src/analytics/catalog.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import type { PostMetricObservation } from '../src/ingest/observations.js';
import type { TestApp } from './helpers/app.js';

type Metric = PostMetricObservation['metric'];

export interface FixturePost {
  key: string;
  platform: Platform;
  title?: string;
  caption: string;
  duration: number | null;
  at: string;
  /** Lifetime values at the last observation. */
  metrics: Partial<Record<Metric, number>>;
}

export const POSTS: FixturePost[] = [
  { key: 'yt_tree', platform: 'youtube', title: 'How I built a treehouse in 3 days', caption: 'Building a treehouse with reclaimed wood', duration: 58, at: '2026-03-01T10:00:00Z', metrics: { views: 1000, likes: 100, comments: 10, shares: 5 } },
  { key: 'tt_tree', platform: 'tiktok', caption: 'How I built a treehouse in 3 days #treehouse #diy #fyp', duration: 59, at: '2026-03-01T18:00:00Z', metrics: { views: 5000, likes: 400, comments: 20, shares: 30 } },
  { key: 'ig_tree', platform: 'instagram', caption: 'Built a treehouse in 3 days with reclaimed wood 🌳 #treehouse', duration: 58, at: '2026-03-02T09:00:00Z', metrics: { views: 2000, likes: 150, comments: 12, shares: 8, saves: 40 } },
  { key: 'x_tree', platform: 'twitter', caption: 'New video: how I built a treehouse in 3 days https://youtu.be/xyz', duration: null, at: '2026-03-02T20:00:00Z', metrics: { views: 3000, likes: 60, comments: 5, shares: 9, saves: 3, clicks: 25 } },
  { key: 'tt_cat', platform: 'tiktok', caption: 'My cat versus the cucumber, round two', duration: 15, at: '2026-03-01T12:00:00Z', metrics: { views: 9000, likes: 800, comments: 50, shares: 90 } },
  { key: 'yt_bread', platform: 'youtube', title: 'Sourdough bread recipe for beginners', caption: 'Full recipe below', duration: 600, at: '2026-03-10T10:00:00Z', metrics: { views: 700, likes: 70, comments: 7, shares: 1 } },
  { key: 'tt_bread', platform: 'tiktok', caption: 'Sourdough bread recipe for beginners', duration: 60, at: '2026-03-11T10:00:00Z', metrics: { views: 1500, likes: 90, comments: 4, shares: 2 } },
  { key: 'ig_bread', platform: 'instagram', caption: 'Sourdough bread recipe, 100%_rye for beginners', duration: null, at: '2026-03-25T10:00:00Z', metrics: { views: 800, likes: 50, comments: 3, shares: 1, saves: 20 } },
];

export const byKey = (key: string) => POSTS.find((p) => p.key === key)!;

/** Ingests the posts (two observations each: half, then the final values) and returns the posts' API ids (UUIDs) by key. */
export async function seedLibrary(h: TestApp, userId: number, tag: string): Promise<Map<string, string>> {
  for (const platform of ['youtube', 'tiktok', 'instagram', 'twitter'] as Platform[]) {
    const account = await upsertAccount(h.t.db, userId, { platform, externalId: `${tag}-${platform}`, handle: `@${tag}_${platform}` });
    const mine = POSTS.filter((p) => p.platform === platform);
    await h.services.ingest({
      userId,
      accountId: account.id,
      source: 'test',
      posts: mine.map((p) => ({ platformPostId: `${tag}-${p.key}`, publishedAt: new Date(p.at), title: p.title ?? null, caption: p.caption, durationSeconds: p.duration, mediaType: 'video', url: `https://example.test/${tag}/${p.key}` })),
      postMetrics: mine.flatMap((p) =>
        Object.entries(p.metrics).flatMap(([metric, value]) => [
          { platformPostId: `${tag}-${p.key}`, metric: metric as Metric, value: Math.floor(value / 2), observedAt: new Date(Date.parse(p.at) + 86_400_000) },
          { platformPostId: `${tag}-${p.key}`, metric: metric as Metric, value, observedAt: new Date(Date.parse(p.at) + 5 * 86_400_000) },
        ]),
      ),
    });
  }
  const rows = await h.t.db.query<{ public_id: string; platform_post_id: string }>('SELECT public_id, platform_post_id FROM platform_posts WHERE user_id = $1', [userId]);
  return new Map(rows.map((r) => [r.platform_post_id.slice(tag.length + 1), r.public_id]));
}

/** Combined lifetime values of fixture posts, summed here: null where none of them has the metric. */
export function sumOf(keys: string[], metric: Metric): number | null {
  const values = keys.map((k) => byKey(k).metrics[metric]).filter((v): v is number => v !== undefined);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}

/** Engagement of fixture posts: likes + comments + shares + saves where known. */
export function engagementOf(keys: string[]): number {
  return (['likes', 'comments', 'shares', 'saves'] as Metric[]).reduce((s, m) => s + (sumOf(keys, m) ?? 0), 0);
}
