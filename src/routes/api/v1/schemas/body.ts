/**
 * Schema pieces for JSON request bodies. The app's Ajv coerces types
 * (`coerceTypes`, needed for query strings), and it coerces bodies too: in an
 * anyOf of a type and null, the first branch rewrites the value before the
 * second is tried (null becomes "" or 0, "" or 0 becomes null). A nullable
 * body field is therefore one `type: [T, "null"]`, where Ajv leaves a value
 * that already has one of the types as it is.
 */
import { Type } from 'typebox';

type Scalar = { string: string; integer: number };

/** A body field that may be null: `null` keeps its meaning, it is never coerced into the other type. */
export function NullableField<K extends keyof Scalar>(type: K, options: Record<string, unknown> = {}) {
  return Type.Unsafe<Scalar[K] | null>({ type: [type, 'null'], ...options });
}
