/**
 * Request budgets as data: which API draws from which budget, its limit, its
 * window, and whether it is shared by the whole app or kept per account.
 * Defaults come from the spec and the platforms' documentation
 * (reference §1.2, §2, §3, §4, §7) and are configurable.
 */
import type { BudgetSettings } from '../config-platforms.js';
import type { RequestApi } from '../platforms/types.js';

export type BudgetWindow =
  /** A rolling window of the given length (TikTok per minute, Instagram per hour, X per 15 minutes). */
  | { kind: 'sliding'; ms: number }
  /** A calendar day in a zone, reset at its midnight (YouTube Data API: midnight Pacific). */
  | { kind: 'day'; timeZone: string };

export interface BudgetRule {
  api: RequestApi;
  limit: number;
  window: BudgetWindow;
  /** 'app': one budget for every account (YouTube's project quota); 'account': one per connected account. */
  scope: 'app' | 'account';
}

export function budgetRules(b: BudgetSettings): Partial<Record<RequestApi, BudgetRule>> {
  return {
    // Quota units, not calls: list calls cost 1, search 100 (the connectors never search).
    'youtube-data': { api: 'youtube-data', limit: b.youtubeUnitsPerDay, window: { kind: 'day', timeZone: 'America/Los_Angeles' }, scope: 'app' },
    // TikTok documents 600/min per endpoint per app; the spec's 100/min is the conservative default.
    tiktok: { api: 'tiktok', limit: b.tiktokPerMinute, window: { kind: 'sliding', ms: 60_000 }, scope: 'app' },
    // Meta's platform rate limit: 200 calls per hour per user.
    instagram: { api: 'instagram', limit: b.instagramPerHourPerAccount, window: { kind: 'sliding', ms: 3_600_000 }, scope: 'account' },
    // X user-context endpoints: 75 per 15 minutes per user for /users/me (the tightest one used).
    x: { api: 'x', limit: b.xPer15MinPerAccount, window: { kind: 'sliding', ms: 900_000 }, scope: 'account' },
    // YouTube Analytics has its own, undocumented quota and OAuth token calls are rare: the
    // platform's own answers (429/403 with reset) govern them.
  };
}

export function budgetKey(rule: BudgetRule, accountId: number): string {
  return rule.scope === 'app' ? rule.api : `${rule.api}:${accountId}`;
}
