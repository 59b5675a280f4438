import { afterEach, describe, expect, it } from 'vitest';
import { AuthExpired, AuthRevoked, QuotaExceeded, Unavailable } from '../../src/platforms/errors.js';
import { parseChannelList, parseReport, parseVideoList, isoDurationSeconds } from '../../src/platforms/youtube/parse.js';
import { channelDaily, channelGauges, videoAnalyticsCounters, videoCounters, videoPost } from '../../src/platforms/youtube/mapper.js';
import { createYouTubeConnector } from '../../src/platforms/youtube/connector.js';
import { caught, collect } from './sim-harness.js';
import { fixture, serveFixtures } from './fixture-server.js';

const NOW = new Date('2024-05-03T20:00:00Z'); // 13:00 PDT

describe('YouTube mapping of recorded responses', () => {
  it('string counts become numbers; favoriteCount is ignored; missing likes/comments stay absent', () => {
    const videos = parseVideoList(fixture('youtube.videos.json'));
    const rows = videos.map((v) => videoCounters(v, NOW));
    expect(rows[0]).toEqual([
      { platformPostId: 'dQw4w9WgXcQ', metric: 'views', value: 10452, observedAt: NOW },
      { platformPostId: 'dQw4w9WgXcQ', metric: 'likes', value: 830, observedAt: NOW },
      { platformPostId: 'dQw4w9WgXcQ', metric: 'comments', value: 57, observedAt: NOW },
    ]);
    expect(rows[1]!.map((r) => r.metric)).toEqual(['views', 'comments']); // likes hidden: absent, not 0
    expect(rows[1]![1]!.value).toBe(0); // a real "0" stays 0
    expect(rows[2]!.map((r) => r.metric)).toEqual(['views', 'likes']);
    expect(rows.flat().some((r) => ['saves', 'reach', 'impressions', 'clicks'].includes(r.metric))).toBe(false);
  });

  it('posts: hashtags from title and description (lower-case, no #, deduplicated), ISO durations', () => {
    const [first, second, third] = parseVideoList(fixture('youtube.videos.json')).map(videoPost);
    expect(first!.hashtags).toEqual(['music', 'livesession']);
    expect(first!.durationSeconds).toBe(253);
    expect(second!.durationSeconds).toBe(3720);
    expect(third!.durationSeconds).toBe(0);
    expect(first!.publishedAt.toISOString()).toBe('2024-05-01T15:00:00.000Z');
    expect(isoDurationSeconds('P1DT2H3M4S')).toBe(93784);
  });

  it('subscriberCount is the followers gauge unless hidden', () => {
    const [visible] = parseChannelList(fixture('youtube.channels.json'));
    expect(channelGauges(visible!, NOW)).toEqual([{ metric: 'followers', value: 12300, observedAt: NOW }]);
    const [hidden] = parseChannelList(fixture('youtube.channels.hidden-subscribers.json'));
    expect(channelGauges(hidden!, NOW)).toEqual([]);
  });

  it('Analytics rows are positional by column header; a missing `rows` is no data, not zero', () => {
    expect(channelDaily(parseReport(fixture('youtube.report.day.json')))).toEqual([
      { metric: 'followers_gained', day: '2024-05-01', value: 12 },
      { metric: 'followers_lost', day: '2024-05-01', value: 3 },
      { metric: 'followers_gained', day: '2024-05-02', value: 9 },
      { metric: 'followers_lost', day: '2024-05-02', value: 0 },
    ]);
    expect(channelDaily(parseReport(fixture('youtube.report.empty.json')))).toEqual([]);
    expect(videoAnalyticsCounters(parseReport(fixture('youtube.report.video.json')), NOW)).toEqual([
      { platformPostId: 'dQw4w9WgXcQ', metric: 'shares', value: 63, observedAt: NOW },
      { platformPostId: 'dQw4w9WgXcQ', metric: 'watch_time_minutes', value: 3400, observedAt: NOW },
    ]);
  });
});

