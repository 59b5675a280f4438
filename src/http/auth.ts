/**
 * Bearer authentication for every route unless the route says `config: { public: true }`.
 * A flag on the route, not a list of URL prefixes, so a new route is private by default.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.js';
import { findUser, type UserRow } from '../db/repositories/users.js';
import type { Services } from '../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRow | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export function installAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    // Unknown routes (404) and public ones need no token.
    if (request.routeOptions.config?.public === true || !request.routeOptions.url) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) throw new UnauthorizedError();
    const userId = await services.tokens.verify(token);
    if (userId === null) throw new UnauthorizedError();
    const user = await findUser(services.db, userId);
    // A token of a deleted user is as good as no token.
    if (!user) throw new UnauthorizedError();
    request.user = user;
  });
}

/** The authenticated user of a private route. */
export function currentUser(request: FastifyRequest): UserRow {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}
