/**
 * Meta's answer to follower_demographics (metric_type=total_value with a
 * breakdown), read into buckets. Apart from the sync step so the client can
 * parse with it without importing the step that calls the client.
 */
import { array, count, optArray, optRecord, record, str } from '../json.js';

export type DemographicBreakdown = 'age' | 'gender' | 'country' | 'city';

export interface IgDemographics {
  /** False when Meta answered with an empty `data` (not available, which is not zero). */
  reported: boolean;
  results: { bucket: string; value: number }[];
}

export function parseFollowerDemographics(json: unknown): IgDemographics {
  const body = record(json, 'insights');
  const data = optArray(body['data'], 'data');
  if (data.length === 0) return { reported: false, results: [] };
  const item = record(data[0], 'data[0]');
  const total = optRecord(item['total_value'], 'data[0].total_value');
  const breakdowns = optArray(total?.['breakdowns'], 'data[0].total_value.breakdowns');
  const results = breakdowns.flatMap((raw, b) =>
    optArray(record(raw, `breakdowns[${b}]`)['results'], `breakdowns[${b}].results`).map((r, i) => {
      const entry = record(r, `breakdowns[${b}].results[${i}]`);
      const keys = array(entry['dimension_values'], `breakdowns[${b}].results[${i}].dimension_values`);
      return { bucket: keys.map((k, j) => str(k, `results[${i}].dimension_values[${j}]`)).join(' / '), value: count(entry['value'], `results[${i}].value`) };
    }),
  );
  return { reported: true, results };
}
