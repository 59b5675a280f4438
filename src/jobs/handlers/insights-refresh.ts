/**
 * Job 'insights-refresh' {userId}: recomputes every insight kind for the user
 * (src/insights/refresh.ts) and replaces the user's platform_insights rows in
 * one transaction, then drops the user's cached answers (the dashboard's
 * quick_insights read these rows).
 *
 * Enqueued after each ingest that stored new data (runtime.ts passes
 * enqueueInsightsRefresh to the ingest's afterCommit listeners). A sync of 50
 * chunks is 50 ingests: the job id names the user and a DEBOUNCE_MS window, and
 * the job waits until the end of that window, so every chunk of the window adds
 * to the one waiting job (a no-op add) and the refresh runs once, after them.
 * A chunk arriving while that job runs falls in the next window and gets one
 * more run: no new data is left out.
 */
import type { Cache } from '../../cache/cache.js';
import type { Db } from '../../db/client.js';
import { refreshInsights } from '../../insights/refresh.js';
import type { JobHandler, JobQueue } from '../../queue/types.js';

export const DEBOUNCE_MS = 30_000;

export function insightsRefreshHandler(db: Db, cache: Cache): JobHandler<'insights-refresh'> {
  return async ({ userId }) => {
    await refreshInsights(db, userId);
    await cache.invalidateUser(userId);
  };
}

/** Enqueues the user's refresh at the end of the current debounce window (one job per user and window). */
export async function enqueueInsightsRefresh(queue: JobQueue, userId: number, debounceMs = DEBOUNCE_MS, now = Date.now()): Promise<void> {
  const window = Math.floor(now / debounceMs);
  const delayMs = (window + 1) * debounceMs - now;
  await queue.add('insights-refresh', { userId }, { jobId: `insights-refresh-${userId}-${window}`, delayMs, priority: 20 });
}
