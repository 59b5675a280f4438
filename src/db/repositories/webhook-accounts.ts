/** Which connected accounts a platform webhook is about. */
import type { Queryable } from '../client.js';
import type { Platform } from '../../analytics/catalog.js';

export interface WebhookTarget {
  id: number;
  user_id: number;
}

/**
 * Connected accounts with one of these platform ids, across all users. This is
 * the one deliberate cross-user lookup: a webhook is addressed to the app, not
 * to a user, and the same platform account may be connected by several users
 * (an agency and its client). Only ids are returned; each sync then runs
 * scoped to its owner. Disconnected accounts and accounts waiting for
 * re-authorization are left out (a sync of them could not run).
 */
export async function connectedAccountsByExternalId(db: Queryable, platform: Platform, externalIds: readonly string[]): Promise<WebhookTarget[]> {
  if (externalIds.length === 0) return [];
  return db.query<WebhookTarget>(
    `SELECT id, user_id FROM platform_accounts
     WHERE platform = $1 AND external_id = ANY($2::text[]) AND disconnected_at IS NULL AND needs_reauth = false
     ORDER BY id`,
    [platform, [...externalIds]],
  );
}
