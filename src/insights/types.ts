/**
 * The one interface every insight kind implements (design.md "Insights").
 * A kind reads through the query layer, returns drafts, and the refresh job
 * stores them in platform_insights; nothing here touches SQL.
 */
import type { Static, TSchema } from 'typebox';
import type { Db } from '../db/client.js';
import type { Platform } from '../analytics/catalog.js';

export const INSIGHT_TYPES = ['best_time', 'trending_hashtags', 'audience_demographics', 'content_recommendations'] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];

export interface InsightContext {
  db: Db;
  userId: number;
  /** The user's IANA time zone: weekday/hour slots and "last 14 days" are read in it. */
  timeZone: string;
  /** The refresh instant: every kind measures ages and validity from it, so one run is consistent. */
  now: Date;
}

export interface InsightDraft<D> {
  /** null for a cross-platform insight. */
  platform: Platform | null;
  data: D;
  /** 0–1, from the formula the kind's module documents. */
  confidence: number;
  /** How many observations (posts, reports…) the record rests on. */
  sampleSize: number;
  validUntil: Date;
  /**
   * One line a person reads (dashboard quick insights, the report's key
   * insights section): what the record says, or why it says nothing. Optional
   * for a kind to give; without it the record is summarized by type and platform.
   */
  summary?: string;
}

export interface InsightKind<S extends TSchema = TSchema> {
  type: InsightType;
  /** TypeBox schema of insight_data for this kind: the API response is the union of these. */
  dataSchema: S;
  /** Below this the record says "not enough data" (with a reason in its data) and claims nothing. */
  minimumEvidence: number;
  compute(ctx: InsightContext): Promise<InsightDraft<Static<S>>[]>;
}

/** How long a record stays valid when no newer sync replaces it. */
export const DEFAULT_VALIDITY_DAYS = 7;

export function validFor(now: Date, days = DEFAULT_VALIDITY_DAYS): Date {
  return new Date(now.getTime() + days * 86_400_000);
}
