/**
 * Freshness probes: "a post taking off" in its first hour, and how long until
 * the dashboard API shows it.
 *
 * Every 5 simulated minutes the probe looks for posts that appeared in the
 * simulator in the last 10 minutes (futureDays posts, revealed as the clock
 * moves) and picks one per platform until it has enough; it boosts the post
 * at a random age of 5–45 minutes (sim.boostPost). From then on, after every
 * step, it reads GET /api/v1/analytics/performance as the account's owner
 * (buildApp + app.inject, bearer token, the response cache in place) and
 * notes the first step at which the post's views include the boost.
 *
 * "Includes the boost": views ≥ threshold = 20·v0 + 10,000, where v0 is the
 * simulator's count at the boost. The organic count cannot get there within
 * hours of a post's first hour (its rise is concave: 20× the count at age
 * ≥ 5 min would take far longer than the probe waits); the boost adds
 * 100·threshold views with a 6-minute half-life, so 15 s after the boost the
 * counter is already past the threshold: any sync that starts at least one
 * step after the boost shows it.
 */
import type { Platform } from '../../src/analytics/catalog.js';
import type { Harness } from './harness.js';

const MIN = 60_000;
const SCAN_EVERY_MS = 5 * MIN;
const NEW_WITHIN_MS = 10 * MIN;
/** A probe still unseen this long after its boost is reported as such. */
const GIVE_UP_MS = 6 * 3_600_000;

interface ProbeAccount {
  id: number;
  userId: number;
  platform: Platform;
  index: number;
  auth: { authorization: string };
}

export interface ProbeResult {
  platform: Platform;
  accountId: number;
  postId: string;
  publishedAt: string;
  boostAt: string;
  /** Post age at the boost, minutes. */
  ageAtBoostMin: number;
  viewsAtBoost: number;
  threshold: number;
  /** The state at the boost: post already stored? account had a post < 48 h stored (hot tier possible)? platform budget headroom. */
  postStoredAtBoost: boolean;
  accountHotEligible: boolean;
  headroomAtBoost: number;
  /** Minutes from the boost to the first API answer that showed it (null: not within the give-up time or the run's end). */
  delayMin: number | null;
  /** The run that brought it (the account's last successful run before the answer): tier, minutes from the boost to its start, its simulated and wall duration. */
  deliveredByTier: string | null;
  runStartAfterBoostMin: number | null;
  runSimDurationS: number | null;
  runWallMs: number | null;
  apiViews: number | null;
  outcome: 'seen' | 'gave-up' | 'run-ended';
  /** At the boost: minutes until the account's next_sync_at, and its last run (tier, minutes before the boost). */
  nextSyncInMin: number | null;
  lastRunTier: string | null;
  lastRunAgoMin: number | null;
}

