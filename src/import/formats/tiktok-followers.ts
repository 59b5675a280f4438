/**
 * TikTok Studio FollowerHistory.csv: followers per day (dates without a
 * year; cells may say `undefined`). Each count becomes a followers snapshot
 * at the end of its day in the uploader's zone (never later than the upload),
 * so the dashboard shows it on that day. The difference column is derived
 * from the counts (and is net, not gained or lost) and is not imported.
 */
import { count } from '../cells.js';
import { MappingOutput } from './output.js';
import { endOfDay } from './read.js';
import { DATE, seriesDays } from './tiktok-shared.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const FOLLOWERS = ['Followers', 'Seguidores'];
const DIFFERENCE = ['Difference in followers from previous day', 'Diferencia de seguidores respecto al día anterior'];

export const tiktokFollowerHistory: ImportFormat = {
  id: 'tiktok_follower_history',
  platform: 'tiktok',
  label: 'TikTok Studio FollowerHistory.csv',
  header: ['Date', 'Followers', 'Difference in followers from previous day'],
  detect: (h) => h.has(...DATE) && h.has(...FOLLOWERS) && h.names.filter((n) => n.trim() !== '').length <= 3,
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, { date: DATE, followers: FOLLOWERS });
    c.require('date', 'followers');
    const out = new MappingOutput();
    out.ignore(h, DIFFERENCE, 'net change, derived from the follower counts (not followers gained or lost)');
    const days = seriesDays(table, c, ctx);
    eachRow(table, (row) => {
      const value = count(c.cell(row, 'followers'), c.name('followers'));
      if (value === undefined) out.skip(row, `no follower count (${JSON.stringify(c.cell(row, 'followers') ?? '')})`);
      else out.gauge(row, { metric: 'followers', value, observedAt: endOfDay(days.get(row)!, ctx) });
    });
    return out.result(h);
  },
};
