/**
 * The conformance checker itself (test/helpers/conformance.ts): each kind of
 * non-conforming response must be caught, and conforming ones must pass, or
 * the suite-wide check would prove nothing. Apps here are broken on purpose,
 * so they do not report to the run (report: false).
 */
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseChecker, formatViolations, installConformance, openApiPath, type Conformance } from './helpers/conformance.js';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('ResponseChecker on a hand-written OpenAPI 3.1 document', () => {
  const doc = {
    openapi: '3.1.0',
    paths: {
      '/auth/login': {
        post: {
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['token', 'user'],
                    properties: {
                      token: { type: 'string' },
                      user: { $ref: '#/components/schemas/User' },
                      expires_at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
                    },
                  },
                },
              },
            },
            '4XX': { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
      '/reports/{id}': {
        get: {
          responses: {
            '200': { description: 'file', content: { 'text/csv': { schema: { type: 'string' } }, 'application/pdf': {} } },
            '204': { description: 'none' },
            default: { description: 'any error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        User: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } } },
      },
    },
  };
  const checker = new ResponseChecker(doc);
  const login = (status: number, body: unknown, type = 'application/json; charset=utf-8') =>
    checker.check('POST', '/auth/login', status, type, json(body));

  it('accepts bodies that match, nullable values either way, through $ref', () => {
    expect(login(200, { token: 't', user: { id: 1 }, expires_at: null })).toEqual([]);
    expect(login(200, { token: 't', user: { id: 1 }, expires_at: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(login(401, { error: { code: 'unauthorized' } })).toEqual([]);
  });

  it('catches a renamed field, a wrong type inside a $ref, a bad format', () => {
    expect(login(200, { access_token: 't', user: { id: 1 } })[0]?.reason).toMatch(/must have required property 'token'/);
    expect(login(200, { token: 't', user: { id: '1' } })[0]?.reason).toMatch(/\/user\/id must be integer/);
    expect(login(200, { token: 't', user: { id: 1 }, expires_at: 'soon' })[0]?.reason).toMatch(/expires_at/);
    expect(login(403, { message: 'no' })[0]?.reason).toMatch(/required property 'error'/);
  });

  it('catches an undocumented status, content type, operation, a non-JSON body', () => {
    expect(login(500, { error: { code: 'x' } })).toEqual([{ key: 'POST /auth/login 500', reason: 'status not documented (documented: 200, 4XX)' }]);
    expect(login(200, 'x', 'text/plain')[0]?.reason).toMatch(/content type text\/plain not documented/);
    expect(checker.check('POST', '/auth/login', 200, 'application/json', Buffer.from('{no'))[0]?.reason).toMatch(/not JSON/);
    expect(checker.check('GET', '/auth/login', 200, 'application/json', json({}))[0]?.reason).toMatch(/not in the OpenAPI document/);
    expect(login(200, {}, undefined as unknown as string)).toHaveLength(1);
  });

  it('checks media types of non-JSON bodies, empty bodies, default responses', () => {
    const get = (status: number, type: string | undefined, body: Buffer | null) => checker.check('GET', '/reports/{id}', status, type, body);
    expect(get(200, 'text/csv; charset=utf-8', Buffer.from('a,b\n'))).toEqual([]);
    expect(get(200, 'application/pdf', Buffer.from('%PDF'))).toEqual([]);
    expect(get(200, 'application/pdf', null)).toEqual([]); // too large to record: the type is still checked
    expect(get(200, 'image/png', Buffer.from('x'))[0]?.reason).toMatch(/image\/png not documented/);
    expect(get(200, 'text/csv', Buffer.alloc(0))[0]?.reason).toMatch(/empty body/);
    expect(get(204, undefined, Buffer.alloc(0))).toEqual([]);
    expect(get(204, 'application/json', json({ a: 1 }))[0]?.reason).toMatch(/describes no content/);
    expect(get(410, 'application/json', json({ error: { code: 'gone' } }))).toEqual([]);
    expect(get(410, 'application/json', json({ gone: true }))).toHaveLength(1);
  });

  it('lists one line per route and status', () => {
    const lines = formatViolations([
      { key: 'GET /b 200', reason: 'x' },
      { key: 'GET /a 200', reason: 'y' },
      { key: 'GET /b 200', reason: 'x' },
      { key: 'GET /b 200', reason: 'z' },
    ]);
    expect(lines).toEqual(['GET /a 200: y', 'GET /b 200: x | z']);
  });

  it('maps Fastify route templates onto OpenAPI paths', () => {
    expect(openApiPath('/api/v1/reports/:id/share')).toBe('/api/v1/reports/{id}/share');
    expect(openApiPath('/a/:platform/:id(^\\d+)')).toBe('/a/{platform}/{id}');
  });
});

describe('installConformance on a Fastify app with @fastify/swagger', () => {
  let app: FastifyInstance;
  let conformance: Conformance;
  const Login = Type.Object({ token: Type.String() });

  beforeAll(async () => {
    app = Fastify();
    await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } } });
    app.get('/ok', { schema: { response: { 200: Login } } }, async () => ({ token: 't' }));
    // The view renamed a field its schema requires: the serializer refuses it, a 500 nobody documented.
    app.get('/renamed', { schema: { response: { 200: Login } } }, async () => ({ access_token: 't' }) as unknown as { token: string });
    app.get('/unschematized', async () => ({ anything: 1 }));
    app.get('/items', { schema: { response: { 200: Type.Array(Type.Integer()) } } }, async (req, reply) =>
      // A streamed JSON body (like the export) bypasses the serializer; it is recorded on its way out.
      reply.type('application/json').send(Readable.from((req.query as { bad?: string }).bad ? ['[1,', '"two"]'] : ['[1,', '2]'])),
    );
    app.get('/csv', { schema: { response: { 200: { content: { 'text/csv': { schema: Type.String() } } } } } }, async (req, reply) =>
      reply.type((req.query as { pdf?: string }).pdf ? 'application/pdf' : 'text/csv').send('a,b\n'),
    );
    app.delete('/thing', { schema: { response: { 204: Type.Null() } } }, async (_req, reply) => reply.status(204).send());
    app.get('/hidden', { schema: { hide: true } }, async () => ({ x: 1 }));
    conformance = installConformance(app, { report: false });
    await app.ready();
  });
  afterAll(() => app.close());

  it('passes conforming responses and finds each kind of violation', async () => {
    const status = async (url: string, method: 'GET' | 'DELETE' = 'GET') => (await app.inject({ method, url })).statusCode;
    expect(await status('/ok')).toBe(200);
    expect(await status('/items')).toBe(200);
    expect(await status('/csv')).toBe(200);
    expect(await status('/thing', 'DELETE')).toBe(204);
    expect(await status('/hidden')).toBe(200);
    expect(await status('/nowhere')).toBe(404);
    expect(conformance.violations()).toEqual([]);

    expect(await status('/renamed')).toBe(500);
    expect(await status('/unschematized')).toBe(200);
    expect(await status('/items?bad=1')).toBe(200);
    expect(await status('/csv?pdf=1')).toBe(200);
    expect(formatViolations(conformance.violations())).toEqual([
      'GET /csv 200: content type application/pdf not documented (documented: text/csv)',
      'GET /items 200: body does not match the documented schema: /1 must be integer',
      'GET /renamed 500: status not documented (documented: 200)',
      'GET /unschematized 200: sends application/json, but the document describes no content (no response schema)',
    ]);
    expect(() => conformance.assertConforming()).toThrow(/4 response\(s\) do not conform/);
  });
});
