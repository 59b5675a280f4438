/**
 * Rate limiters shaped like the platforms' own:
 *  - DailyQuota: units per calendar day in a time zone (YouTube: 10,000 units,
 *    reset at midnight Pacific);
 *  - SlidingWindow: calls per rolling window (TikTok 600/min per endpoint,
 *    Instagram 200/hour per user);
 *  - FixedWindow: calls per window that starts with the first call and resets
 *    at a fixed instant (X 15-minute windows, reported as x-rate-limit-reset).
 * A rejected call consumes nothing.
 */
import { PACIFIC, dateInZone, nextMidnightPacific } from '../platforms/time.js';
import type { Clock } from './clock.js';

export interface LimitDecision {
  ok: boolean;
  limit: number;
  used: number;
  remaining: number;
  resetAt: Date;
  /** Start of the window the call was counted in (fixed and daily windows). */
  windowStart: number;
}

export interface Limiter {
  readonly kind: 'daily' | 'sliding' | 'fixed';
  readonly windowMs: number;
  readonly limit: number;
  take(key: string, units?: number): LimitDecision;
  peek(key: string): LimitDecision;
}

export class DailyQuota implements Limiter {
  readonly kind = 'daily' as const;
  readonly windowMs = 86_400_000;
  private readonly used = new Map<string, { day: string; units: number }>();

  constructor(
    readonly limit: number,
    private readonly now: Clock,
  ) {}

  private state(key: string): { day: string; units: number } {
    const day = dateInZone(this.now(), PACIFIC);
    const current = this.used.get(key);
    if (current && current.day === day) return current;
    const fresh = { day, units: 0 };
    this.used.set(key, fresh);
    return fresh;
  }

  private decision(ok: boolean, units: number): LimitDecision {
    const resetAt = nextMidnightPacific(this.now());
    return { ok, limit: this.limit, used: units, remaining: Math.max(0, this.limit - units), resetAt, windowStart: resetAt.getTime() - this.windowMs };
  }

  take(key: string, units = 1): LimitDecision {
    const state = this.state(key);
    if (state.units + units > this.limit) return this.decision(false, state.units);
    state.units += units;
    return this.decision(true, state.units);
  }

  peek(key: string): LimitDecision {
    return this.decision(true, this.state(key).units);
  }
}

export class SlidingWindow implements Limiter {
  readonly kind = 'sliding' as const;
  private readonly calls = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: Clock,
  ) {}

  private live(key: string): number[] {
    const cutoff = this.now().getTime() - this.windowMs;
    const list = (this.calls.get(key) ?? []).filter((t) => t > cutoff);
    this.calls.set(key, list);
    return list;
  }

  private decision(ok: boolean, list: number[]): LimitDecision {
    const now = this.now().getTime();
    // The window frees a slot when its oldest call slides out.
    const resetAt = new Date((list[0] ?? now) + this.windowMs);
    return { ok, limit: this.limit, used: list.length, remaining: Math.max(0, this.limit - list.length), resetAt, windowStart: now - this.windowMs };
  }

  take(key: string, units = 1): LimitDecision {
    const list = this.live(key);
    if (list.length + units > this.limit) return this.decision(false, list);
    for (let i = 0; i < units; i++) list.push(this.now().getTime());
    return this.decision(true, list);
  }

  peek(key: string): LimitDecision {
    return this.decision(true, this.live(key));
  }
}

export class FixedWindow implements Limiter {
  readonly kind = 'fixed' as const;
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: Clock,
  ) {}

  private state(key: string): { start: number; used: number } {
    const now = this.now().getTime();
    const current = this.windows.get(key);
    if (current && now < current.start + this.windowMs) return current;
    const fresh = { start: now, used: 0 };
    this.windows.set(key, fresh);
    return fresh;
  }

  private decision(ok: boolean, state: { start: number; used: number }): LimitDecision {
    return {
      ok,
      limit: this.limit,
      used: state.used,
      remaining: Math.max(0, this.limit - state.used),
      resetAt: new Date(state.start + this.windowMs),
      windowStart: state.start,
    };
  }

  take(key: string, units = 1): LimitDecision {
    const state = this.state(key);
    if (state.used + units > this.limit) return this.decision(false, state);
    state.used += units;
    return this.decision(true, state);
  }

  peek(key: string): LimitDecision {
    return this.decision(true, this.state(key));
  }
}
