/**
 * YouTube's own revenue (estimatedRevenue) on recorded responses and against
 * the simulator through a real sync: stored exactly as reported where the
 * channel is monetized and the monetary scope was granted; where YouTube
 * answers 403 (no scope, not monetized) nothing is stored, not even 0, and
 * the rest of the sync succeeds. The ROI view then shows it as platform
 * revenue, apart from ledger revenue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountRevenueDays } from '../src/db/repositories/revenue.js';
import { QuotaExceeded } from '../src/platforms/errors.js';
import { createYouTubeConnector } from '../src/platforms/youtube/connector.js';
import { parseReport } from '../src/platforms/youtube/parse.js';
import { channelRevenue } from '../src/platforms/youtube/revenue.js';
import { caught, collect } from './platforms/sim-harness.js';
import { fixture, serveFixtures } from './platforms/fixture-server.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

const NOW = new Date('2024-05-03T20:00:00Z');

describe('estimatedRevenue on recorded responses', () => {
  let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const connector = (origin: string) => createYouTubeConnector({ clientId: 'id', clientSecret: 'secret', dataOrigin: origin, analyticsOrigin: origin, oauthOrigin: origin, now: () => NOW });
  const routes = (revenue: { status?: number; fixture: string }) => ({
    'GET /youtube/v3/channels': { fixture: 'youtube.channels.json' },
    'GET /youtube/v3/playlistItems': { fixture: 'youtube.playlistItems.last.json' },
    'GET /youtube/v3/videos': { fixture: 'youtube.videos.json' },
    // daily, the uploads' video report, then revenue.
    'GET /v2/reports': [{ fixture: 'youtube.report.day.json' }, { fixture: 'youtube.report.video.json' }, revenue],
  });

  it('CURRENCY numbers become exact decimal strings; a zero day is a reported 0', () => {
    expect(channelRevenue(parseReport(fixture('youtube.report.revenue.json')), 'USD')).toEqual([
      { day: '2024-04-29', currency: 'USD', amount: '3.21' },
      { day: '2024-04-30', currency: 'USD', amount: '2.754' },
      { day: '2024-05-01', currency: 'USD', amount: '0' },
      { day: '2024-05-02', currency: 'USD', amount: '0.1' },
    ]);
    expect(channelRevenue(parseReport(fixture('youtube.report.empty.json')), 'USD')).toEqual([]);
  });

  it('asks for estimatedRevenue per day in USD from the channel creation and yields it last', async () => {
    server = await serveFixtures(routes({ fixture: 'youtube.report.revenue.json' }));
    const chunks = await collect(connector(server.origin).sync({ accessToken: 'tok', externalId: 'UCx', options: { mode: 'backfill' } }));
    const revenueCall = server.seen.filter((r) => r.url.pathname === '/v2/reports').at(-1)!.url.searchParams;
    expect(Object.fromEntries(revenueCall)).toMatchObject({ metrics: 'estimatedRevenue', dimensions: 'day', currency: 'USD', startDate: '2019-03-01', endDate: '2024-05-03', ids: 'channel==MINE' });
    expect(chunks.at(-1)!.accountRevenue).toHaveLength(4);
    expect(chunks.at(-1)!.next).toBeNull();
    expect(chunks.flatMap((c) => c.posts ?? []).length).toBeGreaterThan(0);
  });

  it.each([
    ['no monetary scope (insufficientPermissions)', 'youtube.error.insufficient-scope.json'],
    ['not monetized (forbidden)', 'youtube.error.forbidden.json'],
  ])('403 %s: no revenue, not even 0, and the other steps still deliver', async (_what, file) => {
    server = await serveFixtures(routes({ status: 403, fixture: file }));
    const chunks = await collect(connector(server.origin).sync({ accessToken: 'tok', externalId: 'UCx', options: { mode: 'backfill' } }));
    expect(chunks.flatMap((c) => c.accountRevenue ?? [])).toEqual([]);
    expect(chunks.flatMap((c) => c.accountDaily ?? []).length).toBeGreaterThan(0);
    expect(chunks.flatMap((c) => c.postMetrics ?? []).length).toBeGreaterThan(0);
  });

  it('a window of 2 recent days (hot tier) holds no complete Analytics day: no revenue call, no budget spent', async () => {
    server = await serveFixtures(routes({ fixture: 'youtube.report.revenue.json' }));
    const chunks = await collect(connector(server.origin).sync({ accessToken: 'tok', externalId: 'UCx', options: { mode: 'recent', dailyLookbackDays: 1, postMaxAgeDays: 100_000 } }));
    expect(server.seen.filter((r) => r.url.pathname === '/v2/reports').map((r) => r.url.searchParams.get('metrics'))).toEqual(['subscribersGained,subscribersLost', 'shares,estimatedMinutesWatched,dislikes']);
    expect(chunks.flatMap((c) => c.accountRevenue ?? [])).toEqual([]);
    await server.close();
    server = await serveFixtures(routes({ fixture: 'youtube.report.revenue.json' }));
    await collect(connector(server.origin).sync({ accessToken: 'tok', externalId: 'UCx', options: { mode: 'recent', dailyLookbackDays: 7, postMaxAgeDays: 100_000 } }));
    const revenueCall = server.seen.filter((r) => r.url.pathname === '/v2/reports').at(-1)!.url.searchParams;
    expect([revenueCall.get('metrics'), revenueCall.get('startDate'), revenueCall.get('endDate')]).toEqual(['estimatedRevenue', '2024-04-26', '2024-05-03']);
  });

  it('403 quotaExceeded on the revenue call keeps its meaning: the sync stops with QuotaExceeded', async () => {
    server = await serveFixtures(routes({ status: 403, fixture: 'youtube.error.quota.json' }));
    const error = await caught(() => collect(connector(server!.origin).sync({ accessToken: 'tok', externalId: 'UCx', options: { mode: 'backfill' } })));
    expect(error).toBeInstanceOf(QuotaExceeded);
  });
});

/** Thousandths as text the way the API writes money: at least 2 places. */
function moneyText(thousandths: number): string {
  const text = (thousandths / 1000).toFixed(3);
  return text.endsWith('0') ? text.slice(0, -1) : text;
}

