/**
 * Instagram Login tokens. The code exchange returns a short-lived (1 h)
 * token, immediately traded for a long-lived (60 day) one. There is no
 * separate refresh token: a long-lived token refreshes itself
 * (`ig_refresh_token`) while it is at least 24 h old and not yet expired, so
 * TokenSet.refreshToken is the access token itself. Instagram's consent flow
 * does not take PKCE; `state` protects the redirect.
 */
import { DEFAULT_TIMEOUT_MS, decode, formBody, httpCall, type HttpCall } from '../http.js';
import { randomState } from '../oauth.js';
import type { AuthorizationRequest, AuthorizeUrlResult, CallContext, TokenSet } from '../types.js';
import { classifyGraphFailure } from './failures.js';
import { parseLongLivedToken, parseShortLivedToken, readGraphError } from './parse.js';
import { PermanentError } from '../errors.js';

export const INSTAGRAM_SCOPES = ['instagram_business_basic', 'instagram_business_manage_insights'];

export interface InstagramOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Graph host for token exchange and refresh. Default https://graph.instagram.com */
  origin?: string;
  /** Code exchange host. Default https://api.instagram.com */
  oauthOrigin?: string;
  /** Browser-facing consent host. Default https://www.instagram.com */
  authorizeOrigin?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export class InstagramTokens {
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(private readonly config: InstagramOAuthConfig) {
    this.now = config.now ?? (() => new Date());
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  authorizeUrl(input: { redirectUri: string; state?: string }): AuthorizeUrlResult {
    const state = input.state ?? randomState();
    const url = new URL('/oauth/authorize', this.config.authorizeOrigin ?? 'https://www.instagram.com');
    url.search = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: INSTAGRAM_SCOPES.join(','),
      state,
    }).toString();
    return { url: url.toString(), pending: { state, redirectUri: input.redirectUri } };
  }

  async exchangeCode(code: string, pending: AuthorizationRequest, ctx?: CallContext): Promise<TokenSet> {
    const call: HttpCall = {
      info: { platform: 'instagram', api: 'oauth', endpoint: 'POST /oauth/access_token', cost: 1 },
      method: 'POST',
      url: new URL('/oauth/access_token', this.config.oauthOrigin ?? 'https://api.instagram.com'),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: formBody({
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        grant_type: 'authorization_code',
        redirect_uri: pending.redirectUri,
        code,
      }),
      timeoutMs: this.timeoutMs,
      now: this.now,
      ctx,
    };
    const result = await httpCall(call);
    if (result.status !== 200) {
      // The code endpoint answers `{ error_type, code, error_message }`, not the Graph envelope.
      const reason = readGraphError(result.json)?.message ?? result.text.slice(0, 200);
      throw new PermanentError({ platform: 'instagram', endpoint: call.info.endpoint, status: result.status, reason });
    }
    const short = decode(call, result.status, () => parseShortLivedToken(result.json));
    return this.tokenCall('/access_token', { grant_type: 'ig_exchange_token', client_secret: this.config.clientSecret, access_token: short.accessToken }, ctx);
  }

  refresh(longLivedToken: string, ctx?: CallContext): Promise<TokenSet> {
    return this.tokenCall('/refresh_access_token', { grant_type: 'ig_refresh_token', access_token: longLivedToken }, ctx);
  }

  /** These two endpoints take the token in the query string by design; errors never include the URL. */
  private async tokenCall(path: string, query: Record<string, string>, ctx?: CallContext): Promise<TokenSet> {
    const url = new URL(path, this.config.origin ?? 'https://graph.instagram.com');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const call: HttpCall = {
      info: { platform: 'instagram', api: 'oauth', endpoint: `GET ${path}`, cost: 1 },
      method: 'GET',
      url,
      headers: { accept: 'application/json' },
      timeoutMs: this.timeoutMs,
      now: this.now,
      ctx,
    };
    const result = await httpCall(call);
    if (result.status !== 200 || readGraphError(result.json)) throw classifyGraphFailure(call, result, this.now(), 'refresh');
    const parsed = decode(call, result.status, () => parseLongLivedToken(result.json));
    return { accessToken: parsed.accessToken, refreshToken: parsed.accessToken, expiresAt: new Date(this.now().getTime() + parsed.expiresIn * 1000) };
  }
}
