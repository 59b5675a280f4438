/**
 * Connecting an account through the platform's consent screen (OAuth 2.0
 * authorization code). `start` remembers who asked (state, PKCE verifier,
 * redirect URI) for ten minutes and answers with the consent URL; the
 * platform sends the browser back to `callback` with a code and that state.
 * The callback is public: the browser carries no bearer token, and the state
 * alone says whose account this becomes. A state works once.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PLATFORMS, type Platform } from '../../../../analytics/catalog.js';
import { upsertAccount } from '../../../../db/repositories/accounts.js';
import { deleteExpiredOAuthStates, saveOAuthState, takeOAuthState } from '../../../../db/repositories/oauth-states.js';
import { AppError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { PlatformError, RateLimited, Unavailable } from '../../../../platforms/errors.js';
import type { Services } from '../../../../services.js';
import { platformRefusal, requireSync } from './accounts.js';
import { AccountEnvelope } from '../schemas/account.js';
import { Instant, errorResponses } from '../schemas/common.js';
import { accountOut } from './account-out.js';

/** How long a consent screen may take. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;
/** Expired states are kept this long so a late callback hears "expired", not "unknown". */
const EXPIRED_STATE_GRACE_MS = 24 * 3_600_000;

/** The variables that configure each platform's OAuth client (as config-platforms.ts reads them). */
export const CREDENTIAL_VARIABLES: Record<Platform, [string, string]> = {
  youtube: ['YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET'],
  tiktok: ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'],
  instagram: ['INSTAGRAM_APP_ID', 'INSTAGRAM_APP_SECRET'],
  twitter: ['X_CLIENT_ID', 'X_CLIENT_SECRET'],
};

const PlatformParams = Type.Object({ platform: Type.Enum([...PLATFORMS, 'x'], { description: `${PLATFORMS.join(', ')} (x is an alias of twitter)` }) });

/** Optional: Fastify validates a request without a body as null. */
const StartBody = Type.Union([
  Type.Object(
    { redirect_uri: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Where the platform sends the browser back; default: this API\'s callback' })) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

const Started = Type.Object({
  authorize_url: Type.String({ description: "The platform's consent screen: send the browser there" }),
  state: Type.String({ description: 'Comes back with the callback; works once' }),
  expires_at: Instant,
});

const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 512 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 2048 })),
  error_reason: Type.Optional(Type.String({ maxLength: 256 })),
});

function platformParam(raw: Platform | 'x'): Platform {
  return raw === 'x' ? 'twitter' : raw;
}

function redirectUriParam(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('redirect_uri', 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError('redirect_uri', 'must be an http(s) URL');
  // RFC 6749 §3.1.2: a redirection endpoint has no fragment.
  if (url.hash !== '' || raw.includes('#')) throw new ValidationError('redirect_uri', 'must not contain a fragment');
  return raw;
}

function defaultRedirectUri(services: Services, request: FastifyRequest, platform: Platform): string {
  const base = services.config.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${base}/api/v1/accounts/oauth/${platform}/callback`;
}

function invalidState(reason: 'unknown' | 'expired' | 'platform_mismatch', message: string): never {
  throw new AppError(400, 'invalid_state', message, { field: 'state', reason });
}

export async function oauthRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['accounts'];

  app.post(
    '/:platform/start',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Start connecting an account: the platform consent URL and its state (valid 10 minutes)',
        description: 'The body is optional.',
        params: PlatformParams,
        body: StartBody,
        response: { 200: Started, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const platform = platformParam(request.params.platform);
      const sync = requireSync(services);
      // Configured = the operator set this platform's client credentials; without them the platform refuses the consent URL.
      if (services.config.platforms.credentials[platform] === null) {
        const missing = CREDENTIAL_VARIABLES[platform];
        throw new AppError(400, 'platform_not_configured', `${platform} is not configured: set ${missing.join(' and ')}`, { field: 'platform', platform, missing });
      }
      const redirectUri = request.body?.redirect_uri !== undefined ? redirectUriParam(request.body.redirect_uri) : defaultRedirectUri(services, request, platform);
      const { url, pending } = sync.connectors[platform].authorizeUrl({ redirectUri });
      const now = Date.now();
      const expiresAt = new Date(now + OAUTH_STATE_TTL_MS);
      await deleteExpiredOAuthStates(services.db, new Date(now - EXPIRED_STATE_GRACE_MS));
      await saveOAuthState(services.db, { state: pending.state, userId: user.id, platform, codeVerifier: pending.codeVerifier ?? null, redirectUri: pending.redirectUri, expiresAt });
      return { authorize_url: url, state: pending.state, expires_at: expiresAt.toISOString() };
    },
  );

  app.get(
    '/:platform/callback',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Where the platform returns the browser: exchanges the code, connects the account (201)',
        params: PlatformParams,
        querystring: CallbackQuery,
        security: [],
        response: { 201: AccountEnvelope, ...errorResponses(400, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const platform = platformParam(request.params.platform);
      const q = request.query;
      if (!q.state) throw new ValidationError('state', 'is required');
      const pending = await takeOAuthState(services.db, q.state);
      if (!pending) invalidState('unknown', 'Unknown or already used state; start the connection again');
      if (pending.platform !== platform) invalidState('platform_mismatch', `This state was issued for ${pending.platform}, not ${platform}`);
      if (new Date(pending.expires_at).getTime() <= Date.now()) invalidState('expired', 'The authorization request expired; start the connection again');
      if (q.error !== undefined) {
        const reason = (q.error_description || q.error_reason || q.error).slice(0, 300);
        throw new AppError(400, 'authorization_denied', `${platform} did not authorize the connection: ${reason}`, { platform, error: q.error, reason });
      }
      if (!q.code) throw new ValidationError('code', 'is required');
      const sync = requireSync(services);
      const connector = sync.connectors[platform];
      const tokens = await connector
        .exchangeCode(q.code, { state: pending.state, redirectUri: pending.redirect_uri, ...(pending.code_verifier ? { codeVerifier: pending.code_verifier } : {}) })
        .catch((err: unknown) => {
          if (err instanceof Unavailable || err instanceof RateLimited) platformRefusal(err);
          if (err instanceof PlatformError) {
            throw new AppError(400, 'authorization_failed', `${platform} refused the authorization code: ${err.reason}`, { platform, reason: err.reason });
          }
          throw err;
        });
      const profile = await connector.verify(tokens.accessToken).catch(platformRefusal);
      const account = await upsertAccount(services.db, pending.user_id, {
        platform,
        externalId: profile.externalId,
        handle: profile.handle,
        displayName: profile.displayName,
        accessTokenEnc: sync.box.seal(tokens.accessToken),
        refreshTokenEnc: tokens.refreshToken ? sync.box.seal(tokens.refreshToken) : null,
        tokenExpiresAt: tokens.expiresAt,
      });
      await sync.engine.enqueue(pending.user_id, account.id, 'connect');
      return reply.status(201).send({ account: accountOut(account) });
    },
  );
}
