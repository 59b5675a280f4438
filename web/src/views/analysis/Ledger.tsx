/**
 * The ledger of costs and revenue behind the ROI figures: every entry,
 * newest first, one page at a time with the API's cursor; add, edit and
 * delete, with the API's validation errors shown next to the field it names.
 */
import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { Empty, ErrorState, Loading } from '../../components/States.js';
import { formatDay, platformLabel } from '../../lib/format.js';
import { isId, shortId } from '../../lib/ids.js';
import { hrefWithState, onLinkClick } from '../../lib/router.js';
import { useApi } from '../../lib/use-api.js';
import { errorFor, fieldErrorOf, formError, type FieldError } from './field-error.js';
import { formatMoney } from './money.js';

const PAGE_SIZE = 20;

function loadLedger(cursor: string | undefined) {
  return api.GET('/api/v1/ledger', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } });
}
type Entry = NonNullable<Awaited<ReturnType<typeof loadLedger>>['data']>['items'][number];
type CreateBody = paths['/api/v1/ledger']['post']['requestBody']['content']['application/json'];

const CATEGORY_WORDS: Record<Entry['category'], string> = {
  production: 'Production',
  ad_spend: 'Ad spend',
  fees: 'Fees',
  tools: 'Tools',
  sponsorship: 'Sponsorship',
  affiliate: 'Affiliate',
  platform_payout: 'Platform payout',
  other: 'Other',
};
const CATEGORIES = Object.keys(CATEGORY_WORDS) as Entry['category'][];
const PLATFORM_CHOICES = ['youtube', 'tiktok', 'instagram', 'twitter'] as const satisfies readonly NonNullable<Entry['platform']>[];
/** What the amount and currency patterns ask for, in words. */
const PATTERN_HINTS: Record<string, string> = {
  amount: 'Write a number above 0 with exactly two decimal places, e.g. 12.50 (a point, not a comma).',
  currency: 'Write the three capital letters of an ISO 4217 code, e.g. EUR.',
};
const FIELDS = ['kind', 'amount', 'currency', 'date', 'category', 'platform', 'content_id', 'campaign', 'note'];

