/**
 * Audience demographics from recorded responses: YouTube Analytics
 * (viewerPercentage by ageGroup/gender, views by country) and Instagram
 * follower_demographics, including the traps (percentages that sum to 99.9,
 * `rows` left out, an empty `data`, a refused call, an account under 100
 * followers that is not asked at all).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AudienceReportObservation } from '../../src/ingest/observations.js';
import { QuotaExceeded } from '../../src/platforms/errors.js';
import { createInstagramConnector } from '../../src/platforms/instagram/connector.js';
import { parseFollowerDemographics } from '../../src/platforms/instagram/parse-demographics.js';
import { createYouTubeConnector } from '../../src/platforms/youtube/connector.js';
import type { SyncChunk } from '../../src/platforms/types.js';
import { caught } from './sim-harness.js';
import { fixture, serveFixtures } from './fixture-server.js';

const NOW = new Date('2024-05-03T20:00:00Z'); // 13:00 PDT on 2024-05-03
const IG_USER = '17841400000000000';

let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The chunks up to and including the demographics step's (later steps, e.g. revenue, are not this file's concern). */
async function untilDemographics(gen: AsyncGenerator<SyncChunk>): Promise<SyncChunk[]> {
  const out: SyncChunk[] = [];
  for await (const chunk of gen) {
    out.push(chunk);
    if (chunk.audience) break;
  }
  return out;
}

function byDimension(chunks: { audience?: AudienceReportObservation[] }[]): Record<string, AudienceReportObservation> {
  const all = chunks.flatMap((c) => c.audience ?? []);
  return Object.fromEntries(all.map((r) => [r.dimension, r]));
}

const sum = (values: { value: number }[]) => values.reduce((s, v) => s + v.value, 0);

describe('YouTube demographics from recorded reports', () => {
  const youtube = (origin: string) => createYouTubeConnector({ clientId: 'id', clientSecret: 'secret', dataOrigin: origin, analyticsOrigin: origin, oauthOrigin: origin, now: () => NOW });
  const request = { accessToken: 'ya29', externalId: 'UCx', options: { mode: 'backfill' as const, demographics: true }, resumeFrom: { step: 'demographics' } };

  it('stores what YouTube wrote: percentages as given (summing to 99.9), views per country, over the last 90 Pacific days', async () => {
    server = await serveFixtures({
      'GET /v2/reports': [{ fixture: 'youtube.report.country.json' }, { fixture: 'youtube.report.ageGroup.json' }, { fixture: 'youtube.report.gender.json' }],
    });
    const chunks = await untilDemographics(youtube(server.origin).sync(request));
    expect(chunks).toHaveLength(1);
    const r = byDimension(chunks);
    expect(Object.keys(r).sort()).toEqual(['age', 'country', 'gender']);
    expect(r.age!.values).toEqual([
      { bucket: 'age13-17', value: 4.2 }, { bucket: 'age18-24', value: 31.7 }, { bucket: 'age25-34', value: 35.1 }, { bucket: 'age35-44', value: 16.4 },
      { bucket: 'age45-54', value: 7.9 }, { bucket: 'age55-64', value: 3.1 }, { bucket: 'age65-', value: 1.5 },
    ]);
    expect(sum(r.age!.values)).toBeCloseTo(99.9, 6); // not rescaled to 100
    expect(r.gender!.values.map((v) => v.bucket)).toEqual(['female', 'male', 'user_specified']);
    expect(r.country!.values[0]).toEqual({ bucket: 'US', value: 5210 });
    for (const dim of ['age', 'gender', 'country']) {
      expect(r[dim]).toMatchObject({ periodStart: '2024-02-04', periodEnd: '2024-05-03', basis: { kind: 'views', count: 5210 + 1804 + 1230 + 611 + 402 }, reportedAt: NOW });
      expect(r[dim]!.unavailableReason).toBeUndefined();
    }
    expect(r.age!).toMatchObject({ metric: 'viewerPercentage', unit: 'percent' });
    expect(r.country!).toMatchObject({ metric: 'views', unit: 'views' });
    // The three queries, as sent.
    const queries = server.seen.map((s) => s.url.searchParams);
    expect(queries.map((q) => [q.get('dimensions'), q.get('metrics')])).toEqual([['country', 'views'], ['ageGroup', 'viewerPercentage'], ['gender', 'viewerPercentage']]);
    for (const q of queries) expect([q.get('ids'), q.get('startDate'), q.get('endDate')]).toEqual(['channel==MINE', '2024-02-04', '2024-05-03']);
    expect(server.seen.every((s) => s.headers.authorization === 'Bearer ya29')).toBe(true);
  });

  it('no rows and a refused report become reports that say why; nothing is filled in and the sync goes on', async () => {
    server = await serveFixtures({
      'GET /v2/reports': [{ fixture: 'youtube.report.country.json' }, { fixture: 'youtube.report.ageGroup.empty.json' }, { status: 403, fixture: 'youtube.error.forbidden.json' }],
    });
    const r = byDimension(await untilDemographics(youtube(server.origin).sync(request)));
    expect(r.age!.values).toEqual([]);
    expect(r.age!.unavailableReason).toMatch(/no rows/);
    expect(r.gender!.values).toEqual([]);
    expect(r.gender!.unavailableReason).toMatch(/refused.*forbidden/i);
    expect(r.country!.values).toHaveLength(5);
  });

  it('a quota answer is not swallowed: the sync stops and is retried later', async () => {
    server = await serveFixtures({ 'GET /v2/reports': { status: 403, fixture: 'youtube.error.quota.json' } });
    expect(await caught(() => untilDemographics(youtube(server!.origin).sync(request)))).toBeInstanceOf(QuotaExceeded);
  });

  it('without the demographics option there is no demographics step (the daily full sync asks for it)', async () => {
    server = await serveFixtures({ 'GET /v2/reports': { fixture: 'youtube.report.country.json' } });
    const error = await caught(() => untilDemographics(youtube(server!.origin).sync({ ...request, options: { mode: 'backfill' } })));
    expect(String(error)).toMatch(/unknown sync checkpoint step: demographics/);
    expect(server.seen).toHaveLength(0);
  });
});

