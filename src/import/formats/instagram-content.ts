/**
 * Meta Business Suite / Professional dashboard content export: one row per
 * post. Rules are the Instagram connector's (platforms/instagram/mapper.ts):
 * likes/comments as the media fields, views/reach/saves/shares as the
 * insights (`Saves` is the insight `saved`); impressions are never mapped.
 * `Publish time` is MM/DD/YYYY HH:MM without a zone: read in the uploader's
 * zone. `Date` is normally the literal `Lifetime`; a row for another period
 * holds that period's numbers, not lifetime counters, and is skipped.
 */
import { mediaFieldCounters, mediaInsightCounters, mediaPost } from '../../platforms/instagram/mapper.js';
import type { IgInsight, IgMedia } from '../../platforms/instagram/parse.js';
import { count, number, numericId, text } from '../cells.js';
import { MappingOutput } from './output.js';
import { readInstant } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const COLUMNS = {
  id: ['Post ID'],
  accountId: ['Account ID'],
  username: ['Account username'],
  accountName: ['Account name'],
  description: ['Description'],
  duration: ['Duration (sec)'],
  publishTime: ['Publish time'],
  permalink: ['Permalink'],
  postType: ['Post type'],
  date: ['Date'],
  views: ['Views'],
  reach: ['Reach'],
  likes: ['Likes'],
  shares: ['Shares'],
  comments: ['Comments'],
  saves: ['Saves'],
} as const;

/** Post type as the export writes it → the Graph API's media_type / media_product_type. */
const POST_TYPES: Record<string, Pick<IgMedia, 'mediaType' | 'mediaProductType'>> = {
  'ig reel': { mediaType: 'VIDEO', mediaProductType: 'REELS' },
  'ig carousel': { mediaType: 'CAROUSEL_ALBUM', mediaProductType: 'FEED' },
  'ig image': { mediaType: 'IMAGE', mediaProductType: 'FEED' },
  'ig video': { mediaType: 'VIDEO', mediaProductType: 'FEED' },
  'ig story': { mediaType: 'IMAGE', mediaProductType: 'STORY' },
};

const insight = (name: string, value: number | undefined): IgInsight[] =>
  value === undefined ? [] : [{ name, period: 'lifetime', values: [], totalValue: value }];

export const instagramContent: ImportFormat = {
  id: 'instagram_content',
  platform: 'instagram',
  label: 'Instagram content export (Meta Business Suite)',
  header: ['Post ID', 'Account ID', 'Account username', 'Account name', 'Description', 'Duration (sec)', 'Publish time', 'Permalink', 'Post type', 'Data comment', 'Date', 'Views', 'Reach', 'Likes', 'Shares', 'Follows', 'Comments', 'Saves'],
  detect: (h) => h.has('Post ID') && h.has('Account ID', 'Post type', 'Permalink', 'Publish time') && !h.has('Post Link', 'Post text'),
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, COLUMNS);
    c.require('id', 'publishTime');
    const out = new MappingOutput();
    out.ignore(h, ['Follows'], 'follows from a post: no post metric in the catalog');
    out.ignore(h, ['Data comment'], "Meta's note on the row, not a number");
    out.ignore(h, ['Impressions'], 'Instagram impressions are a different number from views and were retired in April 2025; the connector never maps them');
    eachRow(table, (row) => {
      const id = numericId(c.cell(row, 'id'), c.name('id'));
      const period = text(c.cell(row, 'date'));
      if (period !== undefined && period.toLowerCase() !== 'lifetime') {
        out.skip(row, `${c.name('date')} is "${period}": numbers for a period, not lifetime totals (export with Date = Lifetime)`);
        return;
      }
      const accountId = text(c.cell(row, 'accountId')) === undefined ? undefined : numericId(c.cell(row, 'accountId'), c.name('accountId'));
      if (accountId !== undefined && out.account.externalId !== undefined && accountId !== out.account.externalId) {
        out.skip(row, `belongs to account ${accountId}, not ${out.account.externalId} like the rows above`);
        return;
      }
      if (accountId !== undefined && out.account.externalId === undefined) {
        out.account = { externalId: accountId, handle: text(c.cell(row, 'username')), displayName: text(c.cell(row, 'accountName')) };
      }
      const postType = text(c.cell(row, 'postType'));
      const media: IgMedia = {
        id,
        caption: text(c.cell(row, 'description')),
        ...(POST_TYPES[postType?.toLowerCase() ?? ''] ?? { mediaType: 'OTHER', mediaProductType: undefined }),
        timestamp: readInstant(c.cell(row, 'publishTime'), c.name('publishTime'), ctx),
        permalink: text(c.cell(row, 'permalink')),
        likeCount: count(c.cell(row, 'likes'), c.name('likes')),
        commentsCount: count(c.cell(row, 'comments'), c.name('comments')),
      };
      const insights = [
        ...insight('views', count(c.cell(row, 'views'), c.name('views'))),
        ...insight('reach', count(c.cell(row, 'reach'), c.name('reach'))),
        ...insight('saved', count(c.cell(row, 'saves'), c.name('saves'))),
        ...insight('shares', count(c.cell(row, 'shares'), c.name('shares'))),
      ];
      const post = {
        ...mediaPost(media),
        mediaType: postType === undefined ? null : mediaPost(media).mediaType,
        durationSeconds: number(c.cell(row, 'duration'), c.name('duration')) ?? null,
      };
      out.post(row, post, [...mediaFieldCounters(media, ctx.observedAt), ...mediaInsightCounters(id, insights, ctx.observedAt)]);
    });
    return out.result(h);
  },
};
