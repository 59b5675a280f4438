/**
 * Graph API errors to typed errors, by `error.code` rather than HTTP status
 * (throttling arrives as 400 or 403, not 429):
 *  - 190 OAuthException: subcode 463 (expired) or none → AuthExpired, so the
 *    caller refreshes once; 458/459/460/464 (app removed, checkpoint,
 *    password changed, unconfirmed user) → AuthRevoked. On the refresh call
 *    itself any 190 is AuthRevoked: a long-lived token that cannot be
 *    refreshed cannot be revived.
 *  - 102 session → AuthExpired; 1/2 temporary → Unavailable;
 *  - 4 (app), 17 (user), 32 (page), 613, 80000–80014 (business use case) →
 *    RateLimited until the regain time from x-business-use-case-usage
 *    (minutes), else Retry-After, else one hour (the rolling platform window);
 *  - 10 and 100 (permission, invalid parameter) → PermanentError.
 */
import { AuthExpired, AuthRevoked, PermanentError, RateLimited, Unavailable, type PlatformError } from '../errors.js';
import { textReason, type HttpCall, type HttpResult } from '../http.js';
import { readGraphError } from './parse.js';

const REVOKED_SUBCODES = new Set([458, 459, 460, 464]);
const THROTTLE_CODES = new Set([4, 17, 32, 613]);
const HOUR_MS = 3_600_000;

export function classifyGraphFailure(call: HttpCall, result: HttpResult, now: Date, during: 'api' | 'refresh' = 'api'): PlatformError {
  const g = readGraphError(result.json);
  const reason = g ? `${g.code}${g.subcode ? `/${g.subcode}` : ''} ${g.type}: ${g.message}` : textReason(result);
  const init = { platform: call.info.platform, endpoint: call.info.endpoint, status: result.status, reason };
  const code = g?.code;
  if (code === 190) {
    if (during === 'refresh' || (g?.subcode !== undefined && REVOKED_SUBCODES.has(g.subcode))) return new AuthRevoked(init);
    return new AuthExpired(init);
  }
  if (code === 102) return new AuthExpired(init);
  const throttled = code !== undefined && (THROTTLE_CODES.has(code) || (code >= 80000 && code <= 80014));
  if (throttled || result.status === 429) {
    const rl = result.rateLimit;
    const resetAt = rl.regainAccessAt ?? new Date(now.getTime() + (rl.retryAfterMs ?? HOUR_MS));
    return new RateLimited(init, resetAt);
  }
  if (code === 1 || code === 2 || result.status >= 500) return new Unavailable(init);
  if (result.status === 401) return new AuthExpired(init);
  return new PermanentError(init);
}
