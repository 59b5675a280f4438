/**
 * Meta's per-metric time-series export (one source; unverified): UTF-16LE
 * with a BOM, a `sep=,` line, a title line naming the metric, then
 * `Date,Primary`. The title decides the catalog metric; a title naming
 * something the catalog has no account-level daily metric for (views,
 * interactions) is recognised, but its rows are skipped.
 */
import type { AccountDailyMetric } from '../../analytics/catalog.js';
import { count } from '../cells.js';
import { MappingOutput } from './output.js';
import { readDay } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const TITLES: [RegExp, AccountDailyMetric][] = [
  [/\breach\b/i, 'reach'],
  [/\bprofile (visits|views)\b/i, 'profile_views'],
  [/\b(link clicks|link taps|external link taps|profile link taps|website clicks)\b/i, 'clicks'],
  [/\b(follows|new followers|followers gained)\b/i, 'followers_gained'],
];

export const instagramSeries: ImportFormat = {
  id: 'instagram_metric_series',
  platform: 'instagram',
  label: 'Instagram per-metric time series (Meta Business Suite)',
  header: ['Date', 'Primary'],
  detect: (h) => h.has('Date') && h.has('Primary') && h.names.filter((n) => n.trim() !== '').length <= 3,
  map(table) {
    const h = table.header;
    const c = new Columns(h, { date: ['Date'], primary: ['Primary'] });
    c.require('date', 'primary');
    const out = new MappingOutput();
    const title = table.titleLines.join(' ').trim();
    const metric = TITLES.find(([re]) => re.test(title))?.[1];
    if (metric === undefined) out.ignore(h, ['Primary'], `the title "${title || '(none)'}" names no account-level daily metric in the catalog`);
    eachRow(table, (row) => {
      const day = readDay(c.cell(row, 'date'), c.name('date'));
      const value = count(c.cell(row, 'primary'), c.name('primary'));
      if (metric === undefined) out.skip(row, `"${title || '(no title)'}" is not a metric this import stores`);
      else if (value === undefined) out.skip(row, `no value for ${day}`);
      else out.days(row, [{ metric, day, value }]);
    });
    return out.result(h);
  },
};
