/**
 * What every report builder gets: the store, whose data, the period and the
 * period of equal length before it, the normalized filters, and a checkpoint
 * that throws once the report's time limit has passed (builders call it
 * between queries so an abandoned report stops soon instead of running on).
 */
import type { Granularity } from '../../analytics/buckets.js';
import type { Period } from '../../analytics/period.js';
import type { Queryable } from '../../db/client.js';
import type { Brand } from '../types.js';
import type { ReportFilters, ReportType } from '../../analytics/report-kinds.js';

export interface BuildContext {
  db: Queryable;
  userId: number;
  reportName: string;
  reportType: ReportType;
  period: Period;
  previous: Period;
  granularity: Granularity;
  filters: ReportFilters;
  brand: Brand;
  generatedAt: Date;
  /** Throws ReportTimeoutError once the time limit has passed. */
  checkpoint: () => void;
}
