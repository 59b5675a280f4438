/**
 * Schema-driven fuzzing of every input the API documents (issue 10, item 6).
 *
 * Walks the OpenAPI document the app serves and, for every operation and
 * every path/query parameter and body field (nested ones too), sends bad
 * values: wrong types, NUL and lone-surrogate strings, huge and negative
 * numbers, empty and oversized strings, arrays where scalars go and the other
 * way round, missing required fields and unknown fields. The rest of each
 * request is valid, so a refusal must name the fuzzed field. Signed in as a
 * user with data (an account with posts and snapshots, a report, a share
 * link, a schedule), it asserts:
 *  - never a 5xx;
 *  - every error is the one error body {error: {code, message, details?}};
 *  - a 400 names the field in details.field (the fuzzed one, where the value
 *    is wrong for its documented schema);
 *  - the user's data is the same afterwards (GET /me/export and row counts).
 * Every response is also checked against the document by the conformance
 * hooks of the test app (a status the operation does not document fails).
 *
 * Deterministic: fast-check samples with fixed seeds, a bounded number per
 * field, so the run takes well under a minute on PGlite.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Entity } from '../src/ids/entity-id.js';
import { publicIdOf, UNKNOWN_ID } from './helpers/ids.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

/** Samples per field from the random arbitrary, on top of the fixed edge cases. */
const RANDOM_PER_FIELD = 6;
const SEED = 20260610;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; required?: string[]; additionalProperties?: unknown; enum?: unknown[]; const?: unknown; format?: string; minimum?: number; default?: unknown; anyOf?: Schema[]; minLength?: number; minItems?: number; $ref?: string; 'x-entity'?: Entity }
interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema }
interface Operation { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; security?: unknown[] }
interface Doc { paths: Record<string, Record<string, Operation>> }

let s: SyncHarness;
/** The user's rows as the API names them (UUIDs), and the share link's token. */
let ids: { account: string; content: string; post: string; report: string; schedule: string; shareToken: string };

beforeAll(async () => {
  s = await startSyncHarness({ env: { SYNC_WAIT_MS: '100' } });
  const account = await s.connect('youtube');
  await s.h.services.ingest({
    userId: s.user.id, accountId: account, source: 'test',
    posts: [{ platformPostId: 'fuzz1', publishedAt: new Date('2026-05-10T10:00:00Z'), title: 'Fuzz video' }],
    postMetrics: [{ platformPostId: 'fuzz1', metric: 'views', value: 1234, observedAt: new Date('2026-05-12T10:00:00Z') }],
    accountMetrics: [{ metric: 'followers', value: 321, observedAt: new Date('2026-05-12T10:00:00Z') }],
  });
  const [post] = await s.h.t.db.query<{ id: number; content_id: number }>('SELECT id, content_id FROM platform_posts WHERE user_id = $1', [s.user.id]);
  const call = (method: 'POST' | 'PATCH', url: string, payload: object) => s.h.app.inject({ method, url, headers: s.user.auth, payload });
  const report = await call('POST', '/api/v1/analytics/reports', { report_name: 'Fuzz base', report_type: 'performance', date_range_start: '2026-05-01', date_range_end: '2026-05-31', export_format: 'json' });
  expect(report.statusCode, report.body).toBe(201);
  const share = await call('POST', `/api/v1/analytics/reports/${report.json().id}/share`, {});
  expect(share.statusCode, share.body).toBe(201);
  const schedule = await call('POST', '/api/v1/analytics/report-schedules', { report_name: 'Fuzz weekly', report_type: 'performance', export_format: 'json', frequency: 'weekly', recipients: [{ webhook_url: 'https://example.test/hook' }] });
  expect(schedule.statusCode, schedule.body).toBe(201);
  expect((await call('PATCH', '/api/v1/me/brand', { name: 'Fuzz Co', color: '#123456' })).statusCode).toBe(200);
  ids = {
    account: await publicIdOf(s.h.t.db, 'account', account),
    content: await publicIdOf(s.h.t.db, 'content', post!.content_id),
    post: await publicIdOf(s.h.t.db, 'post', post!.id),
    report: report.json().id,
    schedule: schedule.json().id,
    shareToken: share.json().token,
  };
});
afterAll(async () => {
  await s?.close();
});

