/**
 * audience_demographics: who watches or follows you, as the platforms report
 * it. Never estimated: every figure is one the platform gave (stored by the
 * daily demographics sync step, repositories/audience.ts), only relabelled and
 * turned into shares.
 *
 * Which platforms. YouTube (Analytics: viewerPercentage by age group and
 * gender, views by country, last 90 days) and Instagram (follower_demographics:
 * followers by age, gender, country, city; only for accounts with 100+
 * followers). TikTok's display API and X report no demographics: they get no
 * record at all (absent, not an empty or guessed one). A platform that does
 * report but said nothing for this user (every Instagram account under 100
 * followers, a YouTube channel below its privacy threshold) gets a record with
 * empty lists and the platform's reason; so does one whose figures rest on
 * fewer than MIN_SAMPLE views/followers ("not enough data").
 *
 * Figures. Labels are made common (YouTube 'age18-24' and Instagram '18-24'
 * → '18-24', 'age65-' → '65+'; 'F'/'female' → 'female', 'U'/'user_specified'
 * → 'unspecified'). percentage: YouTube's viewerPercentage as reported (it
 * sums to about 100, not exactly); YouTube countries: 100 × the country's
 * views / all views with a country; Instagram: 100 × the bucket's followers /
 * the followers the breakdown describes (Meta leaves some followers
 * undescribed and lists only the top 45 countries and cities, so country and
 * city shares are of those listed). count: the views or followers behind a
 * country or city. With several accounts on one platform, each account's
 * shares are weighted by the views or followers they rest on (the basis the
 * platform reported with them) and counts are added.
 *
 * sample_size: the views (YouTube: in the window, attributed to a country) or
 * followers (Instagram) the platform's figures rest on, summed over the
 * accounts that reported figures. For YouTube this is an upper bound: its
 * percentages count signed-in viewers only, and YouTube does not say how many.
 *
 * confidence_score = max(0, 1 − m / 10), m = 100 × 1.96 × 0.5 / √n: the
 * worst-case 95% margin of a reported share, in percentage points, against a
 * 10-point tolerance (n = sample_size). n = 100 → 0.02, 1,000 → 0.69,
 * 10,000 → 0.90, 100,000 → 0.97.
 */
import { Type, type Static } from 'typebox';
import type { Platform } from '../../analytics/catalog.js';
import { latestReports, type StoredAudienceReport } from '../../db/repositories/audience.js';
import { NullableString, Reason } from '../schema.js';
import { validFor, type InsightDraft, type InsightKind } from '../types.js';
import { Id } from '../../ids/entity-id.js';

/** Below this many views/followers behind the figures the record claims nothing (Meta's own threshold for Instagram). */
export const MIN_SAMPLE = 100;

/** The platforms whose APIs report demographics, and what they are called there. */
export const DEMOGRAPHIC_SOURCES: Partial<Record<Platform, string>> = {
  youtube: 'YouTube Analytics API v2 reports.query (viewerPercentage by ageGroup and gender, views by country)',
  instagram: 'Instagram Graph API account insights (follower_demographics, lifetime, by age, gender, country and city)',
};

const AGE_ORDER = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

const Share = Type.Number({ minimum: 0, maximum: 100, description: 'Percent: see the kind documentation for what it is a share of' });
const Count = Type.Number({ minimum: 0, description: 'The views (YouTube) or followers (Instagram) behind this bucket, as the platform reported them' });

