/** POST /api/v1/auth/register, /login and /logout. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hashPassword, verifyPassword } from '../../../auth/passwords.js';
import { createUser, findUserForLogin } from '../../../db/repositories/users.js';
import { ConflictError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../../errors.js';
import { revokeSession } from '../../../auth/sessions.js';
import { currentSession } from '../../../http/auth.js';
import { isValidTimeZone } from '../../../analytics/period.js';
import type { Services } from '../../../services.js';
import { isEmailAddress } from '../../../email-address.js';
import { NoContent, errorResponses } from './schemas/common.js';
import { AuthResult } from './schemas/user.js';

const Credentials = Type.Object(
  {
    email: Type.String({ maxLength: 254, description: 'Login e-mail address' }),
    password: Type.String({ maxLength: 200 }),
    timezone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone for day boundaries (default UTC)' })),
  },
  { additionalProperties: false },
);

/** The e-mail a login attempt names, for the rate-limit key: the plugin hands its key generator a request without this route's types. */
function loginEmail(body: unknown): string {
  const email = typeof body === 'object' && body !== null && 'email' in body ? body.email : undefined;
  return typeof email === 'string' ? email.toLowerCase() : '';
}

export const MIN_PASSWORD = 10;

/**
 * The public auth routes take a few hundred bytes of JSON; anything larger is
 * refused with 413 from its Content-Length (or while streaming), before it is
 * read or parsed, instead of the app's 10 MB.
 */
const AUTH_BODY_LIMIT = 4 * 1024;

/**
 * A hook that answers 429 with Retry-After once `max` requests with the same
 * key came within a minute. Built on the rate-limit plugin's counters, but as a
 * plain hook so one route can be under two limits: the plugin's own route
 * option runs one limiter per request.
 */
function limit(fastify: FastifyInstance, name: string, max: number, key: (req: FastifyRequest) => string) {
  const check = fastify.createRateLimit({ max, timeWindow: 60_000, keyGenerator: (req) => `${name}:${key(req)}` });
  return async (request: FastifyRequest) => {
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) throw new TooManyRequestsError(Math.max(1, result.ttlInSeconds));
  };
}

export async function authRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Per address, in onRequest: counted before the body is read, so floods and
  // oversized or malformed bodies count too.
  const registerPerAddress = limit(fastify, 'register-ip', 20, (req) => req.ip);
  // One address trying a password against many accounts: 30 logins a minute, whatever the e-mails.
  const loginPerAddress = limit(fastify, 'login-ip', 30, (req) => req.ip);
  // Per address and e-mail: slows down guessing one password without locking out the real user elsewhere.
  const loginPerAccount = limit(fastify, 'login-account', 10, (req) => `${req.ip}:${loginEmail(req.body)}`);

  app.post(
    '/register',
    {
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
      onRequest: registerPerAddress,
      schema: { tags: ['auth'], summary: 'Create an account', security: [], body: Credentials, response: { 201: AuthResult, ...errorResponses(400, 409, 413, 429) } },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const timezone = request.body.timezone ?? 'UTC';
      if (!isEmailAddress(email)) throw new ValidationError('email', 'must be an e-mail address');
      if (password.length < MIN_PASSWORD) throw new ValidationError('password', `must be at least ${MIN_PASSWORD} characters`);
      if (!isValidTimeZone(timezone)) throw new ValidationError('timezone', 'must be an IANA time zone such as Europe/Berlin');
      const user = await createUser(services.db, email.trim(), await hashPassword(password), timezone);
      if (!user) throw new ConflictError('An account with this e-mail exists already', 'email');
      return reply.status(201).send({ user: { id: user.id, email: user.email, timezone: user.timezone }, token: await services.tokens.issue(user.id, 0) });
    },
  );

  app.post(
    '/login',
    {
      config: { public: true },
      bodyLimit: AUTH_BODY_LIMIT,
      onRequest: loginPerAddress,
      // After parsing: the per-account key needs the e-mail of the body.
      preHandler: loginPerAccount,
      schema: { tags: ['auth'], summary: 'Log in', security: [], body: Credentials, response: { 200: AuthResult, ...errorResponses(400, 401, 413, 429) } },
    },
    async (request) => {
      const user = await findUserForLogin(services.db, request.body.email.trim());
      const ok = await verifyPassword(user?.password_hash ?? null, request.body.password);
      if (!user || !ok) throw new UnauthorizedError('Wrong e-mail or password');
      return { user: { id: user.id, email: user.email, timezone: user.timezone }, token: await services.tokens.issue(user.id, user.session_epoch) };
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revoke the token of this request',
        description: 'The token is refused from now on (401 everywhere); your other sessions stay signed in. DELETE /api/v1/me/sessions signs out all of them.',
        response: { 204: NoContent, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      await revokeSession(services.db, services.cache, currentSession(request));
      return reply.status(204).send(null);
    },
  );
}
