/** The `type` filter of the insights API: a comma list of insight types; absent or blank is all of them. */
import { ValidationError } from '../errors.js';
import { INSIGHT_TYPES, type InsightType } from './types.js';

export function parseInsightTypes(raw: string | undefined, field = 'type'): InsightType[] {
  if (raw === undefined || raw.trim() === '') return [...INSIGHT_TYPES];
  const out = new Set<InsightType>();
  for (const entry of raw.split(',')) {
    const name = entry.trim().toLowerCase();
    if (!(INSIGHT_TYPES as readonly string[]).includes(name)) {
      throw new ValidationError(field, `unknown insight type "${entry.slice(0, 40)}"; expected any of ${INSIGHT_TYPES.join(', ')}`);
    }
    out.add(name as InsightType);
  }
  return [...out];
}