export const AudienceDemographicsData = Type.Object({
  source: Type.Object(
    {
      api: Type.String({ description: 'The platform API and metric the figures come from' }),
      reported_at: NullableString({ format: 'date-time', description: 'When the newest of these figures was reported by the platform (null when none was)' }),
      accounts: Type.Array(
        Type.Object({
          account_id: Id('account'),
          handle: NullableString({ description: 'The account handle' }),
          reported_at: Type.String({ format: 'date-time', description: 'When the platform reported this account\u2019s figures (first reported; re-reads with the same answer move checked_at)' }),
          checked_at: Type.String({ format: 'date-time', description: 'When the platform last gave this same answer' }),
          period_start: NullableString({ format: 'date', description: 'First day the figures cover (YouTube); null for lifetime figures (Instagram)' }),
          period_end: NullableString({ format: 'date', description: 'Last day the figures cover; null for lifetime figures' }),
          basis: Type.Union([Type.Literal('views'), Type.Literal('followers'), Type.Null()], { description: 'What the figures rest on' }),
          basis_count: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'How many views or followers they rest on; null when the platform did not say' }),
          reason: NullableString({ description: 'Why the platform gave no figures for this account; null when it gave some' }),
        }),
        { description: 'Each account of the platform, with when and over what its figures were reported' },
      ),
    },
    { description: 'Which API the figures come from and when it reported them' },
  ),
  age: Type.Array(Type.Object({ group: Type.String({ description: "Age group: '13-17', '18-24', … '65+'" }), percentage: Share }), { description: 'By age group, youngest first' }),
  gender: Type.Array(Type.Object({ group: Type.String({ description: "'female', 'male' or 'unspecified'" }), percentage: Share }), { description: 'By gender, largest first' }),
  country: Type.Array(Type.Object({ code: Type.String({ description: 'ISO 3166-1 alpha-2 country code' }), percentage: Share, count: Count }), { description: 'By country, largest first' }),
  city: Type.Optional(Type.Array(Type.Object({ name: Type.String({ description: "City as the platform names it, e.g. 'London, England'" }), percentage: Share, count: Count }), { description: 'By city, largest first (Instagram only: YouTube reports no cities)' })),
  count_unit: Type.Union([Type.Literal('views'), Type.Literal('followers')], { description: 'What country and city counts count' }),
  reason: Reason,
});
export type AudienceDemographicsData = Static<typeof AudienceDemographicsData>;

function ageLabel(bucket: string): string {
  const b = bucket.startsWith('age') ? bucket.slice(3) : bucket;
  return b.endsWith('-') ? `${b.slice(0, -1)}+` : b;
}

