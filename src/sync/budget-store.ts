/**
 * Counting requests against budgets. In the database without Redis (the app's
 * default: a restart or a second process on the same database must not start
 * a window from zero); on Redis (atomic Lua scripts) when several workers share
 * the budgets, so no number of workers and accounts can exceed a window
 * together. The in-memory store is for unit tests and benchmarks of the gate.
 */
import { Redis } from 'ioredis';
import type { Db } from '../db/client.js';
import { blockBudget, blockedUntil, takeDay, takeRolling, usedDay, usedRolling } from '../db/repositories/budget-usage.js';
import { nextMidnightPacific, dateInZone } from '../platforms/time.js';
import type { BudgetWindow } from './budget-rules.js';

export type TakeResult = { ok: true } | { ok: false; retryAt: number };

export interface BudgetStore {
  /** Records `cost` when it fits under `limit` in the window now; otherwise says when it could. */
  take(key: string, cost: number, limit: number, window: BudgetWindow, now: number): Promise<TakeResult>;
  /** Units used in the current window. */
  used(key: string, window: BudgetWindow, now: number): Promise<number>;
  /** Stops all takes on `key` until `until` (the platform said so: reset headers, Retry-After). */
  block(key: string, until: number): Promise<void>;
  close(): Promise<void>;
}

/** The instant a day window ends. Only Pacific days are used (YouTube); other zones would need their own rule. */
function dayWindowEnd(now: number): number {
  return nextMidnightPacific(new Date(now)).getTime();
}

function dayKey(key: string, window: Extract<BudgetWindow, { kind: 'day' }>, now: number): string {
  return `${key}@${dateInZone(new Date(now), window.timeZone)}`;
}

export function memoryBudgetStore(): BudgetStore {
  const logs = new Map<string, { at: number; cost: number }[]>();
  const days = new Map<string, number>();
  const blocks = new Map<string, number>();

  const live = (key: string, ms: number, now: number) => {
    const log = (logs.get(key) ?? []).filter((e) => e.at > now - ms);
    logs.set(key, log);
    return log;
  };

  return {
    async take(key, cost, limit, window, now) {
      const blocked = blocks.get(key);
      if (blocked !== undefined && blocked > now) return { ok: false, retryAt: blocked };
      if (window.kind === 'day') {
        const k = dayKey(key, window, now);
        const used = days.get(k) ?? 0;
        if (used + cost > limit) return { ok: false, retryAt: dayWindowEnd(now) };
        days.set(k, used + cost);
        return { ok: true };
      }
      const log = live(key, window.ms, now);
      let used = log.reduce((s, e) => s + e.cost, 0);
      if (used + cost <= limit) {
        log.push({ at: now, cost });
        return { ok: true };
      }
      // The earliest moment enough old entries have left the window.
      for (const entry of log) {
        used -= entry.cost;
        if (used + cost <= limit) return { ok: false, retryAt: entry.at + window.ms + 1 };
      }
      return { ok: false, retryAt: now + window.ms };
    },
    async used(key, window, now) {
      if (window.kind === 'day') return days.get(dayKey(key, window, now)) ?? 0;
      return live(key, window.ms, now).reduce((s, e) => s + e.cost, 0);
    },
    async block(key, until) {
      blocks.set(key, Math.max(until, blocks.get(key) ?? 0));
    },
    async close() {
      logs.clear();
    },
  };
}

/**
 * Budgets in the database (table budget_usage): one statement per take, atomic
 * across connections and processes (see the repository), exact for rolling
 * windows (every take in the window is kept with its instant) and for the
 * Pacific-day quota (one counter per day). Survives restarts because nothing
 * is held in the process.
 */