interface Probe {
  account: ProbeAccount;
  postId: string;
  publishedAt: number;
  boostAt: number;
  boosted: boolean;
  viewsAtBoost: number;
  threshold: number;
  postStoredAtBoost: boolean;
  accountHotEligible: boolean;
  headroomAtBoost: number;
  seenAt: number | null;
  apiViews: number | null;
  gaveUp: boolean;
  nextSyncInMin: number | null;
  lastRunTier: string | null;
  lastRunAgoMin: number | null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class Probes {
  private readonly probes: Probe[] = [];
  private lastScan = -Infinity;
  private readonly seenPosts = new Set<string>();
  private readonly lastPlanned = new Map<Platform, number>();

  /** `minGapMs`: at least this long between two probes of one platform (spreads them over a run). */
  constructor(
    private readonly h: Harness,
    private readonly accounts: ProbeAccount[],
    private readonly perPlatform: number,
    private readonly random: () => number,
    private readonly minGapMs = 0,
  ) {}

  private now(): number {
    return this.h.clock.now().getTime();
  }

  done(): boolean {
    if (this.perPlatform === 0) return true;
    const platforms = new Set(this.accounts.map((a) => a.platform));
    for (const p of platforms) {
      const mine = this.probes.filter((x) => x.account.platform === p);
      if (mine.length < this.perPlatform || mine.some((x) => x.seenAt === null && !x.gaveUp)) return false;
    }
    return true;
  }

  async step(): Promise<void> {
    if (this.perPlatform === 0) return;
    const now = this.now();
    if (now - this.lastScan >= SCAN_EVERY_MS) {
      this.lastScan = now;
      this.scan(now);
    }
    for (const p of this.probes) if (!p.boosted && p.boostAt <= now) await this.boost(p);
    for (const p of this.probes) if (p.boosted && p.seenAt === null && !p.gaveUp) await this.check(p);
  }

  private scan(now: number): void {
    const want = new Map<Platform, number>();
    for (const a of this.accounts) want.set(a.platform, this.perPlatform - this.probes.filter((p) => p.account.platform === a.platform).length);
    // Start the scan at a random account so probes do not all land on account 0.
    const offset = Math.floor(this.random() * this.accounts.length);
    for (let i = 0; i < this.accounts.length; i++) {
      const a = this.accounts[(i + offset) % this.accounts.length]!;
      if ((want.get(a.platform) ?? 0) <= 0) continue;
      if (now - (this.lastPlanned.get(a.platform) ?? -Infinity) < this.minGapMs) continue;
      for (const post of this.h.sim.truth(a.platform, a.index).posts) {
        const published = post.publishedAt.getTime();
        if (now - published > NEW_WITHIN_MS || this.seenPosts.has(post.id)) continue;
        this.seenPosts.add(post.id);
        const boostAt = Math.max(now, published + (5 + this.random() * 40) * MIN);
        this.probes.push({
          account: a,
          postId: post.id,
          publishedAt: published,
          boostAt,
          boosted: false,
          viewsAtBoost: 0,
          threshold: 0,
          postStoredAtBoost: false,
          accountHotEligible: false,
          headroomAtBoost: 0,
          seenAt: null,
          apiViews: null,
          gaveUp: false,
          nextSyncInMin: null,
          lastRunTier: null,
          lastRunAgoMin: null,
        });
        this.lastPlanned.set(a.platform, now);
        want.set(a.platform, (want.get(a.platform) ?? 0) - 1);
        break;
      }
    }
  }

  private async boost(p: Probe): Promise<void> {
    const { h } = this;
    const now = this.now();
    const truth = h.sim.truth(p.account.platform, p.account.index).posts.find((x) => x.id === p.postId);
    if (!truth) throw new Error(`probe post ${p.postId} vanished from the simulator`);
    p.viewsAtBoost = truth.counters.views;
    p.threshold = 20 * p.viewsAtBoost + 10_000;
    h.sim.boostPost(p.account.platform, p.postId, 100 * p.threshold, 0.1);
    p.boosted = true;
    p.boostAt = now;
    const db = h.services.db;
    const [stored] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_posts WHERE account_id = $1 AND platform_post_id = $2', [p.account.id, p.postId]);
    const [hot] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_posts WHERE account_id = $1 AND published_at > $2', [p.account.id, new Date(now - 48 * 3_600_000)]);
    p.postStoredAtBoost = stored!.n > 0;
    p.accountHotEligible = hot!.n > 0;
    p.headroomAtBoost = await h.gate.headroom(p.account.platform, p.account.id);
    const [acc] = await db.query<{ next_sync_at: Date | null }>('SELECT next_sync_at FROM platform_accounts WHERE id = $1', [p.account.id]);
    p.nextSyncInMin = acc?.next_sync_at ? (new Date(acc.next_sync_at).getTime() - now) / MIN : null;
    const last = [...h.runs].reverse().find((r) => r.account_id === p.account.id);
    p.lastRunTier = last?.tier ?? null;
    p.lastRunAgoMin = last ? (now - last.simStartedAt) / MIN : null;
  }

  private async check(p: Probe): Promise<void> {
    const now = this.now();
    const query = new URLSearchParams({
      from: day(p.publishedAt - 86_400_000),
      to: day(now + 86_400_000),
      platforms: p.account.platform,
      sort: 'published_at',
      order: 'desc',
      limit: '100',
    });
    const res = await this.h.app.inject({ method: 'GET', url: `/api/v1/analytics/performance?${query}`, headers: p.account.auth });
    if (res.statusCode !== 200) throw new Error(`GET /analytics/performance answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const body = res.json() as { items: { platform_post_id: string; views: number | null }[] };
    const item = body.items.find((i) => i.platform_post_id === p.postId);
    if (item && item.views !== null && item.views >= p.threshold) {
      p.seenAt = now;
      p.apiViews = item.views;
    } else if (now - p.boostAt > GIVE_UP_MS) p.gaveUp = true;
  }

  results(): ProbeResult[] {
    return this.probes
      .filter((p) => p.boosted)
      .map((p) => {
        // The run that brought it: the account's last successful run finished by the step that showed it.
        const run = p.seenAt === null ? undefined : [...this.h.runs].reverse().find((r) => r.account_id === p.account.id && r.status === 'success' && r.simStartedAt >= p.boostAt && r.simFinishedAt <= p.seenAt!);
        return {
          platform: p.account.platform,
          accountId: p.account.id,
          postId: p.postId,
          publishedAt: new Date(p.publishedAt).toISOString(),
          boostAt: new Date(p.boostAt).toISOString(),
          ageAtBoostMin: (p.boostAt - p.publishedAt) / MIN,
          viewsAtBoost: p.viewsAtBoost,
          threshold: p.threshold,
          postStoredAtBoost: p.postStoredAtBoost,
          accountHotEligible: p.accountHotEligible,
          headroomAtBoost: p.headroomAtBoost,
          delayMin: p.seenAt === null ? null : (p.seenAt - p.boostAt) / MIN,
          deliveredByTier: run?.tier ?? null,
          runStartAfterBoostMin: run ? (run.simStartedAt - p.boostAt) / MIN : null,
          runSimDurationS: run ? (run.simFinishedAt - run.simStartedAt) / 1000 : null,
          runWallMs: run ? run.wallMs : null,
          apiViews: p.apiViews,
          outcome: p.seenAt !== null ? 'seen' : p.gaveUp ? 'gave-up' : 'run-ended',
          nextSyncInMin: p.nextSyncInMin,
          lastRunTier: p.lastRunTier,
          lastRunAgoMin: p.lastRunAgoMin,
        } satisfies ProbeResult;
      });
  }
}
