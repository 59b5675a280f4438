/**
 * OAuth authorization requests waiting for their callback. A state row ties
 * the browser's return to the user who started the flow and holds the PKCE
 * verifier server-side. Taking a state deletes it, so a state works once.
 */
import type { Queryable } from '../client.js';
import type { Platform } from '../../analytics/catalog.js';

export interface OAuthStateRow {
  state: string;
  user_id: number;
  platform: Platform;
  code_verifier: string | null;
  redirect_uri: string;
  expires_at: Date;
}

export interface NewOAuthState {
  state: string;
  userId: number;
  platform: Platform;
  codeVerifier: string | null;
  redirectUri: string;
  expiresAt: Date;
}

export async function saveOAuthState(db: Queryable, s: NewOAuthState): Promise<void> {
  await db.query(
    `INSERT INTO oauth_states (state, user_id, platform, code_verifier, redirect_uri, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.state, s.userId, s.platform, s.codeVerifier, s.redirectUri, s.expiresAt],
  );
}

/**
 * Removes and returns the state, expired or not (the caller tells expired from
 * unknown). The state is the only key: the callback arrives without a user, and
 * the row says whose it is. One DELETE, so two racing callbacks cannot both win.
 */
export async function takeOAuthState(db: Queryable, state: string): Promise<OAuthStateRow | null> {
  const [row] = await db.query<OAuthStateRow>(
    'DELETE FROM oauth_states WHERE state = $1 RETURNING state, user_id, platform, code_verifier, redirect_uri, expires_at',
    [state],
  );
  return row ?? null;
}

/** Forgets authorization requests that expired before `before` (abandoned consent screens). */
export async function deleteExpiredOAuthStates(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query('DELETE FROM oauth_states WHERE expires_at < $1 RETURNING state', [before]);
  return rows.length;
}
