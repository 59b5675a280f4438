/** Loads a view's chunk, then renders it; a failed load (e.g. after a deploy) says to reload. */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { RouteDef } from '../routes.js';
import type { ViewProps } from '../views/view-props.js';
import { ErrorState, Loading } from './States.js';

const loaded = new Map<RouteDef, FunctionComponent<ViewProps>>();

export function LazyView({ route, params }: { route: RouteDef; params: Record<string, string> }) {
  const [View, setView] = useState<FunctionComponent<ViewProps> | null>(() => loaded.get(route) ?? null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const known = loaded.get(route);
    if (known) return setView(() => known);
    setView(null);
    let live = true;
    route
      .load()
      .then((module) => {
        loaded.set(route, module.default);
        if (live) setView(() => module.default);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [route]);
  if (failed) return <ErrorState message="This page could not be loaded. Reload the page to get the latest version." onRetry={() => location.reload()} />;
  if (!View) return <Loading what="the page" />;
  return <View params={params} />;
}
