/**
 * TikTok error codes to typed errors. The code in the envelope decides, not
 * the HTTP status: an error can arrive inside a 200. TikTok documents no
 * rate-limit headers, so a 429 is retried after its one-minute sliding window.
 */
import { AuthExpired, AuthRevoked, PermanentError, RateLimited, Unavailable, type PlatformError } from '../errors.js';
import { textReason, type HttpCall, type HttpResult } from '../http.js';
import type { TikTokEnvelope } from './parse.js';

const WINDOW_MS = 60_000;

export function classifyTikTokFailure(call: HttpCall, result: HttpResult, envelope: TikTokEnvelope | undefined, now: Date): PlatformError {
  const code = envelope?.error.code;
  const reason = envelope ? `${code}: ${envelope.error.message}${envelope.error.logId ? ` (log_id ${envelope.error.logId})` : ''}` : textReason(result);
  const init = { platform: call.info.platform, endpoint: call.info.endpoint, status: result.status, reason };
  const resetAt = (): Date => new Date(now.getTime() + (result.rateLimit.retryAfterMs ?? WINDOW_MS));
  switch (code) {
    case 'access_token_invalid':
      return new AuthExpired(init);
    case 'scope_not_authorized':
      return new AuthRevoked(init);
    case 'rate_limit_exceeded':
      return new RateLimited(init, resetAt());
    case 'internal_error':
      return new Unavailable(init);
    case 'scope_permission_missed':
    case 'invalid_params':
      return new PermanentError(init);
  }
  if (result.status === 401) return new AuthExpired(init);
  if (result.status === 429) return new RateLimited(init, resetAt());
  if (result.status >= 500) return new Unavailable(init);
  return new PermanentError(init);
}
