/**
 * "Needs re-auth": a banner naming the accounts whose platform refused their
 * token, with the way out (connect them again on Accounts). Shown above the
 * figures, because until then those figures stop at the last good sync.
 */
import { api } from '../api/client.js';
import { platformLabel } from '../lib/format.js';
import { hrefWithState, onLinkClick } from '../lib/router.js';
import { useApi } from '../lib/use-api.js';

/** Accounts of these platforms only (all when undefined). */
export function ReauthNotice({ platforms }: { platforms?: readonly string[] }) {
  const accounts = useApi(() => api.GET('/api/v1/accounts'), [], { refetchOn: (e) => e.type === 'sync.status' });
  const stuck = (accounts.data?.accounts ?? []).filter((a) => a.needs_reauth && !a.disconnected_at && (!platforms || platforms.includes(a.platform)));
  if (stuck.length === 0) return null;
  return (
    <div class="banner" role="status">
      <strong>Reconnect {stuck.length === 1 ? 'an account' : `${stuck.length} accounts`}:</strong>{' '}
      {stuck.map((a) => `${platformLabel(a.platform)} ${a.handle ?? a.display_name ?? a.external_id}`).join(', ')}{' '}
      {stuck.length === 1 ? 'no longer accepts' : 'no longer accept'} Pulseboard's access, so {stuck.length === 1 ? 'its' : 'their'} figures stop at the last sync.{' '}
      <a href={hrefWithState('/accounts')} onClick={onLinkClick}>
        Connect again on Accounts
      </a>
      .
    </div>
  );
}
