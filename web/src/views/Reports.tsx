/**
 * Reports: make one (type, range, platforms, filters, format), list them,
 * download them in any format, share a link that needs no sign-in (copy,
 * revoke), delete them, and schedule weekly or monthly ones.
 */
import { useEffect, useState } from 'preact/hooks';
import { MEDIA_TYPES, PLATFORMS } from '../../../src/analytics/catalog.js';
import { CUSTOM_METRICS, EXPORT_FORMATS, REPORT_TYPES } from '../../../src/analytics/report-kinds.js';
import { api, errorMessage } from '../api/client.js';
import type { paths } from '../api/schema.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { fileNameOf, saveBlob } from '../lib/download.js';
import { formatDay, formatInstant, platformLabel } from '../lib/format.js';
import { PRESET_LABELS, RANGE_PRESETS, presetRange, type RangePreset } from '../lib/range.js';
import { useSession } from '../lib/session.js';
import { reportUsage } from '../lib/usage.js';
import { useApi } from '../lib/use-api.js';
import { useViewState } from '../lib/view-state.js';
import { ChoiceSelect } from '../components/ChoiceSelect.js';
import type { ViewProps } from './view-props.js';
import './manage.css';

const listReports = (cursor?: string) => api.GET('/api/v1/analytics/reports', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } });
const listSchedules = () => api.GET('/api/v1/analytics/report-schedules', { params: { query: { limit: 100 } } });

type ReportPage = NonNullable<Awaited<ReturnType<typeof listReports>>['data']>;
type Report = ReportPage['items'][number];
type Schedule = NonNullable<Awaited<ReturnType<typeof listSchedules>>['data']>['items'][number];
type ReportBody = paths['/api/v1/analytics/reports']['post']['requestBody']['content']['application/json'];
type ScheduleBody = paths['/api/v1/analytics/report-schedules']['post']['requestBody']['content']['application/json'];
type ReportType = Report['report_type'];
type ExportFormat = Report['export_format'];
type Frequency = Schedule['frequency'];

const TYPE_LABELS: Record<ReportType, string> = { performance: 'Performance', growth: 'Audience growth', comparison: 'Platform comparison', custom: 'Custom' };
const FORMAT_LABELS: Record<ExportFormat, string> = { pdf: 'PDF', csv: 'CSV', json: 'JSON' };
const FREQUENCY_LABELS: Record<Frequency, string> = { weekly: 'Weekly', monthly: 'Monthly' };
const FREQUENCY_HINTS: Record<Frequency, string> = { weekly: 'Every Monday, for the week before (Monday to Sunday).', monthly: 'On the 1st, for the month before.' };
const FREQUENCIES: readonly Frequency[] = ['weekly', 'monthly'];
type Granularity = NonNullable<Report['filters']['granularity']>;
const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];
/** A report covers explicit days, so "all time" (resolved by the API per request) is not offered. */
const REPORT_PRESETS = RANGE_PRESETS.filter((p): p is Exclude<RangePreset, 'all'> => p !== 'all');

const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

export default function Reports(_props: ViewProps) {
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'reports' }), []);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const created = (name: string) => {
    setNotice(`Report “${name}” is ready below.`);
    setGeneration((n) => n + 1);
  };
  return (
    <div data-testid="reports">
      <h1>Reports</h1>
      <p class="note">A report takes its numbers when it is made and keeps them; download it as PDF, CSV or JSON, or share a link that works without signing in.</p>
      <CreateReport onCreated={created} />
      <p class="visually-hidden" role="status" aria-live="polite">
        {notice ?? ''}
      </p>
      <ReportList generation={generation} />
      <Schedules />
    </div>
  );
}

/** The range picker of the form: the presets (as days in your zone) or custom days. */
function useReportRange() {
  const { timeZone } = useSession();
  const view = useViewState();
  const start = view.range.preset === 'all' ? '28d' : view.range.preset;
  const [preset, setPreset] = useState<Exclude<RangePreset, 'all'> | 'custom'>(start);
  const initial = 'from' in view.range.api ? view.range.api : { from: '', to: '' };
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const days = preset === 'custom' ? { from, to } : presetRange(preset, timeZone);
  return { preset, setPreset, from, setFrom, to, setTo, days: 'from' in days ? days : { from: '', to: '' } };
}

