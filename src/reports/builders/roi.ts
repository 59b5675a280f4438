/**
 * The ROI section of the comparison report: per platform and currency, from
 * the ROI view (src/query/views/roi.ts). The view sums money exactly; the
 * report stores each sum once as a number (decimal cells, so a spreadsheet
 * can compute with them and a negative profit is not taken for a formula),
 * which the PDF shows with up to 2 places. ROI is shown in percent (100 × the ratio).
 */
import { PLATFORMS, isPlatform } from '../../analytics/catalog.js';
import type { Queryable } from '../../db/client.js';
import type { Period } from '../../analytics/period.js';
import { roiForReport } from '../../query/views/roi.js';
import type { ReportSection } from '../types.js';
import { platformName } from './common.js';

/** The section, or null when the user recorded no ledger entry in the period. */
export async function roiSection(db: Queryable, userId: number, period: Period): Promise<ReportSection | null> {
  const rows = await roiForReport(db, userId, period);
  if (rows === null) return null;
  const limited = period.platforms.length < PLATFORMS.length;
  return {
    kind: 'table',
    id: 'roi',
    title: 'Return on investment',
    columns: [
      { key: 'platform', label: 'Platform', type: 'text' },
      { key: 'currency', label: 'Currency', type: 'text' },
      { key: 'cost', label: 'Cost', type: 'decimal' },
      { key: 'revenue', label: 'Revenue', type: 'decimal' },
      { key: 'ledger_revenue', label: 'Recorded revenue', type: 'decimal', in_pdf: false },
      { key: 'platform_revenue', label: 'Platform-reported revenue', type: 'decimal', in_pdf: false },
      { key: 'profit', label: 'Profit', type: 'decimal' },
      { key: 'roi', label: 'ROI', type: 'percent' },
      { key: 'cost_per_1000_views', label: 'Cost per 1,000 views', type: 'decimal' },
      { key: 'revenue_per_1000_views', label: 'Revenue per 1,000 views', type: 'decimal' },
      { key: 'cost_per_engagement', label: 'Cost per engagement', type: 'decimal' },
    ],
    rows: rows.map((r) => ({
      platform: r.group !== null && isPlatform(r.group) ? platformName(r.group) : 'No platform',
      currency: r.currency,
      cost: Number(r.cost),
      revenue: Number(r.revenue),
      ledger_revenue: Number(r.revenue_sources.ledger),
      platform_revenue: r.revenue_sources.platform === null ? null : Number(r.revenue_sources.platform),
      profit: Number(r.profit),
      roi: r.roi === null ? null : Math.round(r.roi * 10000) / 100,
      cost_per_1000_views: r.cost_per_1000_views,
      revenue_per_1000_views: r.revenue_per_1000_views,
      cost_per_engagement: r.cost_per_engagement,
    })),
    note:
      'Costs and revenue from your ledger plus revenue the platform reported itself (YouTube estimated revenue), one row per currency: amounts are never converted. ' +
      `ROI = (revenue − cost) / cost; a dash where cost is 0.${limited ? '' : ' "No platform": entries not tied to a platform.'}`,
  };
}
