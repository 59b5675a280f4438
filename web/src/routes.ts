/**
 * Which view answers which path. Each view is its own chunk (dynamic import),
 * so the first page loads only the shell and the view it shows.
 */
import type { FunctionComponent } from 'preact';
import { loadChartEngine } from './components/chart-engine-loader.js';
import type { ViewState } from './lib/view-state.js';
import { requestOverviewEarly } from './views/overview-data.js';
import type { ViewProps } from './views/view-props.js';

/** The shared controls of the toolbar that change what a view shows. */
export type ToolbarControl = 'range' | 'platforms';

export interface RouteDef {
  /** Path with :name segments. */
  pattern: string;
  load: () => Promise<{ default: FunctionComponent<ViewProps> }>;
  /** Only the controls the view reads are shown: a picker that changes nothing would mislead. */
  controls: readonly ToolbarControl[];
  /** Asks for the view's first figures before its chunk has arrived (early-answers.ts). */
  early?: (view: ViewState) => void;
}

/** A view that draws charts: the chart library is fetched beside the view's chunk, not once the view has arrived. */
function withCharts(load: RouteDef['load']): RouteDef['load'] {
  return () => {
    void loadChartEngine().catch(() => undefined);
    return load();
  };
}

const BOTH: readonly ToolbarControl[] = ['range', 'platforms'];
const NONE: readonly ToolbarControl[] = [];

export const ROUTES: readonly RouteDef[] = [
  { pattern: '/', load: withCharts(() => import('./views/Overview.js')), controls: BOTH, early: requestOverviewEarly },
  { pattern: '/platform/:platform', load: withCharts(() => import('./views/Platform.js')), controls: ['range'] },
  { pattern: '/content', load: () => import('./views/ContentList.js'), controls: BOTH },
  { pattern: '/content/:id', load: withCharts(() => import('./views/ContentDetail.js')), controls: NONE },
  { pattern: '/compare', load: withCharts(() => import('./views/Compare.js')), controls: BOTH },
  { pattern: '/insights', load: withCharts(() => import('./views/Insights.js')), controls: BOTH },
  { pattern: '/alerts', load: () => import('./views/Alerts.js'), controls: BOTH },
  { pattern: '/roi', load: () => import('./views/Roi.js'), controls: BOTH },
  { pattern: '/reports', load: () => import('./views/Reports.js'), controls: NONE },
  { pattern: '/accounts', load: () => import('./views/Accounts.js'), controls: NONE },
  { pattern: '/accounts/connected/:platform', load: () => import('./views/OAuthReturn.js'), controls: NONE },
  { pattern: '/settings', load: () => import('./views/Settings.js'), controls: NONE },
];

export interface NavItem {
  href: string;
  label: string;
  match: (path: string) => boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview', match: (p) => p === '/' },
  // One entry per platform: each platform's page is one click away.
  { href: '/platform/youtube', label: 'YouTube', match: (p) => p === '/platform/youtube' },
  { href: '/platform/tiktok', label: 'TikTok', match: (p) => p === '/platform/tiktok' },
  { href: '/platform/instagram', label: 'Instagram', match: (p) => p === '/platform/instagram' },
  { href: '/platform/twitter', label: 'X', match: (p) => p === '/platform/twitter' },
  { href: '/content', label: 'Content', match: (p) => p === '/content' || p.startsWith('/content/') },
  { href: '/compare', label: 'Compare', match: (p) => p === '/compare' },
  { href: '/insights', label: 'Insights', match: (p) => p === '/insights' },
  { href: '/alerts', label: 'Alerts', match: (p) => p === '/alerts' },
  { href: '/roi', label: 'ROI', match: (p) => p === '/roi' },
  { href: '/reports', label: 'Reports', match: (p) => p === '/reports' },
  { href: '/accounts', label: 'Accounts', match: (p) => p === '/accounts' || p.startsWith('/accounts/') },
  { href: '/settings', label: 'Settings', match: (p) => p === '/settings' },
];

/** The route and its parameters for a path, or null. */
export function matchRoute(path: string): { route: RouteDef; params: Record<string, string> } | null {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  for (const route of ROUTES) {
    const pattern = route.pattern.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(parts[i]!);
        return true;
      }
      return segment === parts[i];
    });
    if (matches) return { route, params };
  }
  return null;
}
