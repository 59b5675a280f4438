/** The JSON one phase prints (and run.ts collects into bench/out/results-<timestamp>.json). */
import type { LatencyResult } from './http.js';
import type { ConcurrentResult } from './concurrent.js';
import type { Breakdown, QueryProfile } from './dbtime.js';
import type { Summary } from './stats.js';
import type { SerializerResult } from './serializer.js';
import type { ExplainedStatement, StatementTime } from './timed-db.js';

export interface PhaseResult {
  engine: 'pglite' | 'postgres';
  size: number;
  /** PGlite: 'dir' (a temp data directory, as in production) or 'memory'; PostgreSQL: 'server'. */
  storage: string;
  requests: number;
  warmup: number;
  analyzedAfterIngest: boolean;
  plan: { points: { post: number; account: number; daily: number; total: number }; cadenceK: number; from: string; to: string; posts: number };
  ingest: {
    observations: number;
    /** Time inside ingest() only (data generation excluded). */
    ms: number;
    wallMs: number;
    obsPerSec: number;
    batches: number;
    batchMs: Summary;
    perBatch: { platform: string; observations: number; ms: number }[];
    /** Every statement ingestion ran, by total time (slowest first). */
    statements: StatementTime[];
    /** The batch whose statements were explained (left out of obs/s). */
    explainedBatch: { platform: string; observations: number; ms: number } | null;
    explained: ExplainedStatement[];
  };
  stored: Record<string, number> & { dataPoints: number };
  tableStatsBeforeQueries: { relname: string; analyzed: boolean }[];
  tableStatsAfterQueries: { relname: string; analyzed: boolean }[];
  check: { expectedViews: number; apiViews: number | null; expectedFollowers: number; apiFollowers: number | null; expectedPosts: number; apiPosts: number; ok: boolean };
  http: LatencyResult[];
  /** Many clients at once, each its own dashboard range (null when BENCH_CLIENTS=0). */
  concurrent?: ConcurrentResult | null;
  db: {
    breakdowns: Breakdown[];
    queries: QueryProfile[];
  };
  /** The 2-year bodies made by JSON.stringify and by the response schemas' serializer, paired. */
  serializers: SerializerResult[];
  rss: { phase: string; peakMb: number; currentMb: number; load1: number }[];
  /** 1-minute load average when the phase started (the machine may be shared). */
  loadAtStart: number;
  /** PGlite in a data directory: peak RSS of the separate process that ran initdb and the migrations. */
  pgliteInitPeakRssMb: number | null;
  durations: { setupMs: number; ingestWallMs: number; httpMs: number; dbMs: number; totalMs: number };
}
