/**
 * Audience demographics against the simulator: the connectors' demographics
 * step reads what the simulated audience is (the simulator's truth), in the
 * documented shapes, with the traps: YouTube percentages written with one
 * decimal (a table sums to about 100, not exactly) and no rows below its
 * privacy threshold; Instagram counts only the described followers, top 45
 * buckets, and nothing at all under 100 followers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceReportObservation } from '../../src/ingest/observations.js';
import { InstagramClient } from '../../src/platforms/instagram/client.js';
import type { SyncChunk } from '../../src/platforms/types.js';
import { YouTubeClient } from '../../src/platforms/youtube/client.js';
import { startHarness, type Harness } from './sim-harness.js';

const YT_AGES = ['age13-17', 'age18-24', 'age25-34', 'age35-44', 'age45-54', 'age55-64', 'age65-'];
const IG_AGES = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

async function demographicsOf(gen: AsyncGenerator<SyncChunk>): Promise<Record<string, AudienceReportObservation>> {
  for await (const chunk of gen) if (chunk.audience) return Object.fromEntries(chunk.audience.map((r) => [r.dimension, r]));
  throw new Error('no demographics chunk');
}

const sum = (values: { value: number }[]) => values.reduce((s, v) => s + v.value, 0);
const oneDecimalPercent = (share: number) => Math.round(share * 1000) / 10;

describe('demographics against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const request = (platform: 'youtube' | 'instagram', i: number) => ({
    accessToken: h.sim.tokens(platform, i).accessToken,
    externalId: h.sim.accounts(platform)[i]!.externalId,
    options: { mode: 'backfill' as const, demographics: true },
    resumeFrom: { step: 'demographics' },
  });

  it('YouTube: viewerPercentage per age group and gender as the audience is, summing to about 100; views per country', async () => {
    const r = await demographicsOf(h.connector('youtube').sync(request('youtube', 0)));
    const truth = h.sim.audience('youtube', 0);
    const expectedAge = YT_AGES.map((bucket, i) => ({ bucket, value: oneDecimalPercent(truth.age[i]!) })).filter((v) => v.value > 0);
    expect(r.age!.values).toEqual(expectedAge);
    expect(r.gender!.values).toEqual(['female', 'male', 'user_specified'].map((bucket, i) => ({ bucket, value: oneDecimalPercent(truth.gender[i]!) })).filter((v) => v.value > 0));
    for (const dim of ['age', 'gender'] as const) {
      expect(Math.abs(sum(r[dim]!.values) - 100)).toBeLessThanOrEqual(0.5);
      expect(r[dim]).toMatchObject({ unit: 'percent', metric: 'viewerPercentage' });
    }
    // Countries: integer views in proportion to the audience, largest first, adding up to the basis.
    const views = r.country!.values;
    const total = r.country!.basis!.count;
    expect(total).toBeGreaterThan(100);
    expect(sum(views)).toBe(total);
    for (let i = 1; i < views.length; i++) expect(views[i - 1]!.value).toBeGreaterThanOrEqual(views[i]!.value);
    for (const c of truth.countries) {
      const got = views.find((v) => v.bucket === c.code)?.value ?? 0;
      expect(Math.abs(got - c.share * total)).toBeLessThanOrEqual(1);
    }
    expect(r.age!.basis).toEqual({ kind: 'views', count: total });
  });

  it('YouTube: a window with no views answers without `rows` (no figures, not zeros); ageGroup,gender sums to about 100', async () => {
    const client = new YouTubeClient({ analyticsOrigin: h.origin, now: h.clock.now });
    const token = h.sim.tokens('youtube', 0).accessToken;
    const empty = await client.report(token, { startDate: '2001-01-01', endDate: '2001-03-31', dimensions: ['ageGroup'], metrics: ['viewerPercentage'] });
    expect(empty.rows).toEqual([]);
    expect(empty.columns.map((c) => c.name)).toEqual(['ageGroup', 'viewerPercentage']);
    const end = new Date(h.clock.now().getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const both = await client.report(token, { startDate: '2024-01-01', endDate: end, dimensions: ['ageGroup', 'gender'], metrics: ['viewerPercentage'] });
    expect(both.columns.map((c) => c.name)).toEqual(['ageGroup', 'gender', 'viewerPercentage']);
    const total = both.rows.reduce((s, row) => s + Number(row[2]), 0);
    expect(Math.abs(total - 100)).toBeLessThanOrEqual(1.5);
    // viewerPercentage is the only metric YouTube accepts with ageGroup.
    await expect(client.report(token, { startDate: '2024-01-01', endDate: end, dimensions: ['ageGroup'], metrics: ['views'] })).rejects.toThrow(/not supported/);
  });

  it('Instagram: follower counts per bucket (described followers only, top 45), largest first', async () => {
    const r = await demographicsOf(h.connector('instagram').sync(request('instagram', 0)));
    const followers = h.sim.truth('instagram', 0).followers;
    const truth = h.sim.audience('instagram', 0);
    const expected = (pairs: [string, number][]) =>
      pairs.map(([bucket, share]) => ({ bucket, value: Math.floor(followers * 0.92 * share) })).filter((v) => v.value > 0).sort((a, b) => b.value - a.value).slice(0, 45);
    expect(r.age!.values).toEqual(expected(IG_AGES.map((g, i) => [g, truth.age[i]!])));
    expect(r.gender!.values).toEqual(expected(['F', 'M', 'U'].map((g, i) => [g, truth.gender[i]!])));
    expect(r.country!.values).toEqual(expected(truth.countries.map((c) => [c.code, c.share])));
    expect(r.city!.values).toEqual(expected(truth.cities.map((c) => [c.name, c.share])));
    expect(r.city!.values.length).toBeLessThanOrEqual(45);
    for (const report of Object.values(r)) {
      expect(report).toMatchObject({ unit: 'followers', metric: 'follower_demographics', basis: { kind: 'followers', count: followers } });
      expect(report.unavailableReason).toBeUndefined();
      expect(sum(report.values)).toBeLessThanOrEqual(followers);
    }
    // Shares of the described followers add up to 100 (what the insight shows).
    const age = r.age!.values;
    expect(age.reduce((s, v) => s + (100 * v.value) / sum(age), 0)).toBeCloseTo(100, 6);
  });

  it('Instagram under 100 followers: the platform answers an empty data set; the connector does not even ask and says why', async () => {
    h.sim.setFollowers('instagram', 1, 99);
    expect(h.sim.truth('instagram', 1).followers).toBe(99);
    const client = new InstagramClient({ origin: h.origin, now: h.clock.now });
    const token = h.sim.tokens('instagram', 1).accessToken;
    const userId = h.sim.accounts('instagram')[1]!.externalId;
    await expect(client.followerDemographics(token, userId, 'age')).resolves.toEqual({ reported: false, results: [] });

    h.sim.resetStats();
    const r = await demographicsOf(h.connector('instagram').sync(request('instagram', 1)));
    expect(Object.keys(r).sort()).toEqual(['age', 'city', 'country', 'gender']);
    for (const report of Object.values(r)) {
      expect(report.values).toEqual([]);
      expect(report.unavailableReason).toMatch(/100 or more followers \(this account has 99\)/);
    }
    expect(h.sim.stats().platforms.instagram.requests).toBe(1); // the profile only

    h.sim.setFollowers('instagram', 1, 100);
    const at100 = await demographicsOf(h.connector('instagram').sync(request('instagram', 1)));
    expect(at100.age!.values.length).toBeGreaterThan(0);
    expect(sum(at100.age!.values)).toBeLessThanOrEqual(100);
  });
});
