/**
 * Alerts: GET /analytics/alerts (paged, newest first) and
 * POST /analytics/alerts/:id/acknowledge | /dismiss. Found by the
 * alerts-detect job after new data (src/alerts/); another user's alert is a
 * 404 like an unknown id. Not cached: a status changes without new data.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ALERT_KINDS } from '../../../../realtime/events.js';
import { resolvePeriod } from '../../../../analytics/period.js';
import { listAlerts, setAlertStatus, type AlertRow, type AlertStatus } from '../../../../db/repositories/alerts.js';
import { NotFoundError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { earliestDayOf } from '../../../../query/earliest.js';
import { rangeOf } from '../../../../query/views/window.js';
import type { Services } from '../../../../services.js';
import { Alert, AlertListQuery, AlertPage, ALERTS_DEFAULT_LIMIT } from '../schemas/alert.js';
import { errorResponses } from '../schemas/common.js';
import { IdParams } from '../schemas/params.js';

export function alertOut(r: AlertRow) {
  return {
    id: r.id, kind: r.kind, platform: r.platform, content_id: r.content_id, metric: r.metric,
    observed: r.observed, expected: r.expected, score: r.score, detected_at: new Date(r.detected_at).toISOString(),
    day: r.day, last_day: r.last_day, status: r.status,
  };
}

/** The cursor is the last id of the previous page, opaque to the client. */
function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ i: id })).toString('base64url');
}

function decodeCursor(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (typeof parsed === 'object' && parsed !== null && 'i' in parsed && Number.isSafeInteger(parsed.i) && (parsed.i as number) > 0) return parsed.i as number;
  throw new ValidationError('cursor', 'is not a cursor from this listing (it must come from next_cursor)');
}

export async function alertsRoute(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['analytics'];

  app.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: 'Alerts: spikes, drops and viral posts found in your numbers',
        description:
          'Per account and per post, daily views, engagement and follower change are compared with a weekday-adjusted robust baseline ' +
          '(rolling 28-day median and 1.4826 × MAD); young posts with their account\'s usual views at the same age. One alert per episode. ' +
          'Thresholds, cool-down and delivery: /api/v1/me/alert-settings. `from`/`to` filter on the alert\'s day.',
        querystring: AlertListQuery,
        response: { 200: AlertPage, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { status, kind, limit, cursor, ...periodInput } = request.query;
      const period = await resolvePeriod(periodInput, user.timezone, earliestDayOf(services.db, user.id, user.timezone));
      const pageSize = limit ?? ALERTS_DEFAULT_LIMIT;
      const filter = {
        status: status === undefined || status === 'all' ? null : status,
        platforms: period.platforms,
        kinds: kind ? [kind] : [...ALERT_KINDS],
        from: period.from,
        to: period.to,
      };
      const rows = await listAlerts(services.db, user.id, filter, pageSize, decodeCursor(cursor));
      const page = rows.slice(0, pageSize);
      const last = page.at(-1);
      return { range: rangeOf(period), items: page.map(alertOut), next_cursor: rows.length > pageSize && last ? encodeCursor(last.id) : null };
    },
  );

  const statusRoute = (action: 'acknowledge' | 'dismiss', status: AlertStatus, summary: string) =>
    app.post(
      `/alerts/:id/${action}`,
      { schema: { tags, summary, params: IdParams('alert'), response: { 200: Alert, ...errorResponses(400, 401, 404) } } },
      async (request) => {
        const user = currentUser(request);
        const row = await setAlertStatus(services.db, user.id, request.params.id, status);
        if (!row) throw new NotFoundError('Alert');
        return alertOut(row);
      },
    );
  statusRoute('acknowledge', 'acknowledged', 'Mark an alert as seen and taken note of');
  statusRoute('dismiss', 'dismissed', 'Dismiss an alert (not relevant)');
}
