/**
 * The X calls freshness added, on recorded responses: the tweets lookup
 * (GET /2/tweets?ids=, 100 ids per request, missing posts as `errors` beside
 * the data or alone) that a manual sync refreshes old posts with, and the
 * timeline's since_id that discover asks with.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTwitterConnector } from '../src/platforms/twitter/connector.js';
import { collect } from './platforms/sim-harness.js';
import { serveFixtures } from './platforms/fixture-server.js';

const NOW = new Date('2024-05-03T20:00:00Z');
const USER = '2244994945';

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const connector = (origin: string) => createTwitterConnector({ clientId: 'cid', clientSecret: 'secret', origin, now: () => NOW });

describe('X tweets lookup (manual refresh of known posts)', () => {
  it('reads known posts by id, 100 per request, with public metrics; a missing post is a warning, not a failure', async () => {
    server = await serveFixtures({
      'GET /2/users/2244994945': { fixture: 'twitter.user.json' },
      'GET /2/users/2244994945/tweets': { fixture: 'twitter.tweets.last.json' },
      'GET /2/tweets': [{ fixture: 'twitter.tweets.lookup.json' }, { fixture: 'twitter.tweets.lookup.all-gone.json' }],
    });
    // 101 known posts: one full request of 100 ids, then one of 1 (the fixture answers that one with "all gone").
    const known = ['1790000000000000001', '1780000000000000002', '1770000000000000003', ...Array.from({ length: 98 }, (_, i) => String(1760000000000000000n - BigInt(i)))];
    const chunks = await collect(connector(server.origin).sync({ accessToken: 't', externalId: USER, options: { mode: 'recent', postMaxAgeDays: 7, refreshPostIds: known } }));
    const lookups = server.seen.filter((r) => r.url.pathname === '/2/tweets');
    expect(lookups.map((r) => r.url.searchParams.get('ids')!.split(',').length)).toEqual([100, 1]);
    expect(lookups[0]!.url.searchParams.get('ids')!.split(',').slice(0, 2)).toEqual(['1790000000000000001', '1780000000000000002']);
    expect(lookups[0]!.url.searchParams.get('tweet.fields')).toBe('created_at,attachments,public_metrics');
    const refresh = chunks.filter((c) => c.postMetrics?.some((m) => m.platformPostId === '1780000000000000002') && c.posts?.length === 2);
    expect(refresh).toHaveLength(1);
    const counters = Object.fromEntries(refresh[0]!.postMetrics!.filter((m) => m.platformPostId === '1780000000000000002').map((m) => [m.metric, m.value]));
    // Counts as strings are read as numbers (reference §0).
    expect(counters).toMatchObject({ views: 310, likes: 7, shares: 0 });
    expect(refresh[0]!.warnings).toEqual(['Not Found Error: Could not find tweet with ids: [1770000000000000003].']);
    // The last batch: every id gone is an answer with warnings, and the sync ends.
    expect(chunks[chunks.length - 1]).toMatchObject({ posts: [], postMetrics: [], next: null });
  });
});

describe('X discover', () => {
  it('asks the timeline only for posts newer than the newest stored one (since_id), in one request', async () => {
    server = await serveFixtures({ 'GET /2/users/2244994945/tweets': { fixture: 'twitter.tweets.last.json' } });
    const chunks = await collect(
      connector(server.origin).sync({ accessToken: 't', externalId: USER, options: { mode: 'discover', newestKnown: { platformPostId: '1779999999999999999', publishedAt: new Date('2024-03-31T00:00:00Z') } } }),
    );
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.url.searchParams.get('since_id')).toBe('1779999999999999999');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.posts!.map((p) => p.platformPostId)).toEqual(['1780000000000000000']);
    expect(chunks[0]!.postMetrics!.find((m) => m.metric === 'views')?.value).toBe(80);
  });
});
