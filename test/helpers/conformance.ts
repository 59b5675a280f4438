/**
 * Response conformance: every response an app under test sends is checked
 * against the OpenAPI document that same app serves at /api/openapi.json
 * (the document is what clients see, so it, not the route's own schema, is
 * the contract). A status with no documented response, a body where none is
 * documented, an undocumented content type, or a JSON body its schema
 * rejects is a violation.
 *
 * Violations fail the test file (close() of the test app throws) and are
 * appended, with every operation seen, to the run's directory; the global
 * teardown (conformance-setup.ts) prints them all, one line per route and
 * status, and fails the run when a documented operation was never answered
 * with a 2xx by any test file.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform, pipeline } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { expect, inject } from 'vitest';
import { formatViolations, type RecordLine, type Violation } from './conformance-report.js';

export { UNEXERCISED_OPERATIONS, formatViolations, type RecordLine, type Violation } from './conformance-report.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test workers append what they saw; created and read by the global setup. */
    conformanceDir: string;
  }
}

/** Bodies above this are passed through unrecorded (their type is still checked). */
const MAX_RECORDED_BODY = 16 * 1024 * 1024;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface OpenApiResponse {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}
interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
}

/** Fastify's `/reports/:id` is OpenAPI's `/reports/{id}` (a regexp constraint `:id(\\d+)` too). */
export function openApiPath(fastifyUrl: string): string {
  return fastifyUrl.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
}

/** "METHOD /path" of every operation the document lists, in document order. */
export function documentedOperations(doc: OpenApiDocument): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) if (item[method]) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out;
}

function jsonPointer(parts: string[]): string {
  return parts.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function mediaTypeOf(header: unknown): string | null {
  if (header === undefined || header === null) return null;
  const value = Array.isArray(header) ? String(header[0]) : String(header);
  return value.split(';')[0]!.trim().toLowerCase() || null;
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

function ajvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    .join('; ');
}

/**
 * Checks responses against one OpenAPI document. Pure: no Fastify, so the
 * checker itself is tested on hand-made documents (test/conformance.test.ts).
 */
export class ResponseChecker {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction | Error>();
  private static readonly DOC_ID = 'https://pulseboard.test/openapi.json';

  constructor(private readonly doc: OpenApiDocument) {
    // The document's dialect: OpenAPI 3.1 Schema Objects are JSON Schema 2020-12.
    // strict off: OpenAPI adds keywords (example, discriminator, xml) Ajv does not know.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    formats.default(this.ajv);
    // The whole document, so `#/components/...` references inside a response schema resolve.
    this.ajv.addSchema(doc as object, ResponseChecker.DOC_ID);
  }

  /**
   * Violations of one response. `body` null: the body was too large to record
   * (only its status and content type are checked).
   */
  check(method: string, path: string, status: number, contentTypeHeader: unknown, body: Buffer | null): Violation[] {
    const key = `${method} ${path} ${status}`;
    const op = this.doc.paths?.[path]?.[method.toLowerCase()];
    if (!op) return [{ key, reason: 'operation not in the OpenAPI document' }];
    const responses = op.responses ?? {};
    const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!statusKey) return [{ key, reason: `status not documented (documented: ${Object.keys(responses).join(', ') || 'none'})` }];
    const documented = responses[statusKey]!;
    const content = documented.content ?? {};
    const mediaTypes = Object.keys(content);
    const mediaType = mediaTypeOf(contentTypeHeader);
    const empty = body !== null && body.length === 0;

    if (empty) {
      if (mediaTypes.length === 0 || status === 204 || status === 304) return [];
      return [{ key, reason: `empty body, but the document promises ${mediaTypes.join(', ')}` }];
    }
    if (mediaTypes.length === 0) return [{ key, reason: `sends ${mediaType ?? 'a body without content-type'}, but the document describes no content (no response schema)` }];
    if (!mediaType) return [{ key, reason: `body without content-type (documented: ${mediaTypes.join(', ')})` }];
    const [type] = mediaType.split('/');
    const entryKey = [mediaType, `${type}/*`, '*/*'].find((k) => content[k]);
    if (!entryKey) return [{ key, reason: `content type ${mediaType} not documented (documented: ${mediaTypes.join(', ')})` }];
    if (!isJson(mediaType) || body === null) return [];

    const schema = content[entryKey]!.schema;
    if (schema === undefined) return [{ key, reason: `${mediaType} documented without a schema` }];
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return [{ key, reason: `${mediaType} body is not JSON` }];
    }
    const validate = this.validator(['paths', path, method.toLowerCase(), 'responses', statusKey, 'content', entryKey, 'schema']);
    if (validate instanceof Error) return [{ key, reason: `its documented schema does not compile: ${validate.message}` }];
    if (validate(value)) return [];
    return [{ key, reason: `body does not match the documented schema: ${ajvErrors(validate.errors)}` }];
  }

  private validator(pointerParts: string[]): ValidateFunction | Error {
    const pointer = jsonPointer(pointerParts);
    let v = this.validators.get(pointer);
    if (!v) {
      try {
        v = this.ajv.compile({ $ref: `${ResponseChecker.DOC_ID}#${pointer}` });
      } catch (err) {
        v = err instanceof Error ? err : new Error(String(err));
      }
      this.validators.set(pointer, v);
    }
    return v;
  }
}

