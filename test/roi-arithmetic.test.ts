/**
 * GET /analytics/roi on constructed data whose answer is worked out here by
 * hand: ledger entries in two currencies, platform-reported revenue, and two
 * posts whose views and engagement are known. Money must be exact (0.10 +
 * 0.20 is 0.30 and its ROI exactly 1), zero cost gives roi null, a group
 * without revenue says 0.00 from the ledger and null from the platform, two
 * currencies are two rows, and every group_by has its own rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { publicIdOf } from './helpers/ids.js';

let h: TestApp;
let me: Awaited<ReturnType<typeof register>>;
let other: Awaited<ReturnType<typeof register>>;
/** The two content items' API ids (UUIDs): the ledger takes them, and group_by=content names its groups by them. */
let contentY: string;
let contentT: string;

const RANGE = 'from=2026-05-01&to=2026-06-30';

interface Row {
  group: string | null;
  currency: string;
  cost: string;
  revenue: string;
  profit: string;
  roi: number | null;
  revenue_sources: { ledger: string; platform: string | null };
  views: number | null;
  engagement: number | null;
  cost_per_1000_views: number | null;
  cost_per_engagement: number | null;
  revenue_per_1000_views: number | null;
}

const get = async (query: string, auth = me.auth) => {
  const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/roi?${query}`, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { group_by: string; rows: Row[] };
};

const post = async (body: object) => {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/ledger', headers: me.auth, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};

/** The expected row, with the ratios computed here from the hand sums. */
function row(group: string | null, currency: string, cost: number, ledgerRevenue: number, platformRevenue: number | null, views: number | null, engagement: number | null) {
  const revenue = ledgerRevenue + (platformRevenue ?? 0);
  return { group, currency, cost, ledgerRevenue, platformRevenue, revenue, views, engagement };
}
type Expected = ReturnType<typeof row>;

/** Money strings are compared as exact text; ratios to 9 places (the test's floats are not the view's exact sums). */
function check(actual: Row[], expected: Expected[], money: Record<string, [string, string, string, string, string | null]>) {
  expect(actual.map((r) => [r.group, r.currency])).toEqual(expected.map((e) => [e.group, e.currency]));
  for (const [i, e] of expected.entries()) {
    const a = actual[i]!;
    const [cost, revenue, profit, ledger, platform] = money[`${e.group}|${e.currency}`]!;
    expect({ cost: a.cost, revenue: a.revenue, profit: a.profit, ledger: a.revenue_sources.ledger, platform: a.revenue_sources.platform }, `${e.group} ${e.currency}`).toEqual({ cost, revenue, profit, ledger, platform });
    expect(a.views).toBe(e.views);
    expect(a.engagement).toBe(e.engagement);
    const close = (value: number | null, want: number | null, what: string) => {
      if (want === null) expect(value, what).toBeNull();
      else expect(value, what).toBeCloseTo(want, 9);
    };
    close(a.roi, e.cost === 0 ? null : (e.revenue - e.cost) / e.cost, `roi ${e.group} ${e.currency}`);
    close(a.cost_per_1000_views, e.views ? (e.cost / e.views) * 1000 : null, 'cost_per_1000_views');
    close(a.revenue_per_1000_views, e.views ? (e.revenue / e.views) * 1000 : null, 'revenue_per_1000_views');
    close(a.cost_per_engagement, e.engagement ? e.cost / e.engagement : null, 'cost_per_engagement');
  }
}

beforeAll(async () => {
  h = await createTestApp();
  me = await register(h.app);
  other = await register(h.app);
  const yt = await upsertAccount(h.t.db, me.id, { platform: 'youtube', externalId: 'UCroi', handle: '@roi' });
  const tt = await upsertAccount(h.t.db, me.id, { platform: 'tiktok', externalId: 'tt-roi', handle: 'roi' });
  // YouTube: 3000 views, 100 likes + 20 comments by 10 May (shares not reported: engagement = 120).
  await h.services.ingest({
    userId: me.id, accountId: yt.id, source: 'test',
    posts: [{ platformPostId: 'y1', publishedAt: new Date('2026-05-02T10:00:00Z'), title: 'Y1', mediaType: 'video' }],
    postMetrics: [
      { platformPostId: 'y1', metric: 'views', value: 1000, observedAt: new Date('2026-05-02T20:00:00Z') },
      { platformPostId: 'y1', metric: 'likes', value: 50, observedAt: new Date('2026-05-02T20:00:00Z') },
      { platformPostId: 'y1', metric: 'comments', value: 10, observedAt: new Date('2026-05-02T20:00:00Z') },
      { platformPostId: 'y1', metric: 'views', value: 3000, observedAt: new Date('2026-05-10T12:00:00Z') },
      { platformPostId: 'y1', metric: 'likes', value: 100, observedAt: new Date('2026-05-10T12:00:00Z') },
      { platformPostId: 'y1', metric: 'comments', value: 20, observedAt: new Date('2026-05-10T12:00:00Z') },
    ],
    // What YouTube reported (USD): one day in May, one in June, one outside the period.
    accountRevenue: [
      { day: '2026-05-10', currency: 'USD', amount: '1.234' },
      { day: '2026-06-10', currency: 'USD', amount: '2.5' },
      { day: '2026-07-10', currency: 'USD', amount: '100' },
    ],
  });
  // TikTok: May 2000 views / 40 likes / 5 comments / 5 shares (first seen, on the publish day); June +500 views, +10 likes.
  await h.services.ingest({
    userId: me.id, accountId: tt.id, source: 'test',
    posts: [{ platformPostId: 't1', publishedAt: new Date('2026-05-05T10:00:00Z'), title: 'T1', mediaType: 'video' }],
    postMetrics: [
      ...(['views', 'likes', 'comments', 'shares'] as const).map((metric, i) => ({ platformPostId: 't1', metric, value: [2000, 40, 5, 5][i]!, observedAt: new Date('2026-05-06T10:00:00Z') })),
      ...(['views', 'likes', 'comments', 'shares'] as const).map((metric, i) => ({ platformPostId: 't1', metric, value: [2500, 50, 5, 5][i]!, observedAt: new Date('2026-06-03T10:00:00Z') })),
    ],
  });
  const ids = await h.t.db.query<{ platform_post_id: string; content_id: number }>('SELECT platform_post_id, content_id FROM platform_posts WHERE user_id = $1', [me.id]);
  contentY = await publicIdOf(h.t.db, 'content', Number(ids.find((r) => r.platform_post_id === 'y1')!.content_id));
  contentT = await publicIdOf(h.t.db, 'content', Number(ids.find((r) => r.platform_post_id === 't1')!.content_id));

  const base = { note: '' };
  await post({ ...base, kind: 'cost', amount: '0.10', currency: 'EUR', date: '2026-05-03', category: 'production', platform: 'youtube', content_id: contentY, campaign: 'spring' });
  await post({ ...base, kind: 'cost', amount: '0.20', currency: 'EUR', date: '2026-05-04', category: 'ad_spend', platform: 'youtube', content_id: contentY, campaign: 'spring' });
  await post({ ...base, kind: 'revenue', amount: '0.60', currency: 'EUR', date: '2026-05-20', category: 'sponsorship', platform: 'youtube', content_id: contentY, campaign: 'spring' });
  await post({ ...base, kind: 'cost', amount: '10.00', currency: 'USD', date: '2026-06-02', category: 'ad_spend', platform: 'tiktok', content_id: contentT, campaign: 'summer' });
  await post({ ...base, kind: 'revenue', amount: '25.00', currency: 'EUR', date: '2026-05-15', category: 'affiliate', platform: 'tiktok' });
  await post({ ...base, kind: 'cost', amount: '5.00', currency: 'EUR', date: '2026-05-01', category: 'tools' });
  // Outside the period: never counted.
  await post({ ...base, kind: 'cost', amount: '99.00', currency: 'EUR', date: '2026-07-15', category: 'production', platform: 'youtube' });
});
afterAll(async () => {
  await h?.close();
});

describe('ROI arithmetic', () => {
  it('group_by=platform: exact money, zero cost -> roi null, no revenue -> 0.00 and platform null, one row per currency', async () => {
    const res = await get(`${RANGE}&group_by=platform`);
    expect(res.group_by).toBe('platform');
    check(
      res.rows,
      [
        row('tiktok', 'EUR', 0, 25, null, 2500, 60),
        row('tiktok', 'USD', 10, 0, null, 2500, 60),
        row('youtube', 'EUR', 0.3, 0.6, null, 3000, 120),
        row('youtube', 'USD', 0, 0, 3.734, 3000, 120),
        row(null, 'EUR', 5, 0, null, null, null),
      ],
      {
        'tiktok|EUR': ['0.00', '25.00', '25.00', '25.00', null],
        'tiktok|USD': ['10.00', '0.00', '-10.00', '0.00', null],
        'youtube|EUR': ['0.30', '0.60', '0.30', '0.60', null],
        'youtube|USD': ['0.00', '3.734', '3.734', '0.00', '3.734'],
        'null|EUR': ['5.00', '0.00', '-5.00', '0.00', null],
      },
    );
    // 0.10 + 0.20 in floats is 0.30000000000000004 and its ROI 0.9999999999999996: here it is exactly 1.
    expect(res.rows.find((r) => r.group === 'youtube' && r.currency === 'EUR')!.roi).toBe(1);
    expect(res.rows.find((r) => r.group === 'tiktok' && r.currency === 'USD')!.roi).toBe(-1);
    expect(res.rows.find((r) => r.group === 'tiktok' && r.currency === 'EUR')!.roi).toBeNull();
  });

  it('group_by=month: months clipped to the period, views of the month', async () => {
    const res = await get(`${RANGE}&group_by=month`);
    check(
      res.rows,
      [row('2026-05', 'EUR', 5.3, 25.6, null, 5000, 170), row('2026-05', 'USD', 0, 0, 1.234, 5000, 170), row('2026-06', 'USD', 10, 0, 2.5, 500, 10)],
      {
        '2026-05|EUR': ['5.30', '25.60', '20.30', '25.60', null],
        '2026-05|USD': ['0.00', '1.234', '1.234', '0.00', '1.234'],
        '2026-06|USD': ['10.00', '2.50', '-7.50', '0.00', '2.50'],
      },
    );
  });

  it('group_by=content: each item with its own views; channel revenue is unattributed (group null)', async () => {
    const res = await get(`${RANGE}&group_by=content`);
    const order = [contentY, contentT].sort();
    const expected = [
      ...order.map((id) => (id === contentY ? row(contentY, 'EUR', 0.3, 0.6, null, 3000, 120) : row(contentT, 'USD', 10, 0, null, 2500, 60))),
      row(null, 'EUR', 5, 25, null, null, null),
      row(null, 'USD', 0, 0, 3.734, null, null),
    ];
    check(res.rows, expected, {
      [`${contentY}|EUR`]: ['0.30', '0.60', '0.30', '0.60', null],
      [`${contentT}|USD`]: ['10.00', '0.00', '-10.00', '0.00', null],
      'null|EUR': ['5.00', '25.00', '20.00', '25.00', null],
      'null|USD': ['0.00', '3.734', '3.734', '0.00', '3.734'],
    });
  });

  it('group_by=campaign: views of the content its entries name', async () => {
    const res = await get(`${RANGE}&group_by=campaign`);
    check(
      res.rows,
      [row('spring', 'EUR', 0.3, 0.6, null, 3000, 120), row('summer', 'USD', 10, 0, null, 2500, 60), row(null, 'EUR', 5, 25, null, null, null), row(null, 'USD', 0, 0, 3.734, null, null)],
      {
        'spring|EUR': ['0.30', '0.60', '0.30', '0.60', null],
        'summer|USD': ['10.00', '0.00', '-10.00', '0.00', null],
        'null|EUR': ['5.00', '25.00', '20.00', '25.00', null],
        'null|USD': ['0.00', '3.734', '3.734', '0.00', '3.734'],
      },
    );
  });

  it('platforms named: only entries of those platforms, no unassigned row', async () => {
    const res = await get(`${RANGE}&platforms=youtube`);
    expect(res.group_by).toBe('platform');
    expect(res.rows.map((r) => [r.group, r.currency])).toEqual([['youtube', 'EUR'], ['youtube', 'USD']]);
  });

  it('a period without entries or platform revenue has no rows; another user sees none of these', async () => {
    expect((await get('from=2026-01-01&to=2026-01-31')).rows).toEqual([]);
    expect((await get(`${RANGE}&group_by=month`, other.auth)).rows).toEqual([]);
  });

  it('a new entry shows at once (cached answers are dropped)', async () => {
    const before = await get(`${RANGE}&group_by=platform`);
    const added = await post({ kind: 'revenue', amount: '0.05', currency: 'EUR', date: '2026-05-05', category: 'other', platform: 'youtube' });
    const after = await get(`${RANGE}&group_by=platform`);
    const yt = (r: { rows: Row[] }) => r.rows.find((x) => x.group === 'youtube' && x.currency === 'EUR')!;
    expect(yt(before).revenue).toBe('0.60');
    expect(yt(after).revenue).toBe('0.65');
    await h.app.inject({ method: 'DELETE', url: `/api/v1/ledger/${added.id}`, headers: me.auth });
    expect(yt(await get(`${RANGE}&group_by=platform`)).revenue).toBe('0.60');
  });

  it('compare shows ROI per platform and currency, the same figures as group_by=platform', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/compare?${RANGE}`, headers: me.auth });
    expect(res.statusCode, res.body).toBe(200);
    const platforms = (res.json() as { platforms: { platform: string; roi: Omit<Row, 'group'>[] }[] }).platforms;
    const byPlatform = (await get(`${RANGE}&group_by=platform&platforms=youtube,tiktok,instagram,twitter`)).rows;
    for (const p of platforms) {
      expect(p.roi, p.platform).toEqual(byPlatform.filter((r) => r.group === p.platform).map(({ group: _g, ...figures }) => figures));
    }
    expect(platforms.find((p) => p.platform === 'youtube')!.roi.map((r) => r.currency)).toEqual(['EUR', 'USD']);
  });

  it('bad input is a 400 naming the field', async () => {
    for (const [query, field] of [['group_by=week', 'group_by'], ['from=2026-02-30', 'from'], ['platforms=myspace', 'platforms'], ['from=2026-06-01&to=2026-05-01', 'from'], ['range=all&from=2026-05-01', 'range']] as const) {
      const res = await h.app.inject({ method: 'GET', url: `/api/v1/analytics/roi?${query}`, headers: me.auth });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details.field, query).toBe(field);
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/analytics/roi' })).statusCode).toBe(401);
  });
});
