/**
 * X errors to typed errors. A 429 is either a rate limit (wait until
 * x-rate-limit-reset, epoch seconds; X sends no Retry-After) or a usage cap
 * (problem type "usage-capped": waiting for the reset does not lift it, so it
 * is a QuotaExceeded with an unknown reset). A 200 with `errors` and no
 * `data` is a failure too.
 */
import { AuthExpired, PermanentError, QuotaExceeded, RateLimited, Unavailable, type PlatformError } from '../errors.js';
import { textReason, type HttpCall, type HttpResult } from '../http.js';
import { readProblem } from './parse.js';

const WINDOW_MS = 15 * 60_000;

export function classifyXFailure(call: HttpCall, result: HttpResult, now: Date): PlatformError {
  const problem = readProblem(result.json);
  const reason = problem ? [problem.title, problem.detail, problem.type].filter(Boolean).join(': ') : textReason(result);
  const init = { platform: call.info.platform, endpoint: call.info.endpoint, status: result.status, reason };
  if (result.status === 429) {
    if (problem && /usage-?cap/i.test(`${problem.type} ${problem.title}`)) return new QuotaExceeded(init, null);
    return new RateLimited(init, result.rateLimit.resetAt ?? new Date(now.getTime() + WINDOW_MS));
  }
  if (result.status === 401) return new AuthExpired(init);
  if (result.status >= 500) return new Unavailable(init);
  if (result.status === 200 && problem && /service-unavailable|server-error/i.test(problem.type)) return new Unavailable(init);
  return new PermanentError(init);
}