describe('YouTube client on recorded responses', () => {
  let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const connector = (origin: string) => createYouTubeConnector({ clientId: 'id', clientSecret: 'secret', dataOrigin: origin, analyticsOrigin: origin, oauthOrigin: origin, now: () => NOW });

  it('pages until the page without nextPageToken and sends the token back', async () => {
    server = await serveFixtures({
      'GET /youtube/v3/channels': { fixture: 'youtube.channels.json' },
      'GET /youtube/v3/playlistItems': [{ fixture: 'youtube.playlistItems.page1.json' }, { fixture: 'youtube.playlistItems.last.json' }],
      'GET /youtube/v3/videos': { fixture: 'youtube.videos.json' },
      'GET /v2/reports': [{ fixture: 'youtube.report.empty.json' }, { fixture: 'youtube.report.video.json' }],
    });
    const chunks = await collect(connector(server.origin).sync({ accessToken: 'tok', externalId: 'UCx', options: { mode: 'backfill' } }));
    const pages = server.seen.filter((r) => r.url.pathname === '/youtube/v3/playlistItems');
    expect(pages).toHaveLength(2);
    expect(pages[0]!.url.searchParams.get('pageToken')).toBeNull();
    expect(pages[1]!.url.searchParams.get('pageToken')).toBe('EAAaBlBUOkNESQ');
    expect(pages[0]!.url.searchParams.get('playlistId')).toBe('UUxxxxxxxxxxxxxxxxxxxxxx'); // read from the channel, not built
    expect(server.seen.every((r) => r.headers.authorization === 'Bearer tok')).toBe(true);
    expect(chunks.flatMap((c) => c.accountDaily ?? [])).toEqual([]); // no rows -> no daily values
    const daily = server.seen.find((r) => r.url.pathname === '/v2/reports')!.url.searchParams;
    expect(daily.get('startDate')).toBe('2019-03-01'); // backfill from channel creation
    expect(daily.get('endDate')).toBe('2024-05-03'); // today, Pacific
  });

  it('403 quotaExceeded -> QuotaExceeded until the next midnight Pacific', async () => {
    server = await serveFixtures({ 'GET /youtube/v3/channels': { status: 403, fixture: 'youtube.error.quota.json' } });
    const error = await caught(() => connector(server!.origin).verify('tok'));
    expect(error).toBeInstanceOf(QuotaExceeded);
    expect((error as QuotaExceeded).resetAt?.toISOString()).toBe('2024-05-04T07:00:00.000Z');
    expect((error as QuotaExceeded).reason).toContain('quotaExceeded');
  });

  it('401 authError -> AuthExpired; invalid_grant on refresh -> AuthRevoked; HTML 502 -> Unavailable', async () => {
    server = await serveFixtures({
      'GET /youtube/v3/channels': [{ status: 401, fixture: 'youtube.error.auth.json' }, { status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' }],
      'POST /token': { status: 400, fixture: 'google.oauth.invalid_grant.json' },
    });
    await expect(connector(server.origin).verify('tok')).rejects.toBeInstanceOf(AuthExpired);
    const bad = await caught(() => connector(server!.origin).verify('tok'));
    expect(bad).toBeInstanceOf(Unavailable);
    expect((bad as Unavailable).reason).toBe('502 Bad Gateway');
    const revoked = await caught(() => connector(server!.origin).refresh('1//refresh'));
    expect(revoked).toBeInstanceOf(AuthRevoked);
    expect(String(revoked)).not.toContain('1//refresh');
    const form = new URLSearchParams(server.seen.find((r) => r.url.pathname === '/token')!.body);
    expect(Object.fromEntries(form)).toEqual({ client_id: 'id', client_secret: 'secret', grant_type: 'refresh_token', refresh_token: '1//refresh' });
  });

  it('refresh without a new refresh_token keeps none; expiry from expires_in', async () => {
    server = await serveFixtures({ 'POST /token': { fixture: 'google.oauth.refresh.json' } });
    const tokens = await connector(server.origin).refresh('1//refresh');
    expect(tokens).toEqual({ accessToken: 'ya29.xxx', expiresAt: new Date(NOW.getTime() + 3599_000), scope: expect.stringContaining('youtube.readonly') });
  });
});
