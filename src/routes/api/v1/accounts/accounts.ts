/** Connected platform accounts: connect with a token, list with sync state, disconnect or purge. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { PLATFORMS, isPlatform } from '../../../../analytics/catalog.js';
import { accountOwner, disconnectAccount, listAccounts, purgeAccount, upsertAccount } from '../../../../db/repositories/accounts.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { PlatformError, Unavailable, RateLimited } from '../../../../platforms/errors.js';
import type { Services, SyncServices } from '../../../../services.js';
import { accountOut } from './account-out.js';

const ConnectBody = Type.Object(
  {
    platform: Type.String({ enum: [...PLATFORMS] }),
    access_token: Type.String({ minLength: 1, maxLength: 4096 }),
    refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    expires_at: Type.Optional(Type.String({ description: 'ISO 8601 instant the access token expires' })),
  },
  { additionalProperties: false },
);
type ConnectBody = Static<typeof ConnectBody>;

export function requireSync(services: Services): SyncServices {
  if (!services.sync) throw new AppError(503, 'sync_unavailable', 'Syncing is not running in this process');
  return services.sync;
}

/** Parses an account id from a path and checks it is the caller's: 400, 404 or 403. */
export async function ownAccountId(services: Services, userId: number, raw: string, field = 'id'): Promise<number> {
  if (!/^\d{1,15}$/.test(raw)) throw new ValidationError(field, 'must be a numeric account id');
  const id = Number(raw);
  const owner = await accountOwner(services.db, id);
  if (owner === null) throw new NotFoundError('Account');
  if (owner !== userId) throw new ForbiddenError();
  return id;
}

/** A platform's answer to a token it refuses: 422 with the platform's reason (never the token). */
export function platformRefusal(err: unknown): never {
  if (err instanceof Unavailable || err instanceof RateLimited) {
    throw new AppError(503, 'platform_unavailable', `The platform did not answer: ${err.reason}`, { platform: err.platform }, { 'retry-after': '60' });
  }
  if (err instanceof PlatformError) {
    throw new AppError(422, 'token_rejected', `${err.platform} rejected the token: ${err.reason}`, { platform: err.platform, reason: err.reason });
  }
  throw err;
}

export async function accountRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const tags = ['accounts'];

  app.post<{ Body: ConnectBody }>('', { schema: { tags, summary: 'Connect an account with a token obtained elsewhere', body: ConnectBody } }, async (request, reply) => {
    const user = currentUser(request);
    const sync = requireSync(services);
    const { platform, access_token: accessToken, refresh_token: refreshToken } = request.body;
    if (!isPlatform(platform)) throw new ValidationError('platform', `must be one of ${PLATFORMS.join(', ')}`);
    let expiresAt: Date | null = null;
    if (request.body.expires_at !== undefined) {
      expiresAt = new Date(request.body.expires_at);
      if (Number.isNaN(expiresAt.getTime())) throw new ValidationError('expires_at', 'must be an ISO 8601 instant');
    }
    // Verify before storing anything: a token the platform refuses leaves no trace.
    const profile = await sync.connectors[platform].verify(accessToken).catch(platformRefusal);
    const account = await upsertAccount(services.db, user.id, {
      platform,
      externalId: profile.externalId,
      handle: profile.handle,
      displayName: profile.displayName,
      accessTokenEnc: sync.box.seal(accessToken),
      refreshTokenEnc: refreshToken ? sync.box.seal(refreshToken) : null,
      tokenExpiresAt: expiresAt,
    });
    await sync.engine.enqueue(user.id, account.id, 'connect');
    return reply.status(201).send({ account: accountOut(account) });
  });

  app.get('', { schema: { tags, summary: 'Connected accounts with their sync state' } }, async (request) => {
    const user = currentUser(request);
    return { accounts: (await listAccounts(services.db, user.id)).map(accountOut) };
  });

  app.delete<{ Params: { id: string }; Querystring: { purge?: string } }>(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Disconnect an account (history kept), or delete it with its history (?purge=true)',
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({ purge: Type.Optional(Type.String({ enum: ['true', 'false'] })) }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const id = await ownAccountId(services, user.id, request.params.id);
      if (request.query.purge === 'true') await purgeAccount(services.db, user.id, id);
      else await disconnectAccount(services.db, user.id, id);
      await services.cache.invalidateUser(user.id);
      return reply.status(204).send();
    },
  );
}
