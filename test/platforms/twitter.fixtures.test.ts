import { afterEach, describe, expect, it } from 'vitest';
import { AuthRevoked, PermanentError, QuotaExceeded, RateLimited } from '../../src/platforms/errors.js';
import { createTwitterConnector } from '../../src/platforms/twitter/connector.js';
import { tweetClickCounters, tweetPost, tweetPublicCounters, userGauges } from '../../src/platforms/twitter/mapper.js';
import { parseTimeline, parseUser } from '../../src/platforms/twitter/parse.js';
import { caught, collect } from './sim-harness.js';
import { fixture, serveFixtures } from './fixture-server.js';

const NOW = new Date('2024-05-03T20:00:00Z');

describe('X mapping of recorded responses', () => {
  it('impression_count is copied to views and impressions; shares = reposts + quotes; saves = bookmarks', () => {
    const [first] = parseTimeline(fixture('twitter.tweets.page.json')).tweets;
    const rows = Object.fromEntries(tweetPublicCounters(first!, NOW).map((m) => [m.metric, m.value]));
    expect(rows).toEqual({ views: 1000, impressions: 1000, likes: 40, comments: 2, shares: 4, saves: 5 });
  });

  it('without impression_count or bookmark_count: views, impressions and saves are absent', () => {
    const [, older] = parseTimeline(fixture('twitter.tweets.page.json')).tweets;
    expect(tweetPublicCounters(older!, NOW).map((m) => m.metric)).toEqual(['likes', 'comments', 'shares']);
    expect(tweetPost(older!).mediaType).toBe('other');
  });

  it('19-digit ids stay strings; next_token read; the last page has none', () => {
    const page = parseTimeline(fixture('twitter.tweets.page.json'));
    expect(page.tweets.map((t) => t.id)).toEqual(['1790000000000000001', '1789999999999999999']);
    expect(page.nextToken).toBe('7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i');
    expect(parseTimeline(fixture('twitter.tweets.last.json')).nextToken).toBeUndefined();
    expect(tweetPost(page.tweets[0]!).hashtags).toEqual(['buildinpublic']);
  });

  it('clicks = url_link_clicks from non_public_metrics only', () => {
    const [t] = parseTimeline(fixture('twitter.tweets.nonpublic.json')).tweets;
    expect(tweetClickCounters(t!, NOW)).toEqual([{ platformPostId: '1790000000000000001', metric: 'clicks', value: 12, observedAt: NOW }]);
  });

  it('partial errors next to data are kept as readable warnings', () => {
    const page = parseTimeline(fixture('twitter.tweets.partial.json'));
    expect(page.tweets).toHaveLength(1);
    expect(page.partialErrors).toEqual(['Not Found Error: Could not find tweet with id: [123].']);
  });

  it('followers from public_metrics.followers_count', () => {
    expect(userGauges(parseUser(fixture('twitter.user.json')), NOW)).toEqual([{ metric: 'followers', value: 1520, observedAt: NOW }]);
  });
});

describe('X client on recorded responses', () => {
  let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const connector = (origin: string, clientSecret = 'secret') => createTwitterConnector({ clientId: 'cid', clientSecret, origin, now: () => NOW });

  it('sends pagination_token back and stops when next_token is left out', async () => {
    server = await serveFixtures({
      'GET /2/users/2244994945': { fixture: 'twitter.user.json' },
      'GET /2/users/2244994945/tweets': [{ fixture: 'twitter.tweets.page.json' }, { fixture: 'twitter.tweets.last.json' }, { fixture: 'twitter.tweets.nonpublic.json' }],
    });
    const chunks = await collect(connector(server.origin).sync({ accessToken: 't', externalId: '2244994945', options: { mode: 'backfill' } }));
    const calls = server.seen.filter((r) => r.url.pathname.endsWith('/tweets'));
    expect(calls).toHaveLength(3);
    expect(calls[1]!.url.searchParams.get('pagination_token')).toBe('7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i');
    expect(calls[0]!.url.searchParams.get('max_results')).toBe('100');
    expect(calls[2]!.url.searchParams.get('tweet.fields')).toContain('non_public_metrics');
    // Non-public metrics only exist for the last 30 days: the request says so.
    expect(Date.parse(calls[2]!.url.searchParams.get('start_time')!)).toBeGreaterThan(NOW.getTime() - 30 * 86_400_000);
    expect(new Set(chunks.flatMap((c) => c.posts ?? []).map((p) => p.platformPostId)).size).toBe(3);
  });

  it('429: rate limit -> RateLimited at x-rate-limit-reset (epoch seconds); usage cap -> QuotaExceeded without reset', async () => {
    const reset = Math.floor(NOW.getTime() / 1000) + 420;
    server = await serveFixtures({
      'GET /2/users/me': [
        { status: 429, fixture: 'twitter.error.429.json', headers: { 'x-rate-limit-limit': '75', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) } },
        { status: 429, fixture: 'twitter.error.usage-capped.json' },
        { status: 429, fixture: 'twitter.error.legacy-88.json', headers: { 'x-rate-limit-reset': String(reset) } },
        { status: 400, fixture: 'twitter.error.invalid-request.json' },
        { status: 200, fixture: 'twitter.errors-only.json' },
      ],
    });
    const c = connector(server.origin);
    const limited = await caught(() => c.verify('t'));
    expect(limited).toBeInstanceOf(RateLimited);
    expect((limited as RateLimited).resetAt.getTime()).toBe(reset * 1000);
    const capped = await caught(() => c.verify('t'));
    expect(capped).toBeInstanceOf(QuotaExceeded);
    expect((capped as QuotaExceeded).resetAt).toBeNull();
    const legacy = await caught(() => c.verify('t'));
    expect(legacy).toBeInstanceOf(RateLimited);
    expect((legacy as RateLimited).reason).toContain('Rate limit exceeded');
    const invalid = await caught(() => c.verify('t'));
    expect(invalid).toBeInstanceOf(PermanentError);
    expect((invalid as PermanentError).reason).toContain('invalid-request');
    const notFound = await caught(() => c.verify('t'));
    expect(notFound).toBeInstanceOf(PermanentError);
    expect((notFound as PermanentError).status).toBe(200);
  });

  it('refresh: Basic auth for a confidential client, rotated refresh token; invalid_request -> AuthRevoked', async () => {
    server = await serveFixtures({ 'POST /2/oauth2/token': [{ fixture: 'twitter.oauth.refresh.json' }, { status: 400, fixture: 'twitter.oauth.invalid_request.json' }] });
    const tokens = await connector(server.origin).refresh('old-refresh');
    expect(tokens).toMatchObject({ accessToken: 'x-access', refreshToken: 'x-refresh-rotated', expiresAt: new Date(NOW.getTime() + 7200_000) });
    expect(server.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('cid:secret').toString('base64')}`);
    await expect(connector(server.origin, '').refresh('old-refresh')).rejects.toBeInstanceOf(AuthRevoked);
    expect(server.seen[1]!.headers.authorization).toBeUndefined(); // public client: client_id in the form only
    expect(new URLSearchParams(server.seen[1]!.body).get('client_id')).toBe('cid');
  });
});
