/**
 * GET /api/v1/analytics/export: every data point in the range, streamed from a
 * database cursor (constant memory, with backpressure). Counted first: more
 * than EXPORT_ROW_LIMIT rows is a 413 that says how to narrow the request.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { parsePeriod, type PeriodInput } from '../../../../analytics/period.js';
import { countExportRows, exportRows, type ExportGranularity } from '../../../../db/repositories/bulk-export.js';
import { ensureZone } from '../../../../db/repositories/zones.js';
import { ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { ExportTooLargeError } from '../../../../reports/errors.js';
import { exportCsv, exportJson } from '../../../../reports/export-stream.js';
import type { Services } from '../../../../services.js';

const ExportQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'First day, YYYY-MM-DD (default: 29 days before `to`)' })),
  to: Type.Optional(Type.String({ description: 'Last day, YYYY-MM-DD, inclusive (default: today)' })),
  platforms: Type.Optional(Type.String({ description: 'Comma list (default: all)' })),
  tz: Type.Optional(Type.String({ description: 'IANA zone of the day boundaries (default: yours)' })),
  format: Type.Optional(Type.String({ description: 'csv (default) or json' })),
  granularity: Type.Optional(Type.String({ description: 'raw (default): every stored snapshot; day: activity per post per day' })),
});

export async function exportRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get(
    '/export',
    { schema: { tags: ['analytics'], summary: 'Every data point in the range, streamed as CSV or JSON', querystring: ExportQuery } },
    async (request, reply) => {
      const user = currentUser(request);
      const q = request.query as { from?: string; to?: string; tz?: string; platforms?: string; format?: string; granularity?: string };
      const period = parsePeriod(q, user.timezone);
      const format = q.format ?? 'csv';
      if (format !== 'csv' && format !== 'json') throw new ValidationError('format', 'must be csv or json');
      const granularity = (q.granularity ?? 'raw') as ExportGranularity;
      if (granularity !== 'raw' && granularity !== 'day') throw new ValidationError('granularity', 'must be raw or day');
      if (granularity === 'day') await ensureZone(services.db, user.id, period.tz, user.timezone);

      const limit = services.config.exportRowLimit;
      const rows = await countExportRows(services.db, user.id, period, granularity, limit + 1);
      if (rows > limit) throw new ExportTooLargeError(limit);

      const source = exportRows(services.db, user.id, period, granularity);
      const body = format === 'csv' ? exportCsv(source, granularity) : exportJson(source);
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="pulseboard-${granularity}-${period.from}-to-${period.to}.${format}"`)
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
}