export function dbBudgetStore(db: Db): BudgetStore {
  const answer = (retryAt: number | null, fallback: number): TakeResult =>
    retryAt === 0 ? { ok: true } : { ok: false, retryAt: retryAt ?? fallback };
  return {
    async take(key, cost, limit, window, now) {
      const t = Math.floor(now);
      // APIs no budget governs (YouTube Analytics, OAuth) pass through with cost 0 only to honour
      // the platform's blocks: a read, with nothing to record.
      if (cost === 0) {
        const blocked = await blockedUntil(db, key);
        return blocked > t ? { ok: false, retryAt: blocked } : { ok: true };
      }
      if (window.kind === 'day') {
        const resetAt = dayWindowEnd(t);
        return answer(await takeDay(db, key, dateInZone(new Date(t), window.timeZone), cost, limit, resetAt, t), resetAt);
      }
      // null: the cost alone is over the limit; as in the other stores, no window ever fits it.
      return answer(await takeRolling(db, key, t, cost, limit, window.ms), t + window.ms);
    },
    async used(key, window, now) {
      const t = Math.floor(now);
      if (window.kind === 'day') return usedDay(db, key, dateInZone(new Date(t), window.timeZone));
      return usedRolling(db, key, t - window.ms);
    },
    async block(key, until) {
      await blockBudget(db, key, until);
    },
    // The database belongs to the app, which closes it.
    async close() {},
  };
}

// Sliding window: a sorted set of "<at>:<nonce>:<cost>" scored by time.
const SLIDING_TAKE = `
local key, blockKey = KEYS[1], KEYS[2]
local now, ms, cost, limit, nonce = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local blocked = tonumber(redis.call('get', blockKey) or '0')
if blocked > now then return blocked end
redis.call('zremrangebyscore', key, '-inf', now - ms)
local entries = redis.call('zrange', key, 0, -1, 'WITHSCORES')
local used = 0
for i = 1, #entries, 2 do
  local c = tonumber(string.match(entries[i], ':(%d+)$'))
  used = used + c
end
if used + cost <= limit then
  redis.call('zadd', key, now, now .. ':' .. nonce .. ':' .. cost)
  redis.call('pexpire', key, ms)
  return 0
end
for i = 1, #entries, 2 do
  used = used - tonumber(string.match(entries[i], ':(%d+)$'))
  if used + cost <= limit then return tonumber(entries[i + 1]) + ms + 1 end
end
return now + ms`;

const DAY_TAKE = `
local key, blockKey = KEYS[1], KEYS[2]
local now, cost, limit, resetAt = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local blocked = tonumber(redis.call('get', blockKey) or '0')
if blocked > now then return blocked end
local used = tonumber(redis.call('get', key) or '0')
if used + cost > limit then return resetAt end
redis.call('incrby', key, cost)
redis.call('pexpireat', key, resetAt + 3600000)
return 0`;

const BLOCK = `
local current = tonumber(redis.call('get', KEYS[1]) or '0')
local untilMs = tonumber(ARGV[1])
if untilMs > current then redis.call('set', KEYS[1], untilMs, 'pxat', untilMs) end
return 1`;

export function redisBudgetStore(url: string, prefix = 'pb:budget:'): BudgetStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  let nonce = 0;
  return {
    async take(key, cost, limit, window, now) {
      const blockKey = `${prefix}block:${key}`;
      let retryAt: number;
      if (window.kind === 'day') {
        retryAt = Number(await redis.eval(DAY_TAKE, 2, prefix + dayKey(key, window, now), blockKey, now, cost, limit, dayWindowEnd(now)));
      } else {
        nonce = (nonce + 1) % 1e9;
        retryAt = Number(await redis.eval(SLIDING_TAKE, 2, prefix + key, blockKey, now, window.ms, cost, limit, `${process.pid}-${nonce}`));
      }
      return retryAt === 0 ? { ok: true } : { ok: false, retryAt };
    },
    async used(key, window, now) {
      if (window.kind === 'day') return Number((await redis.get(prefix + dayKey(key, window, now))) ?? 0);
      await redis.zremrangebyscore(prefix + key, '-inf', now - window.ms);
      const members = await redis.zrange(prefix + key, 0, -1);
      return members.reduce((s, m) => s + Number(m.slice(m.lastIndexOf(':') + 1)), 0);
    },
    async block(key, until) {
      await redis.eval(BLOCK, 1, `${prefix}block:${key}`, until);
    },
    async close() {
      await redis.quit();
    },
  };
}
