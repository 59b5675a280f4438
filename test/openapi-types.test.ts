/**
 * web/src/api/schema.d.ts (the web client's types) is what `npm run api:types`
 * makes of the current OpenAPI document: a route or schema changed without
 * regenerating them fails here.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_TYPES_FILE, buildOpenApiDocument, renderApiTypes } from '../scripts/api-types.js';

describe('web/src/api/schema.d.ts', () => {
  it('matches the OpenAPI document the API serves', async () => {
    const doc = await buildOpenApiDocument();
    const fresh = await renderApiTypes(doc);
    // Deterministic, or a check by comparison would fail at random.
    expect(await renderApiTypes(doc)).toBe(fresh);
    const committed = await readFile(SCHEMA_TYPES_FILE, 'utf8').catch(() => '');
    if (committed !== fresh) {
      throw new Error(`${relative(process.cwd(), SCHEMA_TYPES_FILE)} is out of date: run npm run api:types`);
    }
  });
});
