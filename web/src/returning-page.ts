/**
 * A returning page starts at once what its first view needs: the view's
 * chunk (the browser keeps one copy of a module, so the view's own load later
 * finds it there) and, when the session of the last visit is remembered, the
 * view's figures, beside GET /me instead of after it. main.tsx imports this
 * module first, so it runs before the rest of the app is even evaluated.
 */
import { token } from './api/client.js';
import { viewStateOf } from './lib/view-state.js';
import { rememberedSession } from './lib/session.js';
import { matchRoute } from './routes.js';

if (token()) {
  const first = matchRoute(location.pathname);
  const remembered = rememberedSession();
  // The figures first: they take the server longest, and the browser opens few connections at a time.
  if (remembered) first?.route.early?.(viewStateOf(new URLSearchParams(location.search), remembered.timeZone));
  void first?.route.load().catch(() => undefined);
}
