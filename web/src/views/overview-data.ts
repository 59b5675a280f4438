/**
 * The overview's two requests, in the entry chunk (not the view's) so that a
 * returning page can send them beside the view's chunk (routes.ts, `early`).
 */
import { api } from '../api/client.js';
import { requestEarly } from '../lib/early-answers.js';
import type { ViewState } from '../lib/view-state.js';

export function loadDashboard(query: ViewState['query']) {
  return api.GET('/api/v1/analytics/dashboard', { params: { query } });
}

export function loadGrowth(query: ViewState['query']) {
  return api.GET('/api/v1/analytics/growth', { params: { query: { ...query, granularity: 'day' } } });
}

export type Dashboard = NonNullable<Awaited<ReturnType<typeof loadDashboard>>['data']>;
export type Growth = NonNullable<Awaited<ReturnType<typeof loadGrowth>>['data']>;

/** The keys under which the overview's first load looks for early answers. */
export const overviewEarlyKeys = (view: ViewState) => ({ dashboard: `dashboard:${view.key}`, growth: `growth:${view.key}` });

export function requestOverviewEarly(view: ViewState): void {
  const keys = overviewEarlyKeys(view);
  requestEarly(keys.dashboard, () => loadDashboard(view.query));
  requestEarly(keys.growth, () => loadGrowth(view.query));
}
