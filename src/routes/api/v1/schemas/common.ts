/**
 * Schema pieces every route shares: the one error body, nullable values,
 * dates, platforms, ids. A route's schema (beside its handler) drives
 * validation, the handler's types (TypeBox type provider), the serializer
 * and the OpenAPI document, so these are written once here.
 */
import { Type, type Static, type TNull, type TSchema, type TSchemaOptions, type TUnion, type TUnsafe } from 'typebox';
import { PLATFORMS } from '../../../../analytics/catalog.js';

const PRIMITIVE = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * A value that may be missing: `null` means "not reported", never 0. Options
 * (description) go on the nullable schema itself, where OpenAPI shows them.
 *
 * A primitive becomes one `type: [T, "null"]` (OpenAPI 3.1 / JSON Schema
 * 2020-12), anything else `anyOf: [T, null]`. The single type matters twice:
 * the serializer writes it directly, where for an anyOf it runs a validator per
 * value to pick the branch; and Ajv never coerces a value that already has one
 * of the types, where in an anyOf the first branch rewrites null into "" or 0.
 */
export function Nullable<T extends TSchema>(schema: T, options?: TSchemaOptions): TUnsafe<Static<T> | null> | TUnion<[T, TNull]> {
  const raw = schema as { type?: unknown; enum?: unknown; const?: unknown };
  if (typeof raw.type === 'string' && PRIMITIVE.has(raw.type) && raw.enum === undefined && raw.const === undefined) {
    // The same static type as the union; only the JSON Schema spelling differs.
    return Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: [raw.type, 'null'] });
  }
  return Type.Union([schema, Type.Null()], options);
}

// An enum over the catalog's tuple: its static type is the Platform union (a union
// over PLATFORMS.map(...) typed as any), and a wrong value fails once, listing the options.
export const PlatformName = Type.Enum(PLATFORMS, { description: `One of ${PLATFORMS.join(', ')}` });

export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 instant (UTC)' });

// The one error body lives with the error handler that writes it (src/http/error-body.ts).
export { ErrorBody, errorResponses } from '../../../../http/error-body.js';

/** 204 No Content. */
export const NoContent = Type.Null({ description: 'No content' });
