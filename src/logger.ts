/** Logger options: structured JSON, and never a token, password or cookie. */
import type { LogLevel } from './config.js';

export function loggerOptions(level: LogLevel) {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', '*.access_token', '*.refresh_token', 'token', '*.token'],
      censor: '[redacted]',
    },
  };
}
