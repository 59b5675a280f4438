/**
 * Reads the rate-limit headers the four platforms send into one shape, with
 * units converted: X resets are epoch seconds, Instagram's regain time is in
 * minutes, Retry-After is seconds or an HTTP date.
 */
import { isRecord } from './json.js';
import type { RateLimitInfo } from './types.js';

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

function parseJsonHeader(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function percentages(entry: unknown): number[] {
  if (!isRecord(entry)) return [];
  return ['call_count', 'total_cputime', 'total_time']
    .map((key) => entry[key])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function retryAfterMs(raw: string | null, now: Date): number | undefined {
  if (raw === null) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export function readRateLimitHeaders(headers: Headers, now: Date): RateLimitInfo {
  const info: RateLimitInfo = {};
  const limit = intHeader(headers, 'x-rate-limit-limit');
  const remaining = intHeader(headers, 'x-rate-limit-remaining');
  const reset = intHeader(headers, 'x-rate-limit-reset');
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.resetAt = new Date(reset * 1000);

  const after = retryAfterMs(headers.get('retry-after'), now);
  if (after !== undefined) info.retryAfterMs = after;

  const usage: number[] = percentages(parseJsonHeader(headers.get('x-app-usage')));
  let regainMinutes = 0;
  const buc = parseJsonHeader(headers.get('x-business-use-case-usage'));
  if (isRecord(buc)) {
    for (const entries of Object.values(buc)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        usage.push(...percentages(entry));
        const regain = isRecord(entry) ? entry['estimated_time_to_regain_access'] : undefined;
        if (typeof regain === 'number' && regain > regainMinutes) regainMinutes = regain;
      }
    }
  }
  if (usage.length > 0) info.usagePercent = Math.max(...usage);
  if (regainMinutes > 0) info.regainAccessAt = new Date(now.getTime() + regainMinutes * 60_000);
  return info;
}
