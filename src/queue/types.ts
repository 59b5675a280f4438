/**
 * The job queue: every job's typed payload, and one interface with two
 * implementations: in-process (no Redis) and BullMQ (REDIS_URL set, shared by
 * any number of `npm run worker` processes). The payloads are the contract
 * between whoever enqueues (the sync engine, the runtime) and the handlers
 * (src/jobs/handlers/, one file per job), so they live here, below both.
 */

/** Why a sync was asked for; decides its queue priority and cadence tier. */
export type SyncReason = 'schedule' | 'manual' | 'webhook' | 'connect' | 'hot-posts';

/** Job 'sync-account': sync one connected account now. */
export interface SyncAccountPayload {
  userId: number;
  accountId: number;
  reason: SyncReason;
}

/** Job 'alerts-detect': look for anomalies in one user's recent data (queued after an ingest stored new data). */
export interface AlertsDetectPayload {
  userId: number;
}

/** Job 'insights-refresh': recompute every insight of one user (after an ingest stored new data). */
export interface InsightsRefreshPayload {
  userId: number;
}

/** The payload of a job that takes none. */
export type NoPayload = Record<string, never>;

/** Every job the system knows, with its payload; what each does is said in its handler file (src/jobs/handlers/). */
export interface JobPayloads {
  'sync-account': SyncAccountPayload;
  'sync-due': NoPayload;
  'report-schedules': NoPayload;
  'report-retention': NoPayload;
  'db-statistics': NoPayload;
  reconcile: NoPayload;
  compaction: NoPayload;
  'insights-refresh': InsightsRefreshPayload;
  'alerts-detect': AlertsDetectPayload;
}
export type JobName = keyof JobPayloads;

export interface JobOptions {
  /**
   * A job with the same id that is still waiting or running makes this add a
   * no-op. No ':' in ids (BullMQ reserves it); both implementations refuse it.
   */
  jobId?: string;
  delayMs?: number;
  /** 1 is the most urgent; larger numbers wait behind smaller ones. */
  priority?: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<void>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  add<N extends JobName>(name: N, payload: JobPayloads[N], options?: JobOptions): Promise<void>;
  /** Runs `name` every `everyMs` — once per period across all processes sharing the queue. */
  every<N extends JobName>(name: N, everyMs: number, payload: JobPayloads[N]): Promise<void>;
  /** Starts processing (the worker role). A process that only enqueues never calls it. */
  start(handlers: JobHandlers, concurrency: number): Promise<void>;
  /** Resolves when nothing is waiting or running (delayed jobs aside): for tests and shutdown. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Exclusive locks by key, with a time-to-live so a crashed holder cannot block forever. */
export interface Locks {
  /** A release function, or null when someone else holds the key. */
  tryAcquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}
