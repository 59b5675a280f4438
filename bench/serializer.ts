/**
 * What the response schemas cost or save when they make the body: the same
 * view result serialized by JSON.stringify (what the analytics routes did
 * before their schemas drove the serializer) and by fast-json-stringify
 * compiled from the route's response schema (what Fastify's reply.serialize
 * runs now). Interleaved in one loop, so both see the same machine.
 */
import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import type { TSchema } from 'typebox';
import { round3, summarize, type Summary } from './stats.js';

export interface SerializerResult {
  endpoint: string;
  range: string;
  bytes: number;
  /** Both bodies parse to the same value (keys in any order: the serializer writes the schema's order). */
  same: boolean;
  jsonStringify: Summary;
  schemaSerializer: Summary;
  /** jsonStringify p50 / schemaSerializer p50: above 1 means the schema serializer is faster. */
  speedup: number;
}

export function compareSerializers(endpoint: string, range: string, schema: TSchema, value: unknown, iterations: number): SerializerResult {
  // The schema is plain JSON Schema; fast-json-stringify's own type is narrower than TypeBox's.
  const serialize = fastJson(schema as Parameters<typeof fastJson>[0]);
  const plain = JSON.stringify(value);
  const fast = serialize(value);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    let t = performance.now();
    JSON.stringify(value);
    a.push(performance.now() - t);
    t = performance.now();
    serialize(value);
    b.push(performance.now() - t);
  }
  const jsonStringify = summarize(a);
  const schemaSerializer = summarize(b);
  return {
    endpoint,
    range,
    bytes: fast.length,
    same: isDeepStrictEqual(JSON.parse(fast), JSON.parse(plain)),
    jsonStringify,
    schemaSerializer,
    speedup: round3(jsonStringify.p50 / schemaSerializer.p50),
  };
}
