/** Job 'report-schedules': generate and deliver the reports of schedules that are due. No payload. */
import { runDueSchedules } from '../../reports/schedules/run-due.js';
import type { Services } from '../../services.js';
import type { JobHandler } from '../../queue/types.js';

export function reportSchedulesHandler(services: Services): JobHandler<'report-schedules'> {
  return async () => {
    await runDueSchedules(services, new Date());
  };
}
