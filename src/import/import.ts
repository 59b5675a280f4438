/**
 * Import of the platforms' own analytics exports (reference §5):
 * bytes → text → rows → which export (by its header row) → observations
 * through the connectors' mapping rules → one ingest.
 *
 * Decisions, stated once:
 *  - observedAt of lifetime counters: none of the documented exports says when
 *    it was made, so it is the `as_of` the uploader gives, else the upload
 *    time. A counter whose latest stored value at or before that instant is
 *    the same number is not written again, so re-uploading a file (at any
 *    later time) changes nothing, and a value already synced is not repeated.
 *  - Posts are matched by the platform's post id (a string, never a Number).
 *    A post already stored (synced or imported before) keeps its metadata and
 *    publish time, which the API knows more precisely than an export (X's
 *    content export has only a day, Meta's publish time has no zone); the
 *    file's counters are still imported for it.
 *  - The account: `account_id` when given (the caller's own, same platform);
 *    else the caller's account on that platform whose external id the file
 *    names, else the only one; else a new account (external id from the file
 *    where it has one, otherwise `import:<platform>`).
 *  - A row the platform legitimately leaves incomplete is not an error of the
 *    file: a post without a publish time (YouTube Studio: private and unlisted
 *    videos) gets its counters imported when the account already has the post
 *    (its stored publish time stays), and is otherwise skipped with the reason,
 *    while the rest of the file imports. A post is never stored without a
 *    publish time: every view of a period places posts by it, and a post's
 *    history before it was first seen is attributed to its publish day.
 *  - Nothing is written unless the whole file maps: every error is found
 *    before the account is created and before the single ingest transaction.
 */
import type { Platform } from '../analytics/catalog.js';
import { EARLIEST_DAY } from '../analytics/period.js';
import { deleteCreatedAccount, listAccounts, upsertAccount, type AccountRow } from '../db/repositories/accounts.js';
import { postIdsFor } from '../db/repositories/posts.js';
import { latestAccountValues, latestPostValues } from '../db/repositories/snapshots.js';
import type { UserRow } from '../db/repositories/users.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ObservationBatch } from '../ingest/observations.js';
import { validateBatch } from '../ingest/validate.js';
import { dateInZone } from '../platforms/time.js';
import type { Services } from '../services.js';
import { decodeExport } from './decode.js';
import { ImportFileError } from './errors.js';
import { FORMATS, type ImportFormat } from './formats/index.js';
import { Header, type AccountHint, type ImportContext, type ImportTable, type MappedImport, type SkippedRow, type UndatedPost } from './formats/types.js';
import { readRows, type RawRow } from './table.js';

export interface ImportRequest {
  bytes: Uint8Array;
  accountId?: number;
  platform?: Platform;
  year?: number;
  asOf?: Date;
  /** The upload instant (tests pin it). */
  now?: Date;
}

export interface ImportOutcome {
  format: string;
  platform: Platform;
  account_id: number | null;
  account_created: boolean;
  source: string;
  observed_at: string;
  rows: number;
  posts: number;
  new_posts: number;
  post_metrics: number;
  account_metrics: number;
  account_daily: number;
  /** Counters and gauges whose stored value at that time is already the same (not written again). */
  already_stored: number;
  skipped: SkippedRow[];
  skipped_count: number;
  ignored_columns: { column: string; reason: string }[];
  changed: boolean;
}

const MAX_TITLE_LINES = 5;
const SKIPPED_SHOWN = 50;

