/** Path parameters several routes share, and the one schema of an id (src/ids/entity-id.ts). */
import { Type } from 'typebox';
import { Id, type Entity } from '../../../../ids/entity-id.js';

export { Id };

/** The id in the path of a route about one row. A malformed UUID is a 400 naming `id` before the handler runs. */
export const IdParams = (entity: Entity) => Type.Object({ id: Id(entity) });
