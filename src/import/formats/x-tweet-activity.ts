/**
 * The legacy analytics.twitter.com "Tweet activity" export: one row per
 * tweet with lifetime counters; `time` carries its zone ("2024-05-01 12:00 +0000").
 */
import { tweetClickCounters, tweetPublicCounters } from '../../platforms/twitter/mapper.js';
import { count, numericId, text } from '../cells.js';
import { MappingOutput } from './output.js';
import { readInstant } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';
import { ENGAGEMENTS_REASON, REPOSTS_REASON, exportedPost, handleFromLink, tweetOf } from './x-shared.js';

const COLUMNS = {
  id: ['Tweet id'],
  link: ['Tweet permalink'],
  text: ['Tweet text'],
  time: ['time'],
  impressions: ['impressions'],
  replies: ['replies'],
  likes: ['likes'],
  urlClicks: ['url clicks'],
} as const;

export const xTweetActivity: ImportFormat = {
  id: 'x_tweet_activity',
  platform: 'twitter',
  label: 'X (Twitter) legacy tweet activity export',
  header: ['Tweet id', 'Tweet permalink', 'Tweet text', 'time', 'impressions', 'engagements', 'engagement rate', 'retweets', 'replies', 'likes', 'user profile clicks', 'url clicks', 'hashtag clicks', 'detail expands', 'permalink clicks', 'app opens', 'app installs', 'follows', 'email tweet', 'dial phone', 'media views', 'media engagements'],
  detect: (h) => h.has('Tweet id') && h.has('time', 'impressions', 'Tweet text'),
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, COLUMNS);
    c.require('id', 'time');
    const out = new MappingOutput();
    out.ignore(h, ['retweets'], REPOSTS_REASON);
    out.ignore(h, ['engagements'], ENGAGEMENTS_REASON);
    out.ignore(h, ['engagement rate'], 'computed from the imported counters instead');
    out.ignore(h, ['user profile clicks'], 'not part of clicks (the X connector counts URL clicks only)');
    eachRow(table, (row) => {
      const body = text(c.cell(row, 'text'));
      const tweet = tweetOf({
        id: numericId(c.cell(row, 'id'), c.name('id')),
        text: body ?? '',
        createdAt: readInstant(c.cell(row, 'time'), c.name('time'), ctx),
        impressionCount: count(c.cell(row, 'impressions'), c.name('impressions')),
        likeCount: count(c.cell(row, 'likes'), c.name('likes')),
        replyCount: count(c.cell(row, 'replies'), c.name('replies')),
        urlLinkClicks: count(c.cell(row, 'urlClicks'), c.name('urlClicks')),
      });
      out.account.handle ??= handleFromLink(text(c.cell(row, 'link')));
      out.post(row, exportedPost(tweet, body !== undefined), [...tweetPublicCounters(tweet, ctx.observedAt), ...tweetClickCounters(tweet, ctx.observedAt)]);
    });
    return out.result(h);
  },
};
