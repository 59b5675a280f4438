/** Connected platform accounts: connect with a token, list with sync state, disconnect or purge. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { disconnectAccount, hasAccount, listAccounts, purgeAccount, upsertAccount } from '../../../../db/repositories/accounts.js';
import { AppError, NotFoundError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { PlatformError, Unavailable, RateLimited } from '../../../../platforms/errors.js';
import type { Services, SyncServices } from '../../../../services.js';
import { AccountEnvelope, AccountList } from '../schemas/account.js';
import { Instant, NoContent, PlatformName, errorResponses } from '../schemas/common.js';
import { IdParams } from '../schemas/params.js';
import { accountOut } from './account-out.js';

const ConnectBody = Type.Object(
  {
    platform: PlatformName,
    // Tokens are printable ASCII (RFC 6749 VSCHAR) and travel in an HTTP header: anything else is a 400 here,
    // not a failed platform call answered as 503.
    access_token: Type.String({ minLength: 1, maxLength: 4096, pattern: '^[\\x20-\\x7E]+$' }),
    refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, pattern: '^[\\x20-\\x7E]+$' })),
    expires_at: Type.Optional({ ...Instant, description: 'ISO 8601 instant the access token expires' }),
  },
  { additionalProperties: false },
);

export function requireSync(services: Services): SyncServices {
  if (!services.sync) throw new AppError(503, 'sync_unavailable', 'Syncing is not running in this process');
  return services.sync;
}

/** Checks an account id is the caller's: someone else's is 404 like an unknown id, so existence never leaks. */
export async function ownAccountId(services: Services, userId: number, id: number): Promise<number> {
  if (!(await hasAccount(services.db, userId, id))) throw new NotFoundError('Account');
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

export async function accountRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['accounts'];

  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Connect an account with a token obtained elsewhere',
        body: ConnectBody,
        response: { 201: AccountEnvelope, ...errorResponses(400, 401, 422, 503) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const sync = requireSync(services);
      const { platform, access_token: accessToken, refresh_token: refreshToken } = request.body;
      // The schema checked the format (date-time), so this is a valid instant.
      const expiresAt = request.body.expires_at === undefined ? null : new Date(request.body.expires_at);
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
    },
  );

  app.get('', { schema: { tags, summary: 'Connected accounts with their sync state', response: { 200: AccountList, ...errorResponses(401) } } }, async (request) => {
    const user = currentUser(request);
    return { accounts: (await listAccounts(services.db, user.id)).map(accountOut) };
  });

  app.delete(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Disconnect an account (history kept), or delete it with its history (?purge=true)',
        params: IdParams('account'),
        querystring: Type.Object({ purge: Type.Boolean({ default: false, description: 'Also delete its history' }) }),
        response: { 204: NoContent, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const id = await ownAccountId(services, user.id, request.params.id);
      if (request.query.purge) await purgeAccount(services.db, user.id, id);
      else await disconnectAccount(services.db, user.id, id);
      await services.cache.invalidateUser(user.id);
      return reply.status(204).send(null);
    },
  );
}
