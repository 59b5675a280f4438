/** /api/v1/content/suggestions: posts likely to be the same content; accept links them, dismiss hides the pair for good. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { currentUser } from '../../../../http/auth.js';
import { linkPair } from '../../../../query/views/content-library.js';
import { dismissSuggestion, pairOf, suggestions } from '../../../../query/views/content-library-suggestions.js';
import type { Services } from '../../../../services.js';
import { errorResponses, NoContent } from '../schemas/common.js';
import { LibraryItem } from '../schemas/content-library.js';
import { SuggestionPairBody, SuggestionsPage, SuggestionsQuery } from '../schemas/content-library-suggestions.js';

export async function contentSuggestionRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = services;
  const tags = ['content'];

  app.get(
    '/suggestions',
    {
      schema: {
        tags,
        summary: 'Posts on different platforms that are likely the same content',
        description: 'Pairs published within 72 hours of each other whose titles and captions share terms and whose durations are similar, each with its evidence and a confidence.',
        querystring: SuggestionsQuery,
        response: { 200: SuggestionsPage, ...errorResponses(400, 401) },
      },
    },
    async (request) => suggestions(db, currentUser(request).id, request.query),
  );

  app.post(
    '/suggestions/accept',
    {
      schema: {
        tags,
        summary: 'Accept a suggestion: the two posts become one content item',
        description: 'The items of the two posts are merged (the older item keeps its id and title); already one item: nothing changes.',
        body: SuggestionPairBody,
        response: { 200: LibraryItem, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const item = await linkPair(db, user.id, pairOf(request.body));
      await services.cache.invalidateUser(user.id);
      return item;
    },
  );

  app.post(
    '/suggestions/dismiss',
    {
      schema: {
        tags,
        summary: 'Dismiss a suggestion: the pair is never suggested again',
        body: SuggestionPairBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      await dismissSuggestion(db, currentUser(request).id, pairOf(request.body));
      return reply.status(204).send(null);
    },
  );
}
