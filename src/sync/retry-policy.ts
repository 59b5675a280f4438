/**
 * What happens after a failed sync. Transient failures (5xx, timeouts,
 * resets) are retried with exponential backoff and full jitter; throttles wait
 * for the platform's reset; after MAX_ATTEMPTS the account waits for its next
 * regular run. Nothing stored is touched by a failure: data is only ever
 * written by successful chunks.
 */
export const MAX_ATTEMPTS = 5;
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 30 * 60_000;

/** Delay before retry number `attempt` (1-based): random in [0, min(cap, base·2^(attempt−1))]. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  // Never less than a second: a zero delay would hammer a platform that is down.
  return Math.max(1000, Math.floor(random() * ceiling));
}
