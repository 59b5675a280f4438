/**
 * Alert settings: how far from the usual a day or post must be (robust
 * z-score thresholds), the cool-down that keeps one episode one alert, and
 * delivery by e-mail and to a signed webhook. The webhook secret is shown
 * only in the answer that generated it.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import { ErrorState, Loading } from '../../components/States.js';
import { useApi } from '../../lib/use-api.js';
import { errorFor, fieldErrorOf, formError, type FieldError } from './field-error.js';

function loadSettings() {
  return api.GET('/api/v1/me/alert-settings');
}
type Settings = NonNullable<Awaited<ReturnType<typeof loadSettings>>['data']>;

const FIELDS = ['thresholds.spike', 'thresholds.drop', 'thresholds.viral', 'cooldown_days', 'email', 'webhook_url', 'rotate_webhook_secret'];

export function AlertSettings() {
  const settings = useApi(loadSettings, []);
  return (
    <section class="section card" aria-labelledby="alert-settings-title">
      <h2 id="alert-settings-title">Alert settings</h2>
      {settings.status === 'error' ? (
        <ErrorState message={settings.message} onRetry={settings.reload} />
      ) : !settings.data ? (
        <Loading what="your alert settings" />
      ) : (
        <SettingsForm initial={settings.data} />
      )}
    </section>
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const [spike, setSpike] = useState(String(initial.thresholds.spike));
  const [drop, setDrop] = useState(String(initial.thresholds.drop));
  const [viral, setViral] = useState(String(initial.thresholds.viral));
  const [cooldown, setCooldown] = useState(String(initial.cooldown_days));
  const [email, setEmail] = useState(initial.email);
  const [webhook, setWebhook] = useState(initial.webhook_url ?? '');
  const [secretSet, setSecretSet] = useState(initial.webhook_secret_set);
  const [error, setError] = useState<FieldError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setSaved(null), [spike, drop, viral, cooldown, email, webhook]);

  const save = async (rotate: boolean) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const result = await api.PUT('/api/v1/me/alert-settings', {
        body: {
          thresholds: { spike: Number(spike), drop: Number(drop), viral: Number(viral) },
          cooldown_days: Number(cooldown),
          email,
          webhook_url: webhook.trim() === '' ? null : webhook.trim(),
          ...(rotate ? { rotate_webhook_secret: true } : {}),
        },
      });
      if (result.error || !result.data) {
        setError(fieldErrorOf(result.error, 'The settings could not be saved.'));
        return;
      }
      setSecretSet(result.data.webhook_secret_set);
      setSecret(result.data.webhook_secret);
      setSaved('Saved.');
    } catch {
      setError({ field: null, message: 'The server cannot be reached; try again.' });
    } finally {
      setBusy(false);
    }
  };

  const number = (id: string, label: string, help: string, value: string, set: (v: string) => void, field: string, step: string) => {
    const message = errorFor(error, field);
    return (
      <div>
        <label for={id} class="field-label">
          {label}
        </label>
        <input id={id} type="number" inputMode="decimal" step={step} value={value} onInput={(e) => set(e.currentTarget.value)} aria-describedby={`${id}-help${message ? ` ${id}-error` : ''}`} aria-invalid={message ? 'true' : undefined} />
        <p id={`${id}-help`} class="note">
          {help}
        </p>
        {message && (
          <p id={`${id}-error`} class="field-error">
            {message}
          </p>
        )}
      </div>
    );
  };

  const webhookError = errorFor(error, 'webhook_url') ?? errorFor(error, 'rotate_webhook_secret');
  const emailError = errorFor(error, 'email');
  const general = formError(error, FIELDS);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
      noValidate
    >
      <p class="note">Thresholds are robust z-scores: how many typical deviations from the usual value a day or post must be before it is an alert. Higher means fewer alerts.</p>
      <div class="form-grid">
        {number('alert-spike', 'Spike threshold', 'A day this far above its usual', spike, setSpike, 'thresholds.spike', '0.1')}
        {number('alert-drop', 'Drop threshold', 'A day this far below its usual', drop, setDrop, 'thresholds.drop', '0.1')}
        {number('alert-viral', 'Viral threshold', 'A post this far above your usual at its age (log scale)', viral, setViral, 'thresholds.viral', '0.1')}
        {number('alert-cooldown', 'Cool-down (days)', 'Standing out again within this many days continues the same alert', cooldown, setCooldown, 'cooldown_days', '1')}
        <div class="wide">
          <label class="checkbox">
            <input type="checkbox" checked={email} disabled={!initial.email_available && !email} onChange={(e) => setEmail(e.currentTarget.checked)} aria-describedby="alert-email-help" />
            Mail alerts to me
          </label>
          <p id="alert-email-help" class="note">
            {initial.email_available ? 'Sent to the address you sign in with.' : 'This server has no e-mail configured (SMTP_URL and SMTP_FROM); use a webhook instead.'}
          </p>
          {emailError && <p class="field-error">{emailError}</p>}
        </div>
        <div class="wide">
          <label for="alert-webhook" class="field-label">
            Webhook URL (optional)
          </label>
          <input
            id="alert-webhook"
            type="url"
            inputMode="url"
            placeholder="https://example.com/hooks/pulseboard"
            value={webhook}
            onInput={(e) => setWebhook(e.currentTarget.value)}
            aria-describedby={`alert-webhook-help${webhookError ? ' alert-webhook-error' : ''}`}
            aria-invalid={webhookError ? 'true' : undefined}
          />
          <p id="alert-webhook-help" class="note">
            Each alert is POSTed as JSON, signed with X-Pulseboard-Signature-256 (HMAC-SHA256 of the body with your secret). Leave empty to stop webhooks.
            {secretSet ? ' A secret is set.' : ''}
          </p>
          {webhookError && (
            <p id="alert-webhook-error" class="field-error">
              {webhookError}
            </p>
          )}
        </div>
      </div>
      {secret && (
        <div role="status">
          <p>Your webhook secret (shown only now; keep it):</p>
          <p class="secret">{secret}</p>
        </div>
      )}
      {general && (
        <p class="field-error" role="alert">
          {general}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          Save settings
        </button>
        {secretSet && initial.webhook_url !== null && (
          <button type="button" class="button" disabled={busy} onClick={() => void save(true)}>
            New webhook secret
          </button>
        )}
        {saved && (
          <span class="saved" role="status">
            {saved}
          </span>
        )}
      </div>
    </form>
  );
}
