/**
 * One refresh of a user's insights: every kind of the registry computed at
 * one instant, in the user's time zone, each record checked against its
 * kind's schema (the API serializes what is stored, so a kind that broke its
 * own contract fails here, in the job, not in a response), then all of the
 * user's rows replaced in one transaction.
 */
import { Compile } from 'typebox/compile';
import type { Db } from '../db/client.js';
import { replaceInsights, type NewInsight } from '../db/repositories/insights.js';
import { findUser } from '../db/repositories/users.js';
import { asStored } from '../ids/entity-id.js';
import { INSIGHT_KINDS } from './kinds/index.js';
import type { InsightContext, InsightKind } from './types.js';

const checkers = new Map<InsightKind, ReturnType<typeof Compile>>();

function checkerOf(kind: InsightKind) {
  let c = checkers.get(kind);
  if (!c) {
    // Stored data holds the keys of the rows it names; answers show their UUIDs.
    c = Compile(asStored(kind.dataSchema));
    checkers.set(kind, c);
  }
  return c;
}

/** A record's line when its kind gives none. */
function defaultSummary(kind: InsightKind, platform: string | null, confidence: number): string {
  return `${kind.type.replace(/_/g, ' ')}${platform ? ` on ${platform}` : ''} (confidence ${confidence})`;
}

export interface RefreshResult {
  records: number;
  generatedAt: Date;
}

/** Recomputes every kind for the user; a user that no longer exists is a no-op. */
export async function refreshInsights(db: Db, userId: number, now = new Date(), kinds: readonly InsightKind[] = INSIGHT_KINDS): Promise<RefreshResult> {
  const user = await findUser(db, userId);
  if (!user) return { records: 0, generatedAt: now };
  const ctx: InsightContext = { db, userId, timeZone: user.timezone, now };
  const rows: NewInsight[] = [];
  for (const kind of kinds) {
    const drafts = await kind.compute(ctx);
    const check = checkerOf(kind);
    for (const d of drafts) {
      if (!check.Check(d.data)) {
        const first = [...check.Errors(d.data)][0];
        throw new Error(`insight kind ${kind.type} produced data outside its schema: ${first?.instancePath ?? '/'} ${first?.message ?? ''}`);
      }
      const confidence = Math.max(0, Math.min(1, d.confidence));
      rows.push({
        platform: d.platform,
        insight_type: kind.type,
        insight_data: d.data,
        summary: d.summary ?? defaultSummary(kind, d.platform, confidence),
        confidence_score: confidence,
        sample_size: d.sampleSize,
        valid_until: d.validUntil,
      });
    }
  }
  await replaceInsights(db, userId, rows, now);
  return { records: rows.length, generatedAt: now };
}
