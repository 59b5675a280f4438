/**
 * Job 'alerts-detect' {userId}: one detection pass over the user's recent
 * data (src/alerts/run.ts), queued by ingestion after it stored new data for
 * them (services.ts enqueueAfterCommit), one waiting per user (job id
 * ALERTS_JOB_ID), so a sync of many batches leads to few passes.
 *
 * A failure is logged here and not thrown: a failed job would keep its id in
 * the BullMQ queue (failed jobs are kept) and so block the user's next pass.
 */
import { runAlertDetection, type AlertRunDeps } from '../../alerts/run.js';
import type { JobHandler } from '../../queue/types.js';

export interface AlertsJobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * How long a detection waits after the ingest that queued it. The open
 * dashboard reloads its figures the moment the same ingest is announced; on
 * the embedded store (one connection) a detection pass started at once would
 * hold those reads behind it for seconds. The batches of one sync arriving in
 * the meantime join the waiting job.
 */
export const ALERTS_SETTLE_MS = 5_000;

/** One waiting or running detection per user. */
export function alertsJobId(userId: number): string {
  return `alerts-detect-${userId}`;
}

export function alertsDetectHandler(deps: AlertRunDeps, log: AlertsJobLog): JobHandler<'alerts-detect'> {
  return async ({ userId }) => {
    const started = performance.now();
    try {
      const r = await runAlertDetection(deps, userId);
      if (r.created.length > 0 || r.extended > 0) log.info({ userId, created: r.created.length, extended: r.extended, ms: Math.round(performance.now() - started) }, 'alerts detected');
    } catch (err) {
      // The error object only: no settings, no webhook secret.
      log.error({ userId, err }, 'alert detection failed');
    }
  };
}
