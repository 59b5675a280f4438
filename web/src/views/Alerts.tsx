/**
 * Alerts: days and posts that stood far out from their usual (spikes, drops,
 * viral posts), newest first, one page at a time with the API's cursor;
 * acknowledge or dismiss each; new alerts arrive live. Status and kind
 * filters live in the URL with the shared range and platforms. The alert
 * settings (thresholds, e-mail, webhook) sit below the list.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../api/client.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { formatDay, formatDecimal, formatInstant, formatInt, platformLabel } from '../lib/format.js';
import { apiRangeParams } from '../lib/range.js';
import { hrefWithState, onLinkClick, setQuery, useLocation } from '../lib/router.js';
import { reportUsage } from '../lib/usage.js';
import { useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import type { ViewProps } from './view-props.js';
import { AlertSettings } from './analysis/AlertSettings.js';
import './analysis/analysis.css';

const PAGE_SIZE = 20;
const STATUSES = [
  { value: 'all', label: 'All' },
  { value: 'new', label: 'New' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'dismissed', label: 'Dismissed' },
] as const;
const KINDS = [
  { value: '', label: 'Every kind' },
  { value: 'spike', label: 'Spikes' },
  { value: 'drop', label: 'Drops' },
  { value: 'viral', label: 'Viral posts' },
] as const;
type Status = (typeof STATUSES)[number]['value'];
type Kind = Exclude<(typeof KINDS)[number]['value'], ''>;

function loadAlerts(query: { from?: string; to?: string; range?: 'all'; platforms?: string; status: Status; kind?: Kind; limit: number; cursor?: string }) {
  return api.GET('/api/v1/analytics/alerts', { params: { query } });
}
type Alert = NonNullable<Awaited<ReturnType<typeof loadAlerts>>['data']>['items'][number];

const KIND_WORDS: Record<Alert['kind'], string> = { spike: 'Spike', drop: 'Drop', viral: 'Viral post' };
const METRIC_WORDS: Record<Alert['metric'], string> = { views: 'views', engagement: 'engagement', followers: 'follower change' };

export default function Alerts(_props: ViewProps) {
  const view = useViewState();
  const { query } = useLocation();
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'alerts' }), []);
  const status: Status = STATUSES.find((s) => s.value === query.get('status'))?.value ?? 'all';
  const kindParam = KINDS.find((k) => k.value === query.get('kind'))?.value ?? '';
  const kind: Kind | undefined = kindParam === '' ? undefined : kindParam;
  const listKey = JSON.stringify([view.key, status, kind]);
  const [pages, setPages] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: listKey, cursors: [undefined] });
  const cursors = pages.key === listKey ? pages.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  const alerts = useApi(
    () =>
      loadAlerts({
        ...apiRangeParams(view.range.api),
        ...(view.platforms ? { platforms: view.platforms } : {}),
        status,
        ...(kind ? { kind } : {}),
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      }),
    [listKey, cursor],
    { refetchOn: (e) => e.type === 'alert' },
  );
  const goTo = (next: (string | undefined)[]) => setPages({ key: listKey, cursors: next });

  return (
    <div class="analysis" data-testid="alerts">
      <h1>Alerts</h1>
      <p class="note">
        A day whose views, engagement or follower change is far from the usual for that weekday, or a post far ahead of your usual at its age. One alert per
        episode; new ones appear here as they are found.
      </p>
      <div class="controls">
        <label>
          <span class="field-label">Status</span>
          <select value={status} onChange={(e) => setQuery({ status: e.currentTarget.value === 'all' ? null : e.currentTarget.value })}>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="field-label">Kind</span>
          <select value={kindParam} onChange={(e) => setQuery({ kind: e.currentTarget.value || null })}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <section class="section" aria-labelledby="alerts-title">
        <h2 id="alerts-title" class="visually-hidden">
          Alert list
        </h2>
        {alerts.status === 'error' ? (
          <ErrorState message={alerts.message} onRetry={alerts.reload} />
        ) : !alerts.data ? (
          <Loading what="your alerts" />
        ) : alerts.data.items.length === 0 ? (
          <Empty title={cursors.length > 1 ? 'No more alerts' : status === 'all' && !kind ? 'No alerts in this period' : 'No alert matches these filters'}>
            <p>
              {status === 'all' && !kind
                ? 'Nothing stood out from its usual. Alerts appear here as syncs bring new data; the thresholds are below.'
                : 'Choose “All” and “Every kind” to see every alert of the period.'}
            </p>
          </Empty>
        ) : (
          <ul class="alert-list">
            {alerts.data.items.map((alert) => (
              <AlertItem key={alert.id} alert={alert} onChanged={alerts.reload} />
            ))}
          </ul>
        )}
        {alerts.data && (cursors.length > 1 || alerts.data.next_cursor) && (
          <nav class="pager" aria-label="Alert pages">
            <button type="button" disabled={cursors.length === 1} onClick={() => goTo(cursors.slice(0, -1))}>
              Newer
            </button>
            <span>Page {cursors.length}</span>
            <button type="button" disabled={!alerts.data.next_cursor} onClick={() => alerts.data?.next_cursor && goTo([...cursors, alerts.data.next_cursor])}>
              Older
            </button>
          </nav>
        )}
      </section>
      <AlertSettings />
    </div>
  );
}

function AlertItem({ alert, onChanged }: { alert: Alert; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: 'acknowledge' | 'dismiss') => {
    setBusy(true);
    setError(null);
    const path = action === 'acknowledge' ? '/api/v1/analytics/alerts/{id}/acknowledge' : '/api/v1/analytics/alerts/{id}/dismiss';
    try {
      const result = await api.POST(path, { params: { path: { id: alert.id } } });
      if (result.error) setError(errorMessage(result.error, 'The alert could not be changed.'));
      else onChanged();
    } catch {
      setError('The server cannot be reached; try again.');
    } finally {
      setBusy(false);
    }
  };
  const headingId = `alert-${alert.id}`;
  const days = alert.last_day !== alert.day ? `${formatDay(alert.day)} – ${formatDay(alert.last_day)}` : formatDay(alert.day);
  return (
    <li class="card alert-item" aria-labelledby={headingId}>
      <div class="alert-head">
        <span class={`badge badge-${alert.kind}`}>{KIND_WORDS[alert.kind]}</span>
        <h3 id={headingId}>
          {platformLabel(alert.platform)} {METRIC_WORDS[alert.metric]}, {days}
        </h3>
        <span class={`badge badge-status-${alert.status}`}>{alert.status}</span>
      </div>
      <p>
        {alert.kind === 'viral' ? 'Views so far' : 'Observed'}: <strong>{formatInt(alert.observed)}</strong>; usual: {formatInt(alert.expected)}
        {' · '}
        how unusual: score {formatDecimal(alert.score)} (robust z-score{alert.kind === 'viral' ? ', log scale' : ''}; the further from 0, the more unusual).
      </p>
      <p class="note">
        {alert.content_id !== null ? (
          <a href={hrefWithState(`/content/${alert.content_id}`)} onClick={onLinkClick}>
            Open the post
          </a>
        ) : (
          'Whole account'
        )}
        {' · '}detected {formatInstant(alert.detected_at)}
      </p>
      {alert.status === 'new' && (
        <div class="alert-actions">
          <button type="button" class="button" disabled={busy} onClick={() => void act('acknowledge')}>
            Acknowledge
          </button>
          <button type="button" class="button button-quiet" disabled={busy} onClick={() => void act('dismiss')}>
            Dismiss
          </button>
        </div>
      )}
      {alert.status === 'acknowledged' && (
        <div class="alert-actions">
          <button type="button" class="button button-quiet" disabled={busy} onClick={() => void act('dismiss')}>
            Dismiss
          </button>
        </div>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
