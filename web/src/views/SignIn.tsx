/** Sign in and register: one form, two modes; errors say which field and why (from the API). */
import { useState } from 'preact/hooks';
import { api, errorMessage, setToken } from '../api/client.js';
import { navigate, onLinkClick } from '../lib/router.js';
import { rememberSession } from '../lib/session.js';

export default function SignIn({ mode }: { mode: 'sign-in' | 'register' }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const registering = mode === 'register';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body = registering ? { email, password, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone } : { email, password };
      const result = registering ? await api.POST('/api/v1/auth/register', { body }) : await api.POST('/api/v1/auth/login', { body });
      if (result.data) {
        rememberSession({ email: result.data.user.email, timeZone: result.data.user.timezone });
        setToken(result.data.token);
        // The sign-in and register addresses are not pages of the signed-in app: from there, to the overview.
        const onAuthPage = /^\/(login|register)(\/|$)/.test(location.pathname);
        navigate(registering ? '/accounts' : onAuthPage ? '/' : location.pathname + location.search, { replace: true });
      } else setProblem(errorMessage(result.error, registering ? 'Registration failed.' : 'Sign-in failed.'));
    } catch {
      setProblem('The server cannot be reached. Check that Pulseboard is running, then try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="auth">
      <h1 class="brand">Pulseboard</h1>
      <form class="card auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <h2 id="auth-title">{registering ? 'Create your account' : 'Sign in'}</h2>
        <label>
          <span class="field-label">E-mail</span>
          <input type="email" autocomplete="username" required value={email} onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          <span class="field-label">Password{registering ? ' (at least 10 characters)' : ''}</span>
          <input
            type="password"
            autocomplete={registering ? 'new-password' : 'current-password'}
            required
            minLength={registering ? 10 : undefined}
            value={password}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
        </button>
        <p class="auth-switch">
          {registering ? (
            <>
              Already have an account?{' '}
              <a href="/login" onClick={onLinkClick}>
                Sign in
              </a>
            </>
          ) : (
            <>
              New here?{' '}
              <a href="/register" onClick={onLinkClick}>
                Create an account
              </a>
              . Running the demo? The sign-in is printed in the server log at start.
            </>
          )}
        </p>
      </form>
    </main>
  );
}