/** Everything of the user's that a request could change. */
async function userData(): Promise<unknown> {
  const exp = await s.h.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: s.user.auth });
  expect(exp.statusCode).toBe(200);
  // exported_at is the time of the export itself.
  const data = { ...exp.json(), exported_at: undefined };
  const counts: Record<string, number> = {};
  for (const table of ['report_schedules', 'report_shares', 'report_deliveries', 'sync_runs', 'analytics_reports', 'platform_accounts', 'post_snapshots']) {
    counts[table] = Number((await s.h.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [s.user.id]))[0]!.n);
  }
  const [revoked] = await s.h.t.db.query('SELECT count(*)::int AS n FROM report_shares WHERE user_id = $1 AND revoked_at IS NOT NULL', [s.user.id]);
  return { data, counts, revoked };
}

// ---- bad values -------------------------------------------------------------------------------

const typesOf = (schema: Schema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.anyOf ? schema.anyOf.flatMap(typesOf) : []);

const nulString = fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })).map(([a, b]) => `${a}\u0000${b}`);
const loneSurrogate = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff')).map(([a, b]) => a + b);
// 2 ** 63 is what 9223372036854775807 (the bigint maximum) reads as when a client sends it as a JSON number.
const hugeNumber = fc.constantFrom(1e20, 2 ** 53, 2 ** 63, 1e308, Number.MAX_SAFE_INTEGER + 2);
const negative = fc.oneof(fc.integer({ min: -(2 ** 31), max: -1 }), fc.constant(-1e20), fc.double({ max: -0.001, noNaN: true, noDefaultInfinity: true }));
const emptyOrHuge = fc.oneof(fc.constant(''), fc.integer({ min: 3000, max: 40000 }).map((n) => 'x'.repeat(n)));
const anyScalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

/** Values of the wrong JSON type for the schema (some may still be valid: those are filtered by the schema). */
function wrongType(schema: Schema): fc.Arbitrary<Json> {
  const t = typesOf(schema);
  const options: fc.Arbitrary<Json>[] = [];
  if (!t.includes('string')) options.push(fc.string({ maxLength: 20 }));
  if (!t.includes('integer') && !t.includes('number')) options.push(fc.integer());
  if (t.includes('integer')) options.push(fc.double({ min: 0.01, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)), fc.constant('12'));
  if (!t.includes('boolean')) options.push(fc.boolean());
  if (!t.includes('null')) options.push(fc.constant(null));
  // Arrays where scalars go, and scalars where arrays go.
  if (!t.includes('array')) options.push(fc.array(anyScalar, { minLength: 1, maxLength: 3 }));
  if (!t.includes('object')) options.push(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), anyScalar, { minKeys: 1, maxKeys: 2 }));
  if (t.includes('array')) options.push(anyScalar);
  return fc.oneof(...options);
}

/**
 * One fixed value of each kind, then random ones: the kinds are always covered, the seeds vary the rest.
 * Every string kind is bad for any string field (a NUL, a lone surrogate, empty, or past every length limit);
 * ordinary text, non-ASCII included, is valid in a name and is not sent, since a valid value may change data.
 */
function badValues(schema: Schema, seed: number): { value: Json; kind: string }[] {
  const pick = (arb: fc.Arbitrary<Json>, n: number, offset: number) => fc.sample(arb, { seed: seed + offset, numRuns: n });
  const fixed: { value: Json; kind: string }[] = [
    { value: pick(wrongType(schema), 1, 0)[0]!, kind: 'wrong type' },
    { value: pick(nulString, 1, 1)[0]!, kind: 'NUL string' },
    { value: pick(loneSurrogate, 1, 2)[0]!, kind: 'lone surrogate' },
    { value: pick(hugeNumber, 1, 3)[0]!, kind: 'huge number' },
    { value: pick(negative, 1, 4)[0]!, kind: 'negative number' },
    { value: '', kind: 'empty string' },
    { value: 'x'.repeat(20000), kind: 'oversized string' },
  ];
  const random = pick(fc.oneof(wrongType(schema), nulString, loneSurrogate, hugeNumber, negative, emptyOrHuge), RANDOM_PER_FIELD, 5).map((value) => ({ value, kind: 'random' }));
  return [...fixed, ...random];
}

// ---- valid bases --------------------------------------------------------------------------------

