/** The simulator's synthetic world: accounts and posts per platform. */
import type { Platform } from '../analytics/catalog.js';

export type SimMediaKind = 'video' | 'image' | 'carousel' | 'reel' | 'text';

/** Where a post's counters head over its life, as rates of its views. */
export interface PostPotential {
  views: number;
  likeRate: number;
  commentRate: number;
  shareRate: number;
  /** X: quotes as a rate of views (reposts use shareRate). */
  quoteRate: number;
  saveRate: number;
  /** Unique accounts reached per view (Instagram), below 1. */
  reachRatio: number;
  linkClickRate: number;
  profileClickRate: number;
  watchSecondsPerView: number;
}

export interface Boost {
  /** Epoch ms when the post took off. */
  at: number;
  views: number;
  halfLifeHours: number;
}

export interface SimPost {
  id: string;
  platform: Platform;
  accountIndex: number;
  publishedAt: Date;
  title: string;
  caption: string;
  hashtags: string[];
  kind: SimMediaKind;
  durationSeconds: number | undefined;
  potential: PostPotential;
  halfLifeHours: number;
  /** YouTube: likes/comments disabled, so the API leaves the count out. */
  likesHidden: boolean;
  commentsHidden: boolean;
  /** Instagram: insights come back as an empty data set for this media. */
  insightsUnavailable: boolean;
  boosts: Boost[];
}

export interface SimAccount {
  platform: Platform;
  index: number;
  externalId: string;
  handle: string;
  displayName: string;
  createdAt: Date;
  initialFollowers: number;
  /** Mean new followers per day at creation; grows slowly with account age. */
  dailyGain: number;
  /** Share of daily gains lost again the same day. */
  lossRate: number;
  /** Instagram: daily reach as a share of followers. */
  reachRatio: number;
  /** YouTube uploads playlist id. */
  uploadsPlaylistId: string;
  /** Newest first, future posts included; visible ones are those published by now. */
  posts: SimPost[];
}
