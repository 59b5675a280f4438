/**
 * GET /api/v1/analytics/export: every data point in the range, streamed from a
 * database cursor (constant memory, with backpressure). Counted first: more
 * than EXPORT_ROW_LIMIT rows is a 413 that says how to narrow the request.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolvePeriod } from '../../../../analytics/period.js';
import { countExportRows, exportRows } from '../../../../db/repositories/bulk-export.js';
import { ensureZone } from '../../../../db/repositories/zones.js';
import { earliestDayOf } from '../../../../query/earliest.js';
import { currentUser } from '../../../../http/auth.js';
import { ExportTooLargeError } from '../../../../reports/errors.js';
import { exportCsv, exportJson } from '../../../../reports/export-stream.js';
import type { Services } from '../../../../services.js';
import { errorResponses } from '../schemas/common.js';
import { ExportOk, ExportQuery } from '../schemas/export.js';

export async function exportRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['analytics'],
    summary: 'Every data point in the range, streamed as CSV or JSON',
    querystring: ExportQuery,
    response: { 200: ExportOk, ...errorResponses(400, 401, 413) },
  };
  app.get('/export', { schema }, async (request, reply) => {
    const user = currentUser(request);
    const period = await resolvePeriod(request.query, user.timezone, earliestDayOf(services.db, user.id, user.timezone));
    const format = request.query.format ?? 'csv';
    const granularity = request.query.granularity ?? 'raw';
    if (granularity === 'day') await ensureZone(services.db, user.id, period.tz, user.timezone);

    const limit = services.config.exportRowLimit;
    const rows = await countExportRows(services.db, user.id, period, granularity, limit + 1);
    if (rows > limit) throw new ExportTooLargeError(limit);

    const source = exportRows(services.db, user.id, period, granularity);
    const body = format === 'csv' ? exportCsv(source, granularity) : exportJson(source);
    reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="pulseboard-${granularity}-${period.from}-to-${period.to}.${format}"`)
      .header('cache-control', 'private, no-store');
    return sendStream(reply, body);
  });
}

/**
 * Fastify pipes a stream as it is (only objects go through the serializer), so
 * the 200 schema documents the rows without touching them. The typed reply
 * expects the rows themselves; the untyped one takes their stream.
 */
function sendStream(reply: FastifyReply, stream: Readable): FastifyReply {
  return reply.send(stream);
}
