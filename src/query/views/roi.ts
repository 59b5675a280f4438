/**
 * GET /analytics/roi: cost, revenue, profit and ROI per group and per
 * currency, beside the views and engagement of the same period.
 *
 * Rules, stated once:
 *  - revenue = revenue the user recorded in the ledger + revenue a platform
 *    reported itself (YouTube estimatedRevenue); `revenue_sources` keeps the
 *    two apart. Platform revenue is absent (null), not 0, where the platform
 *    reported none.
 *  - amounts are never converted: one row per group and currency; two
 *    currencies are two rows, never a sum.
 *  - money is added exactly (micro-units, money.ts); ROI = (revenue − cost) /
 *    cost, null when cost is 0; cost/revenue per 1,000 views and cost per
 *    engagement are null when views (engagement) are 0 or unknown.
 *  - views and engagement are activity in the period from the same rollups as
 *    the dashboard (catalog definitions): per platform, per month (clipped to
 *    the period), per content item (its posts), per campaign (the content
 *    items its entries name; null when they name none). The group of entries
 *    without a platform, content item or campaign (group null) has none.
 *  - ledger entries count on their own date; platform revenue on the
 *    platform's day (Pacific for YouTube). Entries without a platform count
 *    only when the request does not name platforms.
 */
import type { Queryable } from '../../db/client.js';
import { engagement, isPlatform, PLATFORMS, type Platform } from '../../analytics/catalog.js';
import { fromMicros, perCount, ratio, toMicros, type Micros } from '../../analytics/money.js';
import type { Period } from '../../analytics/period.js';
import { contentActivity, hasLedgerEntries, ledgerAmounts, type LedgerAmountRow } from '../../db/repositories/ledger.js';
import { publicIdsOf } from '../../db/repositories/public-ids.js';
import { reportedRevenue, type RevenueAmountRow } from '../../db/repositories/revenue.js';
import { groupBy, sumNullable, totalsOf } from '../aggregate.js';
import { loadWindow, platformTotals, rangeOf } from './window.js';

export const ROI_GROUPS = ['platform', 'content', 'campaign', 'month'] as const;
export type RoiGroup = (typeof ROI_GROUPS)[number];

export interface RoiFigures {
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

export interface RoiRow extends RoiFigures {
  group: string | null;
}

interface Sums {
  group: string | null;
  currency: string;
  cost: Micros;
  ledgerRevenue: Micros;
  platformRevenue: Micros | null;
}

interface Activity {
  views: number | null;
  engagement: number | null;
}

const NO_ACTIVITY: Activity = { views: null, engagement: null };

function ledgerGroup(e: LedgerAmountRow, by: RoiGroup): string | null {
  if (by === 'platform') return e.platform;
  if (by === 'content') return e.content_id === null ? null : String(e.content_id);
  if (by === 'campaign') return e.campaign;
  return e.date.slice(0, 7);
}

/** Platform revenue is the channel's, not a content item's or a campaign's: those groups get it as null (unattributed). */
function revenueGroup(r: RevenueAmountRow, by: RoiGroup): string | null {
  if (by === 'platform') return r.platform;
  if (by === 'month') return r.day.slice(0, 7);
  return null;
}

function sumGroups(ledger: LedgerAmountRow[], reported: RevenueAmountRow[], by: RoiGroup): Sums[] {
  const sums = new Map<string, Sums>();
  const at = (group: string | null, currency: string): Sums => {
    const key = JSON.stringify([group, currency]);
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { group, currency, cost: 0n, ledgerRevenue: 0n, platformRevenue: null }));
    return s;
  };
  for (const e of ledger) {
    const s = at(ledgerGroup(e, by), e.currency);
    if (e.kind === 'cost') s.cost += toMicros(e.amount);
    else s.ledgerRevenue += toMicros(e.amount);
  }
  for (const r of reported) {
    const s = at(revenueGroup(r, by), r.currency);
    s.platformRevenue = (s.platformRevenue ?? 0n) + toMicros(r.amount);
  }
  return [...sums.values()];
}

function activityOf(m: { views: number | null; likes: number | null; comments: number | null; shares: number | null; saves: number | null }): Activity {
  return { views: m.views, engagement: engagement(m) };
}

