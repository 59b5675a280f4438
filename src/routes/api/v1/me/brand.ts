/** The brand on your PDF reports: GET / PATCH /api/v1/me/brand {name, color}. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { updateBrand } from '../../../../db/repositories/brand.js';
import { ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { BRAND_COLOR, brandOf } from '../../../../reports/brand.js';
import type { Services } from '../../../../services.js';

const BrandOut = Type.Object({ name: Type.String(), color: Type.String() });

export async function brandRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const tags = ['me'];
  app.get('/brand', { schema: { tags, summary: 'The brand printed on your reports', response: { 200: BrandOut } } }, async (request) =>
    brandOf(services.db, currentUser(request).id),
  );

  app.patch(
    '/brand',
    {
      schema: {
        tags,
        summary: 'Set the brand name and colour of your reports (null resets to the default)',
        body: Type.Object(
          {
            name: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: '1–120 characters' })),
            color: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: '#RRGGBB' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: BrandOut },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const body = (request.body ?? {}) as { name?: unknown; color?: unknown };
      const change: { name?: string | null; color?: string | null } = {};
      if (body.name !== undefined) {
        if (body.name !== null && (typeof body.name !== 'string' || body.name.trim() === '' || body.name.trim().length > 120)) {
          throw new ValidationError('name', 'must be 1–120 characters, or null for the default');
        }
        change.name = body.name === null ? null : body.name.trim();
      }
      if (body.color !== undefined) {
        if (body.color !== null && (typeof body.color !== 'string' || !BRAND_COLOR.test(body.color))) {
          throw new ValidationError('color', 'must be a hex colour #RRGGBB, or null for the default');
        }
        change.color = body.color === null ? null : body.color.toLowerCase();
      }
      await updateBrand(services.db, user.id, change);
      return brandOf(services.db, user.id);
    },
  );
}
