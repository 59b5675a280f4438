/**
 * /api/v1/ledger: the user's costs and revenue, the inputs of the ROI view
 * (/analytics/roi). The schemas (schemas/ledger.ts) check shapes; this file
 * checks what a schema cannot: a real ISO 4217 code, a calendar date inside
 * the accepted span, and a content item that is the caller's own. Another
 * user's entry answers 404 like an unknown id; another user's content item is
 * a 400 on content_id that says no more than an unknown one would.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { isCurrency } from '../../../analytics/money.js';
import { EARLIEST_DAY, latestDay, parseDay, parsePlatforms } from '../../../analytics/period.js';
import {
  deleteLedgerEntry,
  findLedgerEntry,
  insertLedgerEntry,
  listLedgerEntries,
  ownsContent,
  updateLedgerEntry,
  type LedgerCursor,
  type LedgerFields,
  type LedgerRow,
} from '../../../db/repositories/ledger.js';
import { NotFoundError, ValidationError } from '../../../errors.js';
import { currentUser } from '../../../http/auth.js';
import type { Services } from '../../../services.js';
import { errorResponses, NoContent } from './schemas/common.js';
import { LEDGER_DEFAULT_LIMIT, LedgerCreateBody, LedgerEntry, LedgerListQuery, LedgerPage, LedgerPatchBody } from './schemas/ledger.js';
import { IdParams } from './schemas/params.js';

function entryOut(row: LedgerRow): Static<typeof LedgerEntry> {
  return { ...row, created_at: new Date(row.created_at).toISOString(), updated_at: new Date(row.updated_at).toISOString() };
}

/** A day inside the span every range accepts (period.ts), so any entry can be reported on. */
function entryDay(raw: string, field: string, tz: string): string {
  const day = parseDay(raw, field);
  if (day < EARLIEST_DAY) throw new ValidationError(field, `must be ${EARLIEST_DAY} or later, got ${day}`);
  const latest = latestDay(tz);
  if (day > latest) throw new ValidationError(field, `must be at most a year after today (${latest}), got ${day}`);
  return day;
}

/** The cursor is the (date, id) of the last entry of the previous page, as next_cursor gave it. */
function encodeCursor(row: LedgerRow): string {
  return Buffer.from(`${row.date}|${row.id}`).toString('base64url');
}

function parseCursor(raw: string | undefined): LedgerCursor | null {
  if (raw === undefined) return null;
  const m = /^(\d{4}-\d{2}-\d{2})\|(\d{1,15})$/.exec(Buffer.from(raw, 'base64url').toString());
  if (!m) throw new ValidationError('cursor', 'is not a cursor from this listing');
  try {
    return { date: parseDay(m[1]!, 'cursor'), id: Number(m[2]) };
  } catch {
    throw new ValidationError('cursor', 'is not a cursor from this listing');
  }
}

export async function ledgerRoutes(fastify: FastifyInstance, { services }: { services: Services }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = services;
  const tags = ['ledger'];

  /** Checks what the schema cannot, in the order of the fields; throws a 400 naming the first wrong one. */
  async function checked(userId: number, tz: string, f: LedgerFields): Promise<LedgerFields> {
    if (!isCurrency(f.currency)) throw new ValidationError('currency', `"${f.currency}" is not an ISO 4217 currency code`);
    const date = entryDay(f.date, 'date', tz);
    if (f.content_id !== null && !(await ownsContent(db, userId, f.content_id))) {
      throw new ValidationError('content_id', 'is not one of your content items');
    }
    return { ...f, date };
  }

  async function own(userId: number, id: number): Promise<LedgerRow> {
    const row = await findLedgerEntry(db, userId, id);
    if (!row) throw new NotFoundError('Ledger entry');
    return row;
  }

  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Record a cost or revenue',
        description: 'Amounts are decimal strings with exactly 2 places, in one ISO 4217 currency; they are never converted.',
        body: LedgerCreateBody,
        // 404: content_id names none of your content items.
        response: { 201: LedgerEntry, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const b = request.body;
      const fields = await checked(user.id, user.timezone, {
        kind: b.kind,
        amount: b.amount,
        currency: b.currency,
        date: b.date,
        category: b.category,
        platform: b.platform ?? null,
        content_id: b.content_id ?? null,
        campaign: b.campaign ?? null,
        note: b.note ?? '',
      });
      const row = await insertLedgerEntry(db, user.id, fields);
      await services.cache.invalidateUser(user.id);
      return reply.status(201).send(entryOut(row));
    },
  );

  app.get(
    '',
    { schema: { tags, summary: 'Your ledger entries, newest first', querystring: LedgerListQuery, response: { 200: LedgerPage, ...errorResponses(400, 401) } } },
    async (request) => {
      const user = currentUser(request);
      const q = request.query;
      const from = q.from === undefined ? null : parseDay(q.from, 'from');
      const to = q.to === undefined ? null : parseDay(q.to, 'to');
      if (from !== null && to !== null && from > to) throw new ValidationError('from', `must not be after to (${from} > ${to})`);
      const limit = q.limit ?? LEDGER_DEFAULT_LIMIT;
      const rows = await listLedgerEntries(
        db,
        user.id,
        { from, to, kind: q.kind ?? null, platforms: q.platforms === undefined ? null : parsePlatforms(q.platforms, 'platforms'), campaign: q.campaign ?? null },
        limit,
        parseCursor(q.cursor),
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(entryOut), next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
  );

  app.get(
    '/:id',
    { schema: { tags, summary: 'One ledger entry', params: IdParams('ledger_entry'), response: { 200: LedgerEntry, ...errorResponses(400, 401, 404) } } },
    async (request) => entryOut(await own(currentUser(request).id, request.params.id)),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Change fields of a ledger entry',
        params: IdParams('ledger_entry'),
        body: LedgerPatchBody,
        response: { 200: LedgerEntry, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const current = await own(user.id, request.params.id);
      const b = request.body;
      const fields = await checked(user.id, user.timezone, {
        kind: b.kind ?? current.kind,
        amount: b.amount ?? current.amount,
        currency: b.currency ?? current.currency,
        date: b.date ?? current.date,
        category: b.category ?? current.category,
        platform: b.platform === undefined ? current.platform : b.platform,
        content_id: b.content_id === undefined ? current.content_id : b.content_id,
        campaign: b.campaign === undefined ? current.campaign : b.campaign,
        note: b.note ?? current.note,
      });
      const row = await updateLedgerEntry(db, user.id, current.id, fields);
      if (!row) throw new NotFoundError('Ledger entry');
      await services.cache.invalidateUser(user.id);
      return entryOut(row);
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, summary: 'Delete a ledger entry', params: IdParams('ledger_entry'), response: { 204: NoContent, ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      const user = currentUser(request);
      if (!(await deleteLedgerEntry(db, user.id, request.params.id))) throw new NotFoundError('Ledger entry');
      await services.cache.invalidateUser(user.id);
      return reply.status(204).send(null);
    },
  );
}
