/**
 * Publication probes (issue 11, "new posts within minutes"): every post the
 * simulator publishes during the measured window, at the random times the
 * world gave it, and how long until the dashboard API shows it with numbers.
 *
 * At the start the probe asks the simulator which posts each account will
 * publish before the window ends (sim.upcoming). After every clock step it
 * reads GET /api/v1/analytics/performance as the owner for each account with
 * a published, not yet seen post, and notes the first step at which the post
 * is listed with a views count. The delay is therefore measured at the step's
 * resolution (default 15 s), from the simulator's own publication instant.
 */
import type { Platform } from '../../src/analytics/catalog.js';
import type { Harness } from './harness.js';

interface Account {
  id: number;
  platform: Platform;
  index: number;
  auth: { authorization: string };
}

export interface PublicationResult {
  platform: Platform;
  accountId: number;
  postId: string;
  publishedAt: string;
  /** Minutes from publication to the first API answer listing it with numbers; null: not by the end of the run. */
  delayMin: number | null;
  /** The tier of the run that stored it (the account's first successful run that started after publication). */
  storedByTier: string | null;
}

interface Pending {
  account: Account;
  postId: string;
  publishedAt: number;
  seenAt: number | null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class Publications {
  private readonly posts: Pending[] = [];

  constructor(
    private readonly h: Harness,
    accounts: Account[],
    until: number,
  ) {
    for (const a of accounts) {
      for (const p of h.sim.upcoming(a.platform, a.index)) {
        if (p.publishedAt.getTime() <= until) this.posts.push({ account: a, postId: p.id, publishedAt: p.publishedAt.getTime(), seenAt: null });
      }
    }
  }

  async step(): Promise<void> {
    const now = this.h.clock.now().getTime();
    const waiting = new Map<number, Pending[]>();
    for (const p of this.posts) if (p.seenAt === null && p.publishedAt <= now) waiting.set(p.account.id, [...(waiting.get(p.account.id) ?? []), p]);
    for (const list of waiting.values()) {
      const a = list[0]!.account;
      const earliest = Math.min(...list.map((p) => p.publishedAt));
      const query = new URLSearchParams({ from: day(earliest - 86_400_000), to: day(now + 86_400_000), platforms: a.platform, sort: 'published_at', order: 'desc', limit: '20' });
      const res = await this.h.app.inject({ method: 'GET', url: `/api/v1/analytics/performance?${query}`, headers: a.auth });
      if (res.statusCode !== 200) throw new Error(`GET /analytics/performance answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
      const items = (res.json() as { items: { platform_post_id: string; views: number | null }[] }).items;
      for (const p of list) if (items.some((i) => i.platform_post_id === p.postId && i.views !== null)) p.seenAt = now;
    }
  }

  results(): PublicationResult[] {
    return this.posts
      .filter((p) => p.publishedAt <= this.h.clock.now().getTime())
      .map((p) => {
        const run = this.h.runs.find((r) => r.account_id === p.account.id && r.status === 'success' && r.simStartedAt >= p.publishedAt);
        return {
          platform: p.account.platform,
          accountId: p.account.id,
          postId: p.postId,
          publishedAt: new Date(p.publishedAt).toISOString(),
          delayMin: p.seenAt === null ? null : (p.seenAt - p.publishedAt) / 60_000,
          storedByTier: run?.tier ?? null,
        };
      });
  }
}
