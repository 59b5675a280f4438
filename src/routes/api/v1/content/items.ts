/**
 * /api/v1/content: the content library. Handlers parse, make one call to the
 * view (query/views/content-library.ts) and drop the caller's cached answers
 * after a change, since grouped views (performance by content, the content
 * page) read the grouping.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import {
  createItem,
  libraryItem,
  libraryList,
  linkPost,
  mergeInto,
  renameLibraryItem,
  unlinkPost,
} from '../../../../query/views/content-library.js';
import type { Services } from '../../../../services.js';
import { errorResponses } from '../schemas/common.js';
import {
  LibraryCreateBody,
  LibraryItem,
  LibraryLinkBody,
  LibraryListQuery,
  LibraryMergeBody,
  LibraryPage,
  LibraryPostParams,
  LibraryRenameBody,
  LibraryUnlinked,
} from '../schemas/content-library.js';
import { IdParams } from '../schemas/params.js';

/** A title as stored: trimmed, and not only spaces. */
function titleOf(raw: string): string {
  const title = raw.trim();
  if (title === '') throw new ValidationError('title', 'must not be empty or only spaces');
  return title;
}

export async function contentItemRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = services;
  const tags = ['content'];
  const changed = (userId: number) => services.cache.invalidateUser(userId);

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Your content items with their platform posts and combined lifetime numbers',
        querystring: LibraryListQuery,
        response: { 200: LibraryPage, ...errorResponses(400, 401) },
      },
    },
    async (request) => libraryList(db, currentUser(request).id, request.query),
  );

  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Make a content item of chosen posts',
        body: LibraryCreateBody,
        response: { 201: LibraryItem, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { post_ids: postIds, title } = request.body;
      const item = await createItem(db, user.id, postIds, title === undefined ? null : titleOf(title));
      await changed(user.id);
      return reply.status(201).send(item);
    },
  );

  app.get(
    '/:id',
    { schema: { tags, summary: 'One content item', params: IdParams('content'), response: { 200: LibraryItem, ...errorResponses(400, 401, 404) } } },
    async (request) => libraryItem(db, currentUser(request).id, request.params.id),
  );

  app.patch(
    '/:id',
    {
      schema: { tags, summary: 'Rename a content item', params: IdParams('content'), body: LibraryRenameBody, response: { 200: LibraryItem, ...errorResponses(400, 401, 404, 413, 415) } },
    },
    async (request) => {
      const user = currentUser(request);
      const item = await renameLibraryItem(db, user.id, request.params.id, titleOf(request.body.title));
      await changed(user.id);
      return item;
    },
  );

  app.post(
    '/:id/posts',
    {
      schema: {
        tags,
        summary: 'Link a post to this item',
        description: 'The post leaves the item it was in; that item is deleted if this was its last post. Linking an item\'s own post changes nothing.',
        params: IdParams('content'),
        body: LibraryLinkBody,
        response: { 200: LibraryItem, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const item = await linkPost(db, user.id, request.params.id, request.body.post_id);
      await changed(user.id);
      return item;
    },
  );

  app.delete(
    '/:id/posts/:post_id',
    {
      schema: {
        tags,
        summary: 'Unlink a post: it becomes an item of its own again',
        description: '409 when it is the item\'s only post (it already is an item of its own).',
        params: LibraryPostParams,
        response: { 200: LibraryUnlinked, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const result = await unlinkPost(db, user.id, request.params.id, request.params.post_id);
      await changed(user.id);
      return result;
    },
  );

  app.post(
    '/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another item into this one',
        description: 'Every post of `from` moves into this item, which keeps its id and title; `from` is deleted and its ledger entries move to this item.',
        params: IdParams('content'),
        body: LibraryMergeBody,
        response: { 200: LibraryItem, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const item = await mergeInto(db, user.id, request.params.id, request.body.from);
      await changed(user.id);
      return item;
    },
  );
}