export async function importExport(services: Services, user: UserRow, req: ImportRequest): Promise<ImportOutcome> {
  const now = req.now ?? new Date();
  if (req.asOf && req.asOf.getTime() > now.getTime() + 5 * 60_000) throw new ValidationError('as_of', 'is in the future');
  // No platform existed before (analytics/period.ts); an older instant is a typo, and snapshots have no place before 1970.
  if (req.asOf && req.asOf.toISOString().slice(0, 10) < EARLIEST_DAY) throw new ValidationError('as_of', `must be on or after ${EARLIEST_DAY}`);
  const observedAt = req.asOf ?? now;
  const ctx: ImportContext = { timezone: user.timezone, observedAt, today: dateInZone(observedAt, user.timezone), year: req.year ?? null };
  const { format, table, mapped } = mapExport(req.bytes, ctx, req.platform);
  const source = `import:${format.id}`;
  // The same checks ingest makes, before anything is written (account creation included).
  const { posts: filePosts, postMetrics: datedMetrics, accountMetrics: fileGauges, accountDaily } = mapped;
  validateBatch({ userId: user.id, accountId: 0, source, posts: filePosts, postMetrics: [...datedMetrics, ...mapped.undated.flatMap((p) => p.metrics)], accountMetrics: fileGauges, accountDaily });

  const outcome: ImportOutcome = {
    format: format.id,
    platform: format.platform,
    account_id: null,
    account_created: false,
    source,
    observed_at: observedAt.toISOString(),
    rows: table.rows.length,
    posts: mapped.posts.length,
    new_posts: 0,
    post_metrics: mapped.postMetrics.length,
    account_metrics: mapped.accountMetrics.length,
    account_daily: mapped.accountDaily.length,
    already_stored: 0,
    skipped: [],
    skipped_count: 0,
    ignored_columns: mapped.ignoredColumns,
    changed: false,
  };
  const hasData = mapped.posts.length + mapped.accountMetrics.length + mapped.accountDaily.length > 0;
  const resolved = await resolveAccount(services, user, format, mapped.account, req.accountId, hasData);
  const account = resolved?.account ?? null;

  // What is already stored: known posts keep their metadata; unchanged values are not written again.
  const db = services.db;
  const fileIds = [...mapped.posts, ...mapped.undated].map((p) => p.platformPostId);
  const known = account ? await postIdsFor(db, user.id, account.id, fileIds) : new Map<string, number>();
  const undated = withoutPublishTime(mapped.undated, known);
  reportSkipped(outcome, [...mapped.skipped, ...undated.skipped]);
  outcome.posts += undated.imported.length;
  const filePostMetrics = [...mapped.postMetrics, ...undated.imported.flatMap((p) => p.metrics)];
  outcome.post_metrics = filePostMetrics.length;
  if (!resolved) return outcome;
  const { create } = resolved;

  const latest = account
    ? await latestPostValues(db, user.id, account.id, [...known.keys()], [...new Set(filePostMetrics.map((m) => m.metric))], observedAt)
    : new Map<string, number>();
  const postMetrics = filePostMetrics.filter((m) => latest.get(`${m.platformPostId}\n${m.metric}`) !== m.value);
  const gaugeLatest = account ? await latestAccountValues(db, user.id, account.id, mapped.accountMetrics) : [];
  const accountMetrics = mapped.accountMetrics.filter((m, i) => (gaugeLatest[i] ?? null) !== m.value);
  const posts = mapped.posts.filter((p) => !known.has(p.platformPostId));
  outcome.new_posts = posts.length;
  outcome.already_stored = filePostMetrics.length - postMetrics.length + mapped.accountMetrics.length - accountMetrics.length;

  const nothingNew = posts.length + postMetrics.length + accountMetrics.length + mapped.accountDaily.length === 0;
  if (account && nothingNew) {
    outcome.account_id = account.id;
    return outcome;
  }
  const target = account ?? (await upsertAccount(db, user.id, create!));
  outcome.account_id = target.id;
  outcome.account_created = !account;
  const batch: ObservationBatch = { userId: user.id, accountId: target.id, source, posts, postMetrics, accountMetrics, accountDaily: mapped.accountDaily };
  try {
    const result = await services.ingest(batch);
    outcome.changed = result.changed || outcome.account_created;
  } catch (err) {
    if (!account) await deleteCreatedAccount(db, user.id, target.id);
    throw err;
  }
  return outcome;
}

/**
 * Posts the file gives no publish time for: imported (their counters) when
 * the account has them already, else skipped with the reason.
 */
function withoutPublishTime(undated: UndatedPost[], known: Map<string, unknown>): { imported: UndatedPost[]; skipped: SkippedRow[] } {
  const imported = undated.filter((p) => known.has(p.platformPostId));
  const skipped = undated
    .filter((p) => !known.has(p.platformPostId))
    .map((p) => ({
      row: p.row,
      line: p.line,
      platform_post_id: p.platformPostId,
      reason: `publish time unknown: ${p.why}, and the post is not stored yet. A post is stored only with its publish time; once a sync has stored it (or the export has its publish time), import the file again to add its numbers`,
    }));
  return { imported, skipped };
}

