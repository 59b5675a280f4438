/**
 * The shell: signed out → sign in / register; signed in → navigation, the
 * range and platform pickers, the live status, and the view of the path.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, onTokenChange, setToken, token } from './api/client.js';
import { LazyView } from './components/LazyView.js';
import { LiveIndicator } from './components/LiveIndicator.js';
import { Nav } from './components/Nav.js';
import { PlatformFilter } from './components/PlatformFilter.js';
import { ReauthNotice } from './components/ReauthNotice.js';
import { RangePicker } from './components/RangePicker.js';
import { ErrorState, Loading } from './components/States.js';
import { setLiveWanted } from './lib/live.js';
import { useLocation } from './lib/router.js';
import { rememberedSession, rememberSession, sameSession, SessionContext, type Session } from './lib/session.js';
import { matchRoute } from './routes.js';
import SignIn from './views/SignIn.js';

function useToken(): string | null {
  const [current, setCurrent] = useState(token());
  useEffect(() => onTokenChange(() => setCurrent(token())), []);
  return current;
}

export function App() {
  const current = useToken();
  const { path } = useLocation();
  // The session the API gave last time, if any: the views start at once, GET /me confirms or corrects it.
  const [session, setSession] = useState<Session | null>(() => (current ? rememberedSession() : null));
  const [sessionError, setSessionError] = useState<string | null>(null);

  useEffect(() => {
    setSessionError(null);
    setLiveWanted(Boolean(current));
    if (!current) {
      rememberSession(null);
      setSession(null);
      return;
    }
    setSession((shown) => (sameSession(shown, rememberedSession()) ? shown : rememberedSession()));
    // After signing in: the view's chunk while the account loads, not after.
    void matchRoute(location.pathname)?.route.load().catch(() => undefined);
    api
      .GET('/api/v1/me')
      .then(({ data, response }) => {
        if (data) {
          const confirmed = { email: data.user.email, timeZone: data.user.timezone };
          rememberSession(confirmed);
          // The same answer as the remembered one changes nothing on screen (and loads nothing again).
          setSession((shown) => (sameSession(shown, confirmed) ? shown : confirmed));
        } else if (response.status !== 401) setSessionError(`The server answered ${response.status}.`);
      })
      .catch(() => setSessionError('The server cannot be reached. Check that Pulseboard is running, then reload.'));
  }, [current]);

  if (!current) return <SignIn mode={path.startsWith('/register') ? 'register' : 'sign-in'} />;
  if (sessionError) return <ErrorState message={sessionError} onRetry={() => location.reload()} />;
  if (!session) return <Loading what="your account" />;

  const signOut = async () => {
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    setToken(null);
  };
  const matched = matchRoute(path);
  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="layout">
        <Nav email={session.email} onSignOut={signOut} />
        <div class="page">
          <header class="toolbar">
            {matched?.route.controls.includes('range') && <RangePicker />}
            {matched?.route.controls.includes('platforms') && <PlatformFilter />}
            <LiveIndicator />
          </header>
          <main id="main" tabIndex={-1}>
            {/* Every page says when an account needs connecting again; Accounts itself shows it per account. */}
            {!path.startsWith('/accounts') && <ReauthNotice />}
            {matched ? <LazyView route={matched.route} params={matched.params} /> : <ErrorState message="There is no page at this address. Use the menu to find your way." />}
          </main>
        </div>
      </div>
    </SessionContext.Provider>
  );
}
