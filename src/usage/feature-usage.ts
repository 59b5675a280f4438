/**
 * Which analytics features people use (issue 9, "usage counted"): views
 * opened, reports downloaded, ranges chosen, counted per feature in the
 * Prometheus registry served at /metrics.
 *
 * No personal data: the labels are the event and a detail from the closed
 * lists below, never a user, an id, a URL or a free text, so the counter's
 * series are bounded (3 events × at most 11 details) and say nothing about who.
 */
import { Counter, type Registry } from 'prom-client';

export const USAGE_DETAILS = {
  view_opened: ['overview', 'platform', 'content', 'content_detail', 'compare', 'reports', 'accounts', 'settings', 'insights', 'alerts', 'roi'],
  report_downloaded: ['pdf', 'csv', 'json'],
  range_chosen: ['7d', '28d', '30d', '90d', 'this_month', 'last_month', 'this_year', 'all', 'custom'],
} as const;

export type UsageEvent = keyof typeof USAGE_DETAILS;
export const USAGE_EVENTS = Object.keys(USAGE_DETAILS) as UsageEvent[];
export type UsageDetail<E extends UsageEvent = UsageEvent> = (typeof USAGE_DETAILS)[E][number];

export function isUsageDetail<E extends UsageEvent>(event: E, detail: string): detail is UsageDetail<E> {
  return (USAGE_DETAILS[event] as readonly string[]).includes(detail);
}

export interface FeatureUsage {
  count<E extends UsageEvent>(event: E, detail: UsageDetail<E>): void;
}

/** The counter on `registry` (one per registry); every series starts at 0, so an unused feature shows as 0, not missing. */
export function featureUsage(registry: Registry): FeatureUsage {
  const counter = new Counter({
    name: 'pulseboard_feature_usage_total',
    help: 'Analytics features used in the web app: views opened, reports downloaded, ranges chosen',
    labelNames: ['event', 'detail'],
    registers: [registry],
  });
  for (const event of USAGE_EVENTS) for (const detail of USAGE_DETAILS[event]) counter.inc({ event, detail }, 0);
  return {
    count(event, detail) {
      counter.inc({ event, detail });
    },
  };
}