/** A valid value for a schema, for the parts of a request that are not being fuzzed. */
function validValue(schema: Schema, name: string): Json {
  const override = VALID_FIELDS[name];
  if (override !== undefined) return override;
  if (schema.default !== undefined) return schema.default as Json;
  if (schema.enum) return schema.enum[0] as Json;
  if (schema.const !== undefined) return schema.const as Json;
  if (schema['x-entity']) return idOf(schema['x-entity']);
  if (schema.anyOf) return validValue(schema.anyOf.find((a) => !typesOf(a).includes('null')) ?? schema.anyOf[0]!, name);
  const t = typesOf(schema);
  if (t.includes('object')) return baseObject(schema);
  if (t.includes('array')) return schema.items ? [validValue(schema.items, name)] : [];
  if (t.includes('integer') || t.includes('number')) return schema.minimum ?? 1;
  if (t.includes('boolean')) return false;
  if (schema.format === 'date-time') return '2026-06-01T00:00:00Z';
  if (schema.format === 'date') return '2026-05-01';
  return 'x';
}

function baseObject(schema: Schema): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const key of schema.required ?? []) out[key] = validValue(schema.properties?.[key] ?? {}, key);
  return out;
}

/** Values a schema cannot tell: a date field that is a plain string, a name that must be an e-mail. */
const VALID_FIELDS: Record<string, Json> = {
  email: 'someone@example.test',
  password: 'a long enough password',
  date_range_start: '2026-05-01',
  date_range_end: '2026-05-31',
  report_name: 'Fuzzed report',
  // A token the simulator refuses: if a bad value got through, connecting would fail with 422, not store anything.
  access_token: 'not-a-token-the-platform-knows',
  webhook_url: 'https://example.test/hook',
  // Ledger entries: a decimal with exactly 2 places and a real ISO 4217 code (patterns the generator cannot satisfy).
  amount: '12.50',
  currency: 'EUR',
};

/** Fields where an empty string is an ordinary value, not a bad one (a ledger entry without a note): it would be stored. */
const EMPTY_IS_VALID = new Set(['note']);

/** Request bodies that are valid as a whole (the schema alone allows more than the handler). */
function baseBody(op: string, schema: Schema): Json {
  if (op === 'POST /api/v1/analytics/report-schedules') return { report_name: 'Fuzzed', report_type: 'performance', export_format: 'json', frequency: 'weekly', recipients: [{ webhook_url: 'https://example.test/hook' }] };
  if (op === 'POST /api/v1/analytics/reports') return { report_name: 'Fuzzed', report_type: 'performance', date_range_start: '2026-05-01', date_range_end: '2026-05-31', export_format: 'json', platforms: ['youtube'] };
  if (op === 'POST /api/v1/analytics/sync') return { platforms: ['youtube'], account_ids: [ids.account] };
  if (op === 'PATCH /api/v1/me/brand') return { name: 'Fuzz Co', color: '#123456' };
  return validValue(schema, '');
}

/**
 * One of the user's own rows of this kind; a kind they have none of (an alert, a ledger entry) gets a
 * well-formed id that names nothing: the request is validated in full, then answered 404.
 */
function idOf(entity: Entity): string {
  return (ids as Partial<Record<Entity, string>>)[entity] ?? UNKNOWN_ID;
}

function pathValue(name: string, schema: Schema): string {
  if (name === 'token') return ids.shareToken;
  if (name === 'platform') return 'youtube';
  // Ids (x-entity) are the user's own, by validValue.
  return String(validValue(schema, name));
}

// ---- requests -----------------------------------------------------------------------------------

