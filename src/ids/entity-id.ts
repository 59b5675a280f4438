/**
 * The one schema of an id the API shows or accepts. Every row the API names
 * (ENTITIES) has a UUID, its public id, beside its bigint key (migration
 * 019): the bigint keys stay inside the server, where every snapshot and
 * rollup row joins on them.
 */
import { Type, type TSchemaOptions, type TUnsafe } from 'typebox';

export const ENTITIES = ['user', 'account', 'content', 'post', 'report', 'share', 'schedule', 'delivery', 'alert', 'insight', 'ledger_entry'] as const;
export type Entity = (typeof ENTITIES)[number];

/** The keyword that marks an id field and says which kind of row it names (read by id-paths.ts). */
export const ENTITY_KEYWORD = 'x-entity';

const NAMES: Record<Entity, string> = {
  user: 'User',
  account: 'Account',
  content: 'Content item',
  post: 'Post',
  report: 'Report',
  share: 'Share link',
  schedule: 'Schedule',
  delivery: 'Delivery',
  alert: 'Alert',
  insight: 'Insight',
  ledger_entry: 'Ledger entry',
};

/** "Content item", for messages. */
export const entityName = (entity: Entity): string => NAMES[entity];

/**
 * A public id where no translation happens: in what the server writes by
 * itself (live events, webhook bodies), which already holds the UUIDs. It
 * carries x-entity too, so the document says what every id names (checked by
 * test/openapi.test.ts); the edge translates only keys (numbers), so a UUID
 * here is written as it is.
 */
export const PublicId = (entity: Entity, options: TSchemaOptions = {}) =>
  Type.String({ format: 'uuid', [ENTITY_KEYWORD]: entity, description: `${NAMES[entity]} id (UUID)`, ...options });

/**
 * An id on the wire: a UUID (any case in; lower-case out). Inside a handler
 * it is the row's bigint key: src/http/public-ids.ts turns the UUIDs of a
 * validated request into the caller's own keys (an unknown UUID, or one of
 * another user's rows, is a 404 naming the field) and the keys of an answer
 * into UUIDs before it is written. So the JSON Schema (validation, OpenAPI,
 * the web client's types) says a UUID string, and the handler's type says
 * number.
 */
export const Id = (entity: Entity, options: TSchemaOptions = {}): TUnsafe<number> =>
  Type.Unsafe<number>({ type: 'string', format: 'uuid', [ENTITY_KEYWORD]: entity, description: `${NAMES[entity]} id (UUID)`, ...options });

/**
 * A schema as the server holds its values: every Id() field a bigint key (a
 * whole number from 1), nullable where it was. For documents checked before
 * the edge translates them, such as an insight's data when it is stored.
 */
export function asStored<T>(schema: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    if (ENTITY_KEYWORD in node) {
      const type = (node as { type?: unknown }).type;
      return { type: Array.isArray(type) && type.includes('null') ? ['integer', 'null'] : 'integer', minimum: 1 };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(schema) as T;
}
