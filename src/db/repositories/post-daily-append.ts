/**
 * post_daily extended with appended observations, without re-reading them.
 *
 * Most ingests append: every observation is newer than the latest stored one
 * of its (post, metric) (snapshots.ts upsertPostSnapshots). Their changes can
 * then be computed from the rows in hand and the one stored value each series
 * follows, and added to the days they fall on. rollups.ts rebuildPostDaily
 * would read the same rows back, sort them twice and write every day again
 * (1M points: a third of the ingest's time).
 *
 * The figures are the rebuild's, to the last bit: the same change per
 * observation (value minus the previous value, or the whole value for a
 * series' first observation, on the publish day), the same calendar day by
 * the database's zone rules, and each day's changes added oldest first to
 * what the day already holds, as the rebuild's ordered sum adds them.
 * test/post-daily-append.test.ts compares both on every cell.
 */
import { POST_COUNTERS, type PostCounter } from '../../analytics/catalog.js';
import { addDays } from '../../analytics/period.js';
import type { Queryable, Tx } from '../client.js';
import { CopyRows } from '../copy-rows.js';
import type { AppendedSeries } from './snapshots.js';

const COUNTER_SET: ReadonlySet<string> = new Set(POST_COUNTERS);

type Cells = Record<PostCounter, number | null>;
interface DayRow extends Cells {
  post_id: number;
  day: string;
  estimated: boolean;
}

/**
 * Adds the appended observations of these posts (all of one account) to
 * post_daily in `tz`. `stored`: storedLasts of the same posts (the same in
 * every zone, so the caller looks it up once per ingest). Returns, per post, the first day whose figures may have
 * changed (what rollups.ts postRebuildDays would have rebuilt from).
 */
export async function appendPostDaily(
  tx: Tx,
  userId: number,
  tz: string,
  accountId: number,
  posts: Map<number, AppendedSeries[]>,
  stored: Map<number, number>,
): Promise<{ postId: number; fromDay: string }[]> {
  if (posts.size === 0) return [];
  const instants = new Set<number>(stored.values());
  for (const list of posts.values()) {
    for (const s of list) {
      if (s.before) instants.add(s.before.ms);
      for (const row of s.rows) instants.add(row.observedAt.getTime());
    }
  }
  const dayOf = await localDays(tx, tz, instants);
  const publishDay = await publishDays(tx, userId, tz, [...posts.keys()]);

  // A stored row of a post holds a day some stored change fell on: the publish day, or the day of a stored
  // observation, so no later than the day of its latest one. (One day later allowed: where clocks go back
  // across midnight, an instant's local date can be a day before that of a slightly earlier one.)
  const heldUntil = new Map<number, string>();
  for (const [postId, list] of posts) {
    const lastMs = Math.max(...list.filter((s) => s.before && COUNTER_SET.has(s.metric)).map((s) => s.before!.ms), stored.get(postId) ?? -Infinity);
    if (lastMs > -Infinity) heldUntil.set(postId, addDays(dayOf(lastMs), 1));
  }

  const fresh: DayRow[] = [];
  const held: HeldDay[] = [];
  const fromDays: { postId: number; fromDay: string }[] = [];
  for (const [postId, list] of posts) {
    const changes = dayChanges(postId, list, dayOf, publishDay.get(postId)!, heldUntil.get(postId));
    fresh.push(...changes.fresh);
    held.push(...changes.held);
    fromDays.push({ postId, fromDay: changes.fromDay });
  }

  if (fresh.length > 0) await copyDays(tx, userId, tz, accountId, fresh);
  if (held.length > 0) {
    // Read and written with the primary key as the conflict target: a SELECT or UPDATE joined to the keys
    // is planned from statistics, which a bulk load leaves stale, and then read every day of the user
    // for each key (bench: 34 s of a 1M-point ingest). A day not stored after all is inserted blank here.
    const before = await writeDays(tx, userId, tz, accountId, held.map((h) => blankDay(h.postId, h.day)),
      `ON CONFLICT (user_id, tz, post_id, day) DO UPDATE SET estimated = post_daily.estimated
       RETURNING post_id, day::text AS day, ${POST_COUNTERS.join(', ')}, estimated`);
    const beforeOf = new Map(before.map((r) => [`${r.post_id}\t${r.day}`, r]));
    await writeDays(tx, userId, tz, accountId, held.map((h) => folded(h, { ...beforeOf.get(`${h.postId}\t${h.day}`)! })),
      `ON CONFLICT (user_id, tz, post_id, day) DO UPDATE SET ${POST_COUNTERS.map((m) => `${m} = excluded.${m}`).join(', ')}, estimated = excluded.estimated`);
  }
  return fromDays;
}

