/**
 * UUIDs on the wire, bigint keys inside (src/ids/entity-id.ts). For every
 * route, the id fields of its schemas (src/ids/id-paths.ts) are found once:
 *  - after validation, the UUIDs of the request become the caller's own keys,
 *    one query per kind of row; a UUID that names none of the caller's rows
 *    is a 404 naming the field, whether it never existed or is another
 *    user's (the two are never told apart);
 *  - before serialization, the keys in the answer become UUIDs, one query for
 *    all kinds of row, on a copy (the answer may be a cached object).
 * A route whose schemas hold no id costs nothing more.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client.js';
import { keysOfPublicIds, publicIdsOfEach } from '../db/repositories/public-ids.js';
import { entityName, type Entity } from '../ids/entity-id.js';
import { DROP, idPaths, rewriteAt, valuesAt, type IdPath } from '../ids/id-paths.js';
import { AppError, ValidationError } from '../errors.js';
import { fieldName } from './errors.js';
import type { Services } from '../services.js';

/** The id paths of one schema, found once per schema object. */
const pathsCache = new WeakMap<object, IdPath[]>();
export function idPathsOf(schema: unknown): IdPath[] {
  if (typeof schema !== 'object' || schema === null) return [];
  let paths = pathsCache.get(schema);
  if (!paths) pathsCache.set(schema, (paths = idPaths(schema)));
  return paths;
}

function group<T>(paths: IdPath[], value: unknown, accept: (v: unknown) => v is T): Map<Entity, Set<T>> {
  const wanted = new Map<Entity, Set<T>>();
  for (const path of paths) {
    valuesAt(value, path.steps, (found) => {
      if (!accept(found)) return;
      let set = wanted.get(path.entity);
      if (!set) wanted.set(path.entity, (set = new Set()));
      set.add(found);
    });
  }
  return wanted;
}

const isKey = (v: unknown): v is number => typeof v === 'number';
const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * The value with the keys at these paths replaced by their public ids. A key
 * whose row is gone can only come from a stored document made before it was
 * deleted (an insight naming a content item merged away since): the field
 * becomes null where the schema allows it, else its entry leaves the nearest
 * list; with no list to leave (the answer is about that very row) it is a
 * server error.
 */
export async function showPublicIds(db: Queryable, paths: IdPath[], value: unknown): Promise<unknown> {
  if (paths.length === 0) return value;
  const wanted = group(paths, value, isKey);
  if (wanted.size === 0) return value;
  const found = await publicIdsOfEach(db, new Map([...wanted].map(([entity, keys]) => [entity, [...keys]])));
  let out = value;
  for (const path of paths) {
    const ids = found.get(path.entity);
    if (!ids) continue;
    out = rewriteAt(out, path.steps, (key) => (isKey(key) ? (ids.get(key) ?? (path.nullable ? null : DROP)) : key));
    if (out === DROP) throw new Error(`the answer names a ${path.entity} that no longer exists (${path.label})`);
  }
  return out;
}

/**
 * The value with the public ids at these paths replaced by the user's own
 * keys; a public id that names none of their rows is a 404 naming the field
 * as a 400 would (`post_ids[1]`).
 */
export async function readPublicIds(db: Queryable, userId: number, paths: IdPath[], value: unknown): Promise<unknown> {
  const wanted = group(paths, value, isText);
  if (wanted.size === 0) return value;
  const found = new Map<Entity, Map<string, number>>();
  for (const [entity, ids] of wanted) found.set(entity, await keysOfPublicIds(db, userId, entity, [...ids]));
  for (const path of paths) {
    const keys = found.get(path.entity);
    if (!keys) continue;
    valuesAt(value, path.steps, (id, where) => {
      if (isText(id) && !keys.has(id.toLowerCase())) {
        const field = fieldName(where);
        throw new AppError(404, 'not_found', `${entityName(path.entity)} not found (${field})`, { field });
      }
    });
  }
  let out = value;
  for (const path of paths) {
    const keys = found.get(path.entity);
    if (keys) out = rewriteAt(out, path.steps, (id) => (isText(id) ? keys.get(id.toLowerCase()) : id));
  }
  return out;
}


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One id from input no schema describes (a multipart form field): malformed
 * is a 400, a UUID naming none of the caller's rows a 404, both naming `field`.
 */
export async function keyOfPublicId(db: Queryable, userId: number, entity: Entity, text: string, field: string): Promise<number> {
  if (!UUID.test(text)) throw new ValidationError(field, `must be a UUID (the id of one of your ${entityName(entity).toLowerCase()}s)`);
  const key = (await keysOfPublicIds(db, userId, entity, [text])).get(text.toLowerCase());
  if (key === undefined) throw new AppError(404, 'not_found', `${entityName(entity)} not found (${field})`, { field });
  return key;
}

function responseSchema(request: FastifyRequest, status: number): unknown {
  const responses = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
  if (!responses) return undefined;
  return responses[String(status)] ?? responses[`${String(status)[0]}xx`] ?? responses.default;
}

export function installPublicIds(app: FastifyInstance, services: Services): void {
  // preHandler: after authentication (onRequest) and validation (the UUIDs are well-formed).
  app.addHook('preHandler', async (request) => {
    const schema = request.routeOptions.schema;
    if (!schema) return;
    const read = async (part: 'params' | 'querystring' | 'body', value: unknown) => {
      const paths = idPathsOf(schema[part]);
      if (paths.length === 0) return value;
      // A route that takes ids is a private one: ids are read among the caller's rows.
      if (!request.user) throw new Error(`${request.routeOptions.url} takes ids but has no signed-in user`);
      return readPublicIds(services.db, request.user.id, paths, value);
    };
    request.params = await read('params', request.params);
    request.query = await read('querystring', request.query);
    request.body = await read('body', request.body);
  });
  app.addHook('preSerialization', async (request, reply, payload) => {
    const paths = idPathsOf(responseSchema(request, reply.statusCode));
    return paths.length === 0 ? payload : showPublicIds(services.db, paths, payload);
  });
}
