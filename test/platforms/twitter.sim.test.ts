import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, RateLimited, Unavailable } from '../../src/platforms/errors.js';
import type { ResponseInfo } from '../../src/platforms/types.js';
import { caught, collect, metricTable, startHarness, syncRequest, type Harness } from './sim-harness.js';

describe('X connector against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ postsPerAccount: 260 });
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.clearFaults());

  const x = () => h.connector('twitter');
  const token = (i = 0) => h.sim.tokens('twitter', i).accessToken;
  const userId = (i = 0) => h.sim.accounts('twitter')[i]!.externalId;

  it('verifies a token via /2/users/me', async () => {
    const a = h.sim.accounts('twitter')[0]!;
    await expect(x().verify(token(0))).resolves.toEqual({ externalId: a.externalId, handle: a.handle, displayName: a.displayName });
  });

  it('pages the timeline to the end and maps X metrics by the documented rules', async () => {
    const after: ResponseInfo[] = [];
    const chunks = await collect(x().sync(syncRequest(token(0), userId(0), 'backfill', { hooks: { afterResponse: (i) => void after.push(i) } })));
    const truth = h.sim.truth('twitter', 0);
    const posts = chunks.flatMap((c) => c.posts ?? []);
    const unique = [...new Set(posts.map((p) => p.platformPostId))];
    expect(unique).toEqual(truth.posts.map((p) => p.id));
    expect(unique.length).toBeGreaterThan(200); // three pages of 100
    const table = metricTable(chunks.flatMap((c) => c.postMetrics ?? []));
    const monthAgo = h.clock.now().getTime() - 30 * 86_400_000 + 60_000;
    for (const t of truth.posts) {
      const c = t.counters;
      const expected: Record<string, number> = { views: c.views, impressions: c.views, likes: c.likes, comments: c.comments, shares: c.shares + c.quotes, saves: c.saves };
      if (t.publishedAt.getTime() >= monthAgo) expected['clicks'] = c.linkClicks;
      expect(table.get(t.id)).toEqual(expected);
    }
    expect(chunks[0]!.accountMetrics).toEqual([{ metric: 'followers', value: truth.followers, observedAt: h.clock.now() }]);
    // The clicks pass carries its posts too (a resumed sync may meet posts the posts pass never saw), unchanged.
    for (const chunk of chunks) {
      const inChunk = new Set((chunk.posts ?? []).map((p) => p.platformPostId));
      for (const m of chunk.postMetrics ?? []) expect(inChunk.has(m.platformPostId)).toBe(true);
    }
    const byId = new Map<string, string>();
    for (const p of posts) {
      expect(byId.get(p.platformPostId) ?? p.mediaType).toBe(p.mediaType);
      byId.set(p.platformPostId, p.mediaType!);
    }
    expect(new Set(byId.values())).toEqual(new Set(['text', 'other']));
    // Rate-limit headers arrive in the response hook; reset converted from epoch seconds.
    const timeline = after.find((i) => i.endpoint === 'GET /2/users/:id/tweets')!;
    expect(timeline.rateLimit.limit).toBe(900);
    expect(timeline.rateLimit.resetAt!.getTime()).toBe(Math.floor((h.clock.now().getTime() + 15 * 60_000) / 1000) * 1000);
  });

  it('recent mode asks with start_time and reads no older posts', async () => {
    const chunks = await collect(x().sync({ ...syncRequest(token(1), userId(1)), options: { mode: 'recent', postMaxAgeDays: 10 } }));
    const cutoff = h.clock.now().getTime() - 10 * 86_400_000;
    const expected = h.sim.truth('twitter', 1).posts.filter((p) => p.publishedAt.getTime() >= cutoff);
    expect([...new Set(chunks.flatMap((c) => c.posts ?? []).map((p) => p.platformPostId))]).toEqual(expected.map((p) => p.id));
  });

  it('partial errors inside a 200 become warnings, data is kept', async () => {
    h.sim.addFault({ kind: 'error_in_200', platform: 'twitter', endpoint: '/2/users/:id/tweets', times: 1 });
    const chunks = await collect(x().sync(syncRequest(token(1), userId(1), 'backfill', { resumeFrom: { step: 'posts' } })));
    expect(chunks[0]!.warnings).toEqual(['Not Found Error: Could not find tweet with ids: [1].']);
    expect(chunks[0]!.posts!.length).toBe(100);
  });

  it('errors without data inside a 200 fail the call', async () => {
    const error = await caught(() => collect(x().sync(syncRequest(token(1), '123', 'backfill'))));
    expect(error).toBeInstanceOf(Error);
    expect((error as { status: number }).status).toBe(200);
    expect(String(error)).toContain('Could not find user');
  });

  it('401 -> AuthExpired; refresh rotates the refresh token (the old one dies)', async () => {
    const tokens = h.sim.tokens('twitter', 1);
    h.sim.expireToken('twitter', 1);
    await expect(x().verify(tokens.accessToken)).rejects.toBeInstanceOf(AuthExpired);
    const fresh = await x().refresh(tokens.refreshToken);
    expect(fresh.refreshToken).toBeTruthy();
    expect(fresh.refreshToken).not.toBe(tokens.refreshToken);
    expect(fresh.expiresAt.getTime()).toBe(h.clock.now().getTime() + 7200_000);
    await expect(x().verify(fresh.accessToken)).resolves.toBeTruthy();
    await expect(x().refresh(tokens.refreshToken)).rejects.toBeInstanceOf(AuthRevoked);
  });

  it('revoked -> refresh fails with AuthRevoked', async () => {
    const tokens = h.sim.tokens('twitter', 0);
    h.sim.revokeToken('twitter', 0);
    await expect(x().verify(tokens.accessToken)).rejects.toBeInstanceOf(AuthExpired);
    await expect(x().refresh(tokens.refreshToken)).rejects.toBeInstanceOf(AuthRevoked);
  });

  it('429 -> RateLimited at x-rate-limit-reset', async () => {
    h.sim.addFault({ kind: 'rate_limit', platform: 'twitter', times: 1 });
    const error = await caught(() => x().verify(token(1)));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).resetAt.getTime()).toBe(Math.floor((h.clock.now().getTime() + 15 * 60_000) / 1000) * 1000);
  });

  it('5xx -> Unavailable', async () => {
    h.sim.addFault({ kind: 'server_error', platform: 'twitter', status: 503, times: 1 });
    await expect(x().verify(token(1))).rejects.toBeInstanceOf(Unavailable);
  });

  it('authorization code with PKCE', async () => {
    const { url, pending } = x().authorizeUrl({ redirectUri: 'https://app.example/cb' });
    const u = new URL(url);
    expect(u.searchParams.get('scope')).toBe('tweet.read users.read offline.access');
    const code = h.sim.authorizationCode('twitter', 1, { redirectUri: pending.redirectUri, codeChallenge: u.searchParams.get('code_challenge')! });
    const tokens = await x().exchangeCode(code, pending);
    await expect(x().verify(tokens.accessToken)).resolves.toMatchObject({ externalId: userId(1) });
  });
});

describe('X rate limit enforcement', () => {
  it('75 calls to /2/users/me per 15-minute window, reset reported in epoch seconds', async () => {
    const h = await startHarness();
    try {
      const x = h.connector('twitter');
      const token = h.sim.tokens('twitter', 0).accessToken;
      for (let i = 0; i < 75; i++) await x.verify(token);
      const error = await caught(() => x.verify(token));
      expect(error).toBeInstanceOf(RateLimited);
      expect((error as RateLimited).resetAt.getTime()).toBe(Math.floor((h.clock.now().getTime() + 15 * 60_000) / 1000) * 1000);
      h.clock.advance(15 * 60_000);
      await expect(x.verify(token)).resolves.toBeTruthy();
      const w = h.sim.stats().windows.find((w) => w.limiter === 'x-me-15min')!;
      expect(w.peak).toBe(75);
      expect(h.sim.stats().platforms.twitter.limited).toBe(1);
    } finally {
      await h.close();
    }
  });
});