describe('estimatedRevenue through a sync against the simulator', () => {
  let s: SyncHarness;
  const ids: number[] = [];
  beforeAll(async () => {
    // Channel 0: monetized with the scope; 1: no monetary scope; 2: not monetized.
    s = await startSyncHarness({ sim: { accounts: 3, postsPerAccount: 20, historyDays: 60 } });
    for (const i of [0, 1, 2]) ids.push(await s.connect('youtube', i));
    for (const id of ids) expect((await s.engine.syncAccount(s.user.id, id, 'connect')).status).toBe('success');
  });
  afterAll(async () => {
    await s?.close();
  });

  /** What the simulator reports to anyone asking with the channel's token. */
  async function reported(index: number, startDate: string, endDate: string): Promise<{ status: number; rows: [string, number][] }> {
    const token = s.sim.tokens('youtube', index).accessToken;
    const url = `${s.origin}/v2/reports?ids=channel==MINE&startDate=${startDate}&endDate=${endDate}&metrics=estimatedRevenue&dimensions=day&currency=USD`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { rows?: [string, number][] };
    return { status: res.status, rows: body.rows ?? [] };
  }

  it('the monetized channel: every reported day stored exactly, in USD', async () => {
    const stored = await accountRevenueDays(s.h.t.db, s.user.id, ids[0]!);
    expect(stored.length).toBeGreaterThan(30);
    const truth = await reported(0, stored[0]!.day, stored.at(-1)!.day);
    expect(truth.status).toBe(200);
    expect(stored).toEqual(truth.rows.map(([day, amount]) => ({ day, currency: 'USD', amount: String(amount) })));
  });

  it('no scope and not monetized: the platform answered 403 and nothing is stored', async () => {
    for (const i of [1, 2]) {
      expect((await reported(i, '2026-05-01', '2026-05-31')).status).toBe(403);
      expect(await accountRevenueDays(s.h.t.db, s.user.id, ids[i]!)).toEqual([]);
    }
    const [counts] = await s.h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM account_revenue_daily WHERE account_id = ANY($1::bigint[])', [[ids[1], ids[2]]]);
    expect(counts!.n).toBe(0);
  });

  it('the ROI view adds it as platform revenue, apart from ledger revenue', async () => {
    const stored = await accountRevenueDays(s.h.t.db, s.user.id, ids[0]!);
    const from = stored[5]!.day;
    const to = stored.at(-5)!.day;
    const inRange = stored.filter((r) => r.day >= from && r.day <= to);
    const total = inRange.reduce((sum, r) => sum + Math.round(Number(r.amount) * 1000), 0);
    const ledger = await s.h.app.inject({
      method: 'POST', url: '/api/v1/ledger', headers: s.user.auth,
      payload: { kind: 'revenue', amount: '1.00', currency: 'USD', date: from, category: 'sponsorship', platform: 'youtube' },
    });
    expect(ledger.statusCode).toBe(201);
    const res = await s.h.app.inject({ method: 'GET', url: `/api/v1/analytics/roi?from=${from}&to=${to}&tz=America/Los_Angeles`, headers: s.user.auth });
    expect(res.statusCode, res.body).toBe(200);
    const rows = (res.json() as { rows: { group: string; currency: string; revenue: string; revenue_sources: { ledger: string; platform: string | null } }[] }).rows;
    expect(rows.map((r) => [r.group, r.currency])).toEqual([['youtube', 'USD']]);
    expect(rows[0]!.revenue_sources).toEqual({ ledger: '1.00', platform: moneyText(total) });
    expect(rows[0]!.revenue).toBe(moneyText(total + 1000));
  });
});
