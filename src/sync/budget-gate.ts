/**
 * Puts the budgets in front of every platform request. The connector awaits
 * `beforeRequest`; a short wait for the window to free up happens inline, a
 * long one (YouTube's daily quota, an X window reset) aborts the sync with
 * BudgetDeferred so the job can be re-queued for then, from its checkpoint:
 * work is queued, never dropped, and no budget is ever exceeded.
 * `afterResponse` follows what the platform says at run time.
 */
import type { Platform } from '../analytics/catalog.js';
import type { RequestApi, RequestHooks, ResponseInfo } from '../platforms/types.js';
import { budgetKey, budgetRules, type BudgetRule } from './budget-rules.js';
import type { BudgetStore } from './budget-store.js';
import type { BudgetSettings } from '../config-platforms.js';
import { DAY_MS, dateInZone, startOfDayInZone } from '../platforms/time.js';

export class BudgetDeferred extends Error {
  constructor(
    readonly api: RequestApi,
    readonly retryAt: number,
  ) {
    super(`${api} budget exhausted until ${new Date(retryAt).toISOString()}`);
  }
}

/** What one sync spent; filled by the hooks, read by the sync's run record. */
export interface Usage {
  requests: number;
  units: number;
  latencyMsTotal: number;
  byApi: Map<RequestApi, number>;
}

export const newUsage = (): Usage => ({ requests: 0, units: 0, latencyMsTotal: 0, byApi: new Map() });

/** Instagram: pause when the app-usage header says the app is this close to its limit. */
const META_USAGE_PAUSE_PERCENT = 90;
const META_USAGE_PAUSE_MS = 10 * 60_000;
/** A 429 without any reset hint: wait this long. */
const BARE_429_PAUSE_MS = 60_000;

export interface GateOptions {
  now?: () => number;
  /** Waits up to this long inline for a window to free up; longer waits defer the job. */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onResponse?: (info: ResponseInfo) => void;
}

const API_PLATFORM: Record<RequestApi, Platform | null> = {
  'youtube-data': 'youtube',
  'youtube-analytics': 'youtube',
  oauth: null,
  tiktok: 'tiktok',
  instagram: 'instagram',
  x: 'twitter',
};

export class BudgetGate {
  private readonly rules: Partial<Record<RequestApi, BudgetRule>>;
  private readonly now: () => number;
  private readonly maxInlineWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    settings: BudgetSettings,
    readonly store: BudgetStore,
    private readonly options: GateOptions = {},
  ) {
    this.rules = budgetRules(settings);
    this.now = options.now ?? Date.now;
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 20_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private keyOf(api: RequestApi, accountId: number): string {
    const rule = this.rules[api];
    return rule ? budgetKey(rule, accountId) : `${api}:${accountId}`;
  }

  /** Hooks for one account's sync; `usage` accumulates what it spent. */
  hooksFor(accountId: number, usage: Usage): RequestHooks {
    return {
      beforeRequest: async (info) => {
        const rule = this.rules[info.api];
        const key = this.keyOf(info.api, accountId);
        for (;;) {
          const now = this.now();
          const result = await this.store.take(key, rule ? info.cost : 0, rule?.limit ?? Number.MAX_SAFE_INTEGER, rule?.window ?? { kind: 'sliding', ms: 1000 }, now);
          if (result.ok) break;
          const wait = result.retryAt - now;
          if (wait > this.maxInlineWaitMs) throw new BudgetDeferred(info.api, result.retryAt);
          await this.sleep(Math.max(wait, 5));
        }
        usage.requests += 1;
        // Units drawn from a budget; calls no budget governs (YouTube Analytics, OAuth) count as requests only.
        if (rule) usage.units += info.cost;
        usage.byApi.set(info.api, (usage.byApi.get(info.api) ?? 0) + info.cost);
      },
      afterResponse: async (info) => {
        usage.latencyMsTotal += info.latencyMs;
        this.options.onResponse?.(info);
        const key = this.keyOf(info.api, accountId);
        const now = this.now();
        const rl = info.rateLimit;
        let until = 0;
        if (rl.remaining === 0 && rl.resetAt) until = Math.max(until, rl.resetAt.getTime());
        if (rl.retryAfterMs) until = Math.max(until, now + rl.retryAfterMs);
        if (rl.regainAccessAt) until = Math.max(until, rl.regainAccessAt.getTime());
        if (rl.usagePercent !== undefined && rl.usagePercent >= META_USAGE_PAUSE_PERCENT) until = Math.max(until, now + META_USAGE_PAUSE_MS);
        if (info.status === 429 && until === 0) until = now + BARE_429_PAUSE_MS;
        if (until > now) await this.store.block(key, until);
      },
    };
  }

  /** Blocks an API for an account until a reset the platform announced in an error. */
  async blockUntil(api: RequestApi, accountId: number, until: number): Promise<void> {
    await this.store.block(this.keyOf(api, accountId), until);
  }

  /** Fraction of the budget still free in the current window for this account's platform (1 when unbudgeted). */
  async headroom(platform: Platform, accountId: number): Promise<number> {
    let least = 1;
    for (const rule of Object.values(this.rules)) {
      if (!rule || API_PLATFORM[rule.api] !== platform) continue;
      const used = await this.store.used(budgetKey(rule, accountId), rule.window, this.now());
      least = Math.min(least, Math.max(0, 1 - used / rule.limit));
    }
    return least;
  }

  /**
   * Like `headroom`, but a daily quota counts only the share of it that the
   * day so far has earned (spread evenly over the day, never less than an
   * hour's worth): optional work that runs on every account every few minutes
   * (discover) would otherwise spend a shared daily quota by morning and
   * leave nothing for the rest of the day. Rolling windows pace themselves.
   */
  async pacedHeadroom(platform: Platform, accountId: number): Promise<number> {
    let least = 1;
    const now = this.now();
    for (const rule of Object.values(this.rules)) {
      if (!rule || API_PLATFORM[rule.api] !== platform) continue;
      const used = await this.store.used(budgetKey(rule, accountId), rule.window, now);
      let share = rule.limit;
      if (rule.window.kind === 'day') {
        const dayStart = startOfDayInZone(dateInZone(new Date(now), rule.window.timeZone), rule.window.timeZone).getTime();
        share = rule.limit * Math.min(1, Math.max(1 / 24, (now - dayStart) / DAY_MS));
      }
      least = Math.min(least, 1 - used / share);
    }
    return least;
  }

  /** Used and limit per budget, for the status endpoint and /metrics. */
  async snapshot(accountIds: { id: number; platform: Platform }[]): Promise<{ api: RequestApi; key: string; used: number; limit: number; window: string }[]> {
    const out = [];
    for (const rule of Object.values(this.rules)) {
      if (!rule) continue;
      const keys = rule.scope === 'app' ? [rule.api] : accountIds.filter((a) => API_PLATFORM[rule.api] === a.platform).map((a) => budgetKey(rule, a.id));
      for (const key of keys) {
        out.push({
          api: rule.api,
          key,
          used: await this.store.used(key, rule.window, this.now()),
          limit: rule.limit,
          window: rule.window.kind === 'day' ? `day (${rule.window.timeZone})` : `${rule.window.ms / 60_000} min`,
        });
      }
    }
    return out;
  }
}
