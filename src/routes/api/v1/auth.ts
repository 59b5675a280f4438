/** POST /api/v1/auth/register and /login. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { hashPassword, verifyPassword } from '../../../auth/passwords.js';
import { createUser, findUserForLogin } from '../../../db/repositories/users.js';
import { ConflictError, UnauthorizedError, ValidationError } from '../../../errors.js';
import { isValidTimeZone } from '../../../analytics/period.js';
import type { Services } from '../../../services.js';
import { isEmailAddress } from '../../../email-address.js';
import { errorResponses } from './schemas/common.js';
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

export async function authRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/register',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Create an account', security: [], body: Credentials, response: { 201: AuthResult, ...errorResponses(400, 409, 429) } },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const timezone = request.body.timezone ?? 'UTC';
      if (!isEmailAddress(email)) throw new ValidationError('email', 'must be an e-mail address');
      if (password.length < MIN_PASSWORD) throw new ValidationError('password', `must be at least ${MIN_PASSWORD} characters`);
      if (!isValidTimeZone(timezone)) throw new ValidationError('timezone', 'must be an IANA time zone such as Europe/Berlin');
      const user = await createUser(services.db, email.trim(), await hashPassword(password), timezone);
      if (!user) throw new ConflictError('An account with this e-mail exists already', 'email');
      return reply.status(201).send({ user: { id: user.id, email: user.email, timezone: user.timezone }, token: await services.tokens.issue(user.id) });
    },
  );

  app.post(
    '/login',
    {
      config: {
        public: true,
        // Per address and e-mail: slows down password guessing without locking out the real user elsewhere.
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `${req.ip}:${loginEmail(req.body)}` },
      },
      schema: { tags: ['auth'], summary: 'Log in', security: [], body: Credentials, response: { 200: AuthResult, ...errorResponses(400, 401, 429) } },
    },
    async (request) => {
      const user = await findUserForLogin(services.db, request.body.email.trim());
      const ok = await verifyPassword(user?.password_hash ?? null, request.body.password);
      if (!user || !ok) throw new UnauthorizedError('Wrong e-mail or password');
      return { user: { id: user.id, email: user.email, timezone: user.timezone }, token: await services.tokens.issue(user.id) };
    },
  );
}
