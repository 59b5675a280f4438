/**
 * What every analytics read endpoint does around its view: parse the period,
 * make sure the rollups of its zone exist, and answer from the per-user cache
 * or compute, serialize and cache.
 */
import type { FastifyReply } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { resolvePeriod, type Period, type PeriodInput } from '../../../../analytics/period.js';
import { earliestDayOf } from '../../../../query/earliest.js';
import { ensureZone } from '../../../../db/repositories/zones.js';
import type { UserRow } from '../../../../db/repositories/users.js';
import type { Services } from '../../../../services.js';
import { idPathsOf, showPublicIds } from '../../../../http/public-ids.js';

/**
 * The period of the query (`range=all` resolved to its dates), with the daily
 * rollups of its zone built if this is the zone's first use.
 */
export async function periodOf(services: Services, user: UserRow, query: PeriodInput): Promise<Period> {
  const period = await resolvePeriod(query, user.timezone, earliestDayOf(services.db, user.id, user.timezone));
  await ensureZone(services.db, user.id, period.tz, user.timezone);
  return period;
}

/**
 * Sends the cached answer for `key`, or computes it and caches it. The body is
 * made by the route's compiled serializer (reply.serialize, from the response
 * schema of status 200), so the cached and sent bytes are exactly what the
 * schema describes. `response` is that same schema: it makes the compiler
 * check that the view's result has the documented shape.
 *
 * `key` holds everything the answer depends on, normalized (the parsed period,
 * defaults filled in), so equivalent queries share one entry.
 */
export async function cached<S extends TSchema>(
  services: Services,
  user: UserRow,
  reply: FastifyReply,
  response: S,
  key: readonly unknown[],
  compute: () => Promise<Static<S>>,
): Promise<FastifyReply> {
  const cacheKey = JSON.stringify(key);
  const { hit, store } = await services.cache.lookup(user.id, cacheKey);
  reply.header('content-type', 'application/json; charset=utf-8').header('x-cache', hit === null ? 'miss' : 'hit');
  if (hit !== null) return reply.send(hit);
  // Ids become UUIDs before the bytes are made, so a cache hit sends them as they are.
  const serialized = reply.serialize(await showPublicIds(services.db, idPathsOf(response), await compute()));
  // The schema's serializer makes a string; the type also allows the bytes a custom serializer may make.
  const body = typeof serialized === 'string' ? serialized : new TextDecoder().decode(serialized);
  // Under the generation of the lookup: numbers ingested while this was computed are not hidden by it.
  await store(body);
  return reply.send(body);
}
