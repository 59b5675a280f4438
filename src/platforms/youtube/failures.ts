/**
 * Turns Google's error envelope into typed errors:
 * `{ "error": { "code": 403, "message": "...", "errors": [{ "reason": "quotaExceeded", "domain": "youtube.quota" }] } }`.
 * Data API quota (403 quotaExceeded) comes back at midnight Pacific; the
 * short-term `rateLimitExceeded` throttles are retryable after a pause.
 */
import { AuthExpired, PermanentError, QuotaExceeded, RateLimited, Unavailable, type PlatformError } from '../errors.js';
import { textReason, type HttpCall, type HttpResult } from '../http.js';
import { isRecord } from '../json.js';
import { nextMidnightPacific } from '../time.js';

const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const THROTTLE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
/** Google asks for exponential backoff without saying how long; one minute is the first step. */
const DEFAULT_THROTTLE_MS = 60_000;

function envelope(json: unknown): { reasons: string[]; message: string } {
  const error = isRecord(json) ? json['error'] : undefined;
  if (!isRecord(error)) return { reasons: [], message: '' };
  const list = Array.isArray(error['errors']) ? error['errors'] : [];
  const reasons = list.flatMap((e) => (isRecord(e) && typeof e['reason'] === 'string' ? [e['reason']] : []));
  return { reasons, message: typeof error['message'] === 'string' ? error['message'] : '' };
}

export function classifyGoogleFailure(call: HttpCall, result: HttpResult, now: Date): PlatformError {
  const { reasons, message } = envelope(result.json);
  const reason = reasons.length > 0 || message ? [reasons.join(','), message].filter(Boolean).join(': ') : textReason(result);
  const init = { platform: call.info.platform, endpoint: call.info.endpoint, status: result.status, reason };
  if (reasons.some((r) => QUOTA_REASONS.has(r))) return new QuotaExceeded(init, nextMidnightPacific(now));
  if (result.status === 429 || reasons.some((r) => THROTTLE_REASONS.has(r))) {
    return new RateLimited(init, new Date(now.getTime() + (result.rateLimit.retryAfterMs ?? DEFAULT_THROTTLE_MS)));
  }
  if (result.status === 401) return new AuthExpired(init);
  if (result.status >= 500) return new Unavailable(init);
  return new PermanentError(init);
}

/** Errors reported inside a 200 Analytics result table (`errors.code` such as INTERNAL_ERROR). */
export function classifyReportErrors(call: HttpCall, found: { code: string; reasons: string[] }, now: Date): PlatformError {
  const init = { platform: call.info.platform, endpoint: call.info.endpoint, status: 200, reason: `${found.code}: ${found.reasons.join(',')}` };
  if (found.code === 'QUOTA_EXCEEDED' || found.reasons.some((r) => QUOTA_REASONS.has(r))) return new QuotaExceeded(init, nextMidnightPacific(now));
  if (found.code === 'INTERNAL_ERROR' || found.code === 'BACKEND_ERROR') return new Unavailable(init);
  if (found.code === 'UNAUTHORIZED') return new AuthExpired(init);
  return new PermanentError(init);
}
