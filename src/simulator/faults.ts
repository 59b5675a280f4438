/**
 * Fault injection, by configuration or at run time. A rule matches by
 * platform and endpoint template (substring), fires `times` times (default:
 * forever) with an optional seeded probability, and says what to do:
 *  - rate_limit: the platform's throttle response with its reset headers;
 *  - server_error: a 5xx (default 503);
 *  - error_in_200: HTTP 200 whose body carries an error (TikTok envelope,
 *    X partial errors, YouTube Analytics `errors`);
 *  - slow: delay the response by delayMs, then answer normally;
 *  - reset: drop the connection without an answer.
 */
import type { Platform } from '../analytics/catalog.js';
import { createRng, type Rng } from './random.js';

export type FaultKind = 'rate_limit' | 'server_error' | 'error_in_200' | 'slow' | 'reset';

export interface FaultRule {
  kind: FaultKind;
  platform?: Platform;
  /** Matches when the endpoint template contains this text, e.g. "/2/users/:id/tweets". */
  endpoint?: string;
  /** How many times the rule fires; default unlimited. */
  times?: number;
  /** Chance in [0, 1] that a matching request is hit; default 1. Drawn from the seed. */
  probability?: number;
  /** slow: added latency. Default 1000 ms. */
  delayMs?: number;
  /** server_error: status. Default 503. */
  status?: number;
}

export interface FaultOutcome {
  delayMs: number;
  fault: FaultRule | undefined;
}

export class Faults {
  private readonly rules: { rule: FaultRule; left: number }[] = [];
  private readonly rng: Rng;

  constructor(seed: number, initial: FaultRule[] = []) {
    this.rng = createRng(seed ^ 0x5eed);
    for (const rule of initial) this.add(rule);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? Infinity });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** Fires the matching rules for one request: all slow rules add up, the first other rule wins. */
  apply(platform: Platform, endpoint: string): FaultOutcome {
    let delayMs = 0;
    let fault: FaultRule | undefined;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.left <= 0) continue;
      if (rule.platform && rule.platform !== platform) continue;
      if (rule.endpoint && !endpoint.includes(rule.endpoint)) continue;
      if (rule.kind !== 'slow' && fault) continue;
      if (rule.probability !== undefined && this.rng.next() >= rule.probability) continue;
      entry.left--;
      if (rule.kind === 'slow') delayMs += rule.delayMs ?? 1000;
      else fault = rule;
    }
    return { delayMs, fault };
  }
}
