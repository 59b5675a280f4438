/** Everything under /api/v1/analytics: one file per concern, each registered here. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../../services.js';
import { compareRoute } from './compare.js';
import { contentRoute } from './content.js';
import { dashboardRoute } from './dashboard.js';
import { forecastRoute } from './forecast.js';
import { growthRoute } from './growth.js';
import { insightsRoute } from './insights.js';
import { performanceRoute } from './performance.js';
import { platformRoute } from './platform.js';
import { roiRoute } from './roi.js';
import { exportRoutes } from './export.js';
import { importRoutes } from './import.js';
import { reportScheduleRoutes } from './report-schedules.js';
import { reportRoutes } from './reports.js';
import { syncRoutes } from './sync.js';
import { alertsRoute } from './alerts.js';

export async function analyticsPrefix(app: FastifyInstance, { services }: { services: Services }) {
  // The read API: one file per endpoint.
  for (const route of [dashboardRoute, performanceRoute, growthRoute, forecastRoute, compareRoute, platformRoute, contentRoute, roiRoute, insightsRoute]) {
    await app.register(route, { services });
  }
  // Its multipart parser stays inside this plugin.
  await app.register(importRoutes, { services });
  await app.register(reportRoutes, { services });
  await app.register(reportScheduleRoutes, { services });
  await app.register(exportRoutes, { services });
  await app.register(syncRoutes, { services });
  await app.register(alertsRoute, { services });
}
