/**
 * Bearer authentication for every route unless the route says `config: { public: true }`.
 * A flag on the route, not a list of URL prefixes, so a new route is private by default.
 * A token must verify (signature, expiry) and still stand for its user: not
 * signed out, not older than the user's last "sign out everywhere" (src/auth/sessions.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.js';
import type { UserRow } from '../db/repositories/users.js';
import { userOfSession } from '../auth/sessions.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Services } from '../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
    /** The claims of the bearer token of a private route (what sign-out revokes). */
    session: TokenClaims | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export function installAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    // Unknown routes (404) and public ones need no token.
    if (request.routeOptions.config?.public === true || !request.routeOptions.url) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) throw new UnauthorizedError();
    const claims = await services.tokens.verify(token);
    if (claims === null) throw new UnauthorizedError();
    // A revoked token, or one of a deleted user, is as good as no token.
    const user = await userOfSession(services.db, services.cache, claims);
    if (!user) throw new UnauthorizedError();
    request.user = user;
    request.session = claims;
  });
}

/** The authenticated user of a private route. */
export function currentUser(request: FastifyRequest): UserRow {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}

/** The token claims of a private route's request. */
export function currentSession(request: FastifyRequest): TokenClaims {
  if (!request.session) throw new UnauthorizedError();
  return request.session;
}
