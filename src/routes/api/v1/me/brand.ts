/** The brand on your PDF reports: GET / PATCH /api/v1/me/brand {name, color}. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { updateBrand } from '../../../../db/repositories/brand.js';
import { ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { BRAND_COLOR, brandOf } from '../../../../reports/brand.js';
import type { Services } from '../../../../services.js';
import { Nullable, errorResponses } from '../schemas/common.js';
import { Brand } from '../schemas/user.js';

const BrandChange = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String(), { description: '1–120 characters; null: the default' })),
    color: Type.Optional(Nullable(Type.String(), { description: '#RRGGBB; null: the default' })),
  },
  { additionalProperties: false },
);

export async function brandRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['me'];
  app.get('/brand', { schema: { tags, summary: 'The brand printed on your reports', response: { 200: Brand, ...errorResponses(401) } } }, async (request) =>
    brandOf(services.db, currentUser(request).id),
  );

  app.patch(
    '/brand',
    {
      schema: {
        tags,
        summary: 'Set the brand name and colour of your reports (null resets to the default)',
        body: BrandChange,
        response: { 200: Brand, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { name, color } = request.body;
      const change: { name?: string | null; color?: string | null } = {};
      if (name !== undefined) {
        // Checked after trimming, which a schema cannot do: "   " is no name.
        if (name !== null && (name.trim() === '' || name.trim().length > 120)) throw new ValidationError('name', 'must be 1–120 characters, or null for the default');
        change.name = name === null ? null : name.trim();
      }
      if (color !== undefined) {
        if (color !== null && !BRAND_COLOR.test(color)) throw new ValidationError('color', 'must be a hex colour #RRGGBB, or null for the default');
        change.color = color === null ? null : color.toLowerCase();
      }
      await updateBrand(services.db, user.id, change);
      return brandOf(services.db, user.id);
    },
  );
}