function CreateReport({ onCreated }: { onCreated: (name: string) => void }) {
  const view = useViewState();
  const { timeZone } = useSession();
  const range = useReportRange();
  const [name, setName] = useState('');
  const [type, setType] = useState<ReportType>('performance');
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [platforms, setPlatforms] = useState<string[]>(view.platforms ? view.platforms.split(',') : []);
  const [granularity, setGranularity] = useState<Granularity | ''>('');
  const [metrics, setMetrics] = useState<string[]>([]);
  const [contentTypes, setContentTypes] = useState<string[]>([]);
  const [hashtags, setHashtags] = useState('');
  const [minViews, setMinViews] = useState('');
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const { from, to } = range.days;
    if (!from || !to) return setProblem('Pick the first and the last day of the report.');
    if (from > to) return setProblem('The first day must not be after the last.');
    const filters: Record<string, unknown> = {};
    if (granularity) filters.granularity = granularity;
    if (type === 'custom') {
      if (metrics.length) filters.metrics = metrics;
      if (contentTypes.length) filters.content_types = contentTypes;
      const tags = hashtags.split(/[\s,]+/).map((t) => t.replace(/^#/, '')).filter(Boolean);
      if (tags.length) filters.hashtags = tags;
      if (minViews.trim()) filters.min_views = Number(minViews);
      if (search.trim()) filters.search = search.trim();
    }
    // The API names the file after the name and the period, so the default name leaves the days out.
    const reportName = name.trim() || `${TYPE_LABELS[type]} report`;
    const body: ReportBody = {
      report_name: reportName,
      report_type: type,
      date_range_start: from,
      date_range_end: to,
      export_format: format,
      ...(platforms.length ? { platforms } : {}),
      ...(Object.keys(filters).length ? { filters } : {}),
    };
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await api.POST('/api/v1/analytics/reports', { body });
      if (data) {
        setName('');
        onCreated(data.report_name);
      } else setProblem(errorMessage(error, `The server answered ${response.status}.`));
    } catch {
      setProblem('The server cannot be reached. Check that Pulseboard is running, then try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="section card" aria-labelledby="create-title">
      <h2 id="create-title">New report</h2>
      <form class="form-grid" onSubmit={submit}>
        <label>
          <span class="field-label">Name (optional)</span>
          <input type="text" maxLength={200} value={name} placeholder={`${TYPE_LABELS[type]} report`} onInput={(e) => setName(value(e))} />
        </label>
        <label>
          <span class="field-label">Type</span>
          <ChoiceSelect options={REPORT_TYPES} labels={TYPE_LABELS} value={type} onChange={setType} />
        </label>
        <div>
          <label>
            <span class="field-label">Period</span>
            <select value={range.preset} aria-describedby={range.preset !== 'custom' ? 'report-days' : undefined} onChange={(e) => range.setPreset(REPORT_PRESETS.find((p) => p === value(e)) ?? 'custom')}>
              {REPORT_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {PRESET_LABELS[p]}
                </option>
              ))}
              <option value="custom">Custom days…</option>
            </select>
          </label>
          {range.preset !== 'custom' && (
            <p id="report-days" class="note field-hint">
              {formatDay(range.days.from)} – {formatDay(range.days.to)} ({timeZone})
            </p>
          )}
        </div>
        {range.preset === 'custom' && (
          <div class="form-pair form-span">
            <label>
              <span class="field-label">First day</span>
              <input type="date" required value={range.from} onInput={(e) => range.setFrom(value(e))} />
            </label>
            <label>
              <span class="field-label">Last day</span>
              <input type="date" required value={range.to} onInput={(e) => range.setTo(value(e))} />
            </label>
          </div>
        )}
        <label>
          <span class="field-label">Format</span>
          <ChoiceSelect options={EXPORT_FORMATS} labels={FORMAT_LABELS} value={format} onChange={setFormat} />
        </label>
        <label>
          <span class="field-label">Series buckets</span>
          <select value={granularity} onChange={(e) => setGranularity(GRANULARITIES.find((g) => g === value(e)) ?? '')}>
            <option value="">Chosen by the length of the period</option>
            <option value="day">Days</option>
            <option value="week">Weeks</option>
            <option value="month">Months</option>
          </select>
        </label>
        <fieldset class="form-span checks">
          <legend class="field-label">Platforms (none ticked: all)</legend>
          {PLATFORMS.map((p) => (
            <label key={p} class="check">
              <input type="checkbox" checked={platforms.includes(p)} onChange={(e) => setPlatforms(toggle(platforms, p, checked(e)))} /> {platformLabel(p)}
            </label>
          ))}
        </fieldset>
        {type === 'custom' && (
          <>
            <fieldset class="form-span checks">
              <legend class="field-label">Metrics (none ticked: views, engagement, engagement rate, followers, posts)</legend>
              {CUSTOM_METRICS.map((m) => (
                <label key={m} class="check">
                  <input type="checkbox" checked={metrics.includes(m)} onChange={(e) => setMetrics(toggle(metrics, m, checked(e)))} /> {m.replace(/_/g, ' ')}
                </label>
              ))}
            </fieldset>
            <fieldset class="form-span checks">
              <legend class="field-label">Content types (none ticked: all)</legend>
              {MEDIA_TYPES.map((m) => (
                <label key={m} class="check">
                  <input type="checkbox" checked={contentTypes.includes(m)} onChange={(e) => setContentTypes(toggle(contentTypes, m, checked(e)))} /> {m}
                </label>
              ))}
            </fieldset>
            <label>
              <span class="field-label">Hashtags (comma separated)</span>
              <input type="text" value={hashtags} placeholder="launch, tutorial" onInput={(e) => setHashtags(value(e))} />
            </label>
            <label>
              <span class="field-label">At least this many views</span>
              <input type="number" min={0} step={1} inputMode="numeric" value={minViews} onInput={(e) => setMinViews(value(e))} />
            </label>
            <label>
              <span class="field-label">Title contains</span>
              <input type="search" value={search} onInput={(e) => setSearch(value(e))} />
            </label>
          </>
        )}
        <div class="form-span form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Making the report…' : 'Make report'}
          </button>
          {problem && (
            <p class="field-error" role="alert">
              {problem}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}

function ReportList({ generation }: { generation: number }) {
  const [extra, setExtra] = useState<Report[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const first = useApi(() => listReports(), [generation]);
  useEffect(() => {
    setExtra([]);
    setCursor(null);
  }, [first.data]);
  const [removed, setRemoved] = useState<string[]>([]);

  if (first.status === 'error') return <ErrorState message={`The reports could not be loaded: ${first.message}`} onRetry={first.reload} />;
  if (!first.data) return <Loading what="your reports" />;
  const next = cursor ?? first.data.next_cursor;
  const items = [...first.data.items, ...extra].filter((r) => !removed.includes(r.id));

  const loadMore = async () => {
    if (!next) return;
    setMoreError(null);
    const { data, error } = await listReports(next).catch(() => ({ data: undefined, error: undefined }));
    if (!data) return setMoreError(errorMessage(error, 'The next reports could not be loaded; try again.'));
    setExtra((list) => [...list, ...data.items]);
    setCursor(data.next_cursor ?? '');
  };

  return (
    <section class="section" aria-labelledby="list-title">
      <h2 id="list-title">Your reports</h2>
      {items.length === 0 ? (
        <Empty title="No reports yet">
          <p>Make one with the form above; it appears here to download, share or delete.</p>
        </Empty>
      ) : (
        <ul class="item-list">
          {items.map((r) => (
            <ReportItem key={r.id} report={r} onDeleted={() => setRemoved((ids) => [...ids, r.id])} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" class="button" onClick={() => void loadMore()}>
          Show older reports
        </button>
      )}
      {moreError && (
        <p class="field-error" role="alert">
          {moreError}
        </p>
      )}
    </section>
  );
}

function ReportItem({ report, onDeleted }: { report: Report; onDeleted: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [share, setShare] = useState<{ url: string; expires: string } | null>(null);
  const [shareNote, setShareNote] = useState<string | null>(null);
  const expired = report.status === 'expired';

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setProblem(null);
    try {
      await action();
    } catch {
      setProblem('The server cannot be reached. Check that Pulseboard is running, then try again.');
    } finally {
      setBusy(null);
    }
  };

  const download = (format: ExportFormat) =>
    run(`download-${format}`, async () => {
      const { data, error, response } = await api.GET('/api/v1/analytics/reports/{id}', { params: { path: { id: report.id }, query: { format } }, parseAs: 'blob' });
      if (!data) return setProblem(errorMessage(error, response.status === 410 ? 'This report has expired; make it again.' : `The server answered ${response.status}.`));
      saveBlob(data, fileNameOf(response, `report-${report.id}.${format}`));
      reportUsage({ event: 'report_downloaded', detail: format });
    });

  const createShare = () =>
    run('share', async () => {
      const { data, error, response } = await api.POST('/api/v1/analytics/reports/{id}/share', { params: { path: { id: report.id } }, body: null });
      if (!data) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      setShare({ url: new URL(data.url, location.origin).href, expires: data.expires_at });
      setShareNote(null);
    });

  const copy = async () => {
    if (!share) return;
    try {
      await navigator.clipboard.writeText(share.url);
      setShareNote('Link copied.');
    } catch {
      setShareNote('Copying is not allowed here: select the link and copy it yourself.');
    }
  };

  const revoke = () =>
    run('revoke', async () => {
      const { error, response } = await api.DELETE('/api/v1/analytics/reports/{id}/share', { params: { path: { id: report.id } } });
      if (!response.ok) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      setShare(null);
      setShareNote('Every share link of this report now answers “not found”.');
    });

  const remove = () =>
    run('delete', async () => {
      const { error, response } = await api.DELETE('/api/v1/analytics/reports/{id}', { params: { path: { id: report.id } } });
      if (!response.ok && response.status !== 404) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      onDeleted();
    });

  const titleId = `report-${report.id}-title`;
  return (
    <li class="card item" aria-labelledby={titleId}>
      <div class="item-head">
        <h3 id={titleId}>{report.report_name}</h3>
        <span class={`badge${expired ? ' badge-bad' : ''}`}>{expired ? 'Expired' : FORMAT_LABELS[report.export_format]}</span>
      </div>
      <dl class="facts">
        <div>
          <dt>Type</dt>
          <dd>{TYPE_LABELS[report.report_type]}</dd>
        </div>
        <div>
          <dt>Period</dt>
          <dd>
            {formatDay(report.date_range_start)} – {formatDay(report.date_range_end)}
          </dd>
        </div>
        <div>
          <dt>Platforms</dt>
          <dd>{report.platforms.length === 0 || report.platforms.length === PLATFORMS.length ? 'All' : report.platforms.map(platformLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>Made</dt>
          <dd>{formatInstant(report.generated_at)}</dd>
        </div>
        <div>
          <dt>{expired ? 'Expired' : 'Kept until'}</dt>
          <dd>{formatInstant(report.expires_at)}</dd>
        </div>
        {report.schedule_id !== null && (
          <div>
            <dt>Made by</dt>
            <dd>a schedule</dd>
          </div>
        )}
      </dl>
      {expired ? (
        <p class="note">Its numbers are no longer kept: make the report again to download it.</p>
      ) : (
        <div class="actions" role="group" aria-label={`Download ${report.report_name}`}>
          {/* Its own format first, then the same numbers in the others. */}
          {[report.export_format, ...EXPORT_FORMATS.filter((f) => f !== report.export_format)].map((f) => (
            <button key={f} type="button" class="button" disabled={busy !== null} onClick={() => void download(f)} aria-label={`Download ${report.report_name} as ${FORMAT_LABELS[f]}`}>
              {busy === `download-${f}` ? 'Downloading…' : `Download ${FORMAT_LABELS[f]}`}
            </button>
          ))}
        </div>
      )}
      <div class="actions">
        {!expired && (
          <button type="button" class="button" disabled={busy !== null} onClick={() => void createShare()}>
            {busy === 'share' ? 'Making a link…' : share ? 'Make another link' : 'Share link'}
          </button>
        )}
        <button type="button" class="button button-quiet" disabled={busy !== null} onClick={() => void revoke()}>
          Revoke share links
        </button>
        {confirming ? (
          <span class="confirm" role="group" aria-label="Confirm deletion">
            <span>Delete it and its share links?</span>
            <button type="button" class="button button-danger" disabled={busy !== null} onClick={() => void remove()}>
              {busy === 'delete' ? 'Deleting…' : 'Delete'}
            </button>
            <button type="button" class="button button-quiet" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" class="button button-quiet" disabled={busy !== null} onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
      </div>
      {share && (
        <div class="share">
          <label>
            <span class="field-label">Share link (opens without signing in; works until {formatInstant(share.expires)})</span>
            <input type="text" readOnly value={share.url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          </label>
          <button type="button" class="button" onClick={() => void copy()}>
            Copy link
          </button>
        </div>
      )}
      <p class="note" role="status" aria-live="polite">
        {shareNote ?? ''}
      </p>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

function Schedules() {
  const schedules = useApi(listSchedules, []);
  const [removed, setRemoved] = useState<string[]>([]);
  return (
    <section class="section" aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      <p class="note">A schedule makes a report every week or month; each one appears in the list above, and is sent to the recipients you give.</p>
      <CreateSchedule onCreated={schedules.reload} />
      {schedules.status === 'error' ? (
        <ErrorState message={`The schedules could not be loaded: ${schedules.message}`} onRetry={schedules.reload} />
      ) : !schedules.data ? (
        <Loading what="your schedules" />
      ) : schedules.data.items.filter((s) => !removed.includes(s.id)).length === 0 ? (
        <Empty title="No schedules yet">
          <p>Add one above to get a report every week or month without asking.</p>
        </Empty>
      ) : (
        <ul class="item-list">
          {schedules.data.items
            .filter((s) => !removed.includes(s.id))
            .map((s) => (
              <ScheduleItem key={s.id} schedule={s} onDeleted={() => setRemoved((ids) => [...ids, s.id])} />
            ))}
        </ul>
      )}
    </section>
  );
}

const STATUS_WORDS: Record<NonNullable<Schedule['last_status']>, string> = {
  completed: 'made and delivered',
  completed_with_failed_deliveries: 'made, but not every recipient was reached',
  failed: 'failed: no report was made',
};

function ScheduleItem({ schedule, onDeleted }: { schedule: Schedule; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { error, response } = await api.DELETE('/api/v1/analytics/report-schedules/{id}', { params: { path: { id: schedule.id } } });
      if (response.ok || response.status === 404) onDeleted();
      else setProblem(errorMessage(error, `The server answered ${response.status}.`));
    } catch {
      setProblem('The server cannot be reached. Check that Pulseboard is running, then try again.');
    } finally {
      setBusy(false);
    }
  };
  const titleId = `schedule-${schedule.id}-title`;
  return (
    <li class="card item" aria-labelledby={titleId}>
      <div class="item-head">
        <h3 id={titleId}>{schedule.report_name}</h3>
        <span class="badge">{schedule.frequency === 'weekly' ? 'Weekly' : 'Monthly'}</span>
      </div>
      <dl class="facts">
        <div>
          <dt>Type and format</dt>
          <dd>
            {TYPE_LABELS[schedule.report_type]}, {FORMAT_LABELS[schedule.export_format]}
          </dd>
        </div>
        <div>
          <dt>Platforms</dt>
          <dd>{schedule.platforms.length === 0 || schedule.platforms.length === PLATFORMS.length ? 'All' : schedule.platforms.map(platformLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd>{formatInstant(schedule.next_run_at)}</dd>
        </div>
        <div>
          <dt>Last run</dt>
          <dd>{schedule.last_run_at ? `${formatInstant(schedule.last_run_at)}: ${schedule.last_status ? STATUS_WORDS[schedule.last_status] : '—'}` : 'Not run yet'}</dd>
        </div>
        <div>
          <dt>Sent to</dt>
          <dd>{schedule.recipients.length === 0 ? 'Nobody (kept here only)' : schedule.recipients.map((r) => ('email' in r ? r.email : r.webhook_url)).join(', ')}</dd>
        </div>
      </dl>
      {schedule.last_error && <p class="field-error">Last problem: {schedule.last_error}</p>}
      <div class="actions">
        {confirming ? (
          <span class="confirm" role="group" aria-label="Confirm deletion">
            <span>Delete this schedule? Its reports stay.</span>
            <button type="button" class="button button-danger" disabled={busy} onClick={() => void remove()}>
              {busy ? 'Deleting…' : 'Delete'}
            </button>
            <button type="button" class="button button-quiet" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" class="button button-quiet" onClick={() => setConfirming(true)}>
            Delete schedule…
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

function CreateSchedule({ onCreated }: { onCreated: () => void }) {
  const { timeZone } = useSession();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [type, setType] = useState<ReportType>('performance');
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [frequency, setFrequency] = useState<Frequency>('weekly');
  const [platforms, setPlatforms] = useState<string[]>([]);
  const [webhook, setWebhook] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const recipients = [...(webhook.trim() ? [{ webhook_url: webhook.trim() }] : []), ...(email.trim() ? [{ email: email.trim() }] : [])];
    const body: ScheduleBody = {
      report_name: name.trim() || `${frequency === 'weekly' ? 'Weekly' : 'Monthly'} ${TYPE_LABELS[type].toLowerCase()} report`,
      report_type: type,
      export_format: format,
      frequency,
      time_zone: timeZone,
      ...(platforms.length ? { platforms } : {}),
      ...(recipients.length ? { recipients } : {}),
    };
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await api.POST('/api/v1/analytics/report-schedules', { body });
      if (data) {
        setName('');
        setWebhook('');
        setEmail('');
        setOpen(false);
        onCreated();
      } else setProblem(errorMessage(error, `The server answered ${response.status}.`));
    } catch {
      setProblem('The server cannot be reached. Check that Pulseboard is running, then try again.');
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <p>
        <button type="button" class="button" onClick={() => setOpen(true)}>
          New schedule…
        </button>
      </p>
    );
  return (
    <form class="card form-grid section" onSubmit={submit} aria-labelledby="schedule-form-title">
      <h3 id="schedule-form-title" class="form-span">
        New schedule
      </h3>
      <label>
        <span class="field-label">Name (optional)</span>
        <input type="text" maxLength={200} value={name} onInput={(e) => setName(value(e))} />
      </label>
      <label>
        <span class="field-label">How often</span>
        <ChoiceSelect options={FREQUENCIES} labels={FREQUENCY_LABELS} value={frequency} onChange={setFrequency} describedBy="frequency-hint" />
      </label>
      <label>
        <span class="field-label">Type</span>
        <ChoiceSelect options={REPORT_TYPES} labels={TYPE_LABELS} value={type} onChange={setType} />
      </label>
      <label>
        <span class="field-label">Format</span>
        <ChoiceSelect options={EXPORT_FORMATS} labels={FORMAT_LABELS} value={format} onChange={setFormat} />
      </label>
      <fieldset class="form-span checks">
        <legend class="field-label">Platforms (none ticked: all)</legend>
        {PLATFORMS.map((p) => (
          <label key={p} class="check">
            <input type="checkbox" checked={platforms.includes(p)} onChange={(e) => setPlatforms(toggle(platforms, p, checked(e)))} /> {platformLabel(p)}
          </label>
        ))}
      </fieldset>
      <label>
        <span class="field-label">Send to a webhook (optional)</span>
        <input type="url" value={webhook} placeholder="https://example.com/hook" onInput={(e) => setWebhook(value(e))} />
      </label>
      <label>
        <span class="field-label">Send by e-mail (optional; needs e-mail set up on the server)</span>
        <input type="email" value={email} onInput={(e) => setEmail(value(e))} />
      </label>
      <p id="frequency-hint" class="note form-span">
        {FREQUENCY_HINTS[frequency]} Runs in your time zone ({timeZone}); each run's report appears in the list above.
      </p>
      <div class="form-span form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save schedule'}
        </button>
        <button type="button" class="button button-quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </form>
  );
}
