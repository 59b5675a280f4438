/**
 * The simulator's notion of "now". Counters, token expiry and rate-limit
 * windows all read it, so a test that advances a manual clock sees counters
 * grow, tokens expire and windows reset without waiting.
 */
export type Clock = () => Date;

export interface ManualClock {
  now: Clock;
  advance(ms: number): Date;
  set(at: Date): void;
}

export function manualClock(start: Date): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
      return new Date(current);
    },
    set(at) {
      current = at.getTime();
    },
  };
}

export const systemClock: Clock = () => new Date();
