/** Path parameters several routes share, and the one schema of an id a request names. */
import { Type, type TSchemaOptions } from 'typebox';

/**
 * The largest id a request may name. The id columns are bigint (up to
 * 2^63 − 1), but a number past 2^53 − 1 is no longer exact in JavaScript:
 * 9223372036854775807 sent as JSON reads as 2^63, one past the column, and
 * 100000000000000000000 made PostgreSQL fail with a 500. Sequences never get
 * near 2^53, so past it nothing can exist, and a request naming it is a 400.
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

/** An id in a path, query or body: a whole number from 1 to MAX_ID. */
export const Id = (options: TSchemaOptions = {}) => Type.Integer({ minimum: 1, maximum: MAX_ID, ...options });

/**
 * A numeric id in the path. The app's Ajv coerces path text to a number, so a
 * non-numeric id is a 400 naming `id` before the handler runs.
 */
export const IdParams = Type.Object({ id: Id({ description: 'Numeric id' }) });