describe('Instagram follower demographics from recorded responses', () => {
  const instagram = (origin: string) => createInstagramConnector({ clientId: 'app', clientSecret: 'secret', origin, oauthOrigin: origin, now: () => NOW });
  const request = { accessToken: 'IGtok', externalId: IG_USER, options: { mode: 'backfill' as const, demographics: true }, resumeFrom: { step: 'demographics' } };

  it('parses total_value breakdowns into the platform labels and counts', () => {
    expect(parseFollowerDemographics(fixture('instagram.demographics.city.json'))).toEqual({
      reported: true,
      results: [{ bucket: 'London, England', value: 1520 }, { bucket: 'Manchester, England', value: 610 }, { bucket: 'São Paulo, São Paulo', value: 402 }],
    });
    expect(parseFollowerDemographics(fixture('instagram.demographics.empty.json'))).toEqual({ reported: false, results: [] });
  });

  it('one call per breakdown; an empty data set and a refused call are recorded with their reason, never as zeros', async () => {
    server = await serveFixtures({
      'GET /v22.0/me': { fixture: 'instagram.me.json' },
      [`GET /v22.0/${IG_USER}/insights`]: [
        { fixture: 'instagram.demographics.age.json' },
        { fixture: 'instagram.demographics.empty.json' },
        { status: 400, fixture: 'instagram.error.demographics-refused.json' },
        { fixture: 'instagram.demographics.city.json' },
      ],
    });
    const r = byDimension(await untilDemographics(instagram(server.origin).sync(request)));
    expect(r.age!.values).toHaveLength(7);
    expect(sum(r.age!.values)).toBe(4210 + 5870 + 2390 + 412 + 705 + 233 + 98);
    expect(r.age!).toMatchObject({ metric: 'follower_demographics', unit: 'followers', basis: { kind: 'followers', count: 15230 }, reportedAt: NOW });
    expect(r.age!.periodStart).toBeUndefined(); // lifetime figures
    expect(r.gender!).toMatchObject({ values: [], unavailableReason: expect.stringMatching(/empty data/) });
    expect(r.country!).toMatchObject({ values: [], unavailableReason: expect.stringMatching(/\(#100\)/) });
    expect(r.city!.values.map((v) => v.bucket)).toEqual(['London, England', 'Manchester, England', 'São Paulo, São Paulo']);
    const asked = server.seen.filter((s) => s.url.pathname.endsWith('/insights')).map((s) => s.url.searchParams);
    expect(asked.map((q) => q.get('breakdown'))).toEqual(['age', 'gender', 'country', 'city']);
    for (const q of asked) expect([q.get('metric'), q.get('period'), q.get('metric_type')]).toEqual(['follower_demographics', 'lifetime', 'total_value']);
  });

  it('under 100 followers it does not ask: four reports that say so, one profile call', async () => {
    server = await serveFixtures({ 'GET /v22.0/me': { fixture: 'instagram.me.small.json' } });
    const r = byDimension(await untilDemographics(instagram(server.origin).sync(request)));
    expect(Object.keys(r).sort()).toEqual(['age', 'city', 'country', 'gender']);
    for (const report of Object.values(r)) {
      expect(report.values).toEqual([]);
      expect(report.unavailableReason).toMatch(/100 or more followers \(this account has 87\)/);
      expect(report.basis).toEqual({ kind: 'followers', count: 87 });
    }
    expect(server.seen.map((s) => s.url.pathname)).toEqual(['/v22.0/me']);
  });
});
