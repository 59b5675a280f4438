/**
 * What the simulator received: every request with its platform, endpoint,
 * cost and outcome, and for rate-limited endpoints the limit key and window
 * it was counted in. The summary reports totals per platform and endpoint and,
 * per limit key, the peak use within any one of the platform's windows, so a
 * test can prove a request budget held.
 */
import type { Platform } from '../analytics/catalog.js';
import { PLATFORMS } from '../analytics/catalog.js';
import type { Limiter } from './limits.js';

export interface RequestRecord {
  platform: Platform;
  endpoint: string;
  at: number;
  units: number;
  status: number;
  /** Refused by the platform's rate limit or quota. */
  limited: boolean;
  limit?: { limiter: string; key: string; windowStart: number };
}

export interface EndpointTotals {
  requests: number;
  units: number;
  limited: number;
}

export interface WindowReport {
  platform: Platform;
  limiter: string;
  key: string;
  kind: Limiter['kind'];
  limit: number;
  windowMs: number;
  /** Highest use counted within one window (accepted calls or units only). */
  peak: number;
  used: number;
  remaining: number;
  resetAt: string;
}

export interface SimStats {
  platforms: Record<Platform, EndpointTotals & { byEndpoint: Record<string, EndpointTotals> }>;
  windows: WindowReport[];
}

function peakOf(records: RequestRecord[], limiter: Limiter): number {
  if (limiter.kind === 'sliding') {
    let peak = 0;
    let sum = 0;
    let lo = 0;
    for (let hi = 0; hi < records.length; hi++) {
      sum += records[hi]!.units;
      while (records[lo]!.at <= records[hi]!.at - limiter.windowMs) sum -= records[lo++]!.units;
      peak = Math.max(peak, sum);
    }
    return peak;
  }
  const perWindow = new Map<number, number>();
  for (const r of records) {
    const start = r.limit?.windowStart ?? 0;
    perWindow.set(start, (perWindow.get(start) ?? 0) + r.units);
  }
  return Math.max(0, ...perWindow.values());
}

export class StatsLog {
  private readonly records: RequestRecord[] = [];

  record(entry: RequestRecord): void {
    this.records.push(entry);
  }

  reset(): void {
    this.records.length = 0;
  }

  /** Every request since the last reset, in arrival order. */
  list(): readonly RequestRecord[] {
    return this.records;
  }

  summary(limiters: Record<string, { platform: Platform; limiter: Limiter }>): SimStats {
    const platforms = {} as SimStats['platforms'];
    for (const p of PLATFORMS) platforms[p] = { requests: 0, units: 0, limited: 0, byEndpoint: {} };
    const byKey = new Map<string, RequestRecord[]>();
    for (const r of this.records) {
      const totals = platforms[r.platform];
      const ep = (totals.byEndpoint[r.endpoint] ??= { requests: 0, units: 0, limited: 0 });
      for (const t of [totals, ep]) {
        t.requests++;
        t.units += r.units;
        if (r.limited) t.limited++;
      }
      if (r.limit && !r.limited) {
        const k = `${r.limit.limiter}\u0000${r.limit.key}`;
        const list = byKey.get(k) ?? [];
        list.push(r);
        byKey.set(k, list);
      }
    }
    const windows: WindowReport[] = [];
    for (const [k, list] of byKey) {
      const [name, key] = k.split('\u0000') as [string, string];
      const entry = limiters[name];
      if (!entry) continue;
      const now = entry.limiter.peek(key);
      windows.push({
        platform: entry.platform,
        limiter: name,
        key,
        kind: entry.limiter.kind,
        limit: entry.limiter.limit,
        windowMs: entry.limiter.windowMs,
        peak: peakOf(list, entry.limiter),
        used: now.used,
        remaining: now.remaining,
        resetAt: now.resetAt.toISOString(),
      });
    }
    return { platforms, windows };
  }
}
