/**
 * TikTok Login Kit OAuth v2. Web apps authenticate with client_key and
 * client_secret and protect the redirect with `state`; PKCE is required only
 * for desktop and mobile apps (and TikTok's desktop variant hex-encodes the
 * challenge), so it is not used here. Refresh may return a new refresh token:
 * always store what comes back. Errors use the OAuth shape
 * `{ error, error_description, log_id }`, possibly under HTTP 200.
 */
import { DEFAULT_TIMEOUT_MS } from '../http.js';
import { postTokenForm, randomState } from '../oauth.js';
import type { AuthorizationRequest, AuthorizeUrlResult, CallContext, TokenSet } from '../types.js';

export const TIKTOK_SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'];

export interface TikTokOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Default https://open.tiktokapis.com */
  origin?: string;
  /** Browser-facing consent host. Default https://www.tiktok.com */
  authorizeOrigin?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export class TikTokTokens {
  private readonly now: () => Date;

  constructor(private readonly config: TikTokOAuthConfig) {
    this.now = config.now ?? (() => new Date());
  }

  authorizeUrl(input: { redirectUri: string; state?: string }): AuthorizeUrlResult {
    const state = input.state ?? randomState();
    const url = new URL('/v2/auth/authorize/', this.config.authorizeOrigin ?? 'https://www.tiktok.com');
    url.search = new URLSearchParams({
      client_key: this.config.clientId,
      response_type: 'code',
      scope: TIKTOK_SCOPES.join(','),
      redirect_uri: input.redirectUri,
      state,
    }).toString();
    return { url: url.toString(), pending: { state, redirectUri: input.redirectUri } };
  }

  exchangeCode(code: string, pending: AuthorizationRequest, ctx?: CallContext): Promise<TokenSet> {
    return this.post(ctx, { grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri });
  }

  refresh(refreshToken: string, ctx?: CallContext): Promise<TokenSet> {
    return this.post(ctx, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private post(ctx: CallContext | undefined, fields: Record<string, string>): Promise<TokenSet> {
    return postTokenForm({
      platform: 'tiktok',
      origin: this.config.origin ?? 'https://open.tiktokapis.com',
      path: '/v2/oauth/token/',
      fields: { client_key: this.config.clientId, client_secret: this.config.clientSecret, ...fields },
      timeoutMs: this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      now: this.now,
      ctx,
    });
  }
}
