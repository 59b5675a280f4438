/** Schedules as data: what runs periodically and how often, and what runs once as a process starts. */
import type { JobName } from '../queue/types.js';

export const SCHEDULES: { job: JobName; everyMs: number }[] = [
  { job: 'sync-due', everyMs: 60_000 },
  { job: 'report-schedules', everyMs: 60_000 },
  { job: 'report-retention', everyMs: 3_600_000 },
  { job: 'db-statistics', everyMs: 5 * 60_000 },
  { job: 'reconcile', everyMs: 3_600_000 },
  // Not at start: a restart must not rewrite old partitions; every 6 h so a process restarted daily still runs it.
  { job: 'compaction', everyMs: 6 * 3_600_000 },
];

/** Run once at start as well, so a fresh process does not wait a whole period for its first pass. */
export const AT_START: { job: JobName; jobId: string }[] = [
  { job: 'sync-due', jobId: 'sync-due-at-start' },
  { job: 'db-statistics', jobId: 'db-statistics-at-start' },
  { job: 'reconcile', jobId: 'reconcile-at-start' },
];
