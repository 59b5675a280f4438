/**
 * Two validators, one per kind of input. Query strings and path parameters are
 * text, so their Ajv converts "50" to 50 and "true" to true. A JSON body
 * already carries its types, so its Ajv converts nothing: `report_name: 123`
 * is a 400 naming the field, not the string "123", and a schema's type says
 * what a client must send.
 */
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';

type CompilerOptions = NonNullable<Parameters<ValidatorFactory>[1]>;

function withCoercion(options: CompilerOptions | undefined, coerceTypes: boolean): CompilerOptions {
  // The app never uses Ajv's JTD mode; its options have no coercion to set.
  if (options?.mode === 'JTD') throw new Error('JTD validation is not used by this app');
  return { ...options, customOptions: { ...options?.customOptions, coerceTypes } };
}

export function validatorFactory(): ValidatorFactory {
  const pool = AjvCompiler();
  return (externalSchemas, options) => {
    const fromText = pool(externalSchemas, withCoercion(options, true));
    const fromJson = pool(externalSchemas, withCoercion(options, false));
    return (route) => (route.httpPart === 'body' ? fromJson(route) : fromText(route));
  };
}
