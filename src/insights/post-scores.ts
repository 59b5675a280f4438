/**
 * Every post scored against its own account, the base of every kind:
 *
 *   score = ln(1 + views at age 7 days) − median over the account's posts of the same
 *
 * Measuring at one age (the snapshot nearest 7 days after publication, taken
 * between 3.5 and 14 days: repositories/insights.ts) compares posts at the same
 * point of their life, so a post from last week is not beaten by one that had
 * a year to collect views. Subtracting the account's median removes the size
 * of the account, so posts of a 1,000-follower and a 1,000,000-follower account
 * (or of two platforms) can be pooled. A score of ln 2 is "twice the account's
 * usual views". The engagement score is built the same way from engagement at
 * the same instant (null where no engagement counter was read).
 *
 * Loaded once per refresh: kinds of one run share the rows through the context.
 */
import { median } from 'simple-statistics';
import type { Platform } from '../analytics/catalog.js';
import { postsAtAge, type PostAtAge } from '../db/repositories/insights.js';
import type { InsightContext } from './types.js';

export const SCORE_AGE_DAYS = 7;

export interface ScoredPost extends PostAtAge {
  score: number;
  engagementScore: number | null;
}

const loaded = new WeakMap<InsightContext, Promise<ScoredPost[]>>();

export function scoredPosts(ctx: InsightContext): Promise<ScoredPost[]> {
  let rows = loaded.get(ctx);
  if (!rows) {
    rows = postsAtAge(ctx.db, ctx.userId, ctx.timeZone, SCORE_AGE_DAYS, ctx.now).then(scoreAgainstAccount);
    loaded.set(ctx, rows);
  }
  return rows;
}

export function scoreAgainstAccount(rows: PostAtAge[]): ScoredPost[] {
  const out: ScoredPost[] = [];
  for (const posts of groupBy(rows, (r) => r.account_id).values()) {
    const views = median(posts.map((p) => Math.log1p(Math.max(0, p.views))));
    const engaged = posts.filter((p) => p.engagement !== null).map((p) => Math.log1p(Math.max(0, p.engagement!)));
    const engagement = engaged.length > 0 ? median(engaged) : 0;
    for (const p of posts) {
      out.push({
        ...p,
        score: Math.log1p(Math.max(0, p.views)) - views,
        engagementScore: p.engagement === null ? null : Math.log1p(Math.max(0, p.engagement)) - engagement,
      });
    }
  }
  return out.sort((a, b) => a.post_id - b.post_id);
}

export function byPlatform(posts: ScoredPost[]): Map<Platform, ScoredPost[]> {
  return groupBy(posts, (p) => p.platform);
}

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
