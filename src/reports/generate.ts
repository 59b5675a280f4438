/**
 * Making a report: compute the whole document first (under the time limit),
 * validate it, and only then store it in one INSERT. A report that times out
 * or fails leaves nothing behind; one that is stored is complete and frozen.
 */
import { previousPeriod } from '../analytics/period.js';
import { ensureZone } from '../db/repositories/zones.js';
import { insertReport, type ReportRecordRow } from '../db/repositories/reports.js';
import type { Services } from '../services.js';
import { brandOf } from './brand.js';
import { buildReportData } from './builders/index.js';
import { ReportTimeoutError } from './errors.js';
import { granularityFor, type ReportSpec } from './request.js';
import type { ReportData } from './types.js';
import { assertValidReport } from './validate-report.js';

const DAY_MS = 86_400_000;

export interface GenerateOptions {
  scheduleId?: number | null;
  now?: Date;
}

/**
 * Runs `work` under a time limit. Two guards, because neither suffices alone:
 * a timer answers the caller on time even while a query hangs, and the
 * checkpoint (called by builders between queries, and once at the end)
 * catches the overrun when the work never yields to the timer (PGlite can
 * answer a query without going through the event loop's timer phase). Past
 * the limit the caller gets ReportTimeoutError (408); a late result is dropped.
 */
export async function withDeadline<T>(limitMs: number, work: (checkpoint: () => void) => Promise<T>): Promise<T> {
  const started = performance.now();
  let over = false;
  const checkpoint = () => {
    if (over || performance.now() - started > limitMs) {
      over = true;
      throw new ReportTimeoutError(limitMs);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      over = true;
      reject(new ReportTimeoutError(limitMs));
    }, limitMs);
  });
  const running = work(checkpoint);
  running.catch(() => undefined);
  try {
    const result = await Promise.race([running, deadline]);
    checkpoint();
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** Computes the document of a report (no storing). */
export async function computeReport(services: Services, userId: number, userTz: string, spec: ReportSpec, checkpoint: () => void, now: Date): Promise<ReportData> {
  const { db } = services;
  // Rollups in another zone than the user's are built on first use, like ?tz= in the API.
  await ensureZone(db, userId, spec.period.tz, userTz);
  checkpoint();
  const data = await buildReportData({
    db,
    userId,
    reportName: spec.name,
    reportType: spec.type,
    period: spec.period,
    previous: previousPeriod(spec.period),
    granularity: granularityFor(spec.filters, spec.period.days),
    filters: spec.filters,
    brand: await brandOf(db, userId),
    generatedAt: now,
    checkpoint,
  });
  assertValidReport(data);
  return data;
}

/** The stored record, with the frozen document it holds (so a caller that sends the file need not read it back). */
export async function generateReport(
  services: Services,
  userId: number,
  userTz: string,
  spec: ReportSpec,
  options: GenerateOptions = {},
): Promise<ReportRecordRow & { report_data: ReportData }> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const data = await withDeadline(services.config.reportTimeoutMs, (checkpoint) => computeReport(services, userId, userTz, spec, checkpoint, now));
  const generationMs = Math.round(performance.now() - started);
  const row = await insertReport(services.db, userId, {
    reportName: spec.name,
    reportType: spec.type,
    exportFormat: spec.format,
    from: spec.period.from,
    to: spec.period.to,
    platforms: spec.period.platforms,
    filters: { ...spec.filters },
    data,
    generatedAt: now,
    expiresAt: new Date(now.getTime() + services.config.reportTtlDays * DAY_MS),
    generationMs,
    scheduleId: options.scheduleId ?? null,
  });
  return { ...row, report_data: data };
}
