/**
 * Accounts: connect each platform (its consent screen, or a token obtained
 * elsewhere), each account's sync state and last error in plain words, what to
 * do when one needs re-authorizing, "Sync now" with progress, and importing a
 * platform's own CSV export.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { PLATFORMS, type Platform } from '../../../src/analytics/catalog.js';
import { api, errorMessage } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatInstant, formatInt, platformLabel } from '../lib/format.js';
import { reportUsage } from '../lib/usage.js';
import { useApi } from '../lib/use-api.js';
import type { ViewProps } from './view-props.js';
import './manage.css';

const loadStatus = () => api.GET('/api/v1/analytics/sync/status', {});
type SyncStatus = NonNullable<Awaited<ReturnType<typeof loadStatus>>['data']>;
type AccountState = SyncStatus['accounts'][number];
type SyncRun = NonNullable<AccountState['latest_run']>;
const importExport = (body: ImportBody, form: FormData) => api.POST('/api/v1/analytics/import', { body, bodySerializer: () => form });
type ImportBody = paths['/api/v1/analytics/import']['post']['requestBody']['content']['multipart/form-data'];
type ImportResult = NonNullable<Awaited<ReturnType<typeof importExport>>['data']>;

const POLL_MS = 2000;
const UNREACHABLE = 'The server cannot be reached. Check that Pulseboard is running, then try again.';
const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
const platformOf = (raw: string): Platform | undefined => PLATFORMS.find((p) => p === raw);

/** What a sync outcome means for the person looking at it. */
function statusInWords(status: string | null, run: SyncRun | null): { label: string; text: string; tone: 'good' | 'bad' | 'neutral' } {
  switch (run?.status === 'running' ? 'running' : status) {
    case 'running':
      return { label: 'Syncing…', text: 'Syncing now', tone: 'neutral' };
    case 'success':
      return { label: 'Up to date', text: 'Up to date', tone: 'good' };
    case 'partial':
      return { label: 'Partly synced', text: 'Partly synced: some figures could not be fetched and are tried again at the next sync', tone: 'bad' };
    case 'deferred':
      return { label: 'Waiting', text: "Waiting: the platform's request allowance is used up for now; the sync goes on by itself", tone: 'neutral' };
    case 'failed':
      return { label: 'Sync failed', text: 'The last sync failed; nothing stored was lost and it is tried again', tone: 'bad' };
    case 'needs_reauth':
      return { label: 'Needs re-authorization', text: 'Needs re-authorization', tone: 'bad' };
    case 'interrupted':
      return { label: 'Interrupted', text: 'The last sync was interrupted (the server stopped); it was queued again', tone: 'neutral' };
    case null:
      return { label: 'Not synced yet', text: 'Not synced yet: the first sync is on its way', tone: 'neutral' };
    default:
      return { label: status ?? '', text: status ?? '', tone: 'neutral' };
  }
}

