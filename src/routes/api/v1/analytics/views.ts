/** The analytics read API: thin handlers over analytics/views, cached per user and query. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { parseGranularity } from '../../../../analytics/buckets.js';
import { isPlatform } from '../../../../analytics/catalog.js';
import { parsePeriod, type Period, type PeriodInput } from '../../../../analytics/period.js';
import { compare } from '../../../../query/views/compare.js';
import { contentView } from '../../../../query/views/content.js';
import { dashboard } from '../../../../query/views/dashboard.js';
import { growth } from '../../../../query/views/growth.js';
import { performance, type PerformanceQuery } from '../../../../query/views/performance.js';
import { platformView } from '../../../../query/views/platform.js';
import { ensureZone } from '../../../../db/repositories/zones.js';
import { ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import type { Services } from '../../../../services.js';

const PeriodParams = {
  from: Type.Optional(Type.String({ description: 'First day, YYYY-MM-DD (default: 29 days before `to`)' })),
  to: Type.Optional(Type.String({ description: 'Last day, YYYY-MM-DD, inclusive (default: today in `tz`)' })),
  platforms: Type.Optional(Type.String({ description: 'Comma list of youtube, tiktok, instagram, twitter (default: all)' })),
  tz: Type.Optional(Type.String({ description: 'IANA time zone for day boundaries (default: the user\'s)' })),
};
const PeriodQuerySchema = Type.Object(PeriodParams);
const GranularQuerySchema = Type.Object({ ...PeriodParams, granularity: Type.Optional(Type.String({ enum: ['day', 'week', 'month'] })) });
const PerformanceQuerySchema = Type.Object({
  ...PeriodParams,
  sort: Type.Optional(Type.String({ description: 'Any metric, published_at or performance_score (default)' })),
  order: Type.Optional(Type.String({ enum: ['asc', 'desc'] })),
  limit: Type.Optional(Type.String({ description: '1–500, default 50' })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
});
const Json = Type.Object({}, { additionalProperties: true, description: 'See the field list in the README (API section)' });

type Q = Record<string, string | undefined>;

/**
 * Parses the period, makes sure rollups exist for its zone, and serves the
 * response from cache or computes and caches it. The cache key is the
 * normalized query, so `?to=...&from=...` and its reordering share an entry.
 */
async function cached(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  extra: Record<string, string | undefined>,
  compute: (period: Period) => Promise<unknown>,
): Promise<void> {
  const user = currentUser(request);
  const period = parsePeriod(request.query as PeriodInput, user.timezone);
  await ensureZone(services.db, user.id, period.tz, user.timezone);
  const key = JSON.stringify([name, period.from, period.to, period.tz, period.platforms, extra]);
  const hit = await services.cache.get(user.id, key);
  reply.header('content-type', 'application/json; charset=utf-8').header('x-cache', hit ? 'hit' : 'miss');
  if (hit) return reply.send(hit);
  const body = JSON.stringify(await compute(period));
  await services.cache.set(user.id, key, body);
  return reply.send(body);
}

export async function analyticsRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const db = services.db;
  const tags = ['analytics'];

  app.get('/dashboard', { schema: { tags, summary: 'Activity in the period across platforms', querystring: PeriodQuerySchema, response: { 200: Json } } }, (request, reply) =>
    cached(services, request, reply, 'dashboard', {}, (p) => dashboard(db, currentUser(request).id, p)),
  );

  app.get('/performance', { schema: { tags, summary: 'Content published in the period', querystring: PerformanceQuerySchema, response: { 200: Json } } }, (request, reply) => {
    const q = request.query as PerformanceQuery;
    return cached(services, request, reply, 'performance', { sort: q.sort, order: q.order, limit: String(q.limit ?? ''), cursor: q.cursor }, (p) =>
      performance(db, currentUser(request).id, p, q),
    );
  });

  app.get('/growth', { schema: { tags, summary: 'Audience growth, posting frequency, engagement-rate trend', querystring: GranularQuerySchema, response: { 200: Json } } }, (request, reply) => {
    const g = parseGranularity((request.query as Q).granularity);
    return cached(services, request, reply, 'growth', { g }, (p) => growth(db, currentUser(request).id, p, g));
  });

  app.get('/compare', { schema: { tags, summary: 'Platforms side by side', querystring: GranularQuerySchema, response: { 200: Json } } }, (request, reply) => {
    const g = parseGranularity((request.query as Q).granularity);
    return cached(services, request, reply, 'compare', { g }, (p) => compare(db, currentUser(request).id, p, g));
  });

  app.get<{ Params: { platform: string } }>(
    '/platform/:platform',
    { schema: { tags, summary: 'One platform in depth', params: Type.Object({ platform: Type.String() }), querystring: PeriodQuerySchema, response: { 200: Json } } },
    (request, reply) => {
      const platform = request.params.platform;
      if (!isPlatform(platform)) throw new ValidationError('platform', 'must be one of youtube, tiktok, instagram, twitter');
      return cached(services, request, reply, 'platform', { platform }, (p) => platformView(db, currentUser(request).id, p, platform));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/content/:id',
    { schema: { tags, summary: 'One content item on every platform it was published on', params: Type.Object({ id: Type.String() }), querystring: Type.Object({ tz: PeriodParams.tz }), response: { 200: Json } } },
    (request, reply) => {
      if (!/^\d{1,15}$/.test(request.params.id)) throw new ValidationError('id', 'must be a numeric content id');
      const id = Number(request.params.id);
      return cached(services, request, reply, 'content', { id: String(id) }, (p) => contentView(db, currentUser(request).id, id, p.tz));
    },
  );
}
