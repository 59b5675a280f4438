/**
 * What the conformance check records and reports, without importing vitest:
 * the global setup (conformance-setup.ts) runs outside the test workers and
 * reads it too. The machinery is in conformance.ts.
 */

/**
 * Documented operations no test answers with a 2xx, each with the reason.
 * The teardown fails on an entry that is exercised after all, or no longer
 * documented, so this list cannot go stale. Key: "METHOD /path/{template}".
 */
export const UNEXERCISED_OPERATIONS: Record<string, string> = {
  // Its success is 101 Switching Protocols, not a 2xx; test/live-socket.test.ts opens it over a real socket.
  'GET /api/v1/live': 'a WebSocket upgrade: success is 101, exercised by the live-socket tests over a real connection',
};

export interface Violation {
  /** "METHOD /path/{template} STATUS": the line the teardown groups by. */
  key: string;
  reason: string;
}

/** A line of a worker's record file (JSON Lines). */
export type RecordLine =
  | { t: 'doc'; operations: string[] }
  | { t: 'seen'; key: string; file: string }
  | { t: 'violation'; key: string; reason: string; file: string };

/** One line per route + status (its distinct reasons joined), sorted. */
export function formatViolations(violations: { key: string; reason: string }[]): string[] {
  const byKey = new Map<string, Set<string>>();
  for (const v of violations) {
    const reasons = byKey.get(v.key) ?? new Set<string>();
    reasons.add(v.reason);
    byKey.set(v.key, reasons);
  }
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, reasons]) => `${key}: ${[...reasons].join(' | ')}`);
}
