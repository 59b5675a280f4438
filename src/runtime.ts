/**
 * Builds everything a process runs, for its role:
 *  - 'all'    (npm start): the HTTP API and a worker that runs jobs, in one process;
 *  - 'worker' (npm run worker): jobs only, sharing the queue, locks and budgets
 *             through Redis with every other process.
 * Without REDIS_URL the queue, locks and cache are in-process; the budgets are in the database.
 */
import type { Logger } from 'pino';
import { tokenService } from './auth/tokens.js';
import { memoryCache, redisCache } from './cache/cache.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { bullmqQueue, redisLocks } from './queue/bullmq.js';
import { inProcessLocks, inProcessQueue } from './queue/in-process.js';
import { compactionHandler } from './jobs/handlers/compaction.js';
import { STATISTICS_AFTER_INGEST, dbStatisticsHandler } from './jobs/handlers/db-statistics.js';
import { reconcileHandler } from './jobs/handlers/reconcile.js';
import { ALERTS_SETTLE_MS, alertsDetectHandler, alertsJobId } from './jobs/handlers/alerts-detect.js';
import { enqueueInsightsRefresh, insightsRefreshHandler } from './jobs/handlers/insights-refresh.js';
import { reportRetentionHandler } from './jobs/handlers/report-retention.js';
import { reportSchedulesHandler } from './jobs/handlers/report-schedules.js';
import { syncAccountHandler } from './jobs/handlers/sync-account.js';
import { syncDueHandler } from './jobs/handlers/sync-due.js';
import { AT_START, SCHEDULES } from './jobs/schedules.js';
import type { JobHandlers, JobName, JobQueue, Locks } from './queue/types.js';
import { appIngest, createServices, enqueueAfterCommit, type Services } from './services.js';
import { dbBudgetStore, redisBudgetStore } from './sync/budget-store.js';
import type { ConnectorOverrides } from './sync/connectors.js';
import type { SyncEngine } from './sync/engine.js';
import { createSyncStack } from './sync/stack.js';
import { createSyncMetrics, type SyncMetrics } from './sync/metrics.js';
import { inProcessBus, type EventBus } from './realtime/bus.js';
import { publishSyncStatus } from './realtime/publishers.js';
import { redisBus } from './realtime/redis-bus.js';
import { featureUsage } from './usage/feature-usage.js';

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

export async function createRuntime(config: Config, db: Db, options: RuntimeOptions): Promise<Runtime> {
  const { log } = options;
  const redis = config.redisUrl;
  const ns = config.redisPrefix;
  const onJobError = (name: JobName, err: unknown) => log.error({ job: name, err }, 'job failed');
  const cache = redis ? redisCache(redis, config.cacheTtlSeconds, `${ns}pb`) : memoryCache(config.cacheTtlSeconds);
  const queue: JobQueue = redis ? bullmqQueue(redis, 'pulseboard', { prefix: `${ns}bull`, onError: onJobError }) : inProcessQueue({ onError: onJobError });
  const locks: Locks = redis ? redisLocks(redis, `${ns}pb:lock:`) : inProcessLocks();
  const metrics = createSyncMetrics();
  // With Redis, a worker's ingest or sync reaches the sockets held by every API process.
  const events: EventBus = redis ? redisBus(redis, { prefix: `${ns}pulseboard:live:` }) : inProcessBus();
  const enqueueAlerts = (userId: number) => queue.add('alerts-detect', { userId }, { jobId: alertsJobId(userId), delayMs: ALERTS_SETTLE_MS });
  const enqueueInsights = (userId: number) => enqueueInsightsRefresh(queue, userId);
  const enqueueStatistics = () => queue.add('db-statistics', {}, STATISTICS_AFTER_INGEST);
  const ingest = appIngest(db, cache, events, [enqueueAfterCommit(enqueueAlerts), enqueueAfterCommit(enqueueInsights), enqueueAfterCommit(enqueueStatistics)]);
  const sync = createSyncStack({
    db,
    ingest,
    settings: config.platforms,
    appSecret: config.appSecret,
    queue,
    locks,
    // Never in process memory: a restart would start every window from zero and overspend it.
    store: redis ? redisBudgetStore(redis, `${ns}pb:budget:`) : dbBudgetStore(db),
    log,
    onResponse: metrics.onResponse,
    onRun: metrics.onRun,
    onStatus: publishSyncStatus(events, db),
    ...(options.connectors ? { connectors: options.connectors } : {}),
  });
  const { engine, gate } = sync;
  const services = createServices({ config, db, cache, tokens: tokenService(config.appSecret, config.tokenTtlSeconds), ingest, sync, events, usage: featureUsage(metrics.registry) });

  if (options.work) {
    const handlers: Required<JobHandlers> = {
      'sync-account': syncAccountHandler(engine),
      'sync-due': syncDueHandler(engine),
      'report-schedules': reportSchedulesHandler(services),
      'report-retention': reportRetentionHandler(db),
      'db-statistics': dbStatisticsHandler(db, log),
      reconcile: reconcileHandler(db, log, metrics.registry),
      compaction: compactionHandler(db, log, metrics.registry, config.compactionHorizonDays),
      'alerts-detect': alertsDetectHandler(services, log),
      'insights-refresh': insightsRefreshHandler(db, cache),
    };
    for (const s of SCHEDULES) await queue.every(s.job, s.everyMs, {});
    await queue.start(handlers, config.platforms.syncConcurrency);
    for (const s of AT_START) await queue.add(s.job, {}, { jobId: s.jobId });
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
      await events.close();
    },
  };
}
