/**
 * The database's own share of the analytics API: the repository functions the
 * views call, run directly (driver round trip included) and under EXPLAIN
 * ANALYZE (server execution only). The SQL is the repository's own: the
 * functions are called with a Queryable that prefixes EXPLAIN, so nothing is
 * copied here that could drift from src/.
 */
import type { Db, Queryable } from '../src/db/client.js';
import { accountBaselines, dayRows } from '../src/db/repositories/analytics.js';
import * as content from '../src/db/repositories/content.js';
import { contentPage, contentTotalsByPlatform } from '../src/db/repositories/content.js';
import { currentInsights } from '../src/db/repositories/insights.js';
import { windowSums } from '../src/db/repositories/window-sums.js';
import { previousPeriod, type Period } from '../src/analytics/period.js';
import { TOP_CONTENT, dashboard } from '../src/query/views/dashboard.js';
import { performance } from '../src/query/views/performance.js';
import { growth } from '../src/query/views/growth.js';
import { compare } from '../src/query/views/compare.js';
import { parseGranularity } from '../src/analytics/buckets.js';
import { round3, summarize, type Summary } from './stats.js';

type RepoCall = (q: Queryable) => Promise<unknown[]>;

// Looked up by name: the bench also runs a baseline commit's src/, which may have only the one or the other.
const repository: Record<string, unknown> = content;
const medianPerformanceScores = repository.medianPerformanceScores as ((q: Queryable, userId: number, p: Period, before: Period) => Promise<unknown>) | undefined;
const olderMedian = repository.medianPerformanceScore as ((q: Queryable, userId: number, p: Period) => Promise<unknown>) | undefined;

/** The queries behind the four benchmarked endpoints (dashboard, performance, growth, compare). */
export function repositoryCalls(userId: number, p: Period): Record<string, RepoCall> {
  const before = previousPeriod(p);
  return {
    dayRows: (q) => dayRows(q, userId, p),
    windowSums: async (q) => [await windowSums(q, userId, p, { days: true })],
    'windowSums(previous)': async (q) => [await windowSums(q, userId, before, { days: false })],
    accountBaselines: (q) => accountBaselines(q, userId, p),
    'accountBaselines(previous)': (q) => accountBaselines(q, userId, before),
    // Both medians in one query since 08497e3; a baseline from before it reads them one by one, as its dashboard did.
    'medianPerformanceScores(window and previous)': async (q) => (medianPerformanceScores ? [await medianPerformanceScores(q, userId, p, before)] : [await olderMedian!(q, userId, p), await olderMedian!(q, userId, before)]),
    currentInsights: (q) => currentInsights(q, userId, new Date()),
    'contentPage(top 10)': (q) => contentPage(q, userId, p, { sort: 'performance_score', order: 'desc', limit: TOP_CONTENT, cursor: null }),
    'contentPage(limit 50)': (q) => contentPage(q, userId, p, { sort: 'performance_score', order: 'desc', limit: 50, cursor: null }),
    contentTotalsByPlatform: (q) => contentTotalsByPlatform(q, userId, p),
  };
}

export interface QueryProfile {
  query: string;
  range: string;
  rows: number;
  /** Direct call through the driver. */
  driver: Summary;
  /** EXPLAIN ANALYZE "Execution Time", median of the runs. */
  serverMs: number;
  planningMs: number;
  plan: string;
}

async function explain(db: Db, call: RepoCall): Promise<{ plan: string; execution: number; planning: number }> {
  let lines: string[] = [];
  const q: Queryable = {
    async query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> {
      const rows = await db.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      lines = rows.map((r) => String(r['QUERY PLAN']));
      return [];
    },
  };
  await call(q);
  const plan = lines.join('\n');
  const execution = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
  const planning = Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
  return { plan, execution, planning };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export async function profileQueries(db: Db, userId: number, p: Period, rangeName: string, runs: number, warmup: number): Promise<QueryProfile[]> {
  const out: QueryProfile[] = [];
  for (const [name, call] of Object.entries(repositoryCalls(userId, p))) {
    let rows = 0;
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = globalThis.performance.now();
      const result = await call(db);
      const t = globalThis.performance.now() - t0;
      rows = result.length;
      if (i >= warmup) times.push(t);
    }
    const explains = [];
    for (let i = 0; i < 5; i++) explains.push(await explain(db, call));
    out.push({
      query: name,
      range: rangeName,
      rows,
      driver: summarize(times),
      serverMs: round3(median(explains.map((e) => e.execution))),
      planningMs: round3(median(explains.map((e) => e.planning))),
      plan: explains[explains.length - 1]!.plan,
    });
  }
  return out;
}

