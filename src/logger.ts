/** Logger options: structured JSON, and never a token, password, cookie or OAuth code. */
import type { FastifyRequest } from 'fastify';
import type { LogLevel } from './config.js';

/** Query parameters that carry a credential: OAuth's code and state, WebSocket tickets, tokens. */
const SECRET_PARAMS = /([?&](?:code|state|ticket|token|access_token|refresh_token)=)[^&#]*/gi;
/** A share link's token is the last path segment of /api/v1/shared/{token}. */
const SHARE_PATH = /(\/api\/v1\/shared\/)[^/?#]+/i;

/** The URL as it may be logged: credentials in the query (and a share token in the path) replaced. */
export function redactUrl(url: string): string {
  return url.replace(SHARE_PATH, '$1[redacted]').replace(SECRET_PARAMS, '$1[redacted]');
}

export function loggerOptions(level: LogLevel) {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', '*.access_token', '*.refresh_token', 'token', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      // Fastify's own request serializer, with the URL redacted: it is in every "incoming request" line.
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        };
      },
    },
  };
}
