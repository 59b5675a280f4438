import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, PermanentError, QuotaExceeded, RateLimited, Unavailable, classifyRetry } from '../../src/platforms/errors.js';
import type { RequestInfo, ResponseInfo } from '../../src/platforms/types.js';
import { nextMidnightPacific } from '../../src/platforms/time.js';
import { caught, collect, metricTable, startHarness, syncRequest, type Harness } from './sim-harness.js';

describe('YouTube connector against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.clearFaults());

  const yt = () => h.connector('youtube');
  const token = (i = 0) => h.sim.tokens('youtube', i).accessToken;

  it('verifies a token and returns the channel', async () => {
    const profile = await yt().verify(token(1));
    const account = h.sim.accounts('youtube')[1]!;
    expect(profile).toEqual({ externalId: account.externalId, handle: account.handle, displayName: account.displayName });
  });

  it('backfills every upload with the counters the simulator holds', async () => {
    const account = h.sim.accounts('youtube')[0]!;
    const chunks = await collect(yt().sync(syncRequest(token(0), account.externalId)));
    const truth = h.sim.truth('youtube', 0);
    const posts = chunks.flatMap((c) => c.posts ?? []);
    expect(posts.map((p) => p.platformPostId)).toEqual(truth.posts.map((p) => p.id));
    expect(posts.length).toBeGreaterThan(50); // more than one page of 50

    const table = metricTable(chunks.flatMap((c) => c.postMetrics ?? []));
    for (const t of truth.posts) {
      const row = table.get(t.id) ?? {};
      expect(row['views']).toBe(t.counters.views);
      // Disabled likes/comments are absent, never 0.
      expect(row['likes']).toBe(t.likesHidden ? undefined : t.counters.likes);
      expect(row['comments']).toBe(t.commentsHidden ? undefined : t.counters.comments);
      expect(row).not.toHaveProperty('saves');
      expect(row).not.toHaveProperty('reach');
    }
    // Analytics gives shares/watch time for videos older than its processing lag only.
    const old = truth.posts.find((p) => h.clock.now().getTime() - p.publishedAt.getTime() > 5 * 86_400_000)!;
    expect(table.get(old.id)?.['shares']).toBeTypeOf('number');
    expect(table.get(old.id)?.['watch_time_minutes']).toBeTypeOf('number');
    const newest = truth.posts[0]!;
    if (h.clock.now().getTime() - newest.publishedAt.getTime() < 86_400_000) expect(table.get(newest.id)).not.toHaveProperty('shares');

    const first = posts.find((p) => p.platformPostId === truth.posts[3]!.id)!;
    expect(first.hashtags).toEqual(truth.posts[3]!.hashtags);
    expect(first.publishedAt.getTime()).toBe(truth.posts[3]!.publishedAt.getTime());

    const followers = chunks.flatMap((c) => c.accountMetrics ?? []);
    expect(followers).toHaveLength(1);
    // subscriberCount is rounded to three significant figures.
    expect(Math.abs(followers[0]!.value - truth.followers) / truth.followers).toBeLessThan(0.01);
    expect(followers[0]!.observedAt).toEqual(h.clock.now());

    const daily = chunks.flatMap((c) => c.accountDaily ?? []);
    expect(daily.some((d) => d.metric === 'followers_gained')).toBe(true);
    expect(daily.some((d) => d.metric === 'followers_lost')).toBe(true);
    expect(chunks[chunks.length - 1]!.next).toBeNull();
  });

  it('resumes from a checkpoint without re-reading earlier pages', async () => {
    const all = await collect(yt().sync(syncRequest(token(0), 'x')));
    const midway = all.find((c) => c.next?.step === 'posts' && c.next.cursor !== undefined)!;
    const rest = await collect(yt().sync(syncRequest(token(0), 'x', 'backfill', { resumeFrom: midway.next! })));
    const allIds = all.flatMap((c) => c.posts ?? []).map((p) => p.platformPostId);
    const restIds = rest.flatMap((c) => c.posts ?? []).map((p) => p.platformPostId);
    expect(restIds.length).toBeGreaterThan(0);
    expect(restIds).toEqual(allIds.slice(allIds.length - restIds.length));
    expect(rest[0]!.accountMetrics).toBeUndefined();
  });

  it('recent mode reads only young uploads and a short daily window', async () => {
    const chunks = await collect(yt().sync({ ...syncRequest(token(0), 'x', 'recent'), options: { mode: 'recent', postMaxAgeDays: 20, dailyLookbackDays: 5 } }));
    const posts = chunks.flatMap((c) => c.posts ?? []);
    const cutoff = h.clock.now().getTime() - 20 * 86_400_000;
    const expected = h.sim.truth('youtube', 0).posts.filter((p) => p.publishedAt.getTime() >= cutoff);
    expect(posts.map((p) => p.platformPostId)).toEqual(expected.map((p) => p.id));
    const days = new Set(chunks.flatMap((c) => c.accountDaily ?? []).map((d) => d.day));
    expect(days.size).toBeGreaterThan(0);
    expect(days.size).toBeLessThanOrEqual(6);
  });

  it('calls the request hook before every request with its cost, and the response hook after', async () => {
    const before: RequestInfo[] = [];
    const after: ResponseInfo[] = [];
    await collect(
      yt().sync(
        syncRequest(token(0), 'x', 'backfill', {
          hooks: {
            beforeRequest: async (info) => {
              before.push(info);
              await new Promise((r) => setTimeout(r, 1));
            },
            afterResponse: (info) => void after.push(info),
          },
        }),
      ),
    );
    expect(before.length).toBe(after.length);
    expect(before.filter((i) => i.api === 'youtube-data').every((i) => i.cost === 1)).toBe(true);
    expect(before.some((i) => i.api === 'youtube-analytics')).toBe(true);
    expect(after.every((i) => i.status === 200 && i.latencyMs >= 0)).toBe(true);
  });

  it('401 -> AuthExpired; refresh gives a working token', async () => {
    const tokens = h.sim.tokens('youtube', 1);
    h.sim.expireToken('youtube', 1);
    const error = await caught(() => yt().verify(tokens.accessToken));
    expect(error).toBeInstanceOf(AuthExpired);
    expect(classifyRetry(error)).toEqual({ retryable: false, action: 'refresh_token' });
    expect(String(error)).not.toContain(tokens.accessToken);
    const fresh = await yt().refresh(tokens.refreshToken);
    expect(fresh.accessToken).not.toBe(tokens.accessToken);
    expect(fresh.refreshToken).toBeUndefined(); // Google keeps the old refresh token
    expect(fresh.expiresAt.getTime()).toBe(h.clock.now().getTime() + 3599_000);
    await expect(yt().verify(fresh.accessToken)).resolves.toMatchObject({ externalId: h.sim.accounts('youtube')[1]!.externalId });
  });

  it('a token past its hour expires with the clock', async () => {
    const tokens = h.sim.tokens('youtube', 0);
    h.clock.advance(3600_000);
    await expect(yt().verify(tokens.accessToken)).rejects.toBeInstanceOf(AuthExpired);
    const fresh = await yt().refresh(tokens.refreshToken);
    await expect(yt().verify(fresh.accessToken)).resolves.toBeTruthy();
  });

  it('revoked grant: refresh fails with AuthRevoked (invalid_grant)', async () => {
    const tokens = h.sim.tokens('youtube', 1);
    h.sim.revokeToken('youtube', 1);
    await expect(yt().verify(tokens.accessToken)).rejects.toBeInstanceOf(AuthExpired);
    const error = await caught(() => yt().refresh(tokens.refreshToken));
    expect(error).toBeInstanceOf(AuthRevoked);
    expect((error as AuthRevoked).reason).toContain('invalid_grant');
  });

  it('429 rateLimitExceeded -> RateLimited with resetAt from Retry-After', async () => {
    h.sim.addFault({ kind: 'rate_limit', platform: 'youtube', endpoint: 'channels', times: 1 });
    const error = await caught(() => yt().verify(token(0)));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).resetAt.getTime()).toBe(h.clock.now().getTime() + 30_000);
  });

  it('5xx and dropped connections -> Unavailable (retryable)', async () => {
    h.sim.addFault({ kind: 'server_error', platform: 'youtube', status: 503, times: 1 });
    const error = await caught(() => yt().verify(token(0)));
    expect(error).toBeInstanceOf(Unavailable);
    expect(classifyRetry(error)).toEqual({ retryable: true, notBefore: null });
    h.sim.addFault({ kind: 'reset', platform: 'youtube', times: 1 });
    await expect(yt().verify(token(0))).rejects.toBeInstanceOf(Unavailable);
  });

  it('slow responses time out as Unavailable', async () => {
    h.sim.addFault({ kind: 'slow', platform: 'youtube', delayMs: 300, times: 1 });
    const error = await caught(() => h.connector('youtube', 100).verify(token(0)));
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).reason).toBe('timeout');
  });

  it('Analytics errors inside a 200 are detected', async () => {
    h.sim.addFault({ kind: 'error_in_200', platform: 'youtube', endpoint: '/v2/reports', times: 1 });
    const gen = yt().sync(syncRequest(token(0), 'x', 'backfill', { resumeFrom: { step: 'daily' } }));
    const error = await caught(() => collect(gen));
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).status).toBe(200);
    expect((error as Unavailable).reason).toContain('INTERNAL_ERROR');
  });

  it('authorization code flow with PKCE', async () => {
    const { url, pending } = yt().authorizeUrl({ redirectUri: 'http://localhost/cb', state: 'st4te' });
    const consent = new URL(url);
    expect(consent.searchParams.get('state')).toBe('st4te');
    expect(consent.searchParams.get('access_type')).toBe('offline');
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    const code = h.sim.authorizationCode('youtube', 0, { redirectUri: pending.redirectUri, codeChallenge: consent.searchParams.get('code_challenge')! });
    const tokens = await yt().exchangeCode(code, pending);
    expect(tokens.refreshToken).toBeTruthy();
    await expect(yt().verify(tokens.accessToken)).resolves.toBeTruthy();
    // A wrong verifier is refused.
    const code2 = h.sim.authorizationCode('youtube', 0, { redirectUri: pending.redirectUri, codeChallenge: consent.searchParams.get('code_challenge')! });
    await expect(yt().exchangeCode(code2, { ...pending, codeVerifier: 'wrong'.repeat(10) })).rejects.toBeInstanceOf(AuthRevoked);
  });
});

