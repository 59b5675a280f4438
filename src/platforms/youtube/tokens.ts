/**
 * Google OAuth 2.0 for YouTube: consent URL (offline access for a refresh
 * token, PKCE S256 because Google supports it for every client type), code
 * exchange and refresh. Google's refresh response normally has no new
 * refresh_token: the caller keeps the old one.
 */
import { DEFAULT_TIMEOUT_MS } from '../http.js';
import { pkcePair, postTokenForm, randomState } from '../oauth.js';
import type { AuthorizationRequest, AuthorizeUrlResult, CallContext, TokenSet } from '../types.js';

export const YOUTUBE_SCOPES = [
  'https://www.googleapis.com/auth/youtube.readonly',
  'https://www.googleapis.com/auth/yt-analytics.readonly',
  // estimatedRevenue (revenue.ts); the user may leave it unticked, and revenue is then simply absent.
  'https://www.googleapis.com/auth/yt-analytics-monetary.readonly',
];

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Default https://oauth2.googleapis.com */
  oauthOrigin?: string;
  /** Browser-facing consent host. Default https://accounts.google.com */
  authorizeOrigin?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export class GoogleTokens {
  private readonly oauthOrigin: string;
  private readonly now: () => Date;

  constructor(private readonly config: GoogleOAuthConfig) {
    this.oauthOrigin = config.oauthOrigin ?? 'https://oauth2.googleapis.com';
    this.now = config.now ?? (() => new Date());
  }

  authorizeUrl(input: { redirectUri: string; state?: string }): AuthorizeUrlResult {
    const state = input.state ?? randomState();
    const pkce = pkcePair();
    const url = new URL('/o/oauth2/v2/auth', this.config.authorizeOrigin ?? 'https://accounts.google.com');
    url.search = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: YOUTUBE_SCOPES.join(' '),
      access_type: 'offline', // without it Google issues no refresh token
      prompt: 'consent', // re-consent returns a refresh token again on reconnect
      include_granted_scopes: 'true',
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), pending: { state, codeVerifier: pkce.verifier, redirectUri: input.redirectUri } };
  }

  exchangeCode(code: string, pending: AuthorizationRequest, ctx?: CallContext): Promise<TokenSet> {
    return this.post(ctx, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      code_verifier: pending.codeVerifier,
    });
  }

  refresh(refreshToken: string, ctx?: CallContext): Promise<TokenSet> {
    return this.post(ctx, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private post(ctx: CallContext | undefined, fields: Record<string, string | undefined>): Promise<TokenSet> {
    return postTokenForm({
      platform: 'youtube',
      origin: this.oauthOrigin,
      path: '/token',
      fields: { client_id: this.config.clientId, client_secret: this.config.clientSecret, ...fields },
      timeoutMs: this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      now: this.now,
      ctx,
    });
  }
}
