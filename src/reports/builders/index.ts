/** One builder per report type; each turns the analytics views' results into a ReportData. */
import type { ReportData } from '../types.js';
import { buildComparisonReport } from './comparison.js';
import type { BuildContext } from './context.js';
import { buildCustomReport } from './custom.js';
import { buildGrowthReport } from './growth.js';
import { buildPerformanceReport } from './performance.js';
import type { ReportType } from '../../analytics/report-kinds.js';

export type { BuildContext } from './context.js';

const BUILDERS: Record<ReportType, (ctx: BuildContext) => Promise<ReportData>> = {
  performance: buildPerformanceReport,
  growth: buildGrowthReport,
  comparison: buildComparisonReport,
  custom: buildCustomReport,
};

export function buildReportData(ctx: BuildContext): Promise<ReportData> {
  return BUILDERS[ctx.reportType](ctx);
}
