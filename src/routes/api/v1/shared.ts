/** Public share links: GET /api/v1/shared/{token} serves the report file without login. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { resolveShare } from '../../../reports/store/shares.js';
import type { Services } from '../../../services.js';
import { sendReportFile } from './analytics/reports.js';
import { errorResponses } from './schemas/common.js';
import { FileQuery, ReportFileResponse } from './schemas/report.js';

export async function sharedRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/:token',
    {
      config: { public: true },
      schema: {
        tags: ['reports'],
        summary: 'A shared report (no login); 410 once the link is revoked or expired',
        security: [],
        params: Type.Object({ token: Type.String({ description: 'The token of the share link' }) }),
        querystring: FileQuery,
        response: { 200: ReportFileResponse, ...errorResponses(400, 404, 410) },
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
