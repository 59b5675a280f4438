/** The public shape of a connected account: sync state, never tokens. */
import type { Static } from 'typebox';
import type { AccountRow } from '../../../../db/repositories/accounts.js';
import type { Account } from '../schemas/account.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function accountOut(a: AccountRow): Static<typeof Account> {
  return {
    id: a.id,
    platform: a.platform,
    external_id: a.external_id,
    handle: a.handle,
    display_name: a.display_name,
    connected_at: new Date(a.connected_at).toISOString(),
    disconnected_at: iso(a.disconnected_at),
    last_synced_at: iso(a.last_synced_at),
    last_sync_status: a.last_sync_status,
    last_error: a.last_error,
    next_sync_at: iso(a.next_sync_at),
    needs_reauth: a.needs_reauth,
  };
}
