/**
 * Latency of the analytics API over real HTTP (the app listening on a port),
 * sequential requests, one at a time. "uncached" invalidates the user's cache
 * before each request (the real miss path after an ingest); "cached" repeats
 * the same query so every measured request is a hit. The x-cache header of
 * each measured response is checked against the mode.
 */
import type { Services } from '../src/services.js';
import { summarize, type Summary } from './stats.js';

export type CacheMode = 'uncached' | 'cached';

export interface LatencyResult {
  endpoint: string;
  range: string;
  mode: CacheMode;
  latency: Summary;
  /** Size of the response body in bytes (last response). */
  bytes: number;
  /** Measured responses whose x-cache header did not match the mode, or whose status was not 200. */
  wrongCacheHeader: number;
  errors: number;
}

export interface HttpTarget {
  baseUrl: string;
  token: string;
  userId: number;
  services: Services;
}

export async function once(target: HttpTarget, url: string): Promise<{ ms: number; status: number; xcache: string | null; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${target.token}` } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  return { ms, status: res.status, xcache: res.headers.get('x-cache'), bytes: body.byteLength };
}

export async function measure(
  target: HttpTarget,
  endpoint: string,
  range: { name: string; from: string; to: string },
  mode: CacheMode,
  requests: number,
  warmup: number,
): Promise<LatencyResult> {
  const url = `${target.baseUrl}/api/v1/analytics/${endpoint}?from=${range.from}&to=${range.to}`;
  const times: number[] = [];
  let wrong = 0;
  let errors = 0;
  let bytes = 0;
  if (mode === 'cached') {
    await target.services.cache.invalidateUser(target.userId);
    await once(target, url); // fills the cache
  }
  for (let i = 0; i < warmup + requests; i++) {
    if (mode === 'uncached') await target.services.cache.invalidateUser(target.userId);
    const r = await once(target, url);
    if (i < warmup) continue;
    times.push(r.ms);
    bytes = r.bytes;
    if (r.status !== 200) errors += 1;
    else if (r.xcache !== (mode === 'cached' ? 'hit' : 'miss')) wrong += 1;
  }
  return { endpoint, range: range.name, mode, latency: summarize(times), bytes, wrongCacheHeader: wrong, errors };
}

/** One uncached request (cache invalidated first); its latency in ms. Throws unless it is a 200 miss. */
export async function uncachedOnce(target: HttpTarget, endpoint: string, range: { from: string; to: string }): Promise<number> {
  await target.services.cache.invalidateUser(target.userId);
  const r = await once(target, `${target.baseUrl}/api/v1/analytics/${endpoint}?from=${range.from}&to=${range.to}`);
  if (r.status !== 200 || r.xcache !== 'miss') throw new Error(`${endpoint}: expected a 200 miss, got ${r.status} x-cache ${r.xcache}`);
  return r.ms;
}