/**
 * One post's appended observations as changes of its days. A day no stored
 * row can hold (after `heldUntil`, and not the publish day) is summed as the
 * rows go; a day that may hold changes already keeps its new ones in order,
 * to be added to what it holds once that is read. `fromDay`: the first day
 * touched, or the day of the first observation if that is earlier.
 */
function dayChanges(
  postId: number,
  list: AppendedSeries[],
  dayOf: (ms: number) => string,
  published: string,
  heldUntil: string | undefined,
): { fresh: DayRow[]; held: HeldDay[]; fromDay: string } {
  let fromDay = dayOf(Math.min(...list.map((s) => s.rows[0]!.observedAt.getTime())));
  const fresh: DayRow[] = [];
  const held: HeldDay[] = [];
  const days = new Map<string, HeldDay | DayRow>();
  const dayEntry = (day: string): HeldDay | DayRow => {
    let entry = days.get(day);
    if (entry) return entry;
    if (heldUntil !== undefined && (day <= heldUntil || day === published)) held.push((entry = { postId, day, deltas: {}, estimated: false }));
    else fresh.push((entry = blankDay(postId, day)));
    days.set(day, entry);
    return entry;
  };
  for (const series of list) {
    if (!COUNTER_SET.has(series.metric)) continue;
    const metric = series.metric as PostCounter;
    let previous = series.before?.value ?? null;
    let day = '';
    let entry: HeldDay | DayRow | undefined;
    for (const row of series.rows) {
      // A series' first observation carries everything before it: its whole value goes to the publish day.
      const rowDay = previous === null ? published : dayOf(row.observedAt.getTime());
      if (rowDay !== day || entry === undefined) entry = dayEntry((day = rowDay));
      if (previous === null) {
        if (day < fromDay) fromDay = day;
        entry.estimated = true;
      }
      const delta = row.value - (previous ?? 0);
      if ('deltas' in entry) (entry.deltas[metric] ??= []).push(delta);
      else entry[metric] = entry[metric] === null ? delta : entry[metric]! + delta;
      previous = row.value;
    }
  }
  return { fresh, held, fromDay };
}

/** A post-day that may hold stored changes: its new changes per counter, oldest first. */
interface HeldDay {
  postId: number;
  day: string;
  deltas: Partial<Record<PostCounter, number[]>>;
  estimated: boolean;
}

/** The new changes added to what the day holds, oldest first: the rebuild's sum(delta ORDER BY observed_at), step by step. */
function folded(held: HeldDay, day: DayRow): DayRow {
  for (const metric of POST_COUNTERS) {
    for (const delta of held.deltas[metric] ?? []) day[metric] = day[metric] === null ? delta : day[metric]! + delta;
  }
  day.estimated ||= held.estimated;
  return day;
}

/** INSERT of post_daily rows of one account, followed by `conflict` (an ON CONFLICT clause, and what to return). */
async function writeDays(tx: Queryable, userId: number, tz: string, accountId: number, rows: DayRow[], conflict: string): Promise<DayRow[]> {
  const n = POST_COUNTERS.length;
  return tx.query<DayRow>(
    `INSERT INTO post_daily (user_id, tz, account_id, post_id, day, ${POST_COUNTERS.join(', ')}, estimated)
     SELECT $1, $2, $3, * FROM unnest($4::bigint[], $5::date[], ${POST_COUNTERS.map((_, i) => `$${i + 6}::float8[]`).join(', ')}, $${n + 6}::bool[])
     ${conflict}`,
    [userId, tz, accountId, rows.map((r) => r.post_id), rows.map((r) => r.day), ...POST_COUNTERS.map((m) => rows.map((r) => r[m])), rows.map((r) => r.estimated)],
  );
}

