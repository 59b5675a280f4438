import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, RateLimited, Unavailable } from '../../src/platforms/errors.js';
import type { ResponseInfo } from '../../src/platforms/types.js';
import { caught, collect, metricTable, startHarness, syncRequest, type Harness } from './sim-harness.js';

describe('Instagram connector against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.clearFaults());

  const ig = () => h.connector('instagram');
  const token = (i = 0) => h.sim.tokens('instagram', i).accessToken;
  const userId = (i = 0) => h.sim.accounts('instagram')[i]!.externalId;

  it('verifies a token', async () => {
    const a = h.sim.accounts('instagram')[1]!;
    await expect(ig().verify(token(1))).resolves.toEqual({ externalId: a.externalId, handle: a.handle, displayName: a.displayName });
    expect(BigInt(a.externalId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('backfills media pages with field and insight counters; empty insights stay absent', async () => {
    const after: ResponseInfo[] = [];
    const chunks = await collect(ig().sync(syncRequest(token(0), userId(0), 'backfill', { hooks: { afterResponse: (i) => void after.push(i) } })));
    const truth = h.sim.truth('instagram', 0);
    const posts = chunks.flatMap((c) => c.posts ?? []);
    expect(posts.map((p) => p.platformPostId)).toEqual(truth.posts.map((p) => p.id));
    const table = metricTable(chunks.flatMap((c) => c.postMetrics ?? []));
    let unavailable = 0;
    for (const t of truth.posts) {
      const row = table.get(t.id)!;
      const base = { likes: t.counters.likes, comments: t.counters.comments };
      if (t.insightsUnavailable) {
        unavailable++;
        expect(row).toEqual(base); // no views/reach/saves/shares, and certainly not 0
      } else {
        expect(row).toEqual({ ...base, views: t.counters.views, reach: t.counters.reach, saves: t.counters.saves, shares: t.counters.shares });
      }
      expect(row).not.toHaveProperty('impressions');
    }
    expect(unavailable).toBeGreaterThan(0);
    const kinds = new Set(posts.map((p) => p.mediaType));
    expect(kinds).toEqual(new Set(['image', 'carousel', 'reel']));
    expect(posts[0]!.hashtags).toEqual(truth.posts[0]!.hashtags);

    const daily = chunks.flatMap((c) => c.accountDaily ?? []);
    const metrics = new Set(daily.map((d) => d.metric));
    expect(metrics).toEqual(new Set(['reach', 'profile_views', 'clicks']));
    expect(new Set(daily.map((d) => d.day)).size).toBe(30);
    // Usage headers reach the response hook as a percentage.
    expect(after.some((i) => (i.rateLimit.usagePercent ?? 0) > 0)).toBe(true);
  });

  it('recent mode: insights only for young media, three days of daily values', async () => {
    const chunks = await collect(ig().sync({ ...syncRequest(token(1), userId(1)), options: { mode: 'recent', postMaxAgeDays: 14 } }));
    const cutoff = h.clock.now().getTime() - 14 * 86_400_000;
    const expected = h.sim.truth('instagram', 1).posts.filter((p) => p.publishedAt.getTime() >= cutoff);
    expect(chunks.flatMap((c) => c.posts ?? []).map((p) => p.platformPostId)).toEqual(expected.map((p) => p.id));
    expect(new Set(chunks.flatMap((c) => c.accountDaily ?? []).map((d) => d.day)).size).toBe(3);
  });

  it('code 190/463 -> AuthExpired; the long-lived token refreshes itself', async () => {
    const tokens = h.sim.tokens('instagram', 1);
    h.sim.expireToken('instagram', 1);
    await expect(ig().verify(tokens.accessToken)).rejects.toBeInstanceOf(AuthExpired);
    const fresh = await ig().refresh(tokens.refreshToken);
    expect(fresh.refreshToken).toBe(fresh.accessToken);
    expect(fresh.expiresAt.getTime()).toBe(h.clock.now().getTime() + 5_183_944_000);
    await expect(ig().verify(fresh.accessToken)).resolves.toBeTruthy();
  });

  it('revoked: API says 190/458 -> AuthRevoked, and refresh fails with AuthRevoked', async () => {
    const tokens = h.sim.tokens('instagram', 0);
    h.sim.revokeToken('instagram', 0);
    await expect(ig().verify(tokens.accessToken)).rejects.toBeInstanceOf(AuthRevoked);
    await expect(ig().refresh(tokens.refreshToken)).rejects.toBeInstanceOf(AuthRevoked);
  });

  it('throttle code 4 -> RateLimited until the regain time (minutes) from the BUC header', async () => {
    h.sim.addFault({ kind: 'rate_limit', platform: 'instagram', times: 1 });
    const error = await caught(() => ig().verify(token(1)));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).status).toBe(403);
    expect((error as RateLimited).resetAt.getTime()).toBe(h.clock.now().getTime() + 12 * 60_000);
  });

  it('an error body inside HTTP 200 is detected', async () => {
    h.sim.addFault({ kind: 'error_in_200', platform: 'instagram', times: 1 });
    const error = await caught(() => ig().verify(token(1)));
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).status).toBe(200);
  });

  it('5xx -> Unavailable', async () => {
    h.sim.addFault({ kind: 'server_error', platform: 'instagram', status: 500, times: 1 });
    await expect(ig().verify(token(1))).rejects.toBeInstanceOf(Unavailable);
  });

  it('authorization code -> short-lived -> long-lived token', async () => {
    const { url, pending } = ig().authorizeUrl({ redirectUri: 'https://app.example/cb' });
    expect(new URL(url).searchParams.get('scope')).toContain('instagram_business_manage_insights');
    const code = h.sim.authorizationCode('instagram', 1, { redirectUri: pending.redirectUri });
    const tokens = await ig().exchangeCode(code, pending);
    await expect(ig().verify(tokens.accessToken)).resolves.toMatchObject({ externalId: userId(1) });
  });
});

