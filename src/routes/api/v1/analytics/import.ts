/**
 * POST /api/v1/analytics/import: a platform's own analytics export (CSV) as
 * multipart/form-data. Parses the form, makes the one call, answers 201 when
 * stored data changed and 200 when the file held nothing new.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PLATFORMS, isPlatform } from '../../../../analytics/catalog.js';
import { AppError, ValidationError } from '../../../../errors.js';
import { currentUser } from '../../../../http/auth.js';
import { importExport, type ImportRequest } from '../../../../import/import.js';
import type { Services } from '../../../../services.js';

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

class FileTooLargeError extends AppError {
  constructor() {
    super(413, 'file_too_large', `file: larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; export a shorter date range or split the file`, { field: 'file', limit_bytes: IMPORT_MAX_BYTES });
  }
}

const Skipped = Type.Object({ row: Type.Integer(), reason: Type.String() });
const ImportResult = Type.Object({
  format: Type.String({ description: 'Which export the header row identified, e.g. instagram_content' }),
  platform: Type.String({ enum: [...PLATFORMS] }),
  account_id: Type.Union([Type.Integer(), Type.Null()]),
  account_created: Type.Boolean(),
  source: Type.String({ description: 'Recorded with every snapshot: import:<format>' }),
  observed_at: Type.String({ description: 'The instant lifetime counters were stored at: as_of, else the upload time' }),
  rows: Type.Integer({ description: 'Data rows in the file' }),
  posts: Type.Integer(),
  new_posts: Type.Integer(),
  post_metrics: Type.Integer(),
  account_metrics: Type.Integer(),
  account_daily: Type.Integer(),
  already_stored: Type.Integer({ description: 'Values identical to what was already stored at that time (not written again)' }),
  skipped: Type.Array(Skipped, { description: 'The first 50 rows not imported, with the reason' }),
  skipped_count: Type.Integer(),
  ignored_columns: Type.Array(Type.Object({ column: Type.String(), reason: Type.String() })),
  changed: Type.Boolean(),
});

function positiveInt(value: string, field: string, max: number): number {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) throw new ValidationError(field, `must be a whole number from 1 to ${max}`);
  return Number(value);
}

async function readForm(request: FastifyRequest): Promise<Omit<ImportRequest, 'now'>> {
  if (!request.isMultipart()) throw new ValidationError('file', 'send the export as multipart/form-data with the CSV in a part named "file"');
  const form: Partial<ImportRequest> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || form.bytes) throw new ValidationError(part.fieldname, 'one file is expected, in a part named "file"');
        form.bytes = await part.toBuffer();
        continue;
      }
      const value = typeof part.value === 'string' ? part.value.trim() : '';
      if (value === '') continue;
      if (part.fieldname === 'account_id') form.accountId = positiveInt(value, 'account_id', Number.MAX_SAFE_INTEGER);
      else if (part.fieldname === 'platform') {
        if (!isPlatform(value)) throw new ValidationError('platform', `must be one of ${PLATFORMS.join(', ')}`);
        form.platform = value;
      } else if (part.fieldname === 'year') {
        form.year = positiveInt(value, 'year', 9999);
        if (form.year < 2000 || form.year > 2100) throw new ValidationError('year', 'must be a year from 2000 to 2100');
      } else if (part.fieldname === 'as_of') {
        const ms = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(ms)) throw new ValidationError('as_of', 'must be an ISO-8601 timestamp (e.g. 2026-06-05T12:00:00Z)');
        form.asOf = new Date(ms);
      }
    }
  } catch (err) {
    if (err instanceof request.server.multipartErrors.RequestFileTooLargeError) throw new FileTooLargeError();
    throw err;
  }
  if (!form.bytes) throw new ValidationError('file', 'is missing: send the CSV in a part named "file"');
  return form as Omit<ImportRequest, 'now'>;
}

export async function importRoutes(app: FastifyInstance, { services }: { services: Services }) {
  // Registered here, not app-wide: these limits are the import's.
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 } });

  app.post(
    '/import',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Import a platform analytics export (CSV)',
        description:
          'multipart/form-data: `file` (the CSV as the platform exported it; up to 20 MB), optional `account_id`, `platform` (hint), ' +
          '`year` (for TikTok dates without a year) and `as_of` (when the export was made; default: now). The export is recognised by its header row.',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult, 201: ImportResult },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const form = await readForm(request);
      const outcome = await importExport(services, user, form);
      return reply.status(outcome.changed ? 201 : 200).send(outcome);
    },
  );
}
