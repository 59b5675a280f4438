/**
 * YouTube Studio "Chart data.csv" / "Totals.csv": one row per day (per
 * video when grouped by Content) of the metric shown in the chart. What fits
 * the catalog: channel-wide Subscribers gained / lost per day →
 * followers_gained / followers_lost (the connector's Analytics rule; days are
 * YouTube's Pacific days, passed through). Per-video rows have no place in
 * the model (a post's numbers are lifetime counters) and are skipped; daily
 * channel views and watch time have no account-level metric in the catalog.
 */
import type { AccountDailyObservation } from '../../ingest/observations.js';
import { count, text } from '../cells.js';
import { MappingOutput } from './output.js';
import { readDay } from './read.js';
import { Columns, eachRow, type Header, type ImportFormat } from './types.js';
import { isTotalRow } from './youtube-shared.js';

const KNOWN = [
  'date', 'content', 'video title', 'video publish time', 'duration', 'views', 'watch time (hours)', 'subscribers', 'subscribers gained',
  'subscribers lost', 'impressions', 'impressions click-through rate (%)', 'thumbnail impressions', 'thumbnail click-through rate (%)', 'average view duration', 'average percentage viewed (%)', 'likes',
  'dislikes', 'likes (vs. dislikes) (%)', 'shares', 'comments added', 'your estimated revenue (usd)', 'rpm (usd)', 'cpm (usd)', 'engaged views',
  'unique viewers', 'youtube premium views',
];

const COLUMNS = {
  date: ['Date'],
  content: ['Content'],
  gained: ['Subscribers gained'],
  lost: ['Subscribers lost'],
} as const;

function looksLikeStudio(h: Header): boolean {
  const names = h.names.map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  return names.length >= 2 && names.every((n) => KNOWN.includes(n));
}

export const youtubeChart: ImportFormat = {
  id: 'youtube_studio_chart',
  platform: 'youtube',
  label: 'YouTube Studio Chart data.csv / Totals.csv',
  header: ['Date', '(Content, Video title, Video publish time, Duration)', 'Subscribers gained | Subscribers lost | Views | …'],
  detect: (h) => h.has('Date') && looksLikeStudio(h),
  map(table) {
    const h = table.header;
    const c = new Columns(h, COLUMNS);
    c.require('date');
    const out = new MappingOutput();
    for (const col of ['Views', 'Watch time (hours)', 'Likes', 'Shares', 'Comments added', 'Engaged views']) {
      out.ignore(h, [col], 'channel activity per day: post activity comes from each video\'s counters (Table data.csv); no account-level daily metric for it');
    }
    out.ignore(h, ['Subscribers'], 'net change per day: imported as Subscribers gained / lost when the export has those columns');
    for (const col of ['Video title', 'Video publish time', 'Duration']) out.ignore(h, [col], 'per-video daily rows are not imported');
    eachRow(table, (row) => {
      if (isTotalRow(row.cells[0])) return out.skip(row, 'the Total row');
      const day = readDay(c.cell(row, 'date'), c.name('date'));
      const content = text(c.cell(row, 'content'));
      if (content !== undefined && content.toLowerCase() !== 'total') return out.skip(row, `per-video value for ${content} on ${day}: a post's numbers are kept as lifetime counters, not per day`);
      const values: AccountDailyObservation[] = [];
      const gained = count(c.cell(row, 'gained'), c.name('gained'));
      const lost = count(c.cell(row, 'lost'), c.name('lost'));
      if (gained !== undefined) values.push({ metric: 'followers_gained', day, value: gained });
      if (lost !== undefined) values.push({ metric: 'followers_lost', day, value: lost });
      if (values.length === 0) return out.skip(row, 'no Subscribers gained / lost value: nothing the catalog stores per day');
      out.days(row, values);
    });
    return out.result(h);
  },
};
