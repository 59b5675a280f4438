/**
 * One detection pass for one user (the `alerts-detect` job): read the recent
 * rollups, detect (./detect.ts), store one alert per episode (./episodes.ts),
 * then deliver the new ones (./deliver.ts). Alerts are stored before any
 * delivery is tried, so a relay or webhook that is down costs nothing but a
 * recorded failed delivery.
 */
import { addDays, todayIn } from '../analytics/period.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { extendAlert, insertAlert, seriesWithAlerts, storedEpisodes, type NewAlert } from '../db/repositories/alerts.js';
import { accountDays, earlyCurves, postDays, postRefs } from '../db/repositories/alerts-series.js';
import { findUser } from '../db/repositories/users.js';
import type { EventBus } from '../realtime/bus.js';
import { deliverAlert } from './deliver.js';
import { CURVE_POSTS_PER_ACCOUNT, detect, EVALUATE_DAYS, historyStart } from './detect.js';
import { episodeKey, groupEpisodes, planEpisodes } from './episodes.js';
import type { AlertMessage } from './message.js';
import { loadAlertSettings } from './user-settings.js';
import { MAX_VIRAL_AGE_DAYS } from './viral.js';

export interface AlertRunDeps {
  db: Db;
  events: EventBus;
  config: Pick<Config, 'smtp' | 'publicUrl' | 'appSecret'>;
  webhookTimeoutMs?: number;
}

export interface AlertRunResult {
  /** Ids of the alerts this pass created, in the order they were stored. */
  created: number[];
  /** Stored alerts whose episode this pass extended. */
  extended: number;
}

export async function runAlertDetection(deps: AlertRunDeps, userId: number, now = new Date()): Promise<AlertRunResult> {
  const { db } = deps;
  const user = await findUser(db, userId);
  if (!user) return { created: [], extended: 0 };
  const settings = await loadAlertSettings(db, deps.config.appSecret, userId);
  const tz = user.timezone;
  const today = todayIn(tz, now);
  const from = historyStart(today);
  const [accounts, posts, curves] = await Promise.all([
    accountDays(db, userId, tz, from),
    postDays(db, userId, tz, from, addDays(today, -EVALUATE_DAYS)),
    earlyCurves(db, userId, tz, MAX_VIRAL_AGE_DAYS, CURVE_POSTS_PER_ACCOUNT),
  ]);
  const found = detect({ today, accountDays: accounts, postDays: posts, curves }, settings);

  const newAlerts: NewAlert[] = [];
  const episodes = found.series.flatMap((s) => groupEpisodes(s.seriesKey, s.flagged, settings.cooldownDays).map((e) => ({ e, s })));
  const stored = await storedEpisodes(db, userId, [...new Set(episodes.map((x) => x.e.seriesKey))], addDays(today, -(EVALUATE_DAYS + settings.cooldownDays + 1)));
  const plan = planEpisodes(episodes.map((x) => x.e), stored, settings.cooldownDays);
  for (const e of plan.insert) {
    const s = episodes.find((x) => x.e === e)!.s;
    newAlerts.push({
      accountId: s.accountId, postId: s.postId, platform: s.platform, kind: e.first.direction, metric: s.metric,
      seriesKey: e.seriesKey, episodeKey: episodeKey(e), day: e.first.day, lastDay: e.lastDay,
      observed: e.first.observed, expected: e.first.expected, score: e.first.score,
    });
  }
  // A post goes viral once: its series has at most one alert, ever.
  const hadViral = await seriesWithAlerts(db, userId, found.viral.map((v) => v.seriesKey));
  for (const v of found.viral.filter((x) => !hadViral.has(x.seriesKey))) {
    newAlerts.push({
      accountId: v.accountId, postId: v.postId, platform: v.platform, kind: 'viral', metric: 'views',
      seriesKey: v.seriesKey, episodeKey: v.seriesKey, day: v.day, lastDay: v.day,
      observed: v.observed, expected: v.expected, score: v.score,
    });
  }

  const created: { id: number; publicId: string; detectedAt: Date; a: NewAlert }[] = [];
  for (const a of newAlerts) {
    const row = await insertAlert(db, userId, a);
    if (row !== null) created.push({ id: row.id, publicId: row.public_id, detectedAt: row.detected_at, a });
  }
  for (const x of plan.extend) await extendAlert(db, userId, x.id, x.lastDay);

  const refs = await postRefs(db, userId, created.flatMap((c) => (c.a.postId === null ? [] : [c.a.postId])));
  for (const { id, publicId, detectedAt, a } of created) {
    const message: AlertMessage = {
      id: publicId, kind: a.kind, platform: a.platform, content_id: a.postId === null ? null : refs.get(a.postId)?.contentPublicId ?? null, metric: a.metric,
      observed: a.observed, expected: a.expected, score: a.score, day: a.day, detected_at: new Date(detectedAt).toISOString(),
    };
    await deliverAlert(deps, { id: userId, email: user.email }, settings, id, message);
  }
  return { created: created.map((c) => c.id), extended: plan.extend.length };
}
