/**
 * Two validators, one per kind of input. Query strings and path parameters are
 * text, so their Ajv converts "50" to 50 and "true" to true. A JSON body
 * already carries its types, so its Ajv converts nothing: `report_name: 123`
 * is a 400 naming the field, not the string "123", and a schema's type says
 * what a client must send.
 *
 * In front of both, two checks Ajv's keywords cannot express on every schema
 * at once (issue 10): no string anywhere in the input may hold what
 * PostgreSQL cannot store, and text is converted to a number only when it is
 * written as one ("0x10", " 12" and "1.0" are not ids or limits).
 */
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import type { FastifySchemaValidationError } from 'fastify';

type CompilerOptions = NonNullable<Parameters<ValidatorFactory>[1]>;
type Compiled = ReturnType<ReturnType<ReturnType<typeof AjvCompiler>>>;

function withCoercion(options: CompilerOptions | undefined, coerceTypes: boolean): CompilerOptions {
  // The app never uses Ajv's JTD mode; its options have no coercion to set.
  if (options?.mode === 'JTD') throw new Error('JTD validation is not used by this app');
  return { ...options, customOptions: { ...options?.customOptions, coerceTypes } };
}

// A lone surrogate has no UTF-8 form: text columns would store U+FFFD instead, jsonb refuses it outright.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL cannot store this text as sent, or null. */
export function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return null;
}

const pointer = (path: string, key: string) => `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

function issue(instancePath: string, message: string, keyword: string): FastifySchemaValidationError {
  return { keyword, instancePath, schemaPath: '#', params: {}, message };
}

/**
 * The first string (value or object key) PostgreSQL cannot store, as an
 * Ajv-shaped issue so the one error handler names its field. Iterative: a
 * JSON body may nest deeper than the call stack.
 */
export function findUnstorable(data: unknown): FastifySchemaValidationError | null {
  const stack: [unknown, string][] = [[data, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const why = unstorable(value);
      if (why) return issue(path, why, 'storable');
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`]);
    } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i]!;
        const why = unstorable(key);
        if (why) return issue(pointer(path, key), why, 'storable');
        stack.push([inner, pointer(path, key)]);
      }
    }
  }
  return null;
}

const WHOLE = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Query and path values are flat: each property's text must look like the
 * number its schema asks for before Ajv converts it, so hex, exponents, blanks
 * and fractions of an integer are refused instead of read as something else.
 */
function uncoercible(data: unknown, schema: unknown): FastifySchemaValidationError | null {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties;
  if (!properties || typeof data !== 'object' || data === null) return null;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') continue;
    const raw = properties[key]?.type;
    const types = Array.isArray(raw) ? raw : [raw];
    // "" is how a nullable value is left empty; Ajv turns it into null.
    if (value === '' && types.includes('null')) continue;
    if (types.includes('integer') && !WHOLE.test(value)) return { ...issue(pointer('', key), 'must be a whole number', 'type'), params: { type: 'integer' } };
    if (types.includes('number') && !DECIMAL.test(value)) return issue(pointer('', key), 'must be a number', 'type');
  }
  return null;
}

/** The compiled Ajv validator behind both checks; Fastify reads `errors` and `schemaEnv` off the function it is given. */
function guarded(validate: Compiled, textSchema: unknown): Compiled {
  const check = ((data: unknown, context?: unknown) => {
    const found = findUnstorable(data) ?? (textSchema === undefined ? null : uncoercible(data, textSchema));
    if (found) {
      check.errors = [found];
      return false;
    }
    const ok = (validate as (d: unknown, c?: unknown) => unknown)(data, context);
    check.errors = (validate as { errors?: unknown }).errors;
    return ok;
  }) as ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
  // Fastify passes the parent (so Ajv may replace a coerced root value) only to a function that has schemaEnv.
  check.schemaEnv = (validate as { schemaEnv?: unknown }).schemaEnv;
  return check as unknown as Compiled;
}

export function validatorFactory(): ValidatorFactory {
  const pool = AjvCompiler();
  return (externalSchemas, options) => {
    const fromText = pool(externalSchemas, withCoercion(options, true));
    const fromJson = pool(externalSchemas, withCoercion(options, false));
    return (route) => (route.httpPart === 'body' ? guarded(fromJson(route), undefined) : guarded(fromText(route), route.schema));
  };
}