export interface Conformance {
  /** Violations this app has seen so far. */
  violations(): Violation[];
  /** Throws when this app has sent a response that does not conform. */
  assertConforming(): void;
}

function testFile(): string {
  try {
    return expect.getState().testPath ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Per worker process: one record file, lines deduplicated. */
const written = new Set<string>();
function recordLine(line: RecordLine): void {
  let dir: string | undefined;
  try {
    dir = inject('conformanceDir');
  } catch {
    dir = undefined;
  }
  if (!dir) return; // outside a run with the global setup (e.g. a script): nothing to report to
  const text = JSON.stringify(line);
  if (written.has(text)) return;
  written.add(text);
  appendFileSync(join(dir, `worker-${process.pid}.jsonl`), text + '\n');
}

const recorded = Symbol('conformance body');
/** overflow: the body was not recorded (too large, or a kind of stream not teed). */
type Recording = { chunks: Buffer[]; size: number; overflow: boolean };
type WithRecording = FastifyRequest & { [recorded]?: Recording };

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
}

export interface ConformanceOptions {
  /**
   * false: keep what is seen to this app (the checker's own tests, whose apps are
   * broken on purpose, must not report to the run). Default true.
   */
  report?: boolean;
}

/**
 * Hooks the checker into an app. Call before app.ready(): Fastify fixes each
 * route's hooks when the app becomes ready.
 */
export function installConformance(app: FastifyInstance, options: ConformanceOptions = {}): Conformance {
  const found: Violation[] = [];
  let checker: ResponseChecker | null = null;
  const file = testFile();
  const record = options.report === false ? () => undefined : recordLine;

  const getChecker = () => {
    if (!checker) {
      // JSON round trip: exactly what GET /api/openapi.json hands a client.
      const doc = JSON.parse(JSON.stringify(app.swagger())) as OpenApiDocument;
      checker = new ResponseChecker(doc);
      record({ t: 'doc', operations: documentedOperations(doc) });
    }
    return checker;
  };

  // onSend sees the serialized body (what goes on the wire); a stream is passed
  // through a recorder so the body can still be checked once it has been sent.
  app.addHook('onSend', async (request: WithRecording, reply: FastifyReply, payload: unknown) => {
    const rec: Recording = { chunks: [], size: 0, overflow: false };
    request[recorded] = rec;
    // Fastify sends no body with these, whatever the handler returned: the client sees none.
    const status = reply.statusCode;
    if (status < 200 || status === 204 || status === 304 || request.method === 'HEAD') return payload;
    // A web stream or fetch Response: not recorded (its status and content type are still checked).
    if (payload !== null && typeof payload === 'object' && ('getReader' in payload || 'bodyUsed' in payload)) {
      rec.overflow = true;
      return payload;
    }
    const keep = (chunk: unknown) => {
      if (rec.overflow) return;
      const b = toBuffer(chunk);
      rec.size += b.length;
      if (rec.size > MAX_RECORDED_BODY) {
        rec.overflow = true;
        rec.chunks = [];
      } else rec.chunks.push(b);
    };
    if (payload instanceof Readable || (payload !== null && typeof payload === 'object' && typeof (payload as { pipe?: unknown }).pipe === 'function')) {
      const spy = new Transform({
        transform(chunk, _enc, done) {
          keep(chunk);
          done(null, chunk);
        },
      });
      // pipeline: an error of the source destroys the spy, so Fastify sees the failure as before.
      pipeline(payload as Readable, spy, () => undefined);
      return spy;
    }
    if (payload !== undefined && payload !== null) keep(payload);
    return payload;
  });

  app.addHook('onResponse', async (request: WithRecording, reply) => {
    try {
      const route = request.routeOptions.url;
      // No route: the not-found handler, which no operation documents.
      if (!route) return;
      // Hidden from the document on purpose (health, metrics, the document and its UI).
      if ((request.routeOptions.schema as { hide?: boolean } | undefined)?.hide) return;
      const path = openApiPath(route);
      const status = reply.statusCode;
      const key = `${request.method} ${path} ${status}`;
      record({ t: 'seen', key, file });
      const rec = request[recorded];
      const body = !rec ? Buffer.alloc(0) : rec.overflow ? null : Buffer.concat(rec.chunks);
      for (const v of getChecker().check(request.method, path, status, reply.getHeader('content-type'), body)) {
        found.push(v);
        record({ t: 'violation', key: v.key, reason: v.reason, file });
      }
    } catch (err) {
      // The checker must never break the request under test; its own failure is a violation.
      const v = { key: `${request.method} ${request.url} ${reply.statusCode}`, reason: `conformance check failed: ${(err as Error).message}` };
      found.push(v);
      record({ t: 'violation', ...v, file });
    }
  });

  return {
    violations: () => [...found],
    assertConforming() {
      if (found.length === 0) return;
      throw new Error(`${formatViolations(found).length} response(s) do not conform to the OpenAPI document:\n${formatViolations(found).join('\n')}`);
    },
  };
}
