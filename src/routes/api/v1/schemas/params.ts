/** Path parameters several routes share. */
import { Type } from 'typebox';

/**
 * A numeric id in the path. The app's Ajv coerces path text to a number, so a
 * non-numeric id is a 400 naming `id` before the handler runs.
 */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Numeric id' }) });
