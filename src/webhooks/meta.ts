/**
 * Meta (Instagram) webhook payloads:
 * `{ "object": "instagram", "entry": [{ "id": "<IG user id>", "time": ..., "changes": [...] }] }`.
 * Only which accounts changed matters here; the sync reads the numbers itself,
 * so the change contents (comments, mentions, story insights) are not parsed.
 */

export class WebhookPayloadError extends Error {}

/** Most entries read from one delivery; Meta batches up to 1000. */
export const MAX_ENTRIES = 1000;

export interface MetaNotification {
  object: string;
  /** Distinct account ids named by the entries. */
  accountIds: string[];
}

export function parseMetaNotification(raw: Buffer): MetaNotification {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WebhookPayloadError('the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new WebhookPayloadError('the body is not a JSON object');
  const { object, entry } = body as Record<string, unknown>;
  if (typeof object !== 'string') throw new WebhookPayloadError('"object" is missing');
  if (!Array.isArray(entry)) throw new WebhookPayloadError('"entry" is not an array');
  const ids = new Set<string>();
  for (const e of entry.slice(0, MAX_ENTRIES)) {
    if (typeof e !== 'object' || e === null) continue;
    const id = (e as Record<string, unknown>)['id'];
    // Ids are strings; a number beyond 2^53 would already be wrong, so only safe integers are taken.
    if (typeof id === 'string' && /^\d{1,40}$/.test(id)) ids.add(id);
    else if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ids.add(String(id));
  }
  return { object, accountIds: [...ids] };
}
