/**
 * Reports: create (computed once, frozen), list, download in any format,
 * delete, and share links. Thin handlers over src/reports.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { listReports, deleteReport } from '../../../../db/repositories/reports.js';
import { ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { generateReport } from '../../../../reports/generate.js';
import { CONTENT_TYPES, CUSTOM_METRICS, EXPORT_FORMATS, parseReportRequest, type ReportRequestBody } from '../../../../reports/request.js';
import { REPORT_TYPES } from '../../../../reports/report-schema.js';
import { reportFile, type FileQuery } from '../../../../reports/store/files.js';
import { loadOwnReport, loadOwnReportData, parseReportId, recordOut, reportPath } from '../../../../reports/store/records.js';
import { createShare, parseShareHours, revokeReportShares } from '../../../../reports/store/shares.js';
import type { Services } from '../../../../services.js';

export const ReportRecordSchema = Type.Object({
  id: Type.Integer(),
  report_name: Type.String(),
  report_type: Type.String(),
  export_format: Type.String(),
  date_range_start: Type.String({ format: 'date' }),
  date_range_end: Type.String({ format: 'date' }),
  platforms: Type.Array(Type.String()),
  filters: Type.Object({}, { additionalProperties: true }),
  status: Type.String({ description: 'completed, or expired once expires_at has passed' }),
  generated_at: Type.String({ format: 'date-time', description: 'When the numbers were taken' }),
  expires_at: Type.String({ format: 'date-time' }),
  created_at: Type.String({ format: 'date-time' }),
  generation_ms: Type.Union([Type.Integer(), Type.Null()]),
  schedule_id: Type.Union([Type.Integer(), Type.Null()]),
  download_url: Type.String({ description: 'GET it with your bearer token; absolute when PUBLIC_URL is set' }),
});

const CreateBody = Type.Object(
  {
    report_name: Type.String({ description: '1–200 characters' }),
    report_type: Type.String({ enum: [...REPORT_TYPES] }),
    date_range_start: Type.String({ description: 'YYYY-MM-DD, inclusive' }),
    date_range_end: Type.String({ description: 'YYYY-MM-DD, inclusive' }),
    platforms: Type.Optional(Type.Array(Type.String(), { description: 'youtube, tiktok, instagram, twitter; empty or missing: all' })),
    filters: Type.Optional(
      Type.Object({}, {
        additionalProperties: true,
        description: `granularity (day|week|month, any type); custom only: metrics (${CUSTOM_METRICS.join(', ')}), content_types (${CONTENT_TYPES.join(', ')}), hashtags, min_views, search`,
      }),
    ),
    export_format: Type.String({ enum: [...EXPORT_FORMATS] }),
    time_zone: Type.Optional(Type.String({ description: 'IANA zone for day boundaries (default: yours)' })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String() });
const FileQuerySchema = Type.Object({
  format: Type.Optional(Type.String({ enum: [...EXPORT_FORMATS], description: 'Re-render the same frozen data in another format' })),
  page_size: Type.Optional(Type.String({ enum: ['A4', 'LETTER', 'a4', 'letter'], description: 'PDF page size (default A4)' })),
});
const FileResponse = { 200: Type.String({ description: 'The report file (application/pdf, text/csv or application/json)' }) };

const MAX_PAGE = 100;

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE) throw new ValidationError('limit', `must be a whole number from 1 to ${MAX_PAGE}`);
  return Number(raw);
}

function parseCursor(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const m = /^r:(\d{1,15})$/.exec(text);
  if (!m) throw new ValidationError('cursor', 'is not a cursor from this listing (use next_cursor as given)');
  return Number(m[1]);
}

/** Sends a rendered report file; shared with the public share-link route. */
export async function sendReportFile(reply: FastifyReply, data: unknown, storedFormat: string, query: FileQuery): Promise<FastifyReply> {
  const file = await reportFile(data, storedFormat, query);
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', file.contentDisposition)
    .header('cache-control', 'private, no-store')
    .send(file.body);
}

export async function reportRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { db } = services;
  const tags = ['reports'];
  const publicUrl = services.config.publicUrl;

  app.post(
    '/reports',
    { schema: { tags, summary: 'Create a report: computed now, frozen, downloadable until it expires', body: CreateBody, response: { 201: ReportRecordSchema } } },
    async (request, reply) => {
      const user = currentUser(request);
      const spec = parseReportRequest(request.body as ReportRequestBody, user.timezone);
      const row = await generateReport(services, user.id, user.timezone, spec);
      return reply.status(201).header('location', reportPath(row.id)).send(recordOut(row, publicUrl));
    },
  );

  app.get(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Your reports, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.String({ description: '1–100, default 20' })), cursor: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ items: Type.Array(ReportRecordSchema), next_cursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const q = request.query as { limit?: string; cursor?: string };
      const limit = parseLimit(q.limit);
      const rows = await listReports(db, user.id, limit, parseCursor(q.cursor));
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const now = new Date();
      return {
        items: page.map((r) => recordOut(r, publicUrl, now)),
        next_cursor: rows.length > limit && last ? Buffer.from(`r:${last.id}`).toString('base64url') : null,
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: FileQuery }>(
    '/reports/:id',
    { schema: { tags, summary: 'Download the report file (its own format, or ?format=)', params: IdParams, querystring: FileQuerySchema, response: FileResponse } },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await loadOwnReportData(db, user.id, parseReportId(request.params.id), new Date());
      return sendReportFile(reply, row.report_data, row.export_format, request.query);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/reports/:id',
    { schema: { tags, summary: 'Delete a report and its share links', params: IdParams } },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await loadOwnReport(db, user.id, parseReportId(request.params.id), new Date(), true);
      await deleteReport(db, user.id, row.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/reports/:id/share',
    {
      schema: {
        tags,
        summary: 'Create a share link that needs no login (expires, revocable)',
        // The body is optional, which a body schema cannot say in Fastify; it is checked in the handler.
        description: `Optional JSON body {expires_in_hours}: 1–${365 * 24}, default 168 (7 days); a link never outlives its report.`,
        params: IdParams,
        response: {
          201: Type.Object({
            id: Type.Integer(),
            report_id: Type.Integer(),
            url: Type.String(),
            token: Type.String(),
            created_at: Type.String({ format: 'date-time' }),
            expires_at: Type.String({ format: 'date-time' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const payload = request.body ?? {};
      if (typeof payload !== 'object' || Array.isArray(payload)) throw new ValidationError('body', 'must be a JSON object {expires_in_hours}');
      const unknownKey = Object.keys(payload).find((k) => k !== 'expires_in_hours');
      if (unknownKey) throw new ValidationError(unknownKey, 'is not a field of a share request');
      const hours = parseShareHours((payload as { expires_in_hours?: unknown }).expires_in_hours);
      const now = new Date();
      const report = await loadOwnReport(db, user.id, parseReportId(request.params.id), now);
      return reply.status(201).send(await createShare(db, report, hours, publicUrl, now));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/reports/:id/share',
    { schema: { tags, summary: 'Revoke every share link of the report', params: IdParams } },
    async (request, reply) => {
      const user = currentUser(request);
      const now = new Date();
      const report = await loadOwnReport(db, user.id, parseReportId(request.params.id), now, true);
      await revokeReportShares(db, user.id, report.id, now);
      return reply.status(204).send();
    },
  );
}
