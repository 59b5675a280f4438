/**
 * The one error handler: domain errors map to their status and body; Fastify's
 * own 4xx (validation, bad JSON, body too large) keep their status with a
 * safe message; anything else is a 500 that says nothing about internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

interface AjvIssue {
  instancePath?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
  message?: string;
}

function fieldOf(issue: AjvIssue | undefined, context: string | undefined): string {
  if (!issue) return context ?? 'request';
  const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const leaf = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  return [path, leaf].filter(Boolean).join('.') || context || 'request';
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(error.status).send(error.toBody());
    }
    if (error.validation) {
      const issue = error.validation[0] as AjvIssue | undefined;
      const field = fieldOf(issue, error.validationContext);
      return reply.status(400).send({
        error: { code: 'invalid_request', message: `${field}: ${issue?.message ?? 'is invalid'}`, details: { field, reason: issue?.message ?? 'is invalid' } },
      });
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
