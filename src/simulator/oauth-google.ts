/**
 * Google's token endpoint (POST /token): refresh_token and
 * authorization_code grants. Refresh responses carry no new refresh_token.
 * A revoked or unknown grant answers 400 invalid_grant.
 */
import { json, type Route, type SimReply, type SimState } from './types.js';

const SCOPE = 'https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/yt-analytics.readonly';

export function oauthError(status: number, error: string, description: string): SimReply {
  return json(status, { error, error_description: description });
}

export function googleTokenRoute(state: SimState): Route {
  return {
    method: 'POST',
    pattern: /^\/token$/,
    endpoint: 'POST /token',
    handle(req) {
      const form = req.form;
      if (!form.get('client_id') || !form.get('client_secret')) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
      const grant = form.get('grant_type');
      if (grant === 'refresh_token') {
        const result = state.tokens.refresh('youtube', form.get('refresh_token') ?? undefined);
        if (!result.ok) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
        return json(200, { access_token: result.tokens.accessToken, expires_in: result.tokens.expiresIn, scope: SCOPE, token_type: 'Bearer' });
      }
      if (grant === 'authorization_code') {
        const result = state.tokens.redeemCode('youtube', form.get('code') ?? undefined, form.get('redirect_uri') ?? undefined, form.get('code_verifier') ?? undefined);
        if (!result.ok) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
        const tokens = result.tokens;
        return json(200, {
          access_token: tokens.accessToken,
          expires_in: tokens.expiresIn,
          refresh_token: tokens.refreshToken,
          scope: SCOPE,
          token_type: 'Bearer',
        });
      }
      return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
    },
  };
}
