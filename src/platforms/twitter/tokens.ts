/**
 * X OAuth 2.0 Authorization Code with PKCE (required by X). A refresh token
 * comes only with the `offline.access` scope and rotates on every refresh, so
 * the new one must be stored. Confidential clients authenticate with HTTP
 * Basic; public clients (empty secret) send client_id in the form. A dead
 * refresh token is answered with invalid_request as well as invalid_grant.
 */
import { DEFAULT_TIMEOUT_MS } from '../http.js';
import { pkcePair, postTokenForm, randomState } from '../oauth.js';
import type { AuthorizationRequest, AuthorizeUrlResult, CallContext, TokenSet } from '../types.js';

export const X_SCOPES = ['tweet.read', 'users.read', 'offline.access'];

export interface XOAuthConfig {
  clientId: string;
  /** Empty for a public client. */
  clientSecret: string;
  /** Default https://api.x.com */
  origin?: string;
  /** Browser-facing consent host. Default https://x.com */
  authorizeOrigin?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export class XTokens {
  private readonly now: () => Date;

  constructor(private readonly config: XOAuthConfig) {
    this.now = config.now ?? (() => new Date());
  }

  authorizeUrl(input: { redirectUri: string; state?: string }): AuthorizeUrlResult {
    const state = input.state ?? randomState();
    const pkce = pkcePair();
    const url = new URL('/i/oauth2/authorize', this.config.authorizeOrigin ?? 'https://x.com');
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      scope: X_SCOPES.join(' '),
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), pending: { state, codeVerifier: pkce.verifier, redirectUri: input.redirectUri } };
  }

  exchangeCode(code: string, pending: AuthorizationRequest, ctx?: CallContext): Promise<TokenSet> {
    return this.post(ctx, { grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, code_verifier: pending.codeVerifier });
  }

  refresh(refreshToken: string, ctx?: CallContext): Promise<TokenSet> {
    return this.post(ctx, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private post(ctx: CallContext | undefined, fields: Record<string, string | undefined>): Promise<TokenSet> {
    const { clientId, clientSecret } = this.config;
    const headers: Record<string, string> = clientSecret ? { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` } : {};
    return postTokenForm({
      platform: 'twitter',
      origin: this.config.origin ?? 'https://api.x.com',
      path: '/2/oauth2/token',
      fields: { client_id: clientId, ...fields },
      headers,
      timeoutMs: this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      now: this.now,
      ctx,
      revokedCodes: ['invalid_grant', 'invalid_request'],
    });
  }
}
