/**
 * The messages a live socket carries, server → client. One union, each member
 * tagged by `type`. Events say "refetch this"; they never carry the figures
 * themselves, so a page asks the API (and its cache) for what changed and the
 * numbers on screen always come from the one query path.
 *
 * The same schemas document the socket in OpenAPI and type the publishers
 * (ingestion, the sync engine, alerts).
 */
import { Type, type Static } from 'typebox';
import { PLATFORMS } from '../analytics/catalog.js';
import { PublicId } from '../ids/entity-id.js';

const Platform = Type.Enum(PLATFORMS, { description: `One of ${PLATFORMS.join(', ')}` });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 instant (UTC)' });

/** Stored figures changed: the page refetches the views that show these platforms and days. */
export const DataUpdatedEvent = Type.Object(
  {
    type: Type.Literal('data.updated'),
    platforms: Type.Array(Platform, { description: 'Platforms whose figures changed' }),
    days: Type.Array(Day, { description: 'UTC days whose figures changed, ascending' }),
  },
  { description: 'Stored figures changed (published after the ingest transaction committed)' },
);

/** What a sync status can say (the run and account statuses the sync engine records). */
export const LIVE_SYNC_STATUSES = ['running', 'success', 'partial', 'deferred', 'failed', 'needs_reauth', 'interrupted'] as const;
export type LiveSyncStatus = (typeof LIVE_SYNC_STATUSES)[number];

/** An account's sync started or finished. */
export const SyncStatusEvent = Type.Object(
  {
    type: Type.Literal('sync.status'),
    account_id: PublicId('account'),
    platform: Platform,
    status: Type.Enum(LIVE_SYNC_STATUSES, { description: LIVE_SYNC_STATUSES.join(', ') }),
    last_synced_at: Type.Union([Instant, Type.Null()], { description: 'When the account last synced successfully; null if never' }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'What went wrong, in plain words; null when nothing did' }),
  },
  { description: "An account's sync status changed" },
);

export const ALERT_KINDS = ['spike', 'drop', 'viral'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** An alert fired: the page fetches it by id. */
export const AlertEvent = Type.Object(
  {
    type: Type.Literal('alert'),
    alert_id: PublicId('alert'),
    kind: Type.Enum(ALERT_KINDS, { description: ALERT_KINDS.join(', ') }),
    platform: Platform,
    content_id: Type.Union([PublicId('content'), Type.Null()], { description: 'The content the alert is about; null for an account-level alert' }),
  },
  { description: 'An alert fired' },
);

/** Sent every few seconds so both ends notice a dead connection. */
export const HeartbeatEvent = Type.Object(
  { type: Type.Literal('heartbeat'), at: Instant },
  { description: 'Keep-alive; `at` is the server time' },
);

export const LiveEvent = Type.Union([DataUpdatedEvent, SyncStatusEvent, AlertEvent, HeartbeatEvent], {
  description: 'A server message on the live socket (JSON text frame), tagged by `type`',
});

export type DataUpdatedEvent = Static<typeof DataUpdatedEvent>;
export type SyncStatusEvent = Static<typeof SyncStatusEvent>;
export type AlertEvent = Static<typeof AlertEvent>;
export type HeartbeatEvent = Static<typeof HeartbeatEvent>;
export type LiveEvent = Static<typeof LiveEvent>;
export type LiveEventType = LiveEvent['type'];