/** A value as query or path text: how a client would write it in a URL. */
function asText(value: Json): string[] {
  if (value === null) return [''];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/**
 * A path segment as a client would send it. A lone surrogate has no UTF-8 form (encodeURIComponent throws):
 * it goes as the bytes a careless encoder writes for it, %ED%A0%80, which are not valid UTF-8 either.
 */
function encodePathText(text: string): string {
  return text
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((piece, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(piece)))
    .join('');
}

function setAt(target: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(target) as { [k: string]: Json };
  let node: { [k: string]: Json } = copy;
  for (const key of path.slice(0, -1)) node = node[key as string] as { [k: string]: Json };
  const last = path.at(-1)!;
  if (value === undefined) delete node[last as string];
  else node[last as string] = value;
  return copy;
}

/** Fields of a body schema, nested (array items at index 0), with the schema of each. */
function bodyFields(schema: Schema, base: Json, prefix: (string | number)[] = []): { path: (string | number)[]; schema: Schema; parent: Schema }[] {
  const out: { path: (string | number)[]; schema: Schema; parent: Schema }[] = [];
  const objectSchema = schema.anyOf ? schema.anyOf.find((a) => typesOf(a).includes('object')) : schema;
  if (!objectSchema?.properties || typeof base !== 'object' || base === null || Array.isArray(base)) return out;
  for (const [key, field] of Object.entries(objectSchema.properties)) {
    out.push({ path: [...prefix, key], schema: field, parent: objectSchema });
    const inner = base[key];
    if (Array.isArray(inner) && field.items && inner[0] !== null && typeof inner[0] === 'object') out.push(...bodyFields(field.items, inner[0], [...prefix, key, 0]));
    else if (Array.isArray(inner) && field.items && inner.length > 0) out.push({ path: [...prefix, key, 0], schema: field.items, parent: field });
    else if (inner && typeof inner === 'object' && !Array.isArray(inner)) out.push(...bodyFields(field, inner, [...prefix, key]));
  }
  return out;
}

const fieldName = (path: (string | number)[]) => path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');

interface Case { op: string; label: string; field: string | null; schemaRejects: boolean; send: () => Promise<{ statusCode: number; body: string; json(): unknown }> }

it('no generated bad input answers 5xx, an error body of another shape, or a 400 without its field, and none changes the user\'s data', async () => {
  const doc = (await s.h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
  formats.default(ajv);
  const validators = new Map<Schema, ValidateFunction>();
  /** Whether the documented schema itself already refuses the value (then the 400 must name the fuzzed field). */
  const schemaRejects = (schema: Schema, value: Json) => {
    if (JSON.stringify(schema).includes('$ref')) return false;
    let v = validators.get(schema);
    if (!v) validators.set(schema, (v = ajv.compile(schema)));
    return !v(value);
  };

  const cases: Case[] = [];
  const skipped: string[] = [];
  let seed = SEED;
  const headers = { ...s.user.auth };

  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${path}`;
      const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
      const content = op.requestBody?.content ?? {};
      if (params.length === 0 && Object.keys(content).length === 0) {
        skipped.push(`${key}: takes no parameters and no body`);
        continue;
      }
      const pathParams = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, pathValue(p.name, p.schema ?? {})]));
      const baseQuery = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, asText(validValue(p.schema ?? {}, p.name))]));
      const url = (pp: Record<string, string>, q: Record<string, string[]>) => {
        const search = new URLSearchParams();
        for (const [k, vs] of Object.entries(q)) for (const v of vs) search.append(k, v);
        const text = search.toString();
        return path.replace(/\{([^}]+)\}/g, (_m, n: string) => encodePathText(pp[n] ?? '')) + (text ? `?${text}` : '');
      };
      const jsonSchema = content['application/json']?.schema;
      const multipart = content['multipart/form-data']?.schema;
      const base = jsonSchema ? baseBody(key, jsonSchema) : undefined;
      const send = (pp: Record<string, string>, q: Record<string, string[]>, body: Json | undefined) => () =>
        s.h.app.inject({ method: method.toUpperCase() as 'GET', url: url(pp, q), headers, ...(jsonSchema && body !== undefined ? { payload: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } } : {}) });

      for (const p of params) {
        const schema = p.schema ?? {};
        for (const { value, kind } of badValues(schema, (seed += 100))) {
          const texts = asText(value);
          const field = p.name;
          if (p.in === 'path') cases.push({ op: key, label: `${field}=${kind}`, field, schemaRejects: false, send: send({ ...pathParams, [field]: texts.join(',') }, baseQuery, base) });
          else cases.push({ op: key, label: `${field}=${kind}`, field, schemaRejects: false, send: send(pathParams, { ...baseQuery, [field]: texts }, base) });
        }
        // A required parameter with a default is filled in by the server when left out: leaving it out is no error.
        if (p.in === 'query' && p.required && p.schema?.default === undefined) cases.push({ op: key, label: `${p.name} missing`, field: p.name, schemaRejects: true, send: send(pathParams, Object.fromEntries(Object.entries(baseQuery).filter(([k]) => k !== p.name)), base) });
      }

      if (jsonSchema && base !== undefined) {
        for (const f of bodyFields(jsonSchema, base)) {
          const field = fieldName(f.path);
          for (const { value, kind } of badValues(f.schema, (seed += 100))) {
            if (value === '' && EMPTY_IS_VALID.has(field)) continue;
            cases.push({ op: key, label: `${field}=${kind}`, field, schemaRejects: schemaRejects(f.schema, value), send: send(pathParams, baseQuery, setAt(base, f.path, value)) });
          }
          if (f.parent.required?.includes(String(f.path.at(-1))) && f.schema.default === undefined) cases.push({ op: key, label: `${field} missing`, field, schemaRejects: true, send: send(pathParams, baseQuery, setAt(base, f.path, undefined)) });
          if (f.parent.additionalProperties === false && f.path.length > 0) {
            const unknown = [...f.path.slice(0, -1), 'zz_unknown'];
            cases.push({ op: key, label: `${fieldName(unknown)} unknown`, field: fieldName(unknown), schemaRejects: true, send: send(pathParams, baseQuery, setAt(base, unknown, 1)) });
          }
        }
        // The body itself the wrong type: a list, a string.
        for (const body of [[base], 'text'] as Json[]) cases.push({ op: key, label: `body=${JSON.stringify(body).slice(0, 20)}`, field: null, schemaRejects: true, send: send(pathParams, baseQuery, body) });
      }

      if (multipart?.properties) {
        // The form fields as text parts next to a real export; the file's bytes are not fuzzed (a CSV's content
        // is the importer's business and has its own tests: test/import*.test.ts), and an empty form field is
        // how a browser sends an input left blank, so it means "not given" by design.
        const csv = readFileSync(new URL('./fixtures/exports/youtube/Totals.csv', import.meta.url), 'utf8');
        for (const [name, schema] of Object.entries(multipart.properties)) {
          if (name === 'file') {
            skipped.push(`${key} file: the uploaded bytes are not fuzzed (importer tests cover broken files)`);
            continue;
          }
          for (const { value, kind } of badValues(schema, (seed += 100))) {
            const text = asText(value).join(',');
            if (text === '') continue;
            cases.push({ op: key, label: `${name}=${kind}`, field: name, schemaRejects: false, send: () => uploadForm(path, { [name]: text }, csv) });
          }
          cases.push({ op: key, label: 'zz_unknown unknown', field: 'zz_unknown', schemaRejects: true, send: () => uploadForm(path, { zz_unknown: '1' }, csv) });
        }
      }
    }
  }

  const before = await userData();
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (const c of cases) {
    const res = await c.send();
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    const where = `${c.op} ${c.label}: ${res.statusCode} ${res.body.slice(0, 200)}`;
    if (res.statusCode >= 500) failures.push(`5xx — ${where}`);
    if (process.env.FUZZ_DEBUG && res.statusCode !== 400) console.log(where.slice(0, 160));
    if (res.statusCode >= 400) {
      let body: unknown;
      try {
        body = res.json();
      } catch {
        body = undefined;
      }
      const e = (body as { error?: Record<string, unknown> } | undefined)?.error;
      const keys = body && typeof body === 'object' ? Object.keys(body) : [];
      if (!e || keys.length !== 1 || typeof e.code !== 'string' || typeof e.message !== 'string' || Object.keys(e).some((k) => !['code', 'message', 'details'].includes(k))) {
        failures.push(`not the one error body — ${where}`);
      } else if (res.statusCode === 400) {
        const field = (e.details as { field?: unknown } | undefined)?.field;
        if (typeof field !== 'string' || field === '') failures.push(`400 without details.field — ${where}`);
        else if (c.schemaRejects && c.field !== null && field !== c.field && !field.startsWith(`${c.field}.`) && !field.startsWith(`${c.field}[`)) {
          failures.push(`400 names ${field}, not ${c.field} — ${where}`);
        }
      }
    }
  }
  const after = await userData();

  const operations = new Set(cases.map((c) => c.op)).size;
  console.log(`fuzz: ${cases.length} cases over ${operations} operations (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; skipped: ${skipped.join('; ')}`);
  expect(failures).toEqual([]);
  expect(after).toEqual(before);
});

function uploadForm(path: string, fields: Record<string, string>, csv: string) {
  const boundary = `----pulseboard${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const payload = Buffer.from(`${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`);
  return s.h.app.inject({ method: 'POST', url: path, headers: { ...s.user.auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
}
