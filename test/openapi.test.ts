/**
 * GET /api/openapi.json is a valid OpenAPI 3.1 document: its structure by
 * @apidevtools/swagger-parser, and (which the parser does not check) every
 * Schema Object in it as JSON Schema 2020-12, the dialect 3.1 declares. Each
 * check is also run on a deliberately broken copy, to show it can fail.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, ENTITY_KEYWORD } from '../src/ids/entity-id.js';
import { createTestApp, type TestApp } from './helpers/app.js';

type Json = Record<string, unknown>;

let h: TestApp;
let doc: Json;

beforeAll(async () => {
  h = await createTestApp();
  const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => h?.close());

/** Rejects with the validator's message, or resolves to null when the document is valid. */
async function structuralErrors(d: Json): Promise<string | null> {
  try {
    // The parser dereferences in place: hand it a copy.
    await SwaggerParser.validate(structuredClone(d) as never);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** JSON pointers of every Schema Object the document holds (where OpenAPI 3.1 puts them). */
function schemaPointers(d: Json): string[] {
  const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const out: string[] = [];
  const content = (base: string, c: unknown) => {
    for (const [type, media] of Object.entries((c ?? {}) as Record<string, Json>)) if (media.schema !== undefined) out.push(`${base}/content/${esc(type)}/schema`);
  };
  const comps = (d.components ?? {}) as { schemas?: Json };
  for (const name of Object.keys(comps.schemas ?? {})) out.push(`/components/schemas/${esc(name)}`);
  for (const [path, item] of Object.entries((d.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      const base = `/paths/${esc(path)}/${method}`;
      ((op.parameters ?? []) as Json[]).forEach((p, i) => p.schema !== undefined && out.push(`${base}/parameters/${i}/schema`));
      if (op.requestBody) content(`${base}/requestBody`, (op.requestBody as Json).content);
      for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
        content(`${base}/responses/${status}`, r.content);
        for (const [name, header] of Object.entries((r.headers ?? {}) as Record<string, Json>)) {
          if (header.schema !== undefined) out.push(`${base}/responses/${status}/headers/${esc(name)}/schema`);
        }
      }
    }
  }
  return out;
}

/**
 * Every Schema Object checked against the JSON Schema 2020-12 meta-schema and
 * compiled in Ajv's strict mode, which rejects keywords of no vocabulary (3.0's
 * `nullable`, typos). The OpenAPI base vocabulary's own keywords are allowed.
 */
function dialectErrors(d: Json): string[] {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, strictRequired: false, validateFormats: false, discriminator: true });
  for (const keyword of ['example', 'xml', 'externalDocs']) ajv.addKeyword(keyword);
  // A specification extension (OpenAPI 3.1 allows x-* in a Schema Object): the kind of row an id names.
  ajv.addKeyword({ keyword: ENTITY_KEYWORD, metaSchema: { enum: [...ENTITIES] } });
  // Ajv knows OpenAPI 3.0's `nullable`; 3.1 has no such keyword (tools reading 3.1 ignore it).
  ajv.removeKeyword('nullable');
  // The document's own top-level fields, so it can be loaded as the base that `#/components/...` resolves against;
  // each Schema Object is compiled (and strictly checked) on its own below.
  for (const field of ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags']) ajv.addKeyword(field);
  const id = 'https://pulseboard.test/openapi.json';
  ajv.addSchema(d, id, undefined, false);
  const errors: string[] = [];
  for (const pointer of schemaPointers(d)) {
    const schema = pointer.split('/').slice(1).reduce<unknown>((node, part) => (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')], d);
    if (!ajv.validateSchema(schema as Json)) {
      errors.push(`${pointer}: ${ajv.errorsText(ajv.errors)}`);
      continue;
    }
    try {
      ajv.compile({ $ref: `${id}#${pointer}` });
    } catch (err) {
      errors.push(`${pointer}: ${(err as Error).message}`);
    }
  }
  return errors;
}

/** Fields named like ids that name no row of ours: the platforms' own ids. */
const PLATFORM_IDS = new Set(['platform_post_id', 'external_id']);
const isIdName = (name: string) => (name === 'id' || name.endsWith('_id') || name.endsWith('_ids')) && !PLATFORM_IDS.has(name);

/** What is wrong with the schema of an id field (a UUID marked with the kind of row it names), or null. */
function idSchemaProblem(d: Json, schema: unknown, name: string): string | null {
  let node = schema as Json;
  if (typeof node.$ref === 'string') node = node.$ref.split('/').slice(1).reduce<unknown>((n, part) => (n as Json)[part], d) as Json;
  if (name.endsWith('_ids')) {
    if (node.type !== 'array') return `${name} is not an array`;
    return idSchemaProblem(d, node.items, name.slice(0, -1));
  }
  const union = (node.anyOf ?? node.oneOf) as Json[] | undefined;
  if (union) {
    const ids = union.filter((b) => b.type !== 'null');
    if (ids.length === 0) return 'only null';
    return ids.map((b) => idSchemaProblem(d, b, name)).find((p) => p !== null) ?? null;
  }
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.filter((t) => t !== 'null').join() !== 'string') return `type ${JSON.stringify(node.type)}`;
  if (node.format !== 'uuid') return `format ${JSON.stringify(node.format)}`;
  if (!(ENTITIES as readonly unknown[]).includes(node[ENTITY_KEYWORD])) return `${ENTITY_KEYWORD} ${JSON.stringify(node[ENTITY_KEYWORD])}`;
  return null;
}

/**
 * Every id field anywhere in the document (a property or parameter named id,
 * *_id or *_ids, but the platforms' own ids) whose schema is not a UUID with
 * its x-entity: "pointer: problem".
 */
function idProblems(d: Json): string[] {
  const problems: string[] = [];
  const check = (pointer: string, schema: unknown, name: string) => {
    const problem = idSchemaProblem(d, schema, name);
    if (problem) problems.push(`${pointer}: ${problem}`);
  };
  const walk = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${pointer}/${i}`));
    if (typeof node !== 'object' || node === null) return;
    const n = node as Json;
    // A report section's id is the name of a kind of section ("summary"), not a row's.
    const sections = /\/properties\/sections\/items(\/anyOf\/\d+)?$/.test(pointer);
    if (typeof n.properties === 'object' && n.properties !== null) {
      for (const [name, schema] of Object.entries(n.properties as Json)) {
        if (isIdName(name) && !(sections && name === 'id')) check(`${pointer}/properties/${name}`, schema, name);
      }
    }
    if (typeof n.in === 'string' && typeof n.name === 'string' && isIdName(n.name)) check(pointer, n.schema, n.name);
    for (const [key, child] of Object.entries(n)) walk(child, `${pointer}/${key}`);
  };
  walk(d, '');
  return problems;
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document the validator accepts', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(await structuralErrors(doc)).toBeNull();
  });

  it('the structural check fails on a broken copy', async () => {
    const broken = structuredClone(doc) as { paths: Record<string, Record<string, { responses: Record<string, Json> }>> };
    const [path, item] = Object.entries(broken.paths)[0]!;
    const op = Object.values(item)[0]!;
    op.responses['200'] = { content: {} }; // a Response Object needs a description
    expect(await structuralErrors(broken as Json)).toMatch(new RegExp(`${path.replace(/\//g, '~1')}.*must have required property 'description'`));
    expect(await structuralErrors({ ...doc, info: undefined })).toMatch(/must have required property 'info'/);
  });

  it('every Schema Object in it is JSON Schema 2020-12', () => {
    expect(schemaPointers(doc).length).toBeGreaterThan(10);
    expect(dialectErrors(doc)).toEqual([]);
  });

  it('the dialect check fails on 3.0 nullable and draft-07 tuples', () => {
    const broken = structuredClone(doc) as Json & { components: { schemas: Json } };
    broken.components = { ...(broken.components ?? {}), schemas: { ...(broken.components?.schemas ?? {}) } };
    broken.components.schemas.Old = { type: 'string', nullable: true };
    broken.components.schemas.Pair = { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] };
    const errors = dialectErrors(broken);
    expect(errors.find((e) => e.startsWith('/components/schemas/Old'))).toMatch(/unknown keyword: "nullable"/);
    expect(errors.find((e) => e.startsWith('/components/schemas/Pair'))).toMatch(/items must be object,boolean/);
  });

  it('every id is a UUID marked with the kind of row it names', () => {
    const ids: string[] = [];
    JSON.stringify(doc, (key, value) => (isIdName(key) && ids.push(key), value));
    expect(ids.length).toBeGreaterThan(50);
    expect(idProblems(doc)).toEqual([]);
  });

  it('the id check fails on an integer id, an unmarked UUID and an id parameter of either', () => {
    const broken = structuredClone(doc) as Json & { components: { schemas: Json }; paths: Record<string, Record<string, { parameters?: Json[] }>> };
    broken.components = { ...(broken.components ?? {}), schemas: { ...(broken.components?.schemas ?? {}) } };
    broken.components.schemas.Old = { type: 'object', properties: { id: { type: 'integer' }, post_ids: { type: 'array', items: { type: 'string', format: 'uuid' } }, content_id: { anyOf: [{ type: 'integer' }, { type: 'null' }] }, platform_post_id: { type: 'string' } } };
    broken.paths['/old/{id}'] = { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }] } };
    const known = new Set(idProblems(doc));
    expect(idProblems(broken).filter((p) => !known.has(p)).sort()).toEqual([
      '/components/schemas/Old/properties/content_id: type "integer"',
      '/components/schemas/Old/properties/id: type "integer"',
      `/components/schemas/Old/properties/post_ids: ${ENTITY_KEYWORD} undefined`,
      '/paths//old/{id}/get/parameters/0: type "integer"',
    ]);
  });

  it('is what the browsable docs at /api/docs load', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const ui = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(ui.json()).toEqual(doc);
  });
});