function genderLabel(bucket: string): string {
  const b = bucket.toLowerCase();
  return b === 'f' || b === 'female' ? 'female' : b === 'm' || b === 'male' ? 'male' : 'unspecified';
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** One account's shares of one dimension, per common label (YouTube percentages as reported; counts turned into shares). */
function sharesOf(report: StoredAudienceReport, label: (b: string) => string): Map<string, { percentage: number; count: number | null }> {
  const out = new Map<string, { percentage: number; count: number | null }>();
  const total = report.values.reduce((s, v) => s + v.value, 0);
  for (const v of report.values) {
    const key = label(v.bucket);
    const prev = out.get(key) ?? { percentage: 0, count: null };
    const pct = report.unit === 'percent' ? v.value : total > 0 ? (100 * v.value) / total : 0;
    out.set(key, { percentage: prev.percentage + pct, count: report.unit === 'percent' ? null : (prev.count ?? 0) + v.value });
  }
  return out;
}

interface AccountFigures {
  weight: number;
  reports: StoredAudienceReport[];
}

/** Shares of one dimension over the accounts, weighted by what each rests on (equal weights when none said). */
function combine(accounts: AccountFigures[], dimension: StoredAudienceReport['dimension'], label: (b: string) => string) {
  const parts = accounts.flatMap((a) => {
    const r = a.reports.find((x) => x.dimension === dimension && x.values.length > 0);
    return r ? [{ weight: a.weight, shares: sharesOf(r, label) }] : [];
  });
  const totalWeight = parts.reduce((s, p) => s + p.weight, 0);
  const merged = new Map<string, { percentage: number; count: number }>();
  for (const p of parts) {
    const w = totalWeight > 0 ? p.weight / totalWeight : 1 / parts.length;
    for (const [key, s] of p.shares) {
      const prev = merged.get(key) ?? { percentage: 0, count: 0 };
      merged.set(key, { percentage: prev.percentage + w * s.percentage, count: prev.count + (s.count ?? 0) });
    }
  }
  return [...merged.entries()].map(([key, s]) => ({ key, percentage: round2(s.percentage), count: s.count }));
}

export function confidenceOf(sample: number): number {
  if (sample <= 0) return 0;
  const marginPoints = (100 * 1.96 * 0.5) / Math.sqrt(sample);
  return round2(Math.max(0, 1 - marginPoints / 10));
}

function platformRecord(platform: Platform, api: string, reports: StoredAudienceReport[], now: Date): InsightDraft<AudienceDemographicsData> {
  const byAccount = new Map<number, StoredAudienceReport[]>();
  for (const r of reports) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
  const sourceAccounts: AudienceDemographicsData['source']['accounts'] = [];
  const reporting: AccountFigures[] = [];
  for (const [accountId, list] of byAccount) {
    const newest = list.reduce((a, b) => (b.reported_at > a.reported_at ? b : a));
    const withBasis = list.find((r) => r.basis_count !== null);
    const hasValues = list.some((r) => r.values.length > 0);
    const reasons = [...new Set(list.filter((r) => r.values.length === 0).map((r) => `${r.dimension}: ${r.unavailable_reason ?? 'no figures'}`))];
    sourceAccounts.push({
      account_id: accountId,
      handle: newest.handle,
      reported_at: newest.reported_at.toISOString(),
      checked_at: list.reduce((a, b) => (b.checked_at > a.checked_at ? b : a)).checked_at.toISOString(),
      period_start: newest.period_start,
      period_end: newest.period_end,
      basis: withBasis?.basis ?? null,
      basis_count: withBasis?.basis_count ?? null,
      reason: hasValues ? (reasons.length > 0 ? reasons.join('; ') : null) : list[0]!.unavailable_reason ?? 'the platform gave no figures',
    });
    if (hasValues) reporting.push({ weight: withBasis?.basis_count ?? 0, reports: list });
  }
  const countUnit = platform === 'instagram' ? 'followers' : 'views';
  const sample = Math.round(reporting.reduce((s, a) => s + a.weight, 0));
  const reportedAt = reports.reduce((a, b) => (b.reported_at > a.reported_at ? b : a)).reported_at;
  const base = {
    platform,
    sampleSize: sample,
    validUntil: validFor(now),
  };
  const source = { api, reported_at: reportedAt.toISOString(), accounts: sourceAccounts };
  const empty = (reason: string): InsightDraft<AudienceDemographicsData> => {
    const data: AudienceDemographicsData = { source, age: [], gender: [], country: [], count_unit: countUnit, reason };
    if (platform === 'instagram') data.city = [];
    return { ...base, confidence: 0, data, summary: reason };
  };
  const name = platform === 'youtube' ? 'YouTube' : 'Instagram';
  if (reporting.length === 0) return empty(`${name} gave no audience figures: ${sourceAccounts.map((a) => a.reason).join('; ')}`);
  if (sample === 0) return empty(`Not enough data: ${name} did not report how many ${countUnit} its figures rest on.`);
  if (sample < MIN_SAMPLE) return empty(`Not enough data: ${name}'s figures rest on ${sample} ${countUnit}; at least ${MIN_SAMPLE} are needed.`);

  const age = combine(reporting, 'age', ageLabel)
    .sort((a, b) => AGE_ORDER.indexOf(a.key) - AGE_ORDER.indexOf(b.key))
    .map((s) => ({ group: s.key, percentage: s.percentage }));
  const gender = combine(reporting, 'gender', genderLabel).sort((a, b) => b.percentage - a.percentage).map((s) => ({ group: s.key, percentage: s.percentage }));
  const country = combine(reporting, 'country', (b) => b.toUpperCase()).sort((a, b) => b.count - a.count || b.percentage - a.percentage).map((s) => ({ code: s.key, percentage: s.percentage, count: s.count }));
  const data: AudienceDemographicsData = { source, age, gender, country, count_unit: countUnit, reason: null };
  if (platform === 'instagram') data.city = combine(reporting, 'city', (b) => b).sort((a, b) => b.count - a.count || b.percentage - a.percentage).map((s) => ({ name: s.key, percentage: s.percentage, count: s.count }));

  const topAge = [...age].sort((a, b) => b.percentage - a.percentage)[0];
  const bits = [
    topAge ? `largest age group ${topAge.group} (${topAge.percentage}%)` : null,
    gender[0] ? `${gender[0].percentage}% ${gender[0].group}` : null,
    country[0] ? `top country ${country[0].code} (${country[0].percentage}%)` : null,
  ].filter((b): b is string => b !== null);
  return { ...base, confidence: confidenceOf(sample), data, summary: `${name} audience: ${bits.join(', ')}.` };
}

export const audienceDemographics: InsightKind<typeof AudienceDemographicsData> = {
  type: 'audience_demographics',
  dataSchema: AudienceDemographicsData,
  minimumEvidence: MIN_SAMPLE,
  async compute(ctx) {
    const reports = await latestReports(ctx.db, ctx.userId);
    const drafts: InsightDraft<AudienceDemographicsData>[] = [];
    for (const [platform, api] of Object.entries(DEMOGRAPHIC_SOURCES) as [Platform, string][]) {
      const own = reports.filter((r) => r.platform === platform);
      // Nothing reported yet (or a platform with no demographics API): no record, never a guess.
      if (own.length > 0) drafts.push(platformRecord(platform, api, own, ctx.now));
    }
    return drafts;
  },
};
