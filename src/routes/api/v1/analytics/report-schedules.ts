/** Report schedules: stored here, run by the job system through runDueSchedules (src/reports/schedules/run-due.ts). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { deleteSchedule, findSchedule, insertSchedule, listDeliveries, listSchedules } from '../../../../db/repositories/report-schedules.js';
import { NotFoundError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { nextRunAfter } from '../../../../reports/schedules/calendar.js';
import { parseScheduleRequest, scheduleOut } from '../../../../reports/schedules/spec.js';
import type { Services } from '../../../../services.js';
import { NoContent, errorResponses } from '../schemas/common.js';
import { IdParams } from '../schemas/params.js';
import { Schedule, ScheduleBody, ScheduleListQuery, SchedulePage, ScheduleWithDeliveries } from '../schemas/schedule.js';

/** The cursor is the last id of the previous page, as next_cursor gave it. */
function parseCursor(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  if (!/^\d{1,15}$/.test(raw)) throw new ValidationError('cursor', 'is not a cursor from this listing');
  return Number(raw);
}

export async function reportScheduleRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = services;
  const tags = ['reports'];
  const publicUrl = services.config.publicUrl;

  /** The caller's schedule; someone else's is "not found" like an unknown id. */
  async function own(userId: number, id: number) {
    const row = await findSchedule(db, userId, id);
    if (!row) throw new NotFoundError('Schedule');
    return row;
  }

  app.post(
    '/report-schedules',
    {
      schema: {
        tags,
        summary: 'Schedule a weekly or monthly report',
        description:
          'Each run makes a normal report of the last full week or month, a share link lasting as long as the report, and one delivery per recipient. ' +
          'An {email} recipient needs SMTP_URL and SMTP_FROM on the server, else 400 naming recipients[i].email.',
        body: ScheduleBody,
        response: { 201: Schedule, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const spec = parseScheduleRequest(request.body, user.timezone, services.config.smtp !== null);
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
    },
  );

  app.get(
    '/report-schedules',
    { schema: { tags, summary: 'Your report schedules, newest first', querystring: ScheduleListQuery, response: { 200: SchedulePage, ...errorResponses(400, 401) } } },
    async (request) => {
      const user = currentUser(request);
      const { limit, cursor } = request.query;
      const rows = await listSchedules(db, user.id, limit, parseCursor(cursor));
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map((r) => scheduleOut(r, publicUrl)), next_cursor: rows.length > limit && last ? String(last.id) : null };
    },
  );

  app.get(
    '/report-schedules/:id',
    {
      schema: {
        tags,
        summary: 'One schedule with its recent deliveries (webhook and e-mail)',
        params: IdParams('schedule'),
        response: { 200: ScheduleWithDeliveries, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const row = await own(user.id, request.params.id);
      const deliveries = await listDeliveries(db, user.id, row.id);
      return {
        ...scheduleOut(row, publicUrl),
        deliveries: deliveries.map((d) => ({ ...d, attempted_at: d.attempted_at.toISOString() })),
      };
    },
  );

  app.delete(
    '/report-schedules/:id',
    { schema: { tags, summary: 'Delete a schedule (its reports stay)', params: IdParams('schedule'), response: { 204: NoContent, ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await own(user.id, request.params.id);
      await deleteSchedule(db, user.id, row.id);
      return reply.status(204).send(null);
    },
  );
}
