/**
 * The registry of export formats, as data. Order matters only when two
 * formats recognise the same header; the more specific comes first.
 */
import { instagramContent } from './instagram-content.js';
import { instagramSeries } from './instagram-series.js';
import { tiktokContent } from './tiktok-content.js';
import { tiktokFollowerHistory } from './tiktok-followers.js';
import { tiktokOverview } from './tiktok-overview.js';
import { tiktokViewers } from './tiktok-viewers.js';
import type { ImportFormat } from './types.js';
import { xAccountOverview } from './x-account-overview.js';
import { xContent } from './x-content.js';
import { xTweetActivity } from './x-tweet-activity.js';
import { xVideoOverview } from './x-video-overview.js';
import { youtubeChart } from './youtube-chart.js';
import { youtubeTable } from './youtube-table.js';

export const FORMATS: readonly ImportFormat[] = [
  youtubeTable,
  youtubeChart,
  xTweetActivity,
  xContent,
  xAccountOverview,
  xVideoOverview,
  instagramContent,
  instagramSeries,
  tiktokContent,
  tiktokOverview,
  tiktokFollowerHistory,
  tiktokViewers,
];

export type { ImportFormat } from './types.js';
