/** Public share links: GET /api/v1/shared/{token} serves the report file without login. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { FileQuery } from '../../../reports/store/files.js';
import { resolveShare } from '../../../reports/store/shares.js';
import type { Services } from '../../../services.js';
import { sendReportFile } from './analytics/reports.js';

export async function sharedRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get<{ Params: { token: string }; Querystring: FileQuery }>(
    '/:token',
    {
      config: { public: true },
      schema: {
        tags: ['reports'],
        summary: 'A shared report (no login); 410 once the link is revoked or expired',
        security: [],
        params: Type.Object({ token: Type.String() }),
        querystring: Type.Object({
          format: Type.Optional(Type.String({ enum: ['json', 'csv', 'pdf'] })),
          page_size: Type.Optional(Type.String({ enum: ['A4', 'LETTER', 'a4', 'letter'] })),
        }),
      },
    },
    async (request, reply) => {
      const report = await resolveShare(services.db, request.params.token, new Date());
      // The token is in the URL: do not pass it on to links inside the file, and keep the page out of search engines.
      reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
      return sendReportFile(reply, report.report_data, report.export_format, request.query);
    },
  );
}
