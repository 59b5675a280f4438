import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, manualClock, type Simulator } from '../../src/simulator/index.js';

const START = new Date('2025-03-10T12:00:00Z');
const DAY = 86_400_000;
const running: Simulator[] = [];

async function started(opts: Parameters<typeof createSimulator>[0]): Promise<{ sim: Simulator; origin: string }> {
  const sim = createSimulator(opts);
  running.push(sim);
  return { sim, origin: await sim.listen(0) };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('simulator world', () => {
  it('is deterministic from the seed', () => {
    const a = createSimulator({ seed: 7, now: () => START, accounts: 2, postsPerAccount: 50 });
    const b = createSimulator({ seed: 7, now: () => START, accounts: 2, postsPerAccount: 50 });
    const c = createSimulator({ seed: 8, now: () => START, accounts: 2, postsPerAccount: 50 });
    for (const p of ['youtube', 'tiktok', 'instagram', 'twitter'] as const) {
      expect(a.accounts(p)).toEqual(b.accounts(p));
      expect(a.truth(p, 1)).toEqual(b.truth(p, 1));
      expect(a.tokens(p, 0)).toEqual(b.tokens(p, 0));
      expect(a.accounts(p)).not.toEqual(c.accounts(p));
    }
  });

  it('generates two years of posts with heavy-tailed views, hashtags and a weekly rhythm', () => {
    const sim = createSimulator({ seed: 3, now: () => START, accounts: 1, postsPerAccount: 1000 });
    const posts = sim.truth('tiktok', 0).posts;
    expect(posts).toHaveLength(1000);
    const oldest = posts[posts.length - 1]!.publishedAt.getTime();
    expect(START.getTime() - oldest).toBeGreaterThan(700 * DAY);
    expect(START.getTime() - oldest).toBeLessThanOrEqual(730 * DAY);
    const views = posts.map((p) => p.counters.views).sort((x, y) => x - y);
    const median = views[500]!;
    expect(views[views.length - 1]! / median).toBeGreaterThan(20); // heavy tail
    expect(posts.every((p) => p.hashtags.every((t) => t === t.toLowerCase() && !t.startsWith('#')))).toBe(true);
    expect(posts.some((p) => /#[A-Z]/.test(p.caption))).toBe(true); // mixed case in captions
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const p of posts) byWeekday[p.publishedAt.getUTCDay()]!++;
    expect(byWeekday[3]!).toBeGreaterThan(byWeekday[0]!); // Wednesday busier than Sunday
    const ids = new Set(posts.map((p) => p.id));
    expect(ids.size).toBe(posts.length);
  });

  it('counters and followers grow as the clock advances; future posts appear', () => {
    const clock = manualClock(START);
    const sim = createSimulator({ seed: 5, now: clock.now, accounts: 1, postsPerAccount: 200 });
    const before = sim.truth('youtube', 0);
    clock.advance(10 * DAY);
    const after = sim.truth('youtube', 0);
    expect(after.followers).toBeGreaterThan(before.followers);
    expect(after.posts.length).toBeGreaterThan(before.posts.length);
    const byId = new Map(after.posts.map((p) => [p.id, p]));
    for (const p of before.posts) {
      const later = byId.get(p.id)!;
      for (const key of Object.keys(p.counters) as (keyof typeof p.counters)[]) expect(later.counters[key]).toBeGreaterThanOrEqual(p.counters[key]);
    }
    const total = (t: typeof before) => t.posts.reduce((s, p) => s + p.counters.views, 0);
    expect(total(after)).toBeGreaterThan(total(before));
  });

  it('a boosted post takes off', () => {
    const clock = manualClock(START);
    const sim = createSimulator({ seed: 5, now: clock.now, accounts: 1, postsPerAccount: 50 });
    const post = sim.truth('instagram', 0).posts[30]!;
    sim.boostPost('instagram', post.id, 500_000, 6);
    clock.advance(6 * 3600_000);
    const later = sim.truth('instagram', 0).posts.find((p) => p.id === post.id)!;
    expect(later.counters.views - post.counters.views).toBeGreaterThanOrEqual(250_000);
    expect(later.counters.likes).toBeGreaterThan(post.counters.likes);
  });

  it('builds the default bench world (3 accounts x 4 platforms x 1000 posts) quickly', () => {
    const t0 = performance.now();
    const sim = createSimulator({ seed: 1, now: () => START });
    expect(sim.truth('twitter', 2).posts).toHaveLength(1000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('simulator over HTTP', () => {
  it('YouTube: 10,000-unit style quota answered with 403 quotaExceeded once spent; the stats prove it', async () => {
    const { sim, origin } = await started({ seed: 1, now: () => START, accounts: 1, postsPerAccount: 10, limits: { youtubeUnitsPerDay: 5 } });
    const headers = { authorization: `Bearer ${sim.tokens('youtube', 0).accessToken}` };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${origin}/youtube/v3/channels?part=statistics&mine=true`, { headers })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 403, 403]);
    const body = (await (await fetch(`${origin}/youtube/v3/channels?part=statistics&mine=true`, { headers })).json()) as { error: { errors: { reason: string; domain: string }[] } };
    expect(body.error.errors[0]).toMatchObject({ reason: 'quotaExceeded', domain: 'youtube.quota' });
    const stats = (await (await fetch(`${origin}/__sim/stats`)).json()) as ReturnType<Simulator['stats']>;
    expect(stats).toEqual(JSON.parse(JSON.stringify(sim.stats())));
    expect(stats.platforms.youtube).toMatchObject({ requests: 8, units: 8, limited: 3 });
    expect(stats.windows.find((w) => w.limiter === 'youtube-data')).toMatchObject({ peak: 5, limit: 5, remaining: 0 });
  });

  it('YouTube: string counts, favoriteCount "0", Analytics rows left out when there is no data', async () => {
    const { sim, origin } = await started({ seed: 1, now: () => START, accounts: 1, postsPerAccount: 10 });
    const headers = { authorization: `Bearer ${sim.tokens('youtube', 0).accessToken}` };
    const id = sim.truth('youtube', 0).posts[0]!.id;
    const videos = (await (await fetch(`${origin}/youtube/v3/videos?part=statistics&id=${id}`, { headers })).json()) as { items: { statistics: Record<string, unknown> }[] };
    expect(typeof videos.items[0]!.statistics['viewCount']).toBe('string');
    expect(videos.items[0]!.statistics['favoriteCount']).toBe('0');
    const report = (await (await fetch(`${origin}/v2/reports?ids=channel==MINE&startDate=2025-03-09&endDate=2025-03-10&metrics=subscribersGained&dimensions=day`, { headers })).json()) as Record<string, unknown>;
    expect(report['columnHeaders']).toHaveLength(2);
    expect(report).not.toHaveProperty('rows'); // the last two days are still processing
  });

  it('TikTok: envelope with error.code "ok", string ids, per-endpoint sliding minute', async () => {
    const clock = manualClock(START);
    const { sim, origin } = await started({ seed: 1, now: clock.now, accounts: 1, postsPerAccount: 30, limits: { tiktokPerMinute: 2 } });
    const headers = { authorization: `Bearer ${sim.tokens('tiktok', 0).accessToken}`, 'content-type': 'application/json' };
    const list = () => fetch(`${origin}/v2/video/list/?fields=id,create_time,view_count`, { method: 'POST', headers, body: JSON.stringify({ max_count: 20 }) });
    const first = (await (await list()).json()) as { data: { videos: { id: unknown; create_time: number }[]; cursor: number }; error: { code: string } };
    expect(first.error.code).toBe('ok');
    expect(typeof first.data.videos[0]!.id).toBe('string');
    expect(first.data.cursor).toBeGreaterThan(1e12); // ms
    expect(first.data.videos[0]!.create_time).toBeLessThan(1e10); // s
    expect((await list()).status).toBe(200);
    const refused = await list();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
    // Another endpoint has its own window.
    expect((await fetch(`${origin}/v2/user/info/?fields=open_id`, { headers })).status).toBe(200);
    clock.advance(60_001);
    expect((await list()).status).toBe(200);
  });

  it('X: every response carries x-rate-limit-*; remaining counts down; reset is epoch seconds', async () => {
    const { sim, origin } = await started({ seed: 1, now: () => START, accounts: 1, postsPerAccount: 10 });
    const headers = { authorization: `Bearer ${sim.tokens('twitter', 0).accessToken}` };
    const a = await fetch(`${origin}/2/users/me`, { headers });
    const b = await fetch(`${origin}/2/users/me`, { headers });
    expect(a.headers.get('x-rate-limit-limit')).toBe('75');
    expect(Number(a.headers.get('x-rate-limit-remaining')) - Number(b.headers.get('x-rate-limit-remaining'))).toBe(1);
    expect(Number(a.headers.get('x-rate-limit-reset'))).toBe(Math.floor((START.getTime() + 15 * 60_000) / 1000));
    const last = (await (await fetch(`${origin}/2/users/${sim.accounts('twitter')[0]!.externalId}/tweets?max_results=100`, { headers })).json()) as { meta: Record<string, unknown> };
    expect(last.meta['result_count']).toBe(10);
    expect(last.meta).not.toHaveProperty('next_token');
  });

  it('Instagram: usage headers as JSON percentages; deprecated impressions refused', async () => {
    const { sim, origin } = await started({ seed: 1, now: () => START, accounts: 1, postsPerAccount: 10, limits: { instagramPerHour: 4 } });
    const headers = { authorization: `Bearer ${sim.tokens('instagram', 0).accessToken}` };
    const res = await fetch(`${origin}/v22.0/me?fields=id,username`, { headers });
    expect(JSON.parse(res.headers.get('x-app-usage')!)).toMatchObject({ call_count: 25 });
    const buc = JSON.parse(res.headers.get('x-business-use-case-usage')!) as Record<string, { type: string; estimated_time_to_regain_access: number }[]>;
    expect(Object.values(buc)[0]![0]).toMatchObject({ type: 'instagram', estimated_time_to_regain_access: 0 });
    const mediaId = sim.truth('instagram', 0).posts[0]!.id;
    const old = await fetch(`${origin}/v22.0/${mediaId}/insights?metric=impressions`, { headers });
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it('faults: times are consumed, probability is seeded, resets drop the connection', async () => {
    const { sim, origin } = await started({ seed: 9, now: () => START, accounts: 1, postsPerAccount: 5, faults: [{ kind: 'server_error', platform: 'twitter', status: 502, times: 2 }] });
    const headers = { authorization: `Bearer ${sim.tokens('twitter', 0).accessToken}` };
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await fetch(`${origin}/2/users/me`, { headers })).status);
    expect(codes).toEqual([502, 502, 200]);
    sim.addFault({ kind: 'reset', platform: 'twitter', times: 1 });
    await expect(fetch(`${origin}/2/users/me`, { headers })).rejects.toThrow();
    sim.clearFaults();
    const pattern = async (seed: number) => {
      const s = createSimulator({ seed, now: () => START, accounts: 1, postsPerAccount: 5, faults: [{ kind: 'server_error', probability: 0.5 }] });
      running.push(s);
      const o = await s.listen(0);
      const h = { authorization: `Bearer ${s.tokens('twitter', 0).accessToken}` };
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await fetch(`${o}/2/users/me`, { headers: h })).status);
      return out;
    };
    const p1 = await pattern(11);
    expect(await pattern(11)).toEqual(p1);
    expect(p1).toContain(503);
    expect(p1).toContain(200);
  });
});
