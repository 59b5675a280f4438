/**
 * Share links: a random 256-bit token in the URL, its SHA-256 in the table.
 * The token cannot be guessed or derived from the database, a link ends at
 * its expiry (never later than the report's) and can be revoked.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client.js';
import { findShareByHash, insertShare, revokeShares } from '../../db/repositories/report-shares.js';
import { findReportWithData, type ReportRecordRow } from '../../db/repositories/reports.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { GoneError } from '../errors.js';
import { publicLink } from './records.js';

export const DEFAULT_SHARE_HOURS = 7 * 24;
export const MAX_SHARE_HOURS = 365 * 24;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sharePath(token: string): string {
  return `/api/v1/shared/${token}`;
}

export function parseShareHours(raw: unknown): number {
  if (raw === undefined || raw === null) return DEFAULT_SHARE_HOURS;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_SHARE_HOURS) {
    throw new ValidationError('expires_in_hours', `must be a whole number of hours from 1 to ${MAX_SHARE_HOURS}`);
  }
  return raw;
}

export async function createShare(db: Queryable, report: ReportRecordRow, hours: number, publicUrl: string | null, now: Date) {
  const token = randomBytes(32).toString('base64url');
  const wanted = now.getTime() + hours * 3_600_000;
  const expiresAt = new Date(Math.min(wanted, report.expires_at.getTime()));
  const share = await insertShare(db, report.user_id, report.id, hashToken(token), expiresAt);
  return {
    id: share.id,
    report_id: report.id,
    url: publicLink(publicUrl, sharePath(token)),
    token,
    created_at: share.created_at.toISOString(),
    expires_at: share.expires_at.toISOString(),
  };
}

export async function revokeReportShares(db: Queryable, userId: number, reportId: number, now: Date): Promise<number> {
  return revokeShares(db, userId, reportId, now);
}

/** The report behind a share token: 404 for a token that never existed, 410 for an ended link or report. */
export async function resolveShare(db: Queryable, token: string, now: Date): Promise<ReportRecordRow & { report_data: unknown }> {
  if (!TOKEN.test(token)) throw new NotFoundError('Share link');
  const share = await findShareByHash(db, hashToken(token));
  if (!share) throw new NotFoundError('Share link');
  if (share.revoked_at !== null) throw new GoneError('Share link', 'was revoked');
  if (share.expires_at.getTime() <= now.getTime()) throw new GoneError('Share link', `expired at ${share.expires_at.toISOString()}`);
  const report = await findReportWithData(db, share.user_id, share.report_id);
  if (!report) throw new NotFoundError('Share link');
  if (report.expires_at.getTime() <= now.getTime()) throw new GoneError('Shared report', 'has expired');
  return report;
}
