/** The public shape of a connected account: sync state, never tokens. */
import type { AccountRow } from '../../../../db/repositories/accounts.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function accountOut(a: AccountRow) {
  return {
    id: a.id,
    platform: a.platform,
    external_id: a.external_id,
    handle: a.handle,
    display_name: a.display_name,
    connected_at: iso(a.connected_at),
    disconnected_at: iso(a.disconnected_at),
    last_synced_at: iso(a.last_synced_at),
    last_sync_status: a.last_sync_status,
    last_error: a.last_error,
    next_sync_at: iso(a.next_sync_at),
    needs_reauth: a.needs_reauth,
  };
}