export default function Accounts(_props: ViewProps) {
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'accounts' }), []);
  const status = useApi(loadStatus, [], { refetchOn: (e) => e.type === 'sync.status' });
  const [syncing, setSyncing] = useState<string[] | null>(null);
  const syncSince = useRef(0);
  const [syncMessage, setSyncMessage] = useState<string | null>(null);
  const [syncProblem, setSyncProblem] = useState<string | null>(null);
  const [connectPlatform, setConnectPlatform] = useState<Platform>('youtube');
  /** "Connect again": the connect form, set to that platform, with focus on its button. */
  const reconnect = (platform: Platform) => {
    setConnectPlatform(platform);
    requestAnimationFrame(() => {
      const button = document.getElementById('connect-start');
      button?.scrollIntoView({ block: 'center' });
      button?.focus();
    });
  };

  // While a sync runs, poll its status (live sync.status events refresh it too, when the socket is up).
  const anyRunning = (status.data?.accounts ?? []).some((a) => a.latest_run?.status === 'running');
  const reload = useRef(status.reload);
  reload.current = status.reload;
  useEffect(() => {
    if (!syncing && !anyRunning) return;
    const timer = setInterval(() => reload.current(), POLL_MS);
    return () => clearInterval(timer);
  }, [syncing !== null, anyRunning]);

  const syncNow = async (accountIds: string[] | null) => {
    const ids = accountIds ?? (status.data?.accounts ?? []).filter((a) => !a.disconnected_at).map((a) => a.id);
    syncSince.current = Date.now();
    setSyncing(ids);
    setSyncMessage(null);
    setSyncProblem(null);
    try {
      const { data, error, response } = await api.POST('/api/v1/analytics/sync', { body: accountIds ? { account_ids: accountIds } : null });
      if (data?.status === 'done') setSyncMessage(`Sync finished: ${formatInt(data.results.reduce((n, r) => n + r.observations, 0))} data points stored.`);
      else if (data?.status === 'running') setSyncMessage('The sync goes on in the background; this page follows it.');
      else setSyncProblem(errorMessage(error, `The sync did not finish (the server answered ${response.status}).`));
    } catch {
      setSyncProblem(UNREACHABLE);
    } finally {
      setSyncing(null);
      status.reload();
    }
  };

  if (status.status === 'error' && !status.data) return <ErrorState message={`Your accounts could not be loaded: ${status.message}`} onRetry={status.reload} />;
  if (!status.data) return <Loading what="your accounts" />;
  const accounts = status.data.accounts;
  const connected = accounts.filter((a) => !a.disconnected_at);
  const disconnected = accounts.filter((a) => a.disconnected_at);
  const finishedSinceClick = (a: AccountState) => a.latest_run?.status !== 'running' && Date.parse(a.latest_run?.finished_at ?? '') >= syncSince.current - 2000;
  // Being synced: what the server runs now, and what was asked for and has not finished since.
  const running = connected.filter((a) => a.latest_run?.status === 'running' || (syncing?.includes(a.id) && !finishedSinceClick(a)));
  const targets = syncing ? connected.filter((a) => syncing.includes(a.id)) : running;

  return (
    <div data-testid="accounts">
      <h1>Accounts</h1>
      <section class="section" aria-labelledby="connected-title">
        <div class="item-head">
          <h2 id="connected-title">Connected accounts</h2>
          {connected.length > 0 && (
            <button type="button" class="button button-primary" disabled={syncing !== null} onClick={() => void syncNow(null)}>
              {syncing && syncing.length > 1 ? 'Syncing…' : 'Sync all now'}
            </button>
          )}
        </div>
        <div role="status" aria-live="polite">
          {running.length > 0 && (
            <p class="progress-line">
              <span class="spinner" aria-hidden="true" /> Syncing {running.map((a) => platformLabel(a.platform)).join(', ')}…
              {targets.length > 1 && ` ${targets.length - running.length} of ${targets.length} accounts finished.`}
            </p>
          )}
          {syncMessage && running.length === 0 && <p class="note">{syncMessage}</p>}
        </div>
        {syncProblem && (
          <p class="field-error" role="alert">
            {syncProblem}
          </p>
        )}
        {connected.length === 0 ? (
          <Empty title="No account connected yet">
            <p>Connect YouTube, TikTok, Instagram or X below; the first sync starts at once and fills the dashboard.</p>
          </Empty>
        ) : (
          <ul class="item-list">
            {connected.map((a) => (
              <AccountItem
                key={a.id}
                account={a}
                syncing={syncing?.includes(a.id) ?? false}
                onSync={() => void syncNow([a.id])}
                onChanged={status.reload}
                onReconnect={() => reconnect(a.platform)}
              />
            ))}
          </ul>
        )}
        {status.status === 'error' && <p class="field-error">The latest refresh failed ({status.message}); the states above may be out of date.</p>}
      </section>
      <Connect platform={connectPlatform} setPlatform={setConnectPlatform} />
      <ImportExport accounts={connected} onImported={status.reload} />
      {disconnected.length > 0 && (
        <section class="section" aria-labelledby="disconnected-title">
          <h2 id="disconnected-title">Disconnected</h2>
          <p class="note">Their history is kept and still counted in past periods. Connect the account again to resume syncing.</p>
          <ul class="plain-list">
            {disconnected.map((a) => (
              <li key={a.id}>
                {platformLabel(a.platform)} {a.handle ?? a.display_name ?? a.external_id}: disconnected {formatInstant(a.disconnected_at)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function AccountItem({ account: a, syncing, onSync, onChanged, onReconnect }: { account: AccountState; syncing: boolean; onSync: () => void; onChanged: () => void; onReconnect: () => void }) {
  const words = statusInWords(a.last_sync_status, a.latest_run);
  const run = a.latest_run;
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const name = a.handle ?? a.display_name ?? a.external_id;
  const titleId = `account-${a.id}-title`;

  const disconnect = async () => {
    setProblem(null);
    try {
      const { error, response } = await api.DELETE('/api/v1/accounts/{id}', { params: { path: { id: a.id }, query: { purge: false } } });
      if (!response.ok) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      onChanged();
    } catch {
      setProblem(UNREACHABLE);
    }
  };

  return (
    <li class={`card item${a.needs_reauth ? ' item-bad' : ''}`} aria-labelledby={titleId}>
      <div class="item-head">
        <h3 id={titleId}>
          {platformLabel(a.platform)} <span class="muted">{name}</span>
        </h3>
        <span class={`badge badge-${words.tone}`}>{syncing ? 'Syncing…' : words.label}</span>
      </div>
      {a.needs_reauth ? (
        <div class="banner" role="note">
          <strong>Needs re-authorization.</strong> {platformLabel(a.platform)} no longer accepts Pulseboard's access to {name} (the permission was withdrawn or has expired), so its figures stop
          at {a.last_synced_at ? formatInstant(a.last_synced_at) : 'the last sync'}. Connect it again — through {platformLabel(a.platform)}'s consent screen or with a new token; its history is kept.
          <div class="actions">
            <button type="button" class="button button-primary" onClick={onReconnect}>
              Connect {platformLabel(a.platform)} again
            </button>
          </div>
        </div>
      ) : (
        words.tone !== 'good' && <p>{words.text}.</p>
      )}
      <dl class="facts">
        <div>
          <dt>Last synced</dt>
          <dd>{a.last_synced_at ? formatInstant(a.last_synced_at) : 'Never'}</dd>
        </div>
        <div>
          <dt>Next sync</dt>
          <dd>{a.needs_reauth ? 'After you reconnect' : formatInstant(a.next_sync_at)}</dd>
        </div>
        {run && (
          <div>
            <dt>{run.status === 'running' ? 'This sync so far' : 'Last sync'}</dt>
            <dd>
              {formatInt(run.observations)} data points, {formatInt(run.requests)} platform requests
              {run.posts_refreshed !== null && run.posts_refreshed > 0 ? `; ${formatInt(run.posts_refreshed)} older posts re-read` : ''}
              {run.posts_deferred !== null && run.posts_deferred > 0
                ? `; ${formatInt(run.posts_deferred)} left for the budget to allow${run.retry_at ? `, read at ${formatInstant(run.retry_at)}` : ''}`
                : ''}
            </dd>
          </div>
        )}
        <div>
          <dt>Connected</dt>
          <dd>{formatInstant(a.connected_at)}</dd>
        </div>
      </dl>
      {a.last_error && !a.needs_reauth && (
        <p class="field-error">
          What went wrong: {a.last_error}
          {run?.retry_at ? ` It is tried again at ${formatInstant(run.retry_at)}.` : ''}
        </p>
      )}
      <div class="actions">
        <button type="button" class="button" disabled={syncing || run?.status === 'running' || a.needs_reauth} onClick={onSync} aria-label={`Sync ${platformLabel(a.platform)} ${name} now`}>
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
        {confirming ? (
          <span class="confirm" role="group" aria-label="Confirm disconnecting">
            <span>Stop syncing {name}? Its history is kept.</span>
            <button type="button" class="button button-danger" onClick={() => void disconnect()}>
              Disconnect
            </button>
            <button type="button" class="button button-quiet" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" class="button button-quiet" onClick={() => setConfirming(true)}>
            Disconnect…
          </button>
        )}
      </div>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/** Connect a platform: its consent screen (when the server has its client credentials) or a token obtained elsewhere. */
function Connect({ platform, setPlatform }: { platform: Platform; setPlatform: (p: Platform) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [tokenFormOpen, setTokenFormOpen] = useState(false);

  const startOAuth = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const redirect = `${location.origin}/accounts/connected/${platform}`;
      const { data, error, response } = await api.POST('/api/v1/accounts/oauth/{platform}/start', { params: { path: { platform } }, body: { redirect_uri: redirect } });
      if (data) {
        location.assign(data.authorize_url);
        return;
      }
      setProblem(errorMessage(error, `The server answered ${response.status}.`));
      setTokenFormOpen(true);
    } catch {
      setProblem(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="section card" aria-labelledby="connect-title">
      <h2 id="connect-title">Connect an account</h2>
      <p class="note">
        On {platformLabel(platform)}'s consent screen you sign in there and allow Pulseboard to read your analytics; you come back here when it is done. The server needs that platform's client credentials
        for this (README: Configuration). Without them, paste a token obtained elsewhere.
      </p>
      <div class="connect-row">
        <label>
          <span class="field-label">Platform</span>
          <select value={platform} onChange={(e) => setPlatform(platformOf(value(e)) ?? 'youtube')}>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {platformLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <div class="form-actions">
          <button id="connect-start" type="button" class="button button-primary" disabled={busy} onClick={() => void startOAuth()}>
            {busy ? 'Opening…' : `Connect with ${platformLabel(platform)}`}
          </button>
          <button type="button" class="button button-quiet" aria-expanded={tokenFormOpen} onClick={() => setTokenFormOpen(!tokenFormOpen)}>
            Use a token instead
          </button>
        </div>
      </div>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {tokenFormOpen && <TokenConnect platform={platform} />}
    </section>
  );
}

function TokenConnect({ platform }: { platform: Platform }) {
  const [accessToken, setAccessToken] = useState('');
  const [refreshToken, setRefreshToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const body = { platform, access_token: accessToken.trim(), ...(refreshToken.trim() ? { refresh_token: refreshToken.trim() } : {}) };
      const { data, error, response } = await api.POST('/api/v1/accounts', { body });
      if (data) {
        setAccessToken('');
        setRefreshToken('');
        setDone(`${platformLabel(data.account.platform)} ${data.account.handle ?? data.account.display_name ?? data.account.external_id} is connected; its first sync has started.`);
      } else setProblem(errorMessage(error, `The server answered ${response.status}.`));
    } catch {
      setProblem(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form-grid token-form" onSubmit={submit}>
      <label class="form-span">
        <span class="field-label">{platformLabel(platform)} access token</span>
        <input type="password" required autoComplete="off" spellcheck={false} value={accessToken} onInput={(e) => setAccessToken(value(e))} />
      </label>
      <label class="form-span">
        <span class="field-label">Refresh token (optional: lets Pulseboard renew access by itself)</span>
        <input type="password" autoComplete="off" spellcheck={false} value={refreshToken} onInput={(e) => setRefreshToken(value(e))} />
      </label>
      <div class="form-span form-actions">
        <button type="submit" class="button button-primary" disabled={busy || !accessToken.trim()}>
          {busy ? 'Checking the token…' : 'Connect with this token'}
        </button>
      </div>
      <p class="note form-span">The token is checked with {platformLabel(platform)} first and stored encrypted; it is never shown again.</p>
      {problem && (
        <p class="field-error form-span" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p class="form-span" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

/** A platform's own analytics export (CSV), uploaded as multipart/form-data. */
function ImportExport({ accounts, onImported }: { accounts: readonly AccountState[]; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [platform, setPlatform] = useState<Platform | ''>('');
  const [accountId, setAccountId] = useState('');
  const [year, setYear] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return setProblem('Choose the CSV file first.');
    const form = new FormData();
    form.append('file', file, file.name);
    if (platform) form.append('platform', platform);
    if (accountId) form.append('account_id', accountId);
    if (year.trim()) form.append('year', year.trim());
    const body: ImportBody = {
      file: file.name,
      ...(platform ? { platform } : {}),
      ...(accountId ? { account_id: accountId } : {}),
      ...(year.trim() ? { year: Number(year) } : {}),
    };
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      const { data, error, response } = await importExport(body, form);
      if (data) {
        setResult(data);
        onImported();
      } else setProblem(errorMessage(error, `The server answered ${response.status}.`));
    } catch {
      setProblem(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };

  const choices = platform ? accounts.filter((a) => a.platform === platform) : accounts;
  return (
    <section class="section card" aria-labelledby="import-title">
      <h2 id="import-title">Import a platform's export</h2>
      <p class="note">
        Upload the CSV a platform's analytics page exports (YouTube Studio, TikTok, Instagram, X), up to 20 MB. It is recognised by its header row; values already stored are not written twice.
      </p>
      <form class="form-grid" onSubmit={submit}>
        <label class="form-span">
          <span class="field-label">CSV file</span>
          <input type="file" accept=".csv,text/csv" required onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        </label>
        <label>
          <span class="field-label">Platform (optional: recognised from the file)</span>
          <select value={platform} onChange={(e) => setPlatform(platformOf(value(e)) ?? '')}>
            <option value="">Recognise it</option>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {platformLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="field-label">Account (optional)</span>
          <select value={accountId} onChange={(e) => setAccountId(value(e))}>
            <option value="">Your account on that platform</option>
            {choices.map((a) => (
              <option key={a.id} value={a.id}>
                {platformLabel(a.platform)} {a.handle ?? a.display_name ?? a.external_id}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="field-label">Year of the first row (TikTok dates without a year)</span>
          <input type="number" min={2000} max={2100} inputMode="numeric" value={year} onInput={(e) => setYear(value(e))} />
        </label>
        <div class="form-span form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {result && <ImportSummary result={result} />}
    </section>
  );
}

function ImportSummary({ result: r }: { result: ImportResult }) {
  return (
    <div class="import-result" role="status">
      <h3>{r.changed ? 'Imported' : 'Nothing new: every value was already stored'}</h3>
      <p>
        {platformLabel(r.platform)} export ({r.format}), {formatInt(r.rows)} rows{r.account_created ? '; a new account was made for it' : ''}.
      </p>
      <dl class="facts">
        <div>
          <dt>Posts</dt>
          <dd>
            {formatInt(r.posts)} ({formatInt(r.new_posts)} new)
          </dd>
        </div>
        <div>
          <dt>Post figures</dt>
          <dd>{formatInt(r.post_metrics)}</dd>
        </div>
        <div>
          <dt>Follower figures</dt>
          <dd>{formatInt(r.account_metrics)}</dd>
        </div>
        <div>
          <dt>Daily account figures</dt>
          <dd>{formatInt(r.account_daily)}</dd>
        </div>
        <div>
          <dt>Already stored</dt>
          <dd>{formatInt(r.already_stored)}</dd>
        </div>
        <div>
          <dt>Rows skipped</dt>
          <dd>{formatInt(r.skipped_count)}</dd>
        </div>
      </dl>
      {r.skipped.length > 0 && (
        <details>
          <summary>Why rows were skipped{r.skipped_count > r.skipped.length ? ` (the first ${r.skipped.length})` : ''}</summary>
          <ul>
            {r.skipped.map((s) => (
              <li key={s.row}>
                Row {s.row}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.ignored_columns.length > 0 && (
        <details>
          <summary>Columns not imported ({r.ignored_columns.length})</summary>
          <ul>
            {r.ignored_columns.map((c) => (
              <li key={c.column}>
                {c.column}: {c.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
