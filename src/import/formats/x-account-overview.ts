/**
 * X Premium analytics, account overview: one row per day for the whole
 * account. Only what the catalog has an account-level daily metric for is
 * imported: profile visits → profile_views, new follows → followers_gained,
 * unfollows → followers_lost. Days are X's days, passed through as written.
 */
import type { AccountDailyObservation } from '../../ingest/observations.js';
import { count } from '../cells.js';
import { MappingOutput } from './output.js';
import { readDay } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const COLUMNS = {
  date: ['Date'],
  profileVisits: ['Profile visits'],
  newFollows: ['New follows'],
  unfollows: ['Unfollows'],
} as const;

const TWICE = 'account-wide daily total of post activity: activity comes from each post\'s own counters, so importing it too would count it twice';

export const xAccountOverview: ImportFormat = {
  id: 'x_account_overview',
  platform: 'twitter',
  label: 'X analytics account overview export',
  header: ['Date', 'Impressions', 'Likes', 'Engagements', 'Bookmarks', 'Shares', 'New follows', 'Unfollows', 'Replies', 'Reposts', 'Profile visits', 'Create Post', 'Video views', 'Media views'],
  detect: (h) => h.has('Date') && !h.has('Post id') && h.has('Impressions') && h.has('Engagements', 'New follows', 'Unfollows', 'Profile visits', 'Create Post'),
  map(table) {
    const h = table.header;
    const c = new Columns(h, COLUMNS);
    c.require('date');
    const out = new MappingOutput();
    out.ignore(h, ['Impressions'], 'the catalog has no account-level daily impressions metric (post impressions come from the content export): not imported');
    for (const col of ['Likes', 'Engagements', 'Bookmarks', 'Shares', 'Replies', 'Reposts']) out.ignore(h, [col], TWICE);
    out.ignore(h, ['Create Post'], 'posts per day are counted from the posts themselves');
    for (const col of ['Video views', 'Media views']) out.ignore(h, [col], 'no account-level daily metric in the catalog for it');
    eachRow(table, (row) => {
      const day = readDay(c.cell(row, 'date'), c.name('date'));
      const values: AccountDailyObservation[] = [];
      const add = (metric: AccountDailyObservation['metric'], key: 'profileVisits' | 'newFollows' | 'unfollows'): void => {
        const value = count(c.cell(row, key), c.name(key));
        if (value !== undefined) values.push({ metric, day, value });
      };
      add('profile_views', 'profileVisits');
      add('followers_gained', 'newFollows');
      add('followers_lost', 'unfollows');
      if (values.length === 0) out.skip(row, 'no value in Profile visits, New follows or Unfollows');
      else out.days(row, values);
    });
    return out.result(h);
  },
};
