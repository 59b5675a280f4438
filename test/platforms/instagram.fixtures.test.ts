import { afterEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, PermanentError, RateLimited, Unavailable } from '../../src/platforms/errors.js';
import { createInstagramConnector } from '../../src/platforms/instagram/connector.js';
import { accountSeriesDaily, accountTotalsForDay, mediaFieldCounters, mediaInsightCounters, mediaPost, userGauges } from '../../src/platforms/instagram/mapper.js';
import { parseInsights, parseMediaPage, parseUser } from '../../src/platforms/instagram/parse.js';
import { caught, collect } from './sim-harness.js';
import { fixture, serveFixtures } from './fixture-server.js';

const NOW = new Date('2024-05-03T20:00:00Z');

describe('Instagram mapping of recorded responses', () => {
  it('media: +0000 timestamps, reel/carousel types, hashtags from the caption', () => {
    const page = parseMediaPage(fixture('instagram.media.page.json'));
    const [reel, album] = page.media.map(mediaPost);
    expect(reel).toMatchObject({ platformPostId: '17895695668004550', mediaType: 'reel', hashtags: ['summer', 'sale'] });
    expect(reel!.publishedAt.toISOString()).toBe('2024-05-01T15:00:00.000Z');
    expect(album!.mediaType).toBe('carousel');
    expect(page.after).toBe('QVFIUmlK');
  });

  it('the last page has cursors but no `next`: paging stops', () => {
    const last = parseMediaPage(fixture('instagram.media.last.json'));
    expect(last.after).toBeUndefined();
    // Fields left out of the response stay absent.
    expect(mediaFieldCounters(last.media[0]!, NOW)).toEqual([]);
    expect(mediaPost(last.media[0]!).hashtags).toEqual([]);
  });

  it('insights: saved -> saves, reach kept as reach, a real 0 stays 0', () => {
    const rows = mediaInsightCounters('17895695668004550', parseInsights(fixture('instagram.insights.media.json')), NOW).map((m) => [m.metric, m.value]);
    expect(rows).toEqual([['views', 5000], ['reach', 3200], ['saves', 150], ['shares', 0]]);
  });

  it('empty insights are absent, not zero', () => {
    expect(mediaInsightCounters('1', parseInsights(fixture('instagram.insights.empty.json')), NOW)).toEqual([]);
  });

  it('deprecated impressions/plays/video_views are never mapped (not to views, not to impressions)', () => {
    const rows = mediaInsightCounters('1789', parseInsights(fixture('instagram.insights.legacy.json')), NOW);
    expect(rows.map((m) => m.metric)).toEqual(['reach']);
  });

  it('time series: end_time 07:00/08:00 UTC closes the previous Pacific day', () => {
    expect(accountSeriesDaily(parseInsights(fixture('instagram.account.series.json')))).toEqual([
      { metric: 'reach', day: '2024-04-30', value: 1200 },
      { metric: 'reach', day: '2024-05-01', value: 980 },
      { metric: 'reach', day: '2024-11-03', value: 1010 }, // PST after the DST change
    ]);
  });

  it('total_value: profile_links_taps -> clicks; breakdowns and unmapped metrics ignored', () => {
    expect(accountTotalsForDay(parseInsights(fixture('instagram.account.total.json')), '2024-05-02')).toEqual([{ metric: 'clicks', day: '2024-05-02', value: 37 }]);
  });

  it('followers from followers_count on the user node', () => {
    expect(userGauges(parseUser(fixture('instagram.me.json')), NOW)).toEqual([{ metric: 'followers', value: 15230, observedAt: NOW }]);
  });
});