const DAY_COLUMNS = ['user_id', 'tz', 'account_id', 'post_id', 'day', ...POST_COUNTERS, 'estimated'];

/** Days no stored row holds, loaded with COPY: no conflict to resolve, and no array of each column to parse. */
async function copyDays(tx: Tx, userId: number, tz: string, accountId: number, rows: DayRow[]): Promise<void> {
  const copy = new CopyRows(DAY_COLUMNS.length);
  for (const r of rows) {
    copy.row().int8(userId).text(tz).int8(accountId).int8(r.post_id).date(r.day);
    for (const metric of POST_COUNTERS) copy.float8(r[metric]);
    copy.bool(r.estimated);
  }
  await tx.copyRows('post_daily', DAY_COLUMNS, copy);
}

const NO_CELLS = Object.fromEntries(POST_COUNTERS.map((m) => [m, null])) as Cells;

/** A day with no changes: what a day not stored yet holds. */
function blankDay(postId: number, day: string): DayRow {
  return { post_id: postId, day, estimated: false, ...NO_CELLS };
}

/**
 * Per post: the instant of the latest stored observation of the counters the
 * batch did not carry for it (the others' are in AppendedSeries.before). One
 * index probe per post and counter, as the snapshot write path's own lookup.
 */
export async function storedLasts(tx: Queryable, userId: number, posts: Map<number, AppendedSeries[]>): Promise<Map<number, number>> {
  const keys: { postId: number; metric: string }[] = [];
  for (const [postId, list] of posts) {
    const carried = new Set(list.map((s) => s.metric));
    for (const metric of POST_COUNTERS) if (!carried.has(metric)) keys.push({ postId, metric });
  }
  if (keys.length === 0) return new Map();
  const rows = await tx.query<{ post_id: number; last_ms: number }>(
    `SELECT k.post_id, max(extract(epoch FROM l.observed_at) * 1000)::float8 AS last_ms
     FROM unnest($2::bigint[], $3::text[]) AS k(post_id, metric)
     CROSS JOIN LATERAL (
       SELECT s.observed_at FROM post_snapshots s
       WHERE s.user_id = $1 AND s.post_id = k.post_id AND s.metric = k.metric
       ORDER BY s.observed_at DESC LIMIT 1) l
     GROUP BY k.post_id`,
    [userId, keys.map((k) => k.postId), keys.map((k) => k.metric)],
  );
  return new Map(rows.map((r) => [Number(r.post_id), r.last_ms]));
}

/**
 * The calendar day in `tz` of each distinct instant, by the database's zone
 * rules: `(observed_at AT TIME ZONE tz)::date`, exactly as the rebuild dates
 * a change (day starts computed once would be wrong where a zone's clocks
 * fall back across midnight, and midnight happens twice).
 */
async function localDays(tx: Queryable, tz: string, instants: Set<number>): Promise<(ms: number) => string> {
  const list = [...instants];
  const [found] = await tx.query<{ days: string | null }>(
    `SELECT string_agg(((timestamptz 'epoch' + t.ms * interval '1 millisecond') AT TIME ZONE $1)::date::text, ',' ORDER BY t.i) AS days
     FROM unnest($2::float8[]) WITH ORDINALITY AS t(ms, i)`,
    [tz, list],
  );
  const days = (found?.days ?? '').split(',');
  const dayOf = new Map(list.map((ms, i) => [ms, days[i]!]));
  return (ms) => dayOf.get(ms)!;
}

async function publishDays(tx: Queryable, userId: number, tz: string, postIds: number[]): Promise<Map<number, string>> {
  if (postIds.length === 0) return new Map();
  const rows = await tx.query<{ id: number; day: string }>(
    `SELECT id, (published_at AT TIME ZONE $2)::date::text AS day FROM platform_posts WHERE user_id = $1 AND id = ANY($3::bigint[])`,
    [userId, tz, postIds],
  );
  return new Map(rows.map((r) => [Number(r.id), r.day]));
}
