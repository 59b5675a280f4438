/**
 * Domain errors and their one mapping to HTTP. Domain code throws these;
 * the error handler in app.ts turns them into the one error body:
 * {"error": {"code", "message", "details"}}.
 */

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** 400: the request is malformed; `field` names the input that is wrong. */
export class ValidationError extends AppError {
  constructor(field: string, reason: string) {
    super(400, 'invalid_request', `${field}: ${reason}`, { field, reason });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Missing or invalid bearer token') {
    super(401, 'unauthorized', message);
  }
}

/**
 * 404: no such resource, or one of another user: both get this same answer,
 * so an id never reveals whether it exists (there is no "not yours" 403).
 */
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(409, 'conflict', message, field ? { field } : undefined);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many attempts; try again later', undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}
