/**
 * TikTok Studio Overview.csv: one row per day, dates without a year.
 * Only Profile Views has an account-level daily metric in the catalog
 * (profile_views); the rest are account-wide sums of video activity, which
 * comes from the videos' own counters.
 */
import { count } from '../cells.js';
import { MappingOutput } from './output.js';
import { DATE, seriesDays } from './tiktok-shared.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const VIDEO_VIEWS = ['Video Views', 'Visualizaciones de videos', 'Visualizaciones de vídeos'];
const PROFILE_VIEWS = ['Profile Views', 'Visualizaciones del perfil', 'Visualizaciones de perfil'];
const TWICE = "account-wide daily total of video activity: activity comes from each video's own counters, so importing it too would count it twice";

export const tiktokOverview: ImportFormat = {
  id: 'tiktok_overview',
  platform: 'tiktok',
  label: 'TikTok Studio Overview.csv',
  header: ['Date', 'Video Views', 'Profile Views', 'Likes', 'Comments', 'Shares'],
  detect: (h) => h.has(...DATE) && h.has(...VIDEO_VIEWS) && h.has(...PROFILE_VIEWS),
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, { date: DATE, profileViews: PROFILE_VIEWS });
    c.require('date');
    const out = new MappingOutput();
    out.ignore(h, VIDEO_VIEWS, TWICE);
    for (const names of [['Likes', 'Me gusta'], ['Comments', 'Comentarios'], ['Shares', 'Veces compartido', 'Compartidos']]) out.ignore(h, names, TWICE);
    const days = seriesDays(table, c, ctx);
    eachRow(table, (row) => {
      const value = count(c.cell(row, 'profileViews'), c.name('profileViews'));
      if (value === undefined) out.skip(row, `no ${c.name('profileViews')} value`);
      else out.days(row, [{ metric: 'profile_views', day: days.get(row)!, value }]);
    });
    return out.result(h);
  },
};
