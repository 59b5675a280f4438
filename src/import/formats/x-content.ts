/**
 * X Premium analytics, content export: one row per post, lifetime counters.
 * `Date` is a day without a time ("Fri, Jun 5, 2026"); some exports carry
 * only a subset of the columns.
 */
import { tweetClickCounters, tweetPublicCounters } from '../../platforms/twitter/mapper.js';
import { count, numericId, text } from '../cells.js';
import { MappingOutput } from './output.js';
import { readInstant } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';
import { CSV_SHARES_REASON, ENGAGEMENTS_REASON, REPOSTS_REASON, exportedPost, handleFromLink, tweetOf } from './x-shared.js';

const COLUMNS = {
  id: ['Post id'],
  date: ['Date'],
  text: ['Post text'],
  link: ['Post Link'],
  impressions: ['Impressions'],
  likes: ['Likes'],
  bookmarks: ['Bookmarks'],
  replies: ['Replies'],
  urlClicks: ['URL Clicks'],
} as const;

export const xContent: ImportFormat = {
  id: 'x_content',
  platform: 'twitter',
  label: 'X analytics content export',
  header: ['Post id', 'Date', 'Post text', 'Post Link', 'Impressions', 'Likes', 'Engagements', 'Bookmarks', 'Shares', 'New follows', 'Replies', 'Reposts', 'Profile visits', 'Detail Expands', 'URL Clicks', 'Hashtag Clicks', 'Permalink Clicks'],
  detect: (h) =>
    h.has('Post id') && !h.has('Account ID', 'Post type', 'Permalink') &&
    h.has('Post text', 'Post Link', 'Impressions', 'Engagements', 'Reposts', 'Bookmarks'),
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, COLUMNS);
    c.require('id', 'date');
    const out = new MappingOutput();
    out.ignore(h, ['Shares'], CSV_SHARES_REASON);
    out.ignore(h, ['Reposts'], REPOSTS_REASON);
    out.ignore(h, ['Engagements'], ENGAGEMENTS_REASON);
    out.ignore(h, ['New follows'], 'follows per post: no post metric in the catalog');
    out.ignore(h, ['Profile visits'], 'profile visits per post: not part of clicks (the X connector counts URL clicks only)');
    for (const col of ['Detail Expands', 'Hashtag Clicks', 'Permalink Clicks']) out.ignore(h, [col], 'not part of clicks (the X connector counts URL clicks only)');
    eachRow(table, (row) => {
      const body = text(c.cell(row, 'text'));
      const tweet = tweetOf({
        id: numericId(c.cell(row, 'id'), c.name('id')),
        text: body ?? '',
        createdAt: readInstant(c.cell(row, 'date'), c.name('date'), ctx),
        impressionCount: count(c.cell(row, 'impressions'), c.name('impressions')),
        likeCount: count(c.cell(row, 'likes'), c.name('likes')),
        bookmarkCount: count(c.cell(row, 'bookmarks'), c.name('bookmarks')),
        replyCount: count(c.cell(row, 'replies'), c.name('replies')),
        urlLinkClicks: count(c.cell(row, 'urlClicks'), c.name('urlClicks')),
      });
      out.account.handle ??= handleFromLink(text(c.cell(row, 'link')));
      out.post(row, exportedPost(tweet, body !== undefined), [...tweetPublicCounters(tweet, ctx.observedAt), ...tweetClickCounters(tweet, ctx.observedAt)]);
    });
    return out.result(h);
  },
};