describe('Instagram client on recorded responses', () => {
  let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const connector = (origin: string) => createInstagramConnector({ clientId: 'app', clientSecret: 'secret', origin, oauthOrigin: origin, now: () => NOW });

  it('follows the after cursor on our own origin (not paging.next), with the token in a header', async () => {
    server = await serveFixtures({
      'GET /v22.0/17841400000000000/media': [{ fixture: 'instagram.media.page.json' }, { fixture: 'instagram.media.last.json' }],
      'GET /v22.0/17895695668004550/insights': { fixture: 'instagram.insights.media.json' },
      'GET /v22.0/17895695668004551/insights': { fixture: 'instagram.insights.empty.json' },
      'GET /v22.0/17895695668004552/insights': { fixture: 'instagram.insights.media.json' },
    });
    const chunks = await collect(
      connector(server.origin).sync({ accessToken: 'IGtok', externalId: '17841400000000000', options: { mode: 'backfill', dailyLookbackDays: 0 }, resumeFrom: { step: 'posts' } }),
    );
    const lists = server.seen.filter((r) => r.url.pathname.endsWith('/media'));
    expect(lists).toHaveLength(2);
    expect(lists[1]!.url.searchParams.get('after')).toBe('QVFIUmlK');
    expect(server.seen.every((r) => r.headers.authorization === 'Bearer IGtok' && !r.url.searchParams.has('access_token'))).toBe(true);
    expect(server.seen.filter((r) => r.url.pathname.endsWith('/insights')).every((r) => r.url.searchParams.get('metric') === 'views,reach,saved,shares')).toBe(true);
    const album = chunks.flatMap((c) => c.postMetrics ?? []).filter((m) => m.platformPostId === '17895695668004551');
    expect(album.map((m) => m.metric)).toEqual(['likes', 'comments']);
  });

  it('error codes decide, not HTTP status', async () => {
    const me = (status: number, name: string) => ({ status, fixture: name });
    server = await serveFixtures({
      'GET /v22.0/me': [
        me(400, 'instagram.error.expired.json'),
        me(400, 'instagram.error.password-changed.json'),
        { ...me(403, 'instagram.error.app-limit.json'), headers: { 'x-business-use-case-usage': '{"17841400000000000":[{"type":"instagram","call_count":100,"total_cputime":30,"total_time":40,"estimated_time_to_regain_access":7}]}' } },
        me(400, 'instagram.error.user-limit.json'),
        me(400, 'instagram.error.not-enough-viewers.json'),
        me(500, 'instagram.error.temporary.json'),
      ],
    });
    const c = connector(server.origin);
    await expect(c.verify('t')).rejects.toBeInstanceOf(AuthExpired);
    await expect(c.verify('t')).rejects.toBeInstanceOf(AuthRevoked);
    const throttled = await caught(() => c.verify('t'));
    expect(throttled).toBeInstanceOf(RateLimited);
    expect((throttled as RateLimited).resetAt.getTime()).toBe(NOW.getTime() + 7 * 60_000); // minutes
    const userLimit = await caught(() => c.verify('t'));
    expect(userLimit).toBeInstanceOf(RateLimited);
    expect((userLimit as RateLimited).resetAt.getTime()).toBe(NOW.getTime() + 3600_000);
    await expect(c.verify('t')).rejects.toBeInstanceOf(PermanentError);
    await expect(c.verify('t')).rejects.toBeInstanceOf(Unavailable);
  });

  it('refresh: the long-lived token refreshes itself; an expired one cannot be revived', async () => {
    server = await serveFixtures({ 'GET /refresh_access_token': [{ fixture: 'instagram.token.json' }, { status: 400, fixture: 'instagram.error.expired.json' }] });
    const tokens = await connector(server.origin).refresh('IGold');
    expect(tokens).toEqual({ accessToken: 'IGQVJ-long-lived', refreshToken: 'IGQVJ-long-lived', expiresAt: new Date(NOW.getTime() + 5_183_944_000) });
    expect(server.seen[0]!.url.searchParams.get('grant_type')).toBe('ig_refresh_token');
    const dead = await caught(() => connector(server!.origin).refresh('IGold'));
    expect(dead).toBeInstanceOf(AuthRevoked);
    expect(String(dead)).not.toContain('IGold');
  });
});
