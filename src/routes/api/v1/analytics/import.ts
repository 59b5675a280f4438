/**
 * POST /api/v1/analytics/import: a platform's own analytics export (CSV) as
 * multipart/form-data. Parses the form, makes the one call, answers 201 when
 * stored data changed and 200 when the file held nothing new.
 */
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { Type } from 'typebox';
import { PLATFORMS, isPlatform, type Platform } from '../../../../analytics/catalog.js';
import { AppError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { keyOfPublicId } from '../../../../http/public-ids.js';
import { importExport, type ImportRequest } from '../../../../import/import.js';
import type { Services } from '../../../../services.js';
import { ErrorBody, errorResponses } from '../schemas/common.js';
import { ImportForm, ImportResult } from '../schemas/import.js';

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

class FileTooLargeError extends AppError {
  constructor() {
    super(413, 'file_too_large', `file: larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; export a shorter date range or split the file`, { field: 'file', limit_bytes: IMPORT_MAX_BYTES });
  }
}

function positiveInt(value: string, field: string, max: number): number {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) throw new ValidationError(field, `must be a whole number from 1 to ${max}`);
  return Number(value);
}

/**
 * What went wrong with the form itself, as the one error body. The multipart
 * parser's own errors (a cut-off upload, a form beyond its limits) were 500s
 * or its own codes; an upload that ends early stores nothing, because the
 * import starts only after the whole form was read.
 */
function formError(request: FastifyRequest, err: unknown): unknown {
  const known = request.server.multipartErrors;
  if (err instanceof AppError) return err;
  if (err instanceof known.RequestFileTooLargeError) return new FileTooLargeError();
  if (err instanceof known.FilesLimitError) return new ValidationError('file', 'one file is expected, in a part named "file"');
  if (err instanceof known.PartsLimitError || err instanceof known.FieldsLimitError) {
    return new ValidationError('body', 'has more form fields than the import reads (file, account_id, platform, year, as_of)');
  }
  if (err instanceof known.PrototypeViolationError) return new ValidationError('body', 'has a form field with a reserved name');
  // Busboy's words for a body that stops before the closing boundary (mid-file or mid-headers), and the plugin's for a closed request.
  const message = err instanceof Error ? err.message : '';
  if (err instanceof known.PrematureCloseError || /unexpected end of (multipart data|form)|terminated early/i.test(message)) {
    return new ValidationError('file', 'the upload ended before the file was complete; nothing was stored');
  }
  if (/boundary/i.test(message)) return new ValidationError('content-type', 'multipart/form-data needs its boundary parameter');
  return err;
}

/** The form as sent: `accountId` is the account's public id (read by the handler among the user's accounts). */
async function readForm(request: FastifyRequest): Promise<Omit<ImportRequest, 'now' | 'accountId'> & { accountId: string | undefined }> {
  if (!request.isMultipart()) throw new ValidationError('file', 'send the export as multipart/form-data with the CSV in a part named "file"');
  let bytes: Buffer | undefined;
  let accountId: string | undefined;
  let platform: Platform | undefined;
  let year: number | undefined;
  let asOf: Date | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || bytes) throw new ValidationError(part.fieldname, 'one file is expected, in a part named "file"');
        bytes = await part.toBuffer();
        continue;
      }
      // The parser cuts a field at fieldSize; what is left is not what was sent.
      if (part.valueTruncated) throw new ValidationError(part.fieldname, 'is longer than a form field of the import may be (1 KB)');
      const value = typeof part.value === 'string' ? part.value.trim() : '';
      if (value === '') continue;
      if (part.fieldname === 'account_id') accountId = value;
      else if (part.fieldname === 'platform') {
        if (!isPlatform(value)) throw new ValidationError('platform', `must be one of ${PLATFORMS.join(', ')}`);
        platform = value;
      } else if (part.fieldname === 'year') {
        year = positiveInt(value, 'year', 9999);
        if (year < 2000 || year > 2100) throw new ValidationError('year', 'must be a year from 2000 to 2100');
      } else if (part.fieldname === 'as_of') {
        const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(ms)) throw new ValidationError('as_of', 'must be an ISO-8601 timestamp (e.g. 2026-06-05T12:00:00Z)');
        asOf = new Date(ms);
      } else {
        // As for JSON bodies: a field the form does not have is refused, not ignored (a typo would otherwise pass silently).
        throw new ValidationError(part.fieldname, 'is not a field of the import form (file, account_id, platform, year, as_of)');
      }
    }
  } catch (err) {
    throw formError(request, err);
  }
  if (!bytes) throw new ValidationError('file', 'is missing: send the CSV in a part named "file"');
  return { bytes, accountId, platform, year, asOf };
}

/**
 * The multipart parser streams the form and leaves request.body unset, so
 * there is nothing for Ajv to check: the body schema of this route documents
 * the form, and readForm checks each part as it arrives. Validating the schema
 * against the unset body would refuse every upload.
 */
const documentedBodyOnly: FastifySchemaCompiler<unknown> = ({ httpPart, url }) => {
  if (httpPart !== 'body') throw new Error(`${url}: only the documented multipart body is expected; its other inputs need a validator`);
  return () => true;
};

export async function importRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  // Registered here, not app-wide: these limits are the import's.
  await fastify.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 } });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/import',
    {
      validatorCompiler: documentedBodyOnly,
      schema: {
        tags: ['analytics'],
        summary: 'Import a platform analytics export (CSV)',
        description:
          'multipart/form-data: `file` (the CSV as the platform exported it; up to 20 MB), optional `account_id`, `platform` (hint), ' +
          '`year` (for TikTok dates without a year) and `as_of` (when the export was made; default: now). The export is recognised by its header row. ' +
          '201 when stored data changed, 200 when the file held nothing new. A file that is not recognised or cannot be read is a 400 whose ' +
          'details name the field (file) and, for a broken file, the row, line and column.',
        body: { content: { 'multipart/form-data': { schema: ImportForm } } },
        response: {
          200: Type.Object(ImportResult.properties, { description: 'Nothing new: every value was already stored' }),
          201: Type.Object(ImportResult.properties, { description: 'Imported: stored data changed' }),
          ...errorResponses(400, 401, 404, 413),
          415: Type.Object(ErrorBody.properties, { description: 'The request is not multipart/form-data (nor another form Fastify reads): send the CSV in a part named file' }),
        },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const form = await readForm(request);
      const accountId = form.accountId === undefined ? undefined : await keyOfPublicId(services.db, user.id, 'account', form.accountId, 'account_id');
      const outcome = await importExport(services, user, { ...form, accountId });
      return reply.status(outcome.changed ? 201 : 200).send(outcome);
    },
  );
}
