/**
 * Settings: your time zone (day boundaries), the brand on your reports,
 * signing out everywhere, a copy of all your data, and deleting the account.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage, setToken } from '../api/client.js';
import { ErrorState, Loading } from '../components/States.js';
import { fileNameOf, saveBlob } from '../lib/download.js';
import { rememberSession, useSession } from '../lib/session.js';
import { reportUsage } from '../lib/usage.js';
import { useApi } from '../lib/use-api.js';
import type { ViewProps } from './view-props.js';
import './manage.css';

const UNREACHABLE = 'The server cannot be reached. Check that Pulseboard is running, then try again.';
const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;

/** The browser's list of IANA zones where it has one; the user's own zone is always offered. */
function zoneChoices(current: string): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([current, 'UTC', ...supported])].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

export default function Settings(_props: ViewProps) {
  useEffect(() => reportUsage({ event: 'view_opened', detail: 'settings' }), []);
  return (
    <div data-testid="settings">
      <h1>Settings</h1>
      <TimeZone />
      <Brand />
      <Sessions />
      <ExportData />
      <DeleteAccount />
    </div>
  );
}

function TimeZone() {
  const session = useSession();
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [zone, setZone] = useState(session.timeZone);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await api.PATCH('/api/v1/me', { body: { timezone: zone } });
      if (!data) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      setSaved(data.user.timezone);
      rememberSession({ email: data.user.email, timeZone: data.user.timezone });
      // Every view reads the zone from the session: start afresh so all of them count days in the new one.
      setTimeout(() => location.reload(), 1200);
    } catch {
      setProblem(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="section card" aria-labelledby="tz-title">
      <h2 id="tz-title">Time zone</h2>
      <p class="note">Days start and end at midnight in this zone: in every figure, range preset, report and schedule.</p>
      <form class="form-grid" onSubmit={save}>
        <label>
          <span class="field-label">Your time zone</span>
          <select value={zone} onChange={(e) => setZone(value(e))}>
            {zoneChoices(session.timeZone).map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy || zone === session.timeZone}>
            {busy ? 'Saving (the daily figures are recounted)…' : 'Save time zone'}
          </button>
          {browserZone && browserZone !== zone && (
            <button type="button" class="button button-quiet" onClick={() => setZone(browserZone)}>
              Use this device's zone ({browserZone.replace(/_/g, ' ')})
            </button>
          )}
        </div>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {saved && <p role="status">Saved: days now follow {saved}. Reloading…</p>}
    </section>
  );
}

const HEX = /^#[0-9a-fA-F]{6}$/;

