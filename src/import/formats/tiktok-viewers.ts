/**
 * TikTok Studio Viewers.csv: unique viewers per day. Total Viewers is the
 * number of unique people who watched the account's videos that day: the
 * catalog's account-level daily `reach` (unique, never summed across days).
 * New and returning viewers have no catalog metric.
 */
import { count } from '../cells.js';
import { MappingOutput } from './output.js';
import { DATE, seriesDays } from './tiktok-shared.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const TOTAL = ['Total Viewers', 'Espectadores totales', 'Total de espectadores'];

export const tiktokViewers: ImportFormat = {
  id: 'tiktok_viewers',
  platform: 'tiktok',
  label: 'TikTok Studio Viewers.csv',
  header: ['Date', 'Total Viewers', 'New Viewers', 'Returning Viewers'],
  detect: (h) => h.has(...DATE) && h.has(...TOTAL),
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, { date: DATE, total: TOTAL });
    c.require('date', 'total');
    const out = new MappingOutput();
    for (const names of [['New Viewers', 'Espectadores nuevos'], ['Returning Viewers', 'Espectadores recurrentes']]) out.ignore(h, names, 'no catalog metric for new or returning viewers');
    const days = seriesDays(table, c, ctx);
    eachRow(table, (row) => {
      const value = count(c.cell(row, 'total'), c.name('total'));
      if (value === undefined) out.skip(row, `no ${c.name('total')} value`);
      else out.days(row, [{ metric: 'reach', day: days.get(row)!, value }]);
    });
    return out.result(h);
  },
};
