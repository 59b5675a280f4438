/**
 * The one error body of every 4xx and 5xx answer, as a schema: the error
 * handler (errors.ts) writes it, every route documents it (through
 * routes/api/v1/schemas/common.ts).
 */
import { Type } from 'typebox';

/** {"error": {"code", "message", "details"}}: every 4xx and 5xx answer has this shape. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. invalid_request, not_found' }),
      message: Type.String({ description: 'What went wrong, for a person' }),
      details: Type.Optional(Type.Unknown({ description: 'For a 400: {field, reason} naming the input that is wrong' })),
    }),
  },
  { description: 'The one error body' },
);

const ERROR_MEANING: Record<number, string> = {
  400: 'Bad input: details.field names the field, details.reason says why',
  401: 'Missing or invalid bearer token',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Took longer than the time limit; nothing was stored',
  409: 'Conflict with what is stored',
  410: 'Gone: expired or revoked',
  413: 'Too large',
  415: 'The body is not in a media type this endpoint reads (details.field: content-type)',
  422: 'The platform refused it',
  429: 'Too many requests; see Retry-After',
  500: 'Failed on our side (nothing is lost)',
  503: 'A platform or the sync engine is unavailable; see Retry-After',
};

/** Error responses of a route, each with the one error body: `...errorResponses(400, 401, 404)`. */
export function errorResponses(...codes: (keyof typeof ERROR_MEANING)[]) {
  const out: Record<number, typeof ErrorBody> = {};
  for (const code of codes) out[code] = { ...ErrorBody, description: ERROR_MEANING[code] ?? 'Error' } as typeof ErrorBody;
  return out;
}
