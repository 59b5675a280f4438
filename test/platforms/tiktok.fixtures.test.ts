import { afterEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, PermanentError, RateLimited } from '../../src/platforms/errors.js';
import { createTikTokConnector } from '../../src/platforms/tiktok/connector.js';
import { userGauges, videoCounters, videoPost } from '../../src/platforms/tiktok/mapper.js';
import { parseUser, parseVideoPage, readEnvelope } from '../../src/platforms/tiktok/parse.js';
import { caught, collect } from './sim-harness.js';
import { fixture, serveFixtures } from './fixture-server.js';

const NOW = new Date('2024-05-03T20:00:00Z');

describe('TikTok mapping of recorded responses', () => {
  it('19-digit ids stay exact strings; create_time is seconds; cursor is milliseconds', () => {
    const page = parseVideoPage(readEnvelope(fixture('tiktok.videos.page.json'))!.data);
    expect(page.videos.map((v) => v.id)).toEqual(['7300000000000000001', '7299999999999999999']);
    expect(videoPost(page.videos[0]!).publishedAt.toISOString()).toBe('2024-05-01T08:00:00.000Z');
    expect(page.cursor).toBe(1714464000000);
    expect(page.hasMore).toBe(true);
  });

  it('counters: missing fields stay absent, a real 0 stays 0, no saves/reach', () => {
    const [a, b] = parseVideoPage(readEnvelope(fixture('tiktok.videos.page.json'))!.data).videos;
    expect(videoCounters(a!, NOW).map((m) => [m.metric, m.value])).toEqual([['views', 15400], ['likes', 820], ['comments', 44], ['shares', 63]]);
    expect(videoCounters(b!, NOW).map((m) => [m.metric, m.value])).toEqual([['views', 0]]);
  });

  it('hashtags from title and description, lower-cased, unicode kept', () => {
    const [a] = parseVideoPage(readEnvelope(fixture('tiktok.videos.page.json'))!.data).videos;
    expect(videoPost(a!).hashtags).toEqual(['grwm', 'café']);
  });

  it('followers from follower_count; likes_count (all likes ever) is not mapped', () => {
    const user = parseUser(readEnvelope(fixture('tiktok.user.json'))!.data);
    expect(userGauges(user, NOW)).toEqual([{ metric: 'followers', value: 15234, observedAt: NOW }]);
  });
});

describe('TikTok client on recorded responses', () => {
  let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const connector = (origin: string) => createTikTokConnector({ clientId: 'key', clientSecret: 'secret', origin, now: () => NOW });

  it('sends fields in the query and the ms cursor in the JSON body', async () => {
    server = await serveFixtures({
      'GET /v2/user/info/': { fixture: 'tiktok.user.json' },
      'POST /v2/video/list/': [{ fixture: 'tiktok.videos.page.json' }, { fixture: 'tiktok.error-in-200.json' }],
    });
    const error = await caught(() => collect(connector(server!.origin).sync({ accessToken: 'act.1', externalId: '-000abc', options: { mode: 'backfill' } })));
    const lists = server.seen.filter((r) => r.url.pathname === '/v2/video/list/');
    expect(lists[0]!.url.searchParams.get('fields')).toContain('create_time');
    expect(JSON.parse(lists[0]!.body)).toEqual({ max_count: 20 });
    expect(JSON.parse(lists[1]!.body)).toEqual({ max_count: 20, cursor: 1714464000000 });
    // The second page answered HTTP 200 with error.code scope_permission_missed.
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).status).toBe(200);
    expect((error as PermanentError).reason).toContain('scope_permission_missed');
    expect((error as PermanentError).reason).toContain('202405011200009999'); // log_id kept for support
  });

  it('access_token_invalid -> AuthExpired, rate_limit_exceeded -> RateLimited in one minute', async () => {
    server = await serveFixtures({
      'GET /v2/user/info/': [{ status: 401, fixture: 'tiktok.error.token_invalid.json' }, { status: 429, fixture: 'tiktok.error.rate_limited.json' }],
    });
    await expect(connector(server.origin).verify('act.1')).rejects.toBeInstanceOf(AuthExpired);
    const limited = await caught(() => connector(server!.origin).verify('act.1'));
    expect(limited).toBeInstanceOf(RateLimited);
    expect((limited as RateLimited).resetAt.getTime()).toBe(NOW.getTime() + 60_000);
  });

  it('OAuth invalid_grant, even under HTTP 200, -> AuthRevoked; refresh stores the rotated token', async () => {
    server = await serveFixtures({ 'POST /v2/oauth/token/': [{ status: 200, fixture: 'tiktok.oauth.invalid_grant.json' }, { fixture: 'tiktok.oauth.refresh.json' }] });
    await expect(connector(server.origin).refresh('rft.old')).rejects.toBeInstanceOf(AuthRevoked);
    const tokens = await connector(server.origin).refresh('rft.old');
    expect(tokens).toMatchObject({ accessToken: 'act.xxx', refreshToken: 'rft.xxx', expiresAt: new Date(NOW.getTime() + 86_400_000) });
    expect(Object.fromEntries(new URLSearchParams(server.seen[1]!.body))).toEqual({ client_key: 'key', client_secret: 'secret', grant_type: 'refresh_token', refresh_token: 'rft.old' });
  });
});
