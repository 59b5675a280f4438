/**
 * Reports: create (computed once, frozen), list, download in any format,
 * delete, and share links. Thin handlers over src/reports.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { listReports, deleteReport } from '../../../../db/repositories/reports.js';
import { ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { generateReport } from '../../../../reports/generate.js';
import { parseReportRequest } from '../../../../reports/request.js';
import { reportFile, type FileQuery } from '../../../../reports/store/files.js';
import { loadOwnReport, loadOwnReportData, recordOut, reportPath } from '../../../../reports/store/records.js';
import { DEFAULT_SHARE_HOURS, MAX_SHARE_HOURS, createShare, revokeReportShares } from '../../../../reports/store/shares.js';
import type { Services } from '../../../../services.js';
import { NoContent, Nullable, errorResponses } from '../schemas/common.js';
import { IdParams } from '../schemas/params.js';
import { ExportFormat, FileQuery as FileQuerySchema, FiltersInput, PlatformsInput, ReportFileResponse, ReportPage, ReportRecord, ReportType, ShareLink } from '../schemas/report.js';

/** Kept for importers of the old name: the record's schema lives in schemas/report.ts. */
export const ReportRecordSchema = ReportRecord;

/**
 * Fields are checked by reports/request.ts, which names the exact field
 * (filters.metrics[1], platforms) and keeps JSON types strict ("100" is not a
 * number there); typed here only as far as that stays true.
 */
const CreateBody = Type.Object(
  {
    report_name: Type.String({ description: '1–200 characters' }),
    report_type: ReportType,
    date_range_start: Type.String({ description: 'YYYY-MM-DD, inclusive' }),
    date_range_end: Type.String({ description: 'YYYY-MM-DD, inclusive' }),
    platforms: PlatformsInput,
    filters: FiltersInput,
    export_format: ExportFormat,
    time_zone: Type.Optional(Type.String({ description: 'IANA zone for day boundaries (default: yours)' })),
  },
  { additionalProperties: false },
);

/** Optional: Fastify validates a request without a body as null, which means the defaults. */
const ShareBody = Type.Union([
  Type.Object(
    {
      expires_in_hours: Type.Optional(
        Nullable(Type.Integer({ minimum: 1, maximum: MAX_SHARE_HOURS }), { description: `Default ${DEFAULT_SHARE_HOURS} (7 days); a link never outlives its report` }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

const ListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
});

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

export async function reportRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = services;
  const tags = ['reports'];
  const publicUrl = services.config.publicUrl;

  app.post(
    '/reports',
    {
      schema: {
        tags,
        summary: 'Create a report: computed now, frozen, downloadable until it expires',
        body: CreateBody,
        response: { 201: ReportRecord, ...errorResponses(400, 401, 408) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const spec = parseReportRequest(request.body, user.timezone);
      const row = await generateReport(services, user.id, user.timezone, spec);
      return reply.status(201).header('location', reportPath(row.public_id)).send(recordOut(row, publicUrl));
    },
  );

  app.get(
    '/reports',
    { schema: { tags, summary: 'Your reports, newest first', querystring: ListQuery, response: { 200: ReportPage, ...errorResponses(400, 401) } } },
    async (request) => {
      const user = currentUser(request);
      const { limit, cursor } = request.query;
      const rows = await listReports(db, user.id, limit, parseCursor(cursor));
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const now = new Date();
      return {
        items: page.map((r) => recordOut(r, publicUrl, now)),
        next_cursor: rows.length > limit && last ? Buffer.from(`r:${last.id}`).toString('base64url') : null,
      };
    },
  );

  app.get(
    '/reports/:id',
    {
      schema: {
        tags,
        summary: 'Download the report file (its own format, or ?format=)',
        params: IdParams('report'),
        querystring: FileQuerySchema,
        response: { 200: ReportFileResponse, ...errorResponses(400, 401, 404, 410) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await loadOwnReportData(db, user.id, request.params.id, new Date());
      return sendReportFile(reply, row.report_data, row.export_format, request.query);
    },
  );

  app.delete(
    '/reports/:id',
    { schema: { tags, summary: 'Delete a report and its share links', params: IdParams('report'), response: { 204: NoContent, ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await loadOwnReport(db, user.id, request.params.id, new Date(), true);
      await deleteReport(db, user.id, row.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/reports/:id/share',
    {
      schema: {
        tags,
        summary: 'Create a share link that needs no login (expires, revocable)',
        description: `Optional JSON body {expires_in_hours}: 1–${MAX_SHARE_HOURS}, default ${DEFAULT_SHARE_HOURS} (7 days); a link never outlives its report.`,
        params: IdParams('report'),
        body: ShareBody,
        response: { 201: ShareLink, ...errorResponses(400, 401, 404, 410) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const hours = request.body?.expires_in_hours ?? DEFAULT_SHARE_HOURS;
      const now = new Date();
      const report = await loadOwnReport(db, user.id, request.params.id, now);
      return reply.status(201).send(await createShare(db, report, hours, publicUrl, now));
    },
  );

  app.delete(
    '/reports/:id/share',
    { schema: { tags, summary: 'Revoke every share link of the report', params: IdParams('report'), response: { 204: NoContent, ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      const user = currentUser(request);
      const now = new Date();
      const report = await loadOwnReport(db, user.id, request.params.id, now, true);
      await revokeReportShares(db, user.id, report.id, now);
      return reply.status(204).send(null);
    },
  );
}