describe('Instagram rate limit enforcement', () => {
  it('200 calls per user per rolling hour, then code 17 with the regain time', async () => {
    const h = await startHarness({ limits: { instagramPerHour: 5 } });
    try {
      const ig = h.connector('instagram');
      const token = h.sim.tokens('instagram', 0).accessToken;
      for (let i = 0; i < 5; i++) await ig.verify(token);
      const error = await caught(() => ig.verify(token));
      expect(error).toBeInstanceOf(RateLimited);
      expect((error as RateLimited).reason).toContain('17');
      expect((error as RateLimited).resetAt.getTime()).toBe(h.clock.now().getTime() + 60 * 60_000);
      // Another user has its own budget.
      await expect(ig.verify(h.sim.tokens('instagram', 1).accessToken)).resolves.toBeTruthy();
      h.clock.advance(3600_001);
      await expect(ig.verify(token)).resolves.toBeTruthy();
      expect(h.sim.stats().windows.filter((w) => w.limiter === 'instagram-user-hour').every((w) => w.peak <= 5)).toBe(true);
    } finally {
      await h.close();
    }
  });
});

describe('Instagram account insights across a DST change', () => {
  it('backfills daily values in windows Meta accepts when the range spans the end of daylight saving time', async () => {
    const { startHarness, collect, syncRequest } = await import('./sim-harness.js');
    const h = await startHarness();
    try {
      // Late November: the last 30 Pacific days include the switch from PDT to PST (2025-11-02).
      h.clock.set(new Date('2025-11-20T18:00:00Z'));
      const account = h.sim.accounts('instagram')[0]!;
      const chunks = await collect(h.connector('instagram').sync(syncRequest(h.sim.tokens('instagram', 0).accessToken, account.externalId)));
      const reach = chunks.flatMap((c) => c.accountDaily ?? []).filter((d) => d.metric === 'reach');
      expect(reach.length).toBeGreaterThanOrEqual(29);
    } finally {
      await h.close();
    }
  });
});
