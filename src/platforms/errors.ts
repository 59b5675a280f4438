/**
 * Typed failures of platform calls. The sync engine decides what to do with
 * them (wait, refresh, retry, give up); clients only classify.
 *
 * `reason` carries the platform's own reason text or code (e.g. "quotaExceeded",
 * "rate_limit_exceeded", "190/463") so logs say what the platform said. It must
 * never carry a token: messages are built from response bodies and endpoint
 * templates only, never from request URLs or headers.
 */
import type { Platform } from '../analytics/catalog.js';

export interface PlatformErrorInit {
  platform: Platform;
  /** Endpoint template, e.g. "GET /2/users/:id/tweets"; never a URL with a token in it. */
  endpoint: string;
  /** HTTP status when a response arrived (200 for errors inside a 200 body). */
  status?: number;
  /** The platform's reason code and/or message. */
  reason: string;
}

export abstract class PlatformError extends Error {
  abstract readonly kind: 'rate_limited' | 'quota_exceeded' | 'auth_expired' | 'auth_revoked' | 'unavailable' | 'permanent';
  readonly platform: Platform;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly reason: string;

  constructor(init: PlatformErrorInit) {
    super(`${init.platform} ${init.endpoint}${init.status === undefined ? '' : ` (${init.status})`}: ${init.reason}`);
    this.name = new.target.name;
    this.platform = init.platform;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.reason = init.reason;
  }
}

/** Short-term throttle: wait until `resetAt`, then the same call may succeed. */
export class RateLimited extends PlatformError {
  readonly kind = 'rate_limited' as const;
  constructor(
    init: PlatformErrorInit,
    readonly resetAt: Date,
  ) {
    super(init);
  }
}

/**
 * A budget that does not come back within minutes: YouTube's daily units
 * (resetAt = next midnight Pacific) or X's monthly usage cap (resetAt = null,
 * unknown). Retrying before `resetAt` only burns more quota.
 */
export class QuotaExceeded extends PlatformError {
  readonly kind = 'quota_exceeded' as const;
  constructor(
    init: PlatformErrorInit,
    readonly resetAt: Date | null,
  ) {
    super(init);
  }
}

/** The access token is expired or invalid: refresh once, then retry the call. */
export class AuthExpired extends PlatformError {
  readonly kind = 'auth_expired' as const;
}

/** The grant is gone (invalid_grant, revoked app, changed password): the user must re-authorize. */
export class AuthRevoked extends PlatformError {
  readonly kind = 'auth_revoked' as const;
}

/** 5xx, timeouts, connection resets, platform "temporary" codes: retry with backoff. */
export class Unavailable extends PlatformError {
  readonly kind = 'unavailable' as const;
}

/** Bad request, missing permission, malformed response: retrying the same call will not help. */
export class PermanentError extends PlatformError {
  readonly kind = 'permanent' as const;
}

export type Retryability =
  | { retryable: true; notBefore: Date | null }
  | { retryable: false; action: 'refresh_token' | 'reauthorize' | 'give_up' };

/**
 * How the caller may proceed after an error. The client never retries by
 * itself; this is the one place that says which failures a retry can fix.
 * Anything that is not a PlatformError (a bug, an abort by the caller) is not
 * retryable.
 */
export function classifyRetry(error: unknown): Retryability {
  if (error instanceof RateLimited) return { retryable: true, notBefore: error.resetAt };
  if (error instanceof QuotaExceeded) {
    return error.resetAt ? { retryable: true, notBefore: error.resetAt } : { retryable: false, action: 'give_up' };
  }
  if (error instanceof Unavailable) return { retryable: true, notBefore: null };
  if (error instanceof AuthExpired) return { retryable: false, action: 'refresh_token' };
  if (error instanceof AuthRevoked) return { retryable: false, action: 'reauthorize' };
  return { retryable: false, action: 'give_up' };
}

export function isRetryable(error: unknown): boolean {
  return classifyRetry(error).retryable;
}