describe('YouTube quota', () => {
  it('403 quotaExceeded -> QuotaExceeded until next midnight Pacific; the simulator stops at the limit', async () => {
    const h = await startHarness({ limits: { youtubeUnitsPerDay: 3 } });
    try {
      const yt = h.connector('youtube');
      const token = h.sim.tokens('youtube', 0).accessToken;
      const error = await caught(() => collect(yt.sync(syncRequest(token, 'x'))));
      expect(error).toBeInstanceOf(QuotaExceeded);
      expect((error as QuotaExceeded).resetAt).toEqual(nextMidnightPacific(h.clock.now()));
      expect((error as QuotaExceeded).status).toBe(403);
      const stats = h.sim.stats();
      const window = stats.windows.find((w) => w.limiter === 'youtube-data')!;
      expect(window.peak).toBe(3);
      expect(stats.platforms.youtube.limited).toBe(1);
      // After midnight Pacific the quota is back.
      h.clock.set(new Date(nextMidnightPacific(h.clock.now()).getTime() + 1000));
      await expect(yt.verify(h.sim.tokens('youtube', 0).accessToken)).resolves.toBeTruthy();
    } finally {
      await h.close();
    }
  });

  it('PermanentError for bad requests is not retryable', async () => {
    const h = await startHarness();
    try {
      const res = await fetch(`${h.origin}/youtube/v3/playlistItems?part=contentDetails&playlistId=${'UU' + h.sim.accounts('youtube')[0]!.externalId.slice(2)}&pageToken=garbage`, {
        headers: { authorization: `Bearer ${h.sim.tokens('youtube', 0).accessToken}` },
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe('invalidPageToken');
      expect(classifyRetry(new PermanentError({ platform: 'youtube', endpoint: 'x', reason: 'y' }))).toEqual({ retryable: false, action: 'give_up' });
    } finally {
      await h.close();
    }
  });
});