/** Views and engagement of each group that has any, in the period. */
async function groupActivity(db: Queryable, userId: number, p: Period, by: RoiGroup, ledger: LedgerAmountRow[]): Promise<Map<string, Activity>> {
  const out = new Map<string, Activity>();
  if (by === 'platform' || by === 'month') {
    const w = await loadWindow(db, userId, p);
    if (by === 'platform') {
      for (const [platform, t] of platformTotals(w)) out.set(platform, { views: t.views, engagement: t.engagement });
    } else {
      for (const [month, rows] of groupBy(w.rows, (r) => r.day.slice(0, 7))) {
        const t = totalsOf(rows, []);
        out.set(month, { views: t.views, engagement: t.engagement });
      }
    }
    return out;
  }
  const contentIds = [...new Set(ledger.flatMap((e) => (e.content_id === null ? [] : [e.content_id])))];
  const byContent = new Map((await contentActivity(db, userId, p.tz, p.from, p.to, p.platforms, contentIds)).map((r) => [r.content_id, activityOf(r)]));
  if (by === 'content') {
    for (const [id, a] of byContent) out.set(String(id), a);
    return out;
  }
  // A campaign's reach is that of the content its entries name, each item counted once.
  const itemsOf = new Map<string, Set<number>>();
  for (const e of ledger) {
    if (e.campaign === null || e.content_id === null) continue;
    const set = itemsOf.get(e.campaign) ?? new Set<number>();
    set.add(e.content_id);
    itemsOf.set(e.campaign, set);
  }
  for (const [campaign, ids] of itemsOf) {
    const parts = [...ids].map((id) => byContent.get(id) ?? NO_ACTIVITY);
    out.set(campaign, { views: sumNullable(parts.map((a) => a.views)), engagement: sumNullable(parts.map((a) => a.engagement)) });
  }
  return out;
}

export function figuresOf(s: Omit<Sums, 'group'>, a: Activity): RoiFigures {
  const revenue = s.ledgerRevenue + (s.platformRevenue ?? 0n);
  return {
    currency: s.currency,
    cost: fromMicros(s.cost),
    revenue: fromMicros(revenue),
    profit: fromMicros(revenue - s.cost),
    roi: ratio(revenue - s.cost, s.cost),
    revenue_sources: { ledger: fromMicros(s.ledgerRevenue), platform: s.platformRevenue === null ? null : fromMicros(s.platformRevenue) },
    views: a.views,
    engagement: a.engagement,
    cost_per_1000_views: perCount(s.cost, a.views, 1000),
    cost_per_engagement: perCount(s.cost, a.engagement),
    revenue_per_1000_views: perCount(revenue, a.views, 1000),
  };
}

/** Groups in order (nulls last), then currencies in order. */
function compareRows(a: RoiRow, b: RoiRow): number {
  if (a.group !== b.group) {
    if (a.group === null) return 1;
    if (b.group === null) return -1;
    return a.group < b.group ? -1 : 1;
  }
  return a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
}

/**
 * The rows of the ROI view. `platformsNamed`: the request named platforms, so
 * ledger entries without a platform are left out.
 */
export async function roiRows(db: Queryable, userId: number, p: Period, by: RoiGroup, platformsNamed: boolean): Promise<RoiRow[]> {
  const [ledger, reported] = await Promise.all([
    ledgerAmounts(db, userId, p.from, p.to, platformsNamed ? p.platforms : null),
    reportedRevenue(db, userId, p.from, p.to, p.platforms),
  ]);
  const sums = sumGroups(ledger, reported, by);
  if (sums.length === 0) return [];
  const activity = await groupActivity(db, userId, p, by, ledger);
  const shown = await shownGroups(db, by, sums);
  return sums
    .map(({ group, ...s }) => ({ group: shown(group), ...figuresOf(s, (group === null ? undefined : activity.get(group)) ?? NO_ACTIVITY) }))
    .sort(compareRows);
}

/**
 * How a group is named in the answer. A content group is its item's public id
 * (UUID), the only id the API shows: `group` is free text, so the edge's
 * translation of id fields does not reach it. The groups are keyed by the
 * bigint key until here.
 */
async function shownGroups(db: Queryable, by: RoiGroup, sums: Sums[]): Promise<(group: string | null) => string | null> {
  if (by !== 'content') return (group) => group;
  const keys = sums.flatMap((s) => (s.group === null ? [] : [Number(s.group)]));
  const ids = await publicIdsOf(db, 'content', keys);
  return (group) => {
    if (group === null) return null;
    const id = ids.get(Number(group));
    // A ledger entry's content item exists (foreign key): a miss is a bug, not a row to show unnamed.
    if (id === undefined) throw new Error(`ROI: content item ${group} has no public id`);
    return id;
  };
}

export async function roi(db: Queryable, userId: number, p: Period, by: RoiGroup, platformsNamed: boolean) {
  return { range: rangeOf(p), group_by: by, rows: await roiRows(db, userId, p, by, platformsNamed) };
}

/** ROI per platform and currency, for the compare view: the platform rows of the ROI view. */
export async function roiByPlatform(db: Queryable, userId: number, p: Period): Promise<Map<Platform, RoiFigures[]>> {
  const out = new Map<Platform, RoiFigures[]>();
  for (const { group, ...figures } of await roiRows(db, userId, p, 'platform', true)) {
    if (group === null || !isPlatform(group)) continue;
    out.set(group, [...(out.get(group) ?? []), figures]);
  }
  return out;
}

/**
 * The platform rows for a report, or null when the user recorded no ledger
 * entry in the period (a report then has no ROI section: platform revenue
 * alone says nothing about cost). Entries without a platform are a row of
 * their own (group null) unless the report is limited to some platforms.
 */
export async function roiForReport(db: Queryable, userId: number, p: Period): Promise<RoiRow[] | null> {
  if (!(await hasLedgerEntries(db, userId, p.from, p.to))) return null;
  return roiRows(db, userId, p, 'platform', p.platforms.length < PLATFORMS.length);
}
