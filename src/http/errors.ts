/**
 * The one error handler: domain errors map to their status and body; Fastify's
 * own 4xx (validation, bad JSON, body too large) keep their status with a
 * safe message; anything else is a 500 that says nothing about internals.
 */
import type { FastifyError, FastifyInstance, FastifySchemaValidationError as AjvIssue } from 'fastify';
import { AppError } from '../errors.js';

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
  let field = '';
  for (const segment of segments) field += /^\d+$/.test(segment) ? `[${segment}]` : field === '' ? segment : `.${segment}`;
  return field || context || 'request';
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

export function installErrorHandling(app: FastifyInstance): void {
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
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: (error.code ?? 'bad_request').toLowerCase(), message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
