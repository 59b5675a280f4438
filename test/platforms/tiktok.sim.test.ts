import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, RateLimited, Unavailable } from '../../src/platforms/errors.js';
import { caught, collect, metricTable, startHarness, syncRequest, type Harness } from './sim-harness.js';

describe('TikTok connector against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.clearFaults());

  const tt = () => h.connector('tiktok');
  const token = (i = 0) => h.sim.tokens('tiktok', i).accessToken;

  it('verifies a token: open_id, username, display name', async () => {
    const account = h.sim.accounts('tiktok')[0]!;
    await expect(tt().verify(token(0))).resolves.toEqual({ externalId: account.externalId, handle: account.handle, displayName: account.displayName });
  });

  it('pages through every video (short pages included) with exact counters', async () => {
    const chunks = await collect(tt().sync(syncRequest(token(0), 'x')));
    const truth = h.sim.truth('tiktok', 0);
    const posts = chunks.flatMap((c) => c.posts ?? []);
    expect(posts.map((p) => p.platformPostId)).toEqual(truth.posts.map((p) => p.id));
    // Some pages are shorter than 20 while has_more is true; paging must not stop there.
    expect(chunks.some((c) => (c.posts?.length ?? 0) < 20 && c.next !== null)).toBe(true);
    const table = metricTable(chunks.flatMap((c) => c.postMetrics ?? []));
    for (const t of truth.posts) {
      expect(table.get(t.id)).toEqual({ views: t.counters.views, likes: t.counters.likes, comments: t.counters.comments, shares: t.counters.shares });
    }
    // Ids beyond 2^53 survive as strings; create_time seconds -> Date.
    expect(BigInt(posts[0]!.platformPostId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(posts[0]!.publishedAt.getTime()).toBe(Math.floor(truth.posts[0]!.publishedAt.getTime() / 1000) * 1000);
    expect(posts[5]!.hashtags).toEqual(truth.posts[5]!.hashtags);
    expect(chunks[0]!.accountMetrics).toEqual([{ metric: 'followers', value: truth.followers, observedAt: h.clock.now() }]);
    expect(chunks.flatMap((c) => c.accountDaily ?? [])).toEqual([]);
  });

  it('recent mode stops at the first video older than the window', async () => {
    const chunks = await collect(tt().sync({ ...syncRequest(token(1), 'x'), options: { mode: 'recent', postMaxAgeDays: 30 } }));
    const cutoff = h.clock.now().getTime() - 30 * 86_400_000;
    const expected = h.sim.truth('tiktok', 1).posts.filter((p) => Math.floor(p.publishedAt.getTime() / 1000) * 1000 >= cutoff);
    expect(chunks.flatMap((c) => c.posts ?? []).map((p) => p.platformPostId)).toEqual(expected.map((p) => p.id));
    expect(h.sim.stats().platforms.tiktok.byEndpoint['POST /v2/video/list/']!.requests).toBeLessThan(20);
  });

  it('counters grow as simulated time passes, and a boosted post jumps', async () => {
    const first = metricTable((await collect(tt().sync(syncRequest(token(0), 'x')))).flatMap((c) => c.postMetrics ?? []));
    const newest = h.sim.truth('tiktok', 0).posts[0]!;
    h.sim.boostPost('tiktok', newest.id, 1_000_000, 2);
    h.clock.advance(6 * 3600_000);
    const second = metricTable((await collect(tt().sync(syncRequest(token(0), 'x')))).flatMap((c) => c.postMetrics ?? []));
    expect(second.get(newest.id)!['views']! - first.get(newest.id)!['views']!).toBeGreaterThan(800_000);
    // Young posts keep gaining; no counter ever goes down.
    const weekAgo = h.clock.now().getTime() - 7 * 86_400_000;
    const young = h.sim.truth('tiktok', 0).posts.filter((p) => p.publishedAt.getTime() > weekAgo && first.has(p.id));
    expect(young.length).toBeGreaterThan(0);
    for (const p of young) expect(second.get(p.id)!['views']!).toBeGreaterThan(first.get(p.id)!['views']!);
    for (const [id, row] of first) expect(second.get(id)!['views']!).toBeGreaterThanOrEqual(row['views']!);
  });

  it('access_token_invalid (401) -> AuthExpired, refresh rotates tokens', async () => {
    const tokens = h.sim.tokens('tiktok', 1);
    h.sim.expireToken('tiktok', 1);
    await expect(tt().verify(tokens.accessToken)).rejects.toBeInstanceOf(AuthExpired);
    const fresh = await tt().refresh(tokens.refreshToken);
    expect(fresh.refreshToken).toBeTruthy();
    expect(fresh.expiresAt.getTime()).toBe(h.clock.now().getTime() + 86_400_000);
    await expect(tt().verify(fresh.accessToken)).resolves.toBeTruthy();
  });

  it('revoked: refresh -> AuthRevoked', async () => {
    const tokens = h.sim.tokens('tiktok', 0);
    h.sim.revokeToken('tiktok', 0);
    await expect(tt().refresh(tokens.refreshToken)).rejects.toBeInstanceOf(AuthRevoked);
  });

  it('429 rate_limit_exceeded -> RateLimited one sliding minute later', async () => {
    h.sim.addFault({ kind: 'rate_limit', platform: 'tiktok', times: 1 });
    const error = await caught(() => tt().verify(token(1)));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).resetAt.getTime()).toBe(h.clock.now().getTime() + 60_000);
    expect((error as RateLimited).reason).toContain('rate_limit_exceeded');
  });

  it('error.code != "ok" inside HTTP 200 is detected', async () => {
    h.sim.addFault({ kind: 'error_in_200', platform: 'tiktok', endpoint: 'video/list', times: 1 });
    const error = await caught(() => collect(tt().sync(syncRequest(token(1), 'x'))));
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).status).toBe(200);
    expect((error as Unavailable).reason).toContain('internal_error');
  });

  it('5xx -> Unavailable', async () => {
    h.sim.addFault({ kind: 'server_error', platform: 'tiktok', status: 502, times: 1 });
    const error = await caught(() => tt().verify(token(1)));
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).status).toBe(502);
  });

  it('authorization code flow with state', async () => {
    const { url, pending } = tt().authorizeUrl({ redirectUri: 'http://localhost/cb' });
    expect(new URL(url).searchParams.get('state')).toBe(pending.state);
    expect(new URL(url).searchParams.get('client_key')).toBe('sim-client');
    const code = h.sim.authorizationCode('tiktok', 1, { redirectUri: pending.redirectUri });
    const tokens = await tt().exchangeCode(code, pending);
    await expect(tt().verify(tokens.accessToken)).resolves.toMatchObject({ externalId: h.sim.accounts('tiktok')[1]!.externalId });
  });
});

describe('TikTok rate limit enforcement', () => {
  it('refuses the 4th call per endpoint per sliding minute and recovers as the window slides', async () => {
    const h = await startHarness({ limits: { tiktokPerMinute: 3 } });
    try {
      const tt = h.connector('tiktok');
      const token = h.sim.tokens('tiktok', 0).accessToken;
      for (let i = 0; i < 3; i++) {
        await tt.verify(token);
        h.clock.advance(10_000);
      }
      const error = await caught(() => tt.verify(token));
      expect(error).toBeInstanceOf(RateLimited);
      expect((error as RateLimited).status).toBe(429);
      h.clock.advance(31_000); // the first call slid out of the window
      await expect(tt.verify(token)).resolves.toBeTruthy();
      const window = h.sim.stats().windows.find((w) => w.key === 'GET /v2/user/info/')!;
      expect(window.peak).toBe(3);
    } finally {
      await h.close();
    }
  });
});