function Brand() {
  const brand = useApi(() => api.GET('/api/v1/me/brand'), []);
  const [name, setName] = useState<string | null>(null);
  const [color, setColor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  if (brand.status === 'error' && !brand.data) return <ErrorState message={`The report brand could not be loaded: ${brand.message}`} onRetry={brand.reload} />;
  if (!brand.data) return <Loading what="your report brand" />;
  const shownName = name ?? brand.data.name;
  const shownColor = color ?? brand.data.color;

  const send = async (body: { name?: string | null; color?: string | null }) => {
    setBusy(true);
    setProblem(null);
    setSaved(false);
    try {
      const { data, error, response } = await api.PATCH('/api/v1/me/brand', { body });
      if (!data) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      setName(null);
      setColor(null);
      setSaved(true);
      brand.reload();
    } catch {
      setProblem(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };

  const save = (event: Event) => {
    event.preventDefault();
    if (!shownName.trim()) return setProblem('Give a name, or use "Back to the default".');
    if (!HEX.test(shownColor)) return setProblem('The colour must look like #1a73e8.');
    void send({ name: shownName.trim(), color: shownColor });
  };

  return (
    <section class="section card" aria-labelledby="brand-title">
      <h2 id="brand-title">Report brand</h2>
      <p class="note">The name and colour printed on your PDF reports.</p>
      <form class="form-grid" onSubmit={save}>
        <label>
          <span class="field-label">Name</span>
          <input type="text" maxLength={120} value={shownName} onInput={(e) => setName(value(e))} />
        </label>
        <div class="form-pair">
          <label>
            <span class="field-label">Colour</span>
            <input type="color" value={HEX.test(shownColor) ? shownColor : '#000000'} onInput={(e) => setColor(value(e))} />
          </label>
          <label>
            <span class="field-label">Hex</span>
            <input type="text" value={shownColor} maxLength={7} pattern="#[0-9a-fA-F]{6}" onInput={(e) => setColor(value(e))} />
          </label>
        </div>
        <div class="brand-preview form-span" aria-hidden="true" style={{ borderColor: HEX.test(shownColor) ? shownColor : undefined }}>
          <span class="brand-swatch" style={{ background: HEX.test(shownColor) ? shownColor : undefined }} />
          {shownName}
        </div>
        <div class="form-span form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            Save brand
          </button>
          <button type="button" class="button button-quiet" disabled={busy} onClick={() => void send({ name: null, color: null })}>
            Back to the default
          </button>
        </div>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <p class="note" role="status">
        {saved ? 'Saved: new reports carry this brand.' : ''}
      </p>
    </section>
  );
}

function Sessions() {
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const signOutEverywhere = async () => {
    setProblem(null);
    try {
      const { error, response } = await api.DELETE('/api/v1/me/sessions');
      if (!response.ok) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      setToken(null);
    } catch {
      setProblem(UNREACHABLE);
    }
  };
  return (
    <section class="section card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sign out everywhere</h2>
      <p class="note">Every browser and script signed in as you (this one too) has to sign in again. Use it when a device is lost or a token may have leaked.</p>
      {confirming ? (
        <div class="confirm" role="group" aria-label="Confirm signing out everywhere">
          <span>Sign out every session now?</span>
          <button type="button" class="button button-danger" onClick={() => void signOutEverywhere()}>
            Sign out everywhere
          </button>
          <button type="button" class="button button-quiet" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" class="button" onClick={() => setConfirming(true)}>
          Sign out of all sessions…
        </button>
      )}
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function ExportData() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data, error, response } = await api.GET('/api/v1/me/export', { parseAs: 'blob' });
      if (!data) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      saveBlob(data, fileNameOf(response, 'pulseboard-export.json'));
    } catch {
      setProblem(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="section card" aria-labelledby="export-title">
      <h2 id="export-title">Export my data</h2>
      <p class="note">Everything Pulseboard stores about you — accounts (never their tokens), posts, every figure, reports — as one JSON file.</p>
      <button type="button" class="button" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing the file…' : 'Download my data (JSON)'}
      </button>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function DeleteAccount() {
  const { email } = useSession();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const matches = typed.trim().toLowerCase() === email.toLowerCase();
  const remove = async (event: Event) => {
    event.preventDefault();
    if (!matches) return setProblem('Type your e-mail address exactly to confirm.');
    setBusy(true);
    setProblem(null);
    try {
      const { error, response } = await api.DELETE('/api/v1/me');
      if (!response.ok) return setProblem(errorMessage(error, `The server answered ${response.status}.`));
      setToken(null);
    } catch {
      setProblem(UNREACHABLE);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="section card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete my account</h2>
      <p>This deletes your account, your connected accounts and every figure, report and schedule at once. It cannot be undone; export your data first if you may want it.</p>
      <form class="form-grid" onSubmit={remove}>
        <label class="form-span">
          <span class="field-label">Type your e-mail address ({email}) to confirm</span>
          <input type="email" autoComplete="off" value={typed} onInput={(e) => setTyped(value(e))} />
        </label>
        <div class="form-span form-actions">
          <button type="submit" class="button button-danger" disabled={busy || !matches}>
            {busy ? 'Deleting…' : 'Delete my account and all its data'}
          </button>
        </div>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
