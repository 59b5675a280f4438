/**
 * Where a platform's consent screen sends the browser back (the redirect URI
 * the Accounts page asks for): hands the code and state to the API's callback,
 * then says what happened and leads back to Accounts.
 */
import { useEffect, useState } from 'preact/hooks';
import { PLATFORMS } from '../../../src/analytics/catalog.js';
import { api, errorMessage } from '../api/client.js';
import { ErrorState, Loading } from '../components/States.js';
import { platformLabel } from '../lib/format.js';
import { hrefWithState, navigate, onLinkClick, useLocation } from '../lib/router.js';
import type { ViewProps } from './view-props.js';
import './manage.css';

export default function OAuthReturn({ params }: ViewProps) {
  const { query } = useLocation();
  const platform = PLATFORMS.find((p) => p === params.platform);
  const [outcome, setOutcome] = useState<{ ok: true; name: string } | { ok: false; message: string } | null>(null);

  useEffect(() => {
    if (!platform) return setOutcome({ ok: false, message: 'This address names no platform Pulseboard knows.' });
    const get = (key: string) => query.get(key) ?? undefined;
    const callbackQuery = { code: get('code'), state: get('state'), error: get('error'), error_description: get('error_description'), error_reason: get('error_reason') };
    // The code works once: take it out of the address bar and history before using it.
    navigate(`/accounts/connected/${platform}`, { replace: true });
    api
      .GET('/api/v1/accounts/oauth/{platform}/callback', { params: { path: { platform }, query: callbackQuery } })
      .then(({ data, error, response }) => {
        if (data) setOutcome({ ok: true, name: data.account.handle ?? data.account.display_name ?? data.account.external_id });
        else setOutcome({ ok: false, message: errorMessage(error, `The server answered ${response.status}.`) });
      })
      .catch(() => setOutcome({ ok: false, message: 'The server cannot be reached. Check that Pulseboard is running, then start again from Accounts.' }));
  }, []);

  if (!outcome) return <Loading what={`the connection with ${platform ? platformLabel(platform) : 'the platform'}`} />;
  const back = (
    <a class="button" href={hrefWithState('/accounts')} onClick={onLinkClick}>
      Back to Accounts
    </a>
  );
  if (!outcome.ok)
    return (
      <div>
        <h1>The account was not connected</h1>
        <ErrorState message={/start/i.test(outcome.message) ? outcome.message : `${outcome.message} Start the connection again from Accounts.`} />
        {back}
      </div>
    );
  return (
    <div>
      <h1>{platform ? platformLabel(platform) : ''} connected</h1>
      <p role="status">{outcome.name} is connected; its first sync has started and the dashboard fills as it goes.</p>
      {back}
    </div>
  );
}
