/**
 * The job system: typed payloads, one handler per job name, schedules as data.
 * Two implementations behind one interface: in-process (no Redis) and BullMQ
 * (REDIS_URL set, shared by any number of `npm run worker` processes).
 */

/** Every job the system knows, with its payload. */
export interface JobPayloads {
  /** Sync one connected account now (or at the given priority). */
  'sync-account': { userId: number; accountId: number; reason: 'schedule' | 'manual' | 'webhook' | 'connect' | 'hot-posts' };
  /** Find accounts whose next sync is due and enqueue them. */
  'sync-due': Record<string, never>;
  /** Generate the reports of schedules that are due. */
  'report-schedules': Record<string, never>;
  /** Delete expired reports and share links. */
  'report-retention': Record<string, never>;
  /** ANALYZE tables whose planner statistics are missing or stale (src/db/statistics.ts). */
  'db-statistics': Record<string, never>;
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