export function Ledger({ onChanged }: { onChanged: () => void }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const ledger = useApi(() => loadLedger(cursor), [cursor]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const changed = () => {
    setEditing(null);
    ledger.reload();
    onChanged();
  };

  return (
    <section class="section card" aria-labelledby="ledger-title">
      <div class="card-head">
        <h2 id="ledger-title">Ledger</h2>
        {editing !== 'new' && (
          <button type="button" class="button button-primary" onClick={() => setEditing('new')}>
            Add an entry
          </button>
        )}
      </div>
      <p class="note">Every entry, newest first. Amounts are kept exactly as typed, in their own currency.</p>
      {editing === 'new' && <EntryForm entry={null} onSaved={changed} onCancel={() => setEditing(null)} />}
      {ledger.status === 'error' ? (
        <ErrorState message={ledger.message} onRetry={ledger.reload} />
      ) : !ledger.data ? (
        <Loading what="your ledger" />
      ) : ledger.data.items.length === 0 ? (
        <Empty title={cursors.length > 1 ? 'No more entries' : 'The ledger is empty'}>
          <p>Add what you spent (production, ads, tools…) and what you earned (sponsorships, affiliate…) to see your ROI above.</p>
        </Empty>
      ) : (
        <ul class="alert-list">
          {ledger.data.items.map((entry) =>
            editing === entry.id ? (
              <li key={entry.id} class="card">
                <EntryForm entry={entry} onSaved={changed} onCancel={() => setEditing(null)} />
              </li>
            ) : (
              <EntryItem key={entry.id} entry={entry} onEdit={() => setEditing(entry.id)} onDeleted={changed} />
            ),
          )}
        </ul>
      )}
      {ledger.data && (cursors.length > 1 || ledger.data.next_cursor) && (
        <nav class="pager" aria-label="Ledger pages">
          <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <span>Page {cursors.length}</span>
          <button type="button" disabled={!ledger.data.next_cursor} onClick={() => ledger.data?.next_cursor && setCursors([...cursors, ledger.data.next_cursor])}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}

function EntryItem({ entry, onEdit, onDeleted }: { entry: Entry; onEdit: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    if (!window.confirm(`Delete this ${entry.kind} of ${formatMoney(entry.amount, entry.currency)}?`)) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.DELETE('/api/v1/ledger/{id}', { params: { path: { id: entry.id } } });
      if (result.response.ok) onDeleted();
      else setError(errorMessage(result.error, 'The entry could not be deleted.'));
    } catch {
      setError('The server cannot be reached; try again.');
    } finally {
      setBusy(false);
    }
  };
  const headingId = `ledger-${entry.id}`;
  return (
    <li class="card alert-item" aria-labelledby={headingId}>
      <div class="alert-head">
        <span class={`badge badge-${entry.kind === 'cost' ? 'drop' : 'spike'}`}>{entry.kind === 'cost' ? 'Cost' : 'Revenue'}</span>
        <h3 id={headingId} class="money">
          {formatMoney(entry.amount, entry.currency)}
        </h3>
        <span>
          {CATEGORY_WORDS[entry.category]} · {formatDay(entry.date)}
        </span>
      </div>
      <p class="note">
        {entry.platform ? platformLabel(entry.platform) : 'No platform'}
        {entry.campaign ? ` · campaign “${entry.campaign}”` : ''}
        {entry.content_id !== null && (
          <>
            {' · '}
            <a href={hrefWithState(`/content/${entry.content_id}`)} onClick={onLinkClick}>
              content {shortId(entry.content_id)}
            </a>
          </>
        )}
      </p>
      {entry.note && <p class="record-summary" style={{ fontWeight: 'normal' }}>{entry.note}</p>}
      <div class="alert-actions">
        <button type="button" class="button" disabled={busy} onClick={onEdit} aria-label={`Edit ${entry.kind} of ${formatMoney(entry.amount, entry.currency)} on ${formatDay(entry.date)}`}>
          Edit
        </button>
        <button type="button" class="button button-danger" disabled={busy} onClick={() => void remove()} aria-label={`Delete ${entry.kind} of ${formatMoney(entry.amount, entry.currency)} on ${formatDay(entry.date)}`}>
          Delete
        </button>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function EntryForm({ entry, onSaved, onCancel }: { entry: Entry | null; onSaved: () => void; onCancel: () => void }) {
  const [kind, setKind] = useState<Entry['kind']>(entry?.kind ?? 'cost');
  const [amount, setAmount] = useState(entry?.amount ?? '');
  const [currency, setCurrency] = useState(entry?.currency ?? 'USD');
  const [date, setDate] = useState(entry?.date ?? today());
  const [category, setCategory] = useState<Entry['category']>(entry?.category ?? 'production');
  const [platform, setPlatform] = useState<string>(entry?.platform ?? '');
  const [contentId, setContentId] = useState(entry?.content_id ?? '');
  const [campaign, setCampaign] = useState(entry?.campaign ?? '');
  const [note, setNote] = useState(entry?.note ?? '');
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `ledger-${entry?.id ?? 'new'}`;

  const submit = async () => {
    setBusy(true);
    setError(null);
    const chosenPlatform = PLATFORM_CHOICES.find((p) => p === platform) ?? null;
    const content = contentId.trim() === '' ? null : contentId.trim();
    if (content !== null && !isId(content)) {
      setError({ field: 'content_id', message: 'must be a content id: the code after /content/ in a post’s address' });
      setBusy(false);
      return;
    }
    const body: CreateBody = {
      kind,
      amount: amount.trim(),
      currency: currency.trim().toUpperCase(),
      date,
      category,
      platform: chosenPlatform,
      content_id: content,
      campaign: campaign.trim() === '' ? null : campaign.trim(),
      note,
    };
    try {
      const result = entry
        ? await api.PATCH('/api/v1/ledger/{id}', { params: { path: { id: entry.id } }, body })
        : await api.POST('/api/v1/ledger', { body });
      if (result.error || !result.data) setError(fieldErrorOf(result.error, 'The entry could not be saved.'));
      else onSaved();
    } catch {
      setError({ field: null, message: 'The server cannot be reached; try again.' });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, label: string, control: (describedBy: string | undefined, invalid: boolean) => preact.JSX.Element, help?: string, wide = false) => {
    const message = errorFor(error, name, PATTERN_HINTS[name]);
    const ids = [help ? `${prefix}-${name}-help` : null, message ? `${prefix}-${name}-error` : null].filter(Boolean).join(' ');
    return (
      <div class={wide ? 'wide' : undefined}>
        <label for={`${prefix}-${name}`} class="field-label">
          {label}
        </label>
        {control(ids || undefined, message !== null)}
        {help && (
          <p id={`${prefix}-${name}-help`} class="note">
            {help}
          </p>
        )}
        {message && (
          <p id={`${prefix}-${name}-error`} class="field-error">
            {message}
          </p>
        )}
      </div>
    );
  };
  const general = formError(error, FIELDS);

  return (
    <form
      class="ledger-form"
      aria-label={entry ? 'Edit ledger entry' : 'New ledger entry'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{entry ? 'Edit entry' : 'New entry'}</h3>
      <div class="form-grid">
        {field('kind', 'Kind', (d, invalid) => (
          <select id={`${prefix}-kind`} value={kind} aria-describedby={d} aria-invalid={invalid || undefined} onChange={(e) => setKind(e.currentTarget.value === 'revenue' ? 'revenue' : 'cost')}>
            <option value="cost">Cost</option>
            <option value="revenue">Revenue</option>
          </select>
        ))}
        {field(
          'amount',
          'Amount',
          (d, invalid) => (
            <input id={`${prefix}-amount`} inputMode="decimal" placeholder="12.50" value={amount} aria-describedby={d} aria-invalid={invalid || undefined} onInput={(e) => setAmount(e.currentTarget.value)} />
          ),
          'Two decimal places, e.g. 12.50',
        )}
        {field(
          'currency',
          'Currency',
          (d, invalid) => (
            <input id={`${prefix}-currency`} maxLength={3} autoCapitalize="characters" value={currency} aria-describedby={d} aria-invalid={invalid || undefined} onInput={(e) => setCurrency(e.currentTarget.value)} />
          ),
          'ISO code, e.g. USD, EUR',
        )}
        {field('date', 'Date', (d, invalid) => (
          <input id={`${prefix}-date`} type="date" value={date} aria-describedby={d} aria-invalid={invalid || undefined} onInput={(e) => setDate(e.currentTarget.value)} />
        ))}
        {field('category', 'Category', (d, invalid) => (
          <select id={`${prefix}-category`} value={category} aria-describedby={d} aria-invalid={invalid || undefined} onChange={(e) => setCategory(CATEGORIES.find((c) => c === e.currentTarget.value) ?? 'other')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_WORDS[c]}
              </option>
            ))}
          </select>
        ))}
        {field('platform', 'Platform', (d, invalid) => (
          <select id={`${prefix}-platform`} value={platform} aria-describedby={d} aria-invalid={invalid || undefined} onChange={(e) => setPlatform(e.currentTarget.value)}>
            <option value="">None</option>
            {PLATFORM_CHOICES.map((p) => (
              <option key={p} value={p}>
                {platformLabel(p)}
              </option>
            ))}
          </select>
        ))}
        {field(
          'content_id',
          'Content id (optional)',
          (d, invalid) => (
            <input id={`${prefix}-content_id`} spellcheck={false} autoComplete="off" value={contentId} aria-describedby={d} aria-invalid={invalid || undefined} onInput={(e) => setContentId(e.currentTarget.value)} />
          ),
          'The code after /content/ in a post’s address',
        )}
        {field('campaign', 'Campaign (optional)', (d, invalid) => (
          <input id={`${prefix}-campaign`} maxLength={100} value={campaign} aria-describedby={d} aria-invalid={invalid || undefined} onInput={(e) => setCampaign(e.currentTarget.value)} />
        ))}
        {field(
          'note',
          'Note (optional)',
          (d, invalid) => (
            <textarea id={`${prefix}-note`} rows={2} maxLength={2000} value={note} aria-describedby={d} aria-invalid={invalid || undefined} onInput={(e) => setNote(e.currentTarget.value)} />
          ),
          undefined,
          true,
        )}
      </div>
      {general && (
        <p class="field-error" role="alert">
          {general}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {entry ? 'Save changes' : 'Add entry'}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
