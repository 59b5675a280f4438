/**
 * Where a JSON Schema puts ids (fields marked with the `x-entity` keyword of
 * Id() in src/ids/entity-id.ts), and how to read and rewrite the
 * values there. Pure: no database, no request. src/http/public-ids.ts uses it
 * on every route's request and answer, src/realtime on every event.
 */
import { ENTITY_KEYWORD, type Entity } from './entity-id.js';

/** A step into a value: a property name, every item of an array, or every value of a record. */
type Step = { key: string } | 'items' | 'values';

export interface IdPath {
  entity: Entity;
  steps: Step[];
  /** The field may be null (Nullable(Id(…)) or a union with null). */
  nullable: boolean;
  /** JSON-pointer-like text for error messages, e.g. "post_ids/*". */
  label: string;
}

type SchemaNode = Record<string, unknown>;

const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every id field of a schema, once each (a field reached through two anyOf branches counts once). */
export function idPaths(schema: unknown): IdPath[] {
  const found = new Map<string, IdPath>();
  const walk = (node: unknown, steps: Step[], seen: Set<unknown>, orNull = false) => {
    if (!isNode(node) || seen.has(node)) return;
    const inner = new Set(seen).add(node);
    const entity = node[ENTITY_KEYWORD];
    if (typeof entity === 'string') {
      const label = steps.map((s) => (typeof s === 'object' ? s.key : '*')).join('/');
      const nullable = orNull || (Array.isArray(node.type) && node.type.includes('null'));
      found.set(label, { entity: entity as Entity, steps, label, nullable });
      return;
    }
    if (isNode(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, [...steps, { key }], inner);
    }
    if (isNode(node.items)) walk(node.items, [...steps, 'items'], inner);
    if (isNode(node.additionalProperties)) walk(node.additionalProperties, [...steps, 'values'], inner);
    if (isNode(node.patternProperties)) for (const child of Object.values(node.patternProperties)) walk(child, [...steps, 'values'], inner);
    for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
      const branches = node[keyword];
      if (!Array.isArray(branches)) continue;
      // A union with null (Type.Union([Id(…), Type.Null()])) makes its id nullable.
      const withNull = orNull || branches.some((b) => isNode(b) && b.type === 'null');
      for (const branch of branches) walk(branch, steps, inner, withNull);
    }
  };
  walk(schema, [], new Set());
  return [...found.values()];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Calls `visit` with every value at the path, and where it is (["post_ids", "2"]). */
export function valuesAt(value: unknown, steps: readonly Step[], visit: (found: unknown, where: string[]) => void, i = 0, where: string[] = []): void {
  if (value === null || value === undefined) return;
  if (i === steps.length) {
    visit(value, where);
    return;
  }
  const step = steps[i]!;
  if (step === 'items') {
    if (Array.isArray(value)) value.forEach((item, n) => valuesAt(item, steps, visit, i + 1, [...where, String(n)]));
  } else if (step === 'values') {
    if (isObject(value)) for (const [key, inner] of Object.entries(value)) valuesAt(inner, steps, visit, i + 1, [...where, key]);
  } else if (isObject(value) && step.key in value) {
    valuesAt(value[step.key], steps, visit, i + 1, [...where, step.key]);
  }
}

/** What `replace` returns to take a value out: the nearest enclosing array item (or record entry) leaves. */
export const DROP: unique symbol = Symbol('drop');

/**
 * The value with every value at the path replaced by `replace(it)`. Copies
 * only what it changes: the handler's answer may be a cached object, which
 * must keep its keys for the next request. A replacement of DROP removes the
 * nearest enclosing array item or record entry; with none, the result is DROP.
 */
export function rewriteAt(value: unknown, steps: readonly Step[], replace: (found: unknown) => unknown, i = 0): unknown {
  if (value === null || value === undefined) return value;
  if (i === steps.length) return replace(value);
  const step = steps[i]!;
  if (step === 'items') {
    return Array.isArray(value) ? value.map((item) => rewriteAt(item, steps, replace, i + 1)).filter((item) => item !== DROP) : value;
  }
  if (!isObject(value)) return value;
  if (step === 'values') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, inner]) => [key, rewriteAt(inner, steps, replace, i + 1)] as const)
        .filter(([, inner]) => inner !== DROP),
    );
  }
  if (!(step.key in value)) return value;
  const inner = rewriteAt(value[step.key], steps, replace, i + 1);
  return inner === DROP ? DROP : { ...value, [step.key]: inner };
}
