/**
 * Dislikes from the YouTube Analytics API (`dislikes` per video; the Data
 * API's dislikeCount is hidden): the recorded report, the connector's query,
 * and the simulator answering it as a lifetime counter's growth.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createYouTubeConnector } from '../../src/platforms/youtube/connector.js';
import { videoAnalyticsCounters } from '../../src/platforms/youtube/mapper.js';
import { parseReport } from '../../src/platforms/youtube/parse.js';
import { fixture, serveFixtures } from './fixture-server.js';
import { collect, metricTable, startHarness, syncRequest, type Harness } from './sim-harness.js';

const NOW = new Date('2024-05-03T20:00:00Z');

describe('recorded per-video Analytics report with dislikes', () => {
  it('maps dislikes beside shares and watch time; a real 0 stays 0; an id starting with "-" is kept', () => {
    expect(videoAnalyticsCounters(parseReport(fixture('youtube.report.video-dislikes.json')), NOW)).toEqual([
      { platformPostId: 'dQw4w9WgXcQ', metric: 'shares', value: 63, observedAt: NOW },
      { platformPostId: 'dQw4w9WgXcQ', metric: 'watch_time_minutes', value: 3400, observedAt: NOW },
      { platformPostId: 'dQw4w9WgXcQ', metric: 'dislikes', value: 12, observedAt: NOW },
      { platformPostId: '-xYz_123abc', metric: 'shares', value: 0, observedAt: NOW },
      { platformPostId: '-xYz_123abc', metric: 'watch_time_minutes', value: 41, observedAt: NOW },
      { platformPostId: '-xYz_123abc', metric: 'dislikes', value: 0, observedAt: NOW },
    ]);
  });

  it('a report without the dislikes column gives no dislikes (absent, not 0)', () => {
    const metrics = videoAnalyticsCounters(parseReport(fixture('youtube.report.video.json')), NOW);
    expect(metrics.map((m) => m.metric)).toEqual(['shares', 'watch_time_minutes']);
  });
});

describe('the connector asks Analytics for dislikes', () => {
  let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('in the per-video report of the posts step, and stores what comes back', async () => {
    server = await serveFixtures({
      'GET /youtube/v3/channels': { fixture: 'youtube.channels.json' },
      'GET /youtube/v3/playlistItems': [{ fixture: 'youtube.playlistItems.page1.json' }, { fixture: 'youtube.playlistItems.last.json' }],
      'GET /youtube/v3/videos': { fixture: 'youtube.videos.json' },
      'GET /v2/reports': [{ fixture: 'youtube.report.empty.json' }, { fixture: 'youtube.report.video-dislikes.json' }],
    });
    const connector = createYouTubeConnector({ clientId: 'id', clientSecret: 'secret', dataOrigin: server.origin, analyticsOrigin: server.origin, oauthOrigin: server.origin, now: () => NOW });
    const chunks = await collect(connector.sync({ accessToken: 'tok', externalId: 'UCx', options: { mode: 'backfill' } }));
    const perVideo = server.seen.filter((r) => r.url.pathname === '/v2/reports' && r.url.searchParams.get('dimensions') === 'video');
    expect(perVideo.length).toBeGreaterThan(0);
    for (const r of perVideo) expect(r.url.searchParams.get('metrics')!.split(',')).toContain('dislikes');
    expect(metricTable(chunks.flatMap((c) => c.postMetrics ?? [])).get('dQw4w9WgXcQ')?.['dislikes']).toBe(12);
  });
});

describe('the simulator answers dislikes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: 1, postsPerAccount: 30 });
  });
  afterAll(() => h.close());

  const dislikesBySync = async () => {
    const account = h.sim.accounts('youtube')[0]!;
    const chunks = await collect(h.connector('youtube').sync(syncRequest(h.sim.tokens('youtube', 0).accessToken, account.externalId)));
    return new Map([...metricTable(chunks.flatMap((c) => c.postMetrics ?? []))].map(([id, row]) => [id, row['dislikes']]));
  };

  it('per video, a small share of its likes that only grows; none for videos Analytics has no day for yet', async () => {
    const first = await dislikesBySync();
    const truth = h.sim.truth('youtube', 0);
    const lag = 3 * 86_400_000;
    const old = truth.posts.filter((p) => h.clock.now().getTime() - p.publishedAt.getTime() > lag);
    expect(old.length).toBeGreaterThan(5);
    for (const p of old) {
      const d = first.get(p.id);
      expect(d, p.id).toBeTypeOf('number');
      // At most 4.9 % of the likes it has now (Analytics lags, so of fewer likes).
      expect(d!).toBeGreaterThanOrEqual(0);
      expect(d!).toBeLessThanOrEqual(Math.floor(p.counters.likes * 0.049));
    }
    expect(old.some((p) => first.get(p.id)! > 0)).toBe(true);
    const brandNew = truth.posts.filter((p) => h.clock.now().getTime() - p.publishedAt.getTime() < 86_400_000);
    for (const p of brandNew) expect(first.get(p.id)).toBeUndefined();

    h.clock.advance(5 * 86_400_000);
    const later = await dislikesBySync();
    for (const p of old) expect(later.get(p.id)!).toBeGreaterThanOrEqual(first.get(p.id)!);
  });

  it('a metric Analytics does not know is a 400 naming it', async () => {
    const account = h.sim.accounts('youtube')[0]!;
    const res = await fetch(`${h.origin}/v2/reports?ids=channel==MINE&startDate=2025-01-01&endDate=2025-02-01&metrics=dislikez&dimensions=video`, {
      headers: { authorization: `Bearer ${h.sim.tokens('youtube', 0).accessToken}` },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('dislikez');
    expect(account.externalId).toBeTruthy();
  });
});
