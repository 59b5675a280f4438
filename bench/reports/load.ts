/**
 * The benchmark's database: a uniquely named PostgreSQL database (dropped at
 * the end) loaded with the store benchmark's generated data, through the same
 * path as bench/phase.ts: makePlan + accountBatches (bench/generate.ts),
 * accounts via upsertAccount, every batch through services.ingest.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { tokenService } from '../../src/auth/tokens.js';
import { memoryCache } from '../../src/cache/cache.js';
import { loadConfig } from '../../src/config.js';
import { openDb, type Db } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { upsertAccount } from '../../src/db/repositories/accounts.js';
import { createServices } from '../../src/services.js';
import { accountBatches, makePlan, type Plan } from '../generate.js';

export interface BenchDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `pulseboard_bench_reports_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), pgliteDir: null });
  await migrate(db);
  let dropped = false;
  return {
    name,
    url: url.toString(),
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close().catch(() => undefined);
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export interface LoadResult {
  plan: Plan;
  accountIds: number[];
  observations: number;
  batches: number;
  ingestMs: number;
  wallMs: number;
}

/** Ingests `size` generated data points for `userId` (progress on stderr). */
export async function loadData(db: Db, userId: number, size: number, batchSize: number, log: (m: string) => void): Promise<LoadResult> {
  const config = loadConfig({ APP_SECRET: randomBytes(32).toString('hex'), DATA_DIR: join(tmpdir(), 'pulseboard-bench-unused'), LOG_LEVEL: 'silent' });
  const cache = memoryCache(config.cacheTtlSeconds);
  const services = createServices({ config, db, cache, tokens: tokenService(config.appSecret, 3600) });
  const plan = makePlan(size);
  const accountIds: number[] = [];
  for (const acc of plan.accounts) {
    accountIds.push((await upsertAccount(db, userId, { platform: acc.platform, externalId: acc.externalId, handle: acc.handle })).id);
  }
  const t0 = performance.now();
  let ingestMs = 0;
  let observations = 0;
  let batches = 0;
  for (const [i, acc] of plan.accounts.entries()) {
    let accObs = 0;
    const a0 = performance.now();
    for await (const batch of accountBatches(plan, acc, userId, accountIds[i]!, batchSize)) {
      const n = (batch.postMetrics?.length ?? 0) + (batch.accountMetrics?.length ?? 0) + (batch.accountDaily?.length ?? 0);
      const b0 = performance.now();
      await services.ingest(batch);
      ingestMs += performance.now() - b0;
      observations += n;
      accObs += n;
      batches += 1;
    }
    log(`ingested ${acc.platform}: ${accObs.toLocaleString('en-US')} data points in ${((performance.now() - a0) / 1000).toFixed(1)} s`);
  }
  await cache.close();
  return { plan, accountIds, observations, batches, ingestMs, wallMs: performance.now() - t0 };
}

export interface StoredCounts {
  post_snapshots: number;
  account_snapshots: number;
  account_daily_reported: number;
  platform_posts: number;
  post_daily: number;
  database_mb: number;
  dataPoints: number;
}

export async function storedCounts(db: Db, userId: number): Promise<StoredCounts> {
  const [row] = await db.query<Omit<StoredCounts, 'dataPoints'>>(
    `SELECT (SELECT count(*) FROM post_snapshots WHERE user_id = $1) AS post_snapshots,
            (SELECT count(*) FROM account_snapshots WHERE user_id = $1) AS account_snapshots,
            (SELECT count(*) FROM account_daily_reported WHERE user_id = $1) AS account_daily_reported,
            (SELECT count(*) FROM platform_posts WHERE user_id = $1) AS platform_posts,
            (SELECT count(*) FROM post_daily WHERE user_id = $1) AS post_daily,
            (SELECT round(pg_database_size(current_database()) / 1048576.0)) AS database_mb`,
    [userId],
  );
  const r = row!;
  return { ...r, dataPoints: r.post_snapshots + r.account_snapshots + r.account_daily_reported };
}

/** Whether autovacuum (or anyone) has analyzed the big tables yet: plans differ a lot without statistics. */
export async function tableStats(db: Db): Promise<{ relname: string; analyzed: boolean; n_live_tup: number }[]> {
  return db.query(
    `SELECT relname, (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analyzed, n_live_tup
       FROM pg_stat_user_tables
      WHERE relname IN ('platform_posts', 'post_daily', 'user_metrics', 'content_performance', 'account_snapshots')
         OR relname LIKE 'post_snapshots%'
      ORDER BY relname`,
  );
}