/** The skipped rows in file order: the first SKIPPED_SHOWN of them, and how many in all. */
function reportSkipped(outcome: ImportOutcome, skipped: SkippedRow[]): void {
  const ordered = [...skipped].sort((a, b) => a.row - b.row);
  outcome.skipped = ordered.slice(0, SKIPPED_SHOWN);
  outcome.skipped_count = ordered.length;
}

/** The pure part: bytes → which export → observations. Throws the 400s; writes nothing. */
export function mapExport(bytes: Uint8Array, ctx: ImportContext, hint?: Platform): { format: ImportFormat; table: ImportTable; mapped: MappedImport } {
  const { text } = decodeExport(bytes);
  const { rows } = readRows(text);
  const { format, table } = detect(rows, hint);
  return { format, table, mapped: format.map(table, ctx) };
}

/** Finds the header row (title lines may come first) and the format it belongs to. */
function detect(rows: RawRow[], hint: Platform | undefined): { format: ImportFormat; table: ImportTable } {
  if (rows.length === 0) throw new ImportFileError('is empty');
  for (let i = 0; i < Math.min(rows.length, MAX_TITLE_LINES + 1); i++) {
    const header = new Header(rows[i]!.cells);
    const titleLines = rows.slice(0, i).map((r) => r.cells.filter((c) => c.trim() !== '').join(' '));
    const matches = FORMATS.filter((f) => f.detect(header, titleLines));
    if (matches.length === 0) continue;
    const format = hint ? matches.find((f) => f.platform === hint) : matches[0];
    if (!format) {
      throw new ValidationError('platform', `the file is a ${matches[0]!.label} (platform ${matches[0]!.platform}), not a ${hint} export`);
    }
    const width = rows[i]!.cells.length;
    const data = rows.slice(i + 1).map((r, k) => {
      const extra = r.cells.slice(width).some((c) => c.trim() !== '');
      if (r.cells.length < width || extra) {
        throw new ImportFileError(`has ${r.cells.length} cells where the header has ${width}`, { row: k + 1, line: r.line });
      }
      return { cells: r.cells.slice(0, width), row: k + 1, line: r.line };
    });
    return { format, table: { titleLines, header, headerLine: rows[i]!.line, rows: data } };
  }
  const seen = rows[0]!.cells.join(', ');
  const expected = FORMATS.filter((f) => !hint || f.platform === hint).map((f) => ({ format: f.id, label: f.label, header: f.header.join(', ') }));
  throw new ImportFileError(
    `unrecognised export: the header "${seen.slice(0, 200)}" is none of the supported ones. Expected one of: ${expected.map((e) => `${e.label} (${e.header})`).join('; ')}`,
    {},
    { header: rows[0]!.cells, expected },
  );
}

/**
 * The account the file goes to. Returns null when the file holds nothing to
 * store and no account exists yet (no empty account is created for it).
 */
async function resolveAccount(
  services: Services,
  user: UserRow,
  format: ImportFormat,
  hint: AccountHint,
  requestedId: number | undefined,
  hasData: boolean,
): Promise<{ account: AccountRow | null; create: Parameters<typeof upsertAccount>[2] | null } | null> {
  const accounts = await listAccounts(services.db, user.id);
  if (requestedId !== undefined) {
    // Only the caller's accounts: someone else's id is "not found" like an unknown one (its platform is not told either).
    const account = accounts.find((a) => a.id === requestedId);
    if (!account) throw new NotFoundError('Account');
    if (account.platform !== format.platform) {
      throw new ValidationError('account_id', `account ${requestedId} is a ${account.platform} account, but the file is a ${format.label} (${format.platform})`);
    }
    return { account, create: null };
  }
  const onPlatform = accounts.filter((a) => a.platform === format.platform);
  const named = hint.externalId ? onPlatform.find((a) => a.external_id === hint.externalId) : undefined;
  if (named) return { account: named, create: null };
  if (onPlatform.length === 1) return { account: onPlatform[0]!, create: null };
  if (onPlatform.length > 1) {
    throw new ValidationError('account_id', `you have ${onPlatform.length} ${format.platform} accounts (ids ${onPlatform.map((a) => a.id).join(', ')}); say which one this file is for`);
  }
  if (!hasData) return null;
  return {
    account: null,
    create: {
      platform: format.platform,
      externalId: hint.externalId ?? `import:${format.platform}`,
      handle: hint.handle ?? null,
      displayName: hint.displayName ?? hint.handle ?? null,
    },
  };
}
