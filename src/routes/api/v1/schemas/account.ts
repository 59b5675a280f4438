/** A connected platform account as the API shows it: sync state, never tokens. */
import { Type } from 'typebox';
import { Instant, Nullable, PlatformName } from './common.js';
import { Id } from './params.js';

export const Account = Type.Object({
  id: Id('account'),
  platform: PlatformName,
  external_id: Type.String({ description: "The platform's id of the account (channel id, user id)" }),
  handle: Nullable(Type.String()),
  display_name: Nullable(Type.String()),
  connected_at: Instant,
  disconnected_at: Nullable(Instant),
  last_synced_at: Nullable(Instant),
  last_sync_status: Nullable(Type.String({ description: 'Outcome of the last sync: success, partial, deferred, failed, needs_reauth or interrupted' })),
  last_error: Nullable(Type.String()),
  next_sync_at: Nullable(Instant),
  needs_reauth: Type.Boolean({ description: 'The platform refused the refresh token: connect the account again' }),
});

export const AccountEnvelope = Type.Object({ account: Account });
export const AccountList = Type.Object({ accounts: Type.Array(Account) });
