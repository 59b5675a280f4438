/**
 * OAuth 2.0 pieces shared by the token modules: state and PKCE generation,
 * the standard token response, and the standard error body
 * `{ "error": "invalid_grant", "error_description": "..." }`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AuthRevoked, PermanentError, RateLimited, Unavailable, type PlatformError } from './errors.js';
import { decode, formBody, httpCall, textReason, type HttpCall, type HttpResult } from './http.js';
import { count, isRecord, optStr, record, str } from './json.js';
import type { CallContext, TokenSet } from './types.js';

export function randomState(): string {
  return randomBytes(24).toString('base64url');
}

/** RFC 7636: a 43-128 character verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** `{ access_token, expires_in, refresh_token?, scope? }` as Google, TikTok and X send it. */
export function parseTokenResponse(json: unknown, now: Date): TokenSet {
  const body = record(json, 'token response');
  const tokens: TokenSet = {
    accessToken: str(body['access_token'], 'access_token'),
    expiresAt: new Date(now.getTime() + count(body['expires_in'], 'expires_in') * 1000),
  };
  const refreshToken = optStr(body['refresh_token'], 'refresh_token');
  if (refreshToken) tokens.refreshToken = refreshToken;
  const scope = optStr(body['scope'], 'scope');
  if (scope !== undefined) tokens.scope = scope;
  return tokens;
}

/** The standard OAuth error code, if the body carries one (TikTok sends it even with HTTP 200). */
export function oauthErrorCode(json: unknown): { code: string; description: string } | undefined {
  if (!isRecord(json) || typeof json['error'] !== 'string') return undefined;
  const description = typeof json['error_description'] === 'string' ? json['error_description'] : '';
  return { code: json['error'], description };
}

/**
 * Classifies a failed token-endpoint call. `invalid_grant` (and X's
 * `invalid_request` for a dead refresh token) mean the grant is gone: the user
 * must re-authorize. Client misconfiguration is permanent; server trouble is
 * retryable.
 */
export function classifyOAuthFailure(call: HttpCall, result: HttpResult, now: Date, revokedCodes: readonly string[] = ['invalid_grant']): PlatformError {
  const base = { platform: call.info.platform, endpoint: call.info.endpoint, status: result.status };
  const oauth = oauthErrorCode(result.json);
  const reason = oauth ? `${oauth.code}${oauth.description ? `: ${oauth.description}` : ''}` : textReason(result);
  if (oauth && revokedCodes.includes(oauth.code)) return new AuthRevoked({ ...base, reason });
  if (result.status === 429) {
    return new RateLimited({ ...base, reason }, new Date(now.getTime() + (result.rateLimit.retryAfterMs ?? 60_000)));
  }
  if (result.status >= 500 || oauth?.code === 'server_error' || oauth?.code === 'temporarily_unavailable') {
    return new Unavailable({ ...base, reason });
  }
  return new PermanentError({ ...base, reason });
}

export interface TokenFormPost {
  platform: HttpCall['info']['platform'];
  origin: string;
  path: string;
  fields: Record<string, string | undefined>;
  headers?: Record<string, string>;
  timeoutMs: number;
  now: () => Date;
  ctx?: CallContext | undefined;
  /** OAuth error codes that mean "the grant is gone". Default: invalid_grant. */
  revokedCodes?: readonly string[];
}

/**
 * POSTs a form to a token endpoint and parses the standard token response.
 * An `error` field fails the call even under HTTP 200 (TikTok does that).
 */
export async function postTokenForm(post: TokenFormPost): Promise<TokenSet> {
  const call: HttpCall = {
    info: { platform: post.platform, api: 'oauth', endpoint: `POST ${post.path}`, cost: 1 },
    method: 'POST',
    url: new URL(post.path, post.origin),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...post.headers },
    body: formBody(post.fields),
    timeoutMs: post.timeoutMs,
    now: post.now,
    ctx: post.ctx,
  };
  const result = await httpCall(call);
  if (result.status < 200 || result.status >= 300 || oauthErrorCode(result.json)) {
    throw classifyOAuthFailure(call, result, post.now(), post.revokedCodes);
  }
  return decode(call, result.status, () => parseTokenResponse(result.json, post.now()));
}
