/**
 * The database's own share of the analytics API: the repository functions the
 * views call, run directly (driver round trip included) and under EXPLAIN
 * ANALYZE (server execution only). The SQL is the repository's own: the
 * functions are called with a Queryable that prefixes EXPLAIN, so nothing is
 * copied here that could drift from src/.
 */
import type { Db, Queryable } from '../src/db/client.js';
import { accountBaselines, dayRows } from '../src/db/repositories/analytics.js';
import { contentPage, contentTotalsByPlatform } from '../src/db/repositories/content.js';
import type { Period } from '../src/analytics/period.js';
import { TOP_CONTENT, dashboard } from '../src/analytics/views/dashboard.js';
import { performance } from '../src/analytics/views/performance.js';
import { growth } from '../src/analytics/views/growth.js';
import { compare } from '../src/analytics/views/compare.js';
import { parseGranularity } from '../src/analytics/buckets.js';
import { round3, summarize, type Summary } from './stats.js';

type RepoCall = (q: Queryable) => Promise<unknown[]>;

/** The queries behind the four benchmarked endpoints (dashboard, performance, growth, compare). */
export function repositoryCalls(userId: number, p: Period): Record<string, RepoCall> {
  return {
    dayRows: (q) => dayRows(q, userId, p),
    accountBaselines: (q) => accountBaselines(q, userId, p),
    'contentPage(top 10)': (q) => contentPage(q, userId, p, { sort: 'performance_score', order: 'desc', limit: TOP_CONTENT, cursor: null }),
    'contentPage(limit 50)': (q) => contentPage(q, userId, p, { sort: 'performance_score', order: 'desc', limit: 50, cursor: null }),
    contentTotalsByPlatform: (q) => contentTotalsByPlatform(q, userId, p),
  };
}

/** Exactly the dashboard's reads, in the dashboard's order: the window (two queries at once), then top content. */
export async function dashboardQueries(db: Queryable, userId: number, p: Period): Promise<void> {
  const calls = repositoryCalls(userId, p);
  await Promise.all([calls.dayRows!(db), calls.accountBaselines!(db)]);
  await calls['contentPage(top 10)']!(db);
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

/** The dashboard's queries as the dashboard issues them: p50/p95 over `runs`, plus the EXPLAIN server time of its three queries. */
export async function dashboardDbTime(db: Db, userId: number, p: Period, runs: number, warmup: number): Promise<{ driver: Summary; serverMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = globalThis.performance.now();
    await dashboardQueries(db, userId, p);
    if (i >= warmup) times.push(globalThis.performance.now() - t0);
  }
  const calls = repositoryCalls(userId, p);
  let server = 0;
  for (const name of ['dayRows', 'accountBaselines', 'contentPage(top 10)']) {
    const runsOf = [];
    for (let i = 0; i < 5; i++) runsOf.push((await explain(db, calls[name]!)).execution);
    server += median(runsOf);
  }
  return { driver: summarize(times), serverMs: round3(server) };
}

/**
 * The endpoints' view functions called directly: database reads plus the
 * JavaScript that turns rows into the response object, without HTTP, auth,
 * cache or JSON serialization. HTTP p50 − view p50 = the web layer's share.
 */
export async function viewTimes(db: Queryable, userId: number, p: Period, runs: number, warmup: number): Promise<{ endpoint: string; latency: Summary }[]> {
  const g = parseGranularity(undefined);
  const views: Record<string, () => Promise<unknown>> = {
    dashboard: () => dashboard(db, userId, p),
    performance: () => performance(db, userId, p, {}),
    growth: () => growth(db, userId, p, g),
    compare: () => compare(db, userId, p, g),
  };
  const out = [];
  for (const [endpoint, run] of Object.entries(views)) {
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = globalThis.performance.now();
      await run();
      if (i >= warmup) times.push(globalThis.performance.now() - t0);
    }
    out.push({ endpoint, latency: summarize(times) });
  }
  return out;
}
