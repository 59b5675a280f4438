/**
 * Many clients at once (issue 11, item 7): CLIENTS clients each ask the
 * dashboard for a range of its own, all at the same moment, ROUNDS times
 * (the user's cache invalidated before each round, so every answer is
 * computed: a miss). The latency of each request from the moment all were
 * sent; a request that gets no answer within TIMEOUT_MS counts as a timeout.
 * PGlite has one connection, so there the requests' SQL queues for it (on its
 * own thread, while the JavaScript of the others runs on the main one).
 */
import { addDays } from '../src/analytics/period.js';
import type { HttpTarget } from './http.js';
import { summarize, type Summary } from './stats.js';

export interface ConcurrentResult {
  clients: number;
  rounds: number;
  latency: Summary;
  timeouts: number;
  errors: number;
  timeoutMs: number;
}

/** Client i's range in round r: lengths from 7 days to the whole span, ends spread over the last weeks. */
export function rangeOf(i: number, r: number, from2y: string, today: string): { from: string; to: string } {
  const to = addDays(today, -((i * 3 + r * 5) % 60));
  const span = 7 + Math.round(((i + r * 17) % 50) * 14.7); // 7 … ~727 days
  const from = addDays(to, -span);
  return { from: from < from2y ? from2y : from, to };
}

export async function concurrentDashboards(target: HttpTarget, from2y: string, today: string, clients: number, rounds: number, timeoutMs: number): Promise<ConcurrentResult> {
  const times: number[] = [];
  let timeouts = 0;
  let errors = 0;
  for (let r = 0; r < rounds; r++) {
    await target.services.cache.invalidateUser(target.userId);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const range = rangeOf(i, r, from2y, today);
        try {
          const res = await fetch(`${target.baseUrl}/api/v1/analytics/dashboard?from=${range.from}&to=${range.to}`, {
            headers: { authorization: `Bearer ${target.token}` },
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.arrayBuffer();
          times.push(performance.now() - t0);
          if (res.status !== 200) errors += 1;
        } catch {
          timeouts += 1;
          times.push(timeoutMs);
        }
      }),
    );
  }
  return { clients, rounds, latency: summarize(times), timeouts, errors, timeoutMs };
}
