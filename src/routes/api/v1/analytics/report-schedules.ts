/** Report schedules: stored here, run by the job system through runDueSchedules (src/reports/schedules/run-due.ts). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { deleteSchedule, findSchedule, insertSchedule, listDeliveries, listSchedules, scheduleOwner } from '../../../../db/repositories/report-schedules.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { nextRunAfter } from '../../../../reports/schedules/calendar.js';
import { parseScheduleRequest, scheduleOut, type ScheduleBody } from '../../../../reports/schedules/spec.js';
import { EXPORT_FORMATS } from '../../../../reports/request.js';
import { REPORT_TYPES } from '../../../../reports/report-schema.js';
import type { Services } from '../../../../services.js';

const ScheduleBodySchema = Type.Object(
  {
    report_name: Type.String(),
    report_type: Type.String({ enum: [...REPORT_TYPES] }),
    platforms: Type.Optional(Type.Array(Type.String())),
    filters: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'As for POST /analytics/reports' })),
    export_format: Type.String({ enum: [...EXPORT_FORMATS] }),
    frequency: Type.String({ enum: ['weekly', 'monthly'], description: 'weekly: Mondays 06:00 for the previous Mon–Sun; monthly: the 1st 06:00 for the previous month (local time)' }),
    time_zone: Type.Optional(Type.String({ description: 'IANA zone (default: yours)' })),
    recipients: Type.Optional(
      Type.Array(
        Type.Object({ webhook_url: Type.Optional(Type.String()), email: Type.Optional(Type.String()) }, { additionalProperties: true }),
        { description: 'Each one of: {webhook_url} POSTed {report_id, download_url, share_url} after each run; {email} mailed the report file and its share link (needs SMTP_URL)' },
      ),
    ),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String() });
const Json = Type.Object({}, { additionalProperties: true });

function parseId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new ValidationError('id', 'must be a numeric schedule id');
  return Number(raw);
}

export async function reportScheduleRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { db } = services;
  const tags = ['reports'];
  const publicUrl = services.config.publicUrl;

  async function own(userId: number, id: number) {
    const row = await findSchedule(db, userId, id);
    if (row) return row;
    const owner = await scheduleOwner(db, id);
    if (owner !== null) throw new ForbiddenError();
    throw new NotFoundError('Schedule');
  }

  app.post('/report-schedules', { schema: { tags, summary: 'Schedule a weekly or monthly report', body: ScheduleBodySchema, response: { 201: Json } } }, async (request, reply) => {
    const user = currentUser(request);
    const spec = parseScheduleRequest(request.body as ScheduleBody, user.timezone, services.config.smtp !== null);
    const row = await insertSchedule(db, user.id, {
      reportName: spec.name,
      reportType: spec.type,
      platforms: spec.platforms,
      filters: { ...spec.filters },
      exportFormat: spec.format,
      frequency: spec.frequency,
      timeZone: spec.timeZone,
      recipients: spec.recipients,
      nextRunAt: nextRunAfter(spec.frequency, spec.timeZone, new Date()),
    });
    return reply.status(201).send(scheduleOut(row, publicUrl));
  });

  app.get(
    '/report-schedules',
    { schema: { tags, summary: 'Your report schedules', querystring: Type.Object({ limit: Type.Optional(Type.String()), cursor: Type.Optional(Type.String()) }), response: { 200: Json } } },
    async (request) => {
      const user = currentUser(request);
      const q = request.query as { limit?: string; cursor?: string };
      const limit = q.limit === undefined ? 20 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ValidationError('limit', 'must be a whole number from 1 to 100');
      if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor)) throw new ValidationError('cursor', 'is not a cursor from this listing');
      const rows = await listSchedules(db, user.id, limit, q.cursor === undefined ? null : Number(q.cursor));
      const page = rows.slice(0, limit);
      return { items: page.map((r) => scheduleOut(r, publicUrl)), next_cursor: rows.length > limit ? String(page.at(-1)!.id) : null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/report-schedules/:id',
    { schema: { tags, summary: 'One schedule with its recent deliveries (webhook and e-mail)', params: IdParams, response: { 200: Json } } },
    async (request) => {
      const user = currentUser(request);
      const row = await own(user.id, parseId(request.params.id));
      const deliveries = await listDeliveries(db, user.id, row.id);
      return {
        ...scheduleOut(row, publicUrl),
        deliveries: deliveries.map((d) => ({ ...d, attempted_at: d.attempted_at.toISOString() })),
      };
    },
  );

  app.delete<{ Params: { id: string } }>('/report-schedules/:id', { schema: { tags, summary: 'Delete a schedule (its reports stay)', params: IdParams } }, async (request, reply) => {
    const user = currentUser(request);
    const row = await own(user.id, parseId(request.params.id));
    await deleteSchedule(db, user.id, row.id);
    return reply.status(204).send();
  });
}
