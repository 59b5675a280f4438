/**
 * One alert per episode. Pure: flagged days and the stored alerts of the same
 * series in, what to insert and what to extend out.
 *
 * An episode is a run of flagged days of one series (an account or a post,
 * one metric, one direction) in which no gap is longer than the cool-down:
 * consecutive days form one episode, and a series that stands out again
 * within `cooldownDays` days of the episode's last day continues it rather
 * than opening a new alert. So detection that runs again over the same days,
 * or a spike that lasts a week, or one that pauses a day and comes back,
 * is one alert; its last_day grows instead.
 *
 * An episode is stored once, under its series and first day (episode_key),
 * unique per user: two detections racing over the same days insert it once.
 */
import { daysBetween } from '../analytics/period.js';
import type { FlaggedDay } from './series.js';

export interface Episode {
  seriesKey: string;
  first: FlaggedDay;
  lastDay: string;
}

export interface StoredEpisode {
  id: number;
  seriesKey: string;
  day: string;
  lastDay: string;
}

export interface EpisodePlan {
  /** New episodes: one alert each. */
  insert: Episode[];
  /** Stored alerts whose episode goes on: their new last day. */
  extend: { id: number; lastDay: string }[];
}

/** Groups a series' flagged days (one direction) into episodes. */
export function groupEpisodes(seriesKey: string, flagged: readonly FlaggedDay[], cooldownDays: number): Episode[] {
  const days = [...flagged].sort((a, b) => (a.day < b.day ? -1 : 1));
  const out: Episode[] = [];
  for (const f of days) {
    const current = out.at(-1);
    if (current && daysBetween(current.lastDay, f.day) - 1 <= cooldownDays) current.lastDay = f.day;
    else out.push({ seriesKey, first: f, lastDay: f.day });
  }
  return out;
}

/** Whether an episode overlaps a stored one or falls within the cool-down of it (either side). */
function continues(e: Episode, s: StoredEpisode, cooldownDays: number): boolean {
  return daysBetween(s.lastDay, e.first.day) - 1 <= cooldownDays && daysBetween(e.lastDay, s.day) - 1 <= cooldownDays;
}

/** What to store for these episodes, given the stored alerts of their series. */
export function planEpisodes(episodes: readonly Episode[], stored: readonly StoredEpisode[], cooldownDays: number): EpisodePlan {
  const plan: EpisodePlan = { insert: [], extend: [] };
  const lastDays = new Map(stored.map((s) => [s.id, s.lastDay]));
  for (const e of episodes) {
    const match = stored.find((s) => s.seriesKey === e.seriesKey && continues(e, s, cooldownDays));
    if (!match) {
      plan.insert.push(e);
      continue;
    }
    if (e.lastDay > lastDays.get(match.id)!) lastDays.set(match.id, e.lastDay);
  }
  for (const s of stored) {
    const lastDay = lastDays.get(s.id)!;
    if (lastDay !== s.lastDay) plan.extend.push({ id: s.id, lastDay });
  }
  return plan;
}

/** The unique key of an episode: its series and first day. */
export function episodeKey(e: Episode): string {
  return `${e.seriesKey}:${e.first.day}`;
}
