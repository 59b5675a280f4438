/**
 * The registry of insight kinds: the refresh job computes each of these, and
 * the API's insight_data union is built from their dataSchemas. One line per kind.
 */
import type { InsightKind } from '../types.js';

export const INSIGHT_KINDS: InsightKind[] = [
];