/**
 * The reads each view issues, in the view's own pattern (what runs in
 * parallel via Promise.all does so here too), by repositoryCalls() name.
 */
const VIEW_READS: Record<string, { names: string[]; run: (q: Queryable, c: Record<string, RepoCall>) => Promise<unknown> }> = {
  // As src/query/views/dashboard.ts: both periods summed in SQL (with their baselines), both medians, top content and quick insights, all at once.
  dashboard: {
    names: ['windowSums', 'windowSums(previous)', 'medianPerformanceScores(window and previous)', 'contentPage(top 10)', 'currentInsights'],
    run: (q, c) =>
      Promise.all([c.windowSums!(q), c['windowSums(previous)']!(q), c['medianPerformanceScores(window and previous)']!(q), c['contentPage(top 10)']!(q), c.currentInsights!(q)]),
  },
  performance: {
    names: ['contentPage(limit 50)', 'contentTotalsByPlatform'],
    run: (q, c) => Promise.all([c['contentPage(limit 50)']!(q), c.contentTotalsByPlatform!(q)]),
  },
  growth: { names: ['dayRows', 'accountBaselines'], run: (q, c) => Promise.all([c.dayRows!(q), c.accountBaselines!(q)]) },
  compare: {
    names: ['dayRows', 'accountBaselines', 'contentTotalsByPlatform'],
    run: (q, c) => Promise.all([c.dayRows!(q), c.accountBaselines!(q), c.contentTotalsByPlatform!(q)]),
  },
};

export interface Breakdown {
  endpoint: string;
  range: string;
  /** The uncached HTTP request (cache invalidated first). */
  http: Summary;
  /** The endpoint's view function called directly: DB reads + JS, no HTTP, auth, cache or serialization. */
  view: Summary;
  /** Only the view's database reads, through the driver (row decoding included). */
  reads: Summary;
  /** Sum of the EXPLAIN ANALYZE execution times of those reads (median of 5 each): the server's own work. */
  serverMs: number;
}

/**
 * Where an uncached request's time goes. Paired: every iteration runs the
 * HTTP request, then the view, then its reads, one after the other, so the
 * three see the same conditions (a shared machine, GC, cache warmth) and
 * their differences mean something.
 */
export async function breakdown(
  db: Db,
  userId: number,
  p: Period,
  range: string,
  endpoint: string,
  httpOnce: () => Promise<number>,
  runs: number,
  warmup: number,
): Promise<Breakdown> {
  const g = parseGranularity(undefined);
  const views: Record<string, () => Promise<unknown>> = {
    dashboard: () => dashboard(db, userId, p),
    performance: () => performance(db, userId, p, {}),
    growth: () => growth(db, userId, p, g),
    compare: () => compare(db, userId, p, g),
  };
  const calls = repositoryCalls(userId, p);
  const reads = VIEW_READS[endpoint]!;
  const times = { http: [] as number[], view: [] as number[], reads: [] as number[] };
  for (let i = 0; i < warmup + runs; i++) {
    const h = await httpOnce();
    let t0 = globalThis.performance.now();
    await views[endpoint]!();
    const v = globalThis.performance.now() - t0;
    t0 = globalThis.performance.now();
    await reads.run(db, calls);
    const r = globalThis.performance.now() - t0;
    if (i < warmup) continue;
    times.http.push(h);
    times.view.push(v);
    times.reads.push(r);
  }
  let serverMs = 0;
  for (const name of reads.names) {
    const runsOf = [];
    for (let i = 0; i < 5; i++) runsOf.push((await explain(db, calls[name]!)).execution);
    serverMs += median(runsOf);
  }
  return { endpoint, range, http: summarize(times.http), view: summarize(times.view), reads: summarize(times.reads), serverMs: round3(serverMs) };
}
