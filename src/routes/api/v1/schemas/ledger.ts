/** Ledger entries (costs and revenue) as the API takes and shows them. */
import { Type } from 'typebox';
import { LEDGER_CATEGORIES, LEDGER_KINDS } from '../../../../db/repositories/ledger.js';
import { EARLIEST_DAY } from '../../../../analytics/period.js';
import { Day, Instant, Nullable, PlatformName } from './common.js';
import { Id } from './params.js';

export const LEDGER_MAX_LIMIT = 200;
export const LEDGER_DEFAULT_LIMIT = 50;
export const NOTE_MAX = 2000;
export const CAMPAIGN_MAX = 100;

/** Exactly two decimal places, greater than 0, at most 12 digits before the point (numeric(14,2)). */
export const AMOUNT_PATTERN = '^(?!0\\.00$)(0|[1-9][0-9]{0,11})\\.[0-9]{2}$';

const Kind = Type.Enum(LEDGER_KINDS, { description: 'cost: money spent; revenue: money received' });
const Amount = Type.String({ pattern: AMOUNT_PATTERN, description: 'Decimal string with exactly 2 places, greater than 0, e.g. "12.50" (stored exactly, never as a float)', examples: ['12.50'] });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR; must be a real currency (XXY is refused). Amounts are never converted.', examples: ['EUR'] });
const EntryDate = Type.String({ format: 'date', description: `Day of the cost or revenue, YYYY-MM-DD (${EARLIEST_DAY} to a year from today)`, examples: ['2026-05-01'] });
const Category = Type.Enum(LEDGER_CATEGORIES, { description: LEDGER_CATEGORIES.join(', ') });
const EntryPlatform = Nullable(PlatformName, { description: 'The platform it belongs to; null for none' });
const ContentId = Nullable(Id('content', { description: 'One of your content items (content_id of a performance item)' }), { description: 'One of your content items; null for none' });
const Campaign = Nullable(Type.String({ minLength: 1, maxLength: CAMPAIGN_MAX }), { description: `Free campaign tag (1–${CAMPAIGN_MAX} characters); null for none` });
const Note = Type.String({ maxLength: NOTE_MAX, description: `Free text, up to ${NOTE_MAX} characters` });

export const LedgerEntry = Type.Object(
  {
    id: Id('ledger_entry'),
    kind: Kind,
    amount: Type.String({ description: 'Decimal string with 2 places' }),
    currency: Type.String({ description: 'ISO 4217 code' }),
    date: Day,
    category: Category,
    platform: EntryPlatform,
    content_id: Nullable(Id('content'), { description: 'Your content item; null for none' }),
    campaign: Nullable(Type.String(), { description: 'Campaign tag; null for none' }),
    note: Type.String(),
    created_at: Instant,
    updated_at: Instant,
  },
  { description: 'One cost or revenue entry' },
);

export const LedgerCreateBody = Type.Object(
  {
    kind: Kind,
    amount: Amount,
    currency: Currency,
    date: EntryDate,
    category: Category,
    platform: Type.Optional(EntryPlatform),
    content_id: Type.Optional(ContentId),
    campaign: Type.Optional(Campaign),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const LedgerPatchBody = Type.Object(
  {
    kind: Type.Optional(Kind),
    amount: Type.Optional(Amount),
    currency: Type.Optional(Currency),
    date: Type.Optional(EntryDate),
    category: Type.Optional(Category),
    platform: Type.Optional(EntryPlatform),
    content_id: Type.Optional(ContentId),
    campaign: Type.Optional(Campaign),
    note: Type.Optional(Note),
  },
  { additionalProperties: false, minProperties: 1, description: 'The fields to change; the others keep their values' },
);

export const LedgerListQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'Entries on or after this day, YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ description: 'Entries on or before this day, YYYY-MM-DD' })),
  kind: Type.Optional(Kind),
  platforms: Type.Optional(Type.String({ description: 'Comma list of platforms: only entries of these (entries without a platform are left out)' })),
  campaign: Type.Optional(Type.String({ minLength: 1, maxLength: CAMPAIGN_MAX, description: 'Only entries of this campaign' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LEDGER_MAX_LIMIT, default: LEDGER_DEFAULT_LIMIT, description: 'Entries per page' })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page (same filters)' })),
});

export const LedgerPage = Type.Object({
  items: Type.Array(LedgerEntry, { description: 'Newest date first, then newest entry' }),
  next_cursor: Nullable(Type.String(), { description: 'Pass as cursor for the next page; null on the last page' }),
});
