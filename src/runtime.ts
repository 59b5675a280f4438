/**
 * Builds everything a process runs, for its role:
 *  - 'all'    (npm start): the HTTP API and a worker that runs jobs, in one process;
 *  - 'worker' (npm run worker): jobs only, sharing the queue, locks and budgets
 *             through Redis with every other process.
 * Without REDIS_URL the queue, locks, budgets and cache are in-process.
 */
import type { Logger } from 'pino';
import { tokenService } from './auth/tokens.js';
import { memoryCache, redisCache } from './cache/cache.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { refreshStatistics } from './db/statistics.js';
import { bullmqQueue, redisLocks } from './jobs/bullmq.js';
import { inProcessLocks, inProcessQueue } from './jobs/in-process.js';
import type { JobHandlers, JobName, JobQueue, Locks } from './jobs/types.js';
import { deleteExpiredReports } from './reports/retention.js';
import { runDueSchedules } from './reports/schedules/run-due.js';
import { appIngest, createServices, type Services } from './services.js';
import { memoryBudgetStore, redisBudgetStore } from './sync/budget-store.js';
import type { ConnectorOverrides } from './sync/connectors.js';
import type { SyncEngine } from './sync/engine.js';
import { createSyncStack } from './sync/stack.js';
import { createSyncMetrics, type SyncMetrics } from './sync/metrics.js';

export interface Runtime {
  services: Services;
  engine: SyncEngine;
  queue: JobQueue;
  metrics: SyncMetrics;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  log: Logger;
  /** Start taking jobs in this process. */
  work: boolean;
  /** For the demo: point the connectors at the in-process simulator. */
  connectors?: ConnectorOverrides;
}

/** Schedules as data: what runs periodically, and how often. */
export const SCHEDULES: { job: JobName; everyMs: number }[] = [
  { job: 'sync-due', everyMs: 60_000 },
  { job: 'report-schedules', everyMs: 60_000 },
  { job: 'report-retention', everyMs: 3_600_000 },
  { job: 'db-statistics', everyMs: 5 * 60_000 },
];

export async function createRuntime(config: Config, db: Db, options: RuntimeOptions): Promise<Runtime> {
  const { log } = options;
  const redis = config.redisUrl;
  const onJobError = (name: JobName, err: unknown) => log.error({ job: name, err }, 'job failed');
  const cache = redis ? redisCache(redis, config.cacheTtlSeconds) : memoryCache(config.cacheTtlSeconds);
  const queue: JobQueue = redis ? bullmqQueue(redis, 'pulseboard', onJobError) : inProcessQueue({ onError: onJobError });
  const locks: Locks = redis ? redisLocks(redis) : inProcessLocks();
  const metrics = createSyncMetrics();
  const ingest = appIngest(db, cache);
  const sync = createSyncStack({
    db,
    ingest,
    settings: config.platforms,
    appSecret: config.appSecret,
    queue,
    locks,
    store: redis ? redisBudgetStore(redis) : memoryBudgetStore(),
    log,
    onResponse: metrics.onResponse,
    onRun: metrics.onRun,
    ...(options.connectors ? { connectors: options.connectors } : {}),
  });
  const { engine, gate } = sync;
  const services = createServices({ config, db, cache, tokens: tokenService(config.appSecret, config.tokenTtlSeconds), ingest, sync });

  if (options.work) {
    const handlers: JobHandlers = {
      ...engine.handlers(),
      'report-schedules': async () => {
        await runDueSchedules(services, new Date());
      },
      'report-retention': async () => {
        await deleteExpiredReports(db, new Date());
      },
      'db-statistics': async () => {
        const analyzed = await refreshStatistics(db);
        if (analyzed.length > 0) log.info({ tables: analyzed }, 'planner statistics refreshed');
      },
    };
    for (const s of SCHEDULES) await queue.every(s.job, s.everyMs, {});
    await queue.start(handlers, config.platforms.syncConcurrency);
    // Don't wait a minute for the first pass.
    await queue.add('sync-due', {}, { jobId: 'sync-due-at-start' });
    await queue.add('db-statistics', {}, { jobId: 'db-statistics-at-start' });
  }

  return {
    services,
    engine,
    queue,
    metrics,
    async close() {
      await queue.close();
      await locks.close();
      await gate.store.close();
      await cache.close();
    },
  };
}
