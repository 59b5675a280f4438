/**
 * The one error handler: domain errors map to their status and body; Fastify's
 * own 4xx (validation, bad JSON, body too large) keep their status with a
 * safe message; anything else is a 500 that says nothing about internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError as AjvIssue } from 'fastify';
import { AppError } from '../errors.js';
import { errorResponses } from './error-body.js';

/**
 * The input an Ajv issue is about, spelled the way domain errors spell it:
 * `limit` for a query parameter (Fastify's context, querystring or params, is
 * not part of the name), `filters.min_views`, `recipients[0].email`.
 */
function fieldOf(issue: AjvIssue | undefined, context: string | undefined): string {
  if (!issue) return context ?? 'request';
  const segments = issue.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const leaf = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof leaf === 'string') segments.push(leaf);
  return fieldName(segments) || context || 'request';
}

/** Segments of a path into the input, spelled as every error names a field: `recipients[0].email`. */
export function fieldName(segments: readonly string[]): string {
  let field = '';
  for (const segment of segments) field += /^\d+$/.test(segment) ? `[${segment}]` : field === '' ? segment : `.${segment}`;
  return field;
}

/**
 * Why the input is wrong, for a person. A choice among literals (a TypeBox
 * union of literals compiles to anyOf of const) fails once per option; those
 * issues are folded into one "must be one of …" that lists the options.
 */
function reasonOf(issue: AjvIssue | undefined, all: AjvIssue[]): string {
  if (!issue) return 'is invalid';
  switch (issue.keyword) {
    case 'enum':
      return `must be one of ${Array.isArray(issue.params.allowedValues) ? issue.params.allowedValues.join(', ') : '…'}`;
    case 'const': {
      const options = all.filter((i) => i.keyword === 'const' && i.instancePath === issue.instancePath).map((i) => String(i.params.allowedValue));
      return `must be one of ${options.join(', ')}`;
    }
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'type':
      if (issue.params.type === 'integer') return 'must be a whole number';
      return issue.message ?? 'has the wrong type';
    default:
      return issue.message ?? 'is invalid';
  }
}

/**
 * Fastify's (and its plugins') own 4xx in the one error body: a stable code
 * per status instead of FST_ERR_…, and details.field where the problem is one
 * input (the body as a whole, or the Content-Type header). Their messages are
 * Fastify's own and say nothing about internals.
 */
function frameworkBody(status: number, error: FastifyError) {
  const problem = (code: string, field: string, reason: string) => ({ error: { code, message: `${field}: ${reason}`, details: { field, reason } } });
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('invalid_request', 'body', 'is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('invalid_request', 'body', 'is empty although Content-Type says JSON; send a JSON value, or no body and no Content-Type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('invalid_request', 'content-length', 'does not match the body');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payload_too_large', 'body', 'is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('unsupported_media_type', 'content-type', 'is not a media type this endpoint reads (send application/json)');
  }
  // The rate limiter's own answer: it has set Retry-After (and the X-RateLimit-* headers) on the reply already.
  if (status === 429) return { error: { code: 'rate_limited', message: 'Too many requests; try again after Retry-After seconds' } };
  if (status === 400) return problem('invalid_request', 'request', error.message);
  if (status === 413) return problem('payload_too_large', 'body', error.message);
  if (status === 415) return problem('unsupported_media_type', 'content-type', error.message);
  return { error: { code: STATUS_CODES[status] ?? 'bad_request', message: error.message } };
}

const STATUS_CODES: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 406: 'not_acceptable', 408: 'timeout' };

/**
 * Every route with a JSON body can be answered by the body parser before its
 * handler runs: malformed JSON (400), too large (413), a media type it does not
 * read (415). Those answers are added to the route's documented responses
 * (unless the route documents them itself), so the OpenAPI document lists every
 * status a client can get.
 */
function documentBodyParserAnswers(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { body?: unknown; response?: Record<string, unknown>; hide?: boolean } | undefined;
    // A body documented by media type (multipart upload) has its own parser and answers.
    if (!schema?.body || schema.hide || (typeof schema.body === 'object' && schema.body !== null && 'content' in schema.body)) return;
    route.schema = { ...schema, response: { ...errorResponses(400, 413, 415), ...schema.response } };
  });
}

/**
 * The router's own refusals, before any route or error handler (Fastify's
 * `frameworkErrors` option): a path that is not valid percent-encoded UTF-8,
 * and a path parameter past the router's length limit. Their message would
 * echo the URL (which may hold a share token), so it is not passed on.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body = (code: string, reason: string) => ({ error: { code, message: `url: ${reason}`, details: { field: 'url', reason } } });
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send(body('uri_too_long', 'a path segment is longer than any id or name this API takes'));
    return;
  }
  void reply.status(400).send(body('invalid_request', 'is not valid percent-encoded UTF-8'));
}

export function installErrorHandling(app: FastifyInstance): void {
  documentBodyParserAnswers(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(error.status).send(error.toBody());
    }
    if (error.validation) {
      const issues = error.validation;
      const field = fieldOf(issues[0], error.validationContext);
      const reason = reasonOf(issues[0], issues);
      return reply.status(400).send({ error: { code: 'invalid_request', message: `${field}: ${reason}`, details: { field, reason } } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.status(status).send(frameworkBody(status, error));
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
