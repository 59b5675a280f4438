/**
 * Feature usage, counted by the server in /metrics (views opened, reports
 * downloaded, ranges chosen): labels only, no personal data, fire and forget.
 */
import { api } from '../api/client.js';

export type UsageEvent =
  | { event: 'view_opened'; detail: 'overview' | 'platform' | 'content' | 'content_detail' | 'compare' | 'reports' | 'accounts' | 'settings' | 'insights' | 'alerts' | 'roi' }
  | { event: 'report_downloaded'; detail: 'pdf' | 'csv' | 'json' }
  | { event: 'range_chosen'; detail: '7d' | '28d' | '30d' | '90d' | 'this_month' | 'last_month' | 'this_year' | 'all' | 'custom' };

export function reportUsage(usage: UsageEvent): void {
  void api.POST('/api/v1/usage', { body: usage }).catch(() => undefined);
}
