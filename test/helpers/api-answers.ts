/**
 * Every GET answer of the v1 API for one user, to compare before and after an
 * operation that must change no figure (compaction, backup and restore).
 *
 * The operations come from the app's own OpenAPI document, so an endpoint added
 * later is compared too: each GET without path parameters (with `range=all` and
 * `granularity=day` where it takes them, and `tz` where it takes a zone), and
 * the parametrized ones filled from earlier answers (each connected platform,
 * each content item, report and share the user has). Only 200 answers are kept;
 * the others (404 for an unknown id, 409 for a report not ready…) are kept as
 * their status, so a status that changes is seen as well.
 */
import type { FastifyInstance } from 'fastify';

type Auth = { authorization: string };
type Parameter = { name: string; in: string };
type Operation = { parameters?: Parameter[] };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** Answers that are not figures of the user's data and legitimately differ between two reads. */
const VOLATILE = new Set([
  // A fresh ticket or token each time it is asked for.
  '/api/v1/live/ticket',
]);

/** Fields that say when the answer was made (the time of the request), not what the data is: left out. */
const CLOCK_FIELDS: Record<string, string[]> = {
  '/api/v1/me/export': ['exported_at'],
  // The start of the last 24 hours the status counts runs in.
  '/api/v1/analytics/sync/status': ['since'],
};

/** Values for a path parameter, from the answers collected so far. */
function valuesFor(name: string, path: string, seen: Map<string, unknown>): string[] {
  const all = [...seen.values()].map((v) => JSON.stringify(v));
  if (name === 'platform') return ['youtube', 'tiktok', 'instagram', 'twitter'].filter((p) => all.some((s) => s.includes(`"platform":"${p}"`)));
  const idKeys = path.includes('/content') ? ['content_id'] : path.includes('/reports') ? ['report_id'] : [];
  const ids = new Set<string>();
  for (const s of all) {
    for (const key of idKeys) for (const m of s.matchAll(new RegExp(`"${key}":("?)([\\w-]+)\\1`, 'g'))) ids.add(m[2]!);
  }
  // Lists of reports name their items `id`: take them from the list answers only.
  if (path.includes('/reports/')) {
    const list = seen.get('/api/v1/analytics/reports') as { items?: { id: unknown }[] } | undefined;
    for (const item of list?.items ?? []) ids.add(String(item.id));
  }
  return [...ids].sort();
}

/** `skip`: paths whose answers are expected to differ (e.g. the raw snapshots in /me/export after compaction). */
export async function collectAnswers(app: FastifyInstance, auth: Auth, tz?: string, skip: string[] = []): Promise<Map<string, unknown>> {
  const doc = app.swagger() as unknown as OpenApi;
  const gets = Object.entries(doc.paths)
    .filter(([path, item]) => path.startsWith('/api/v1/') && item.get && !VOLATILE.has(path) && !skip.includes(path))
    .map(([path, item]) => ({ path, query: (item.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }))
    // Paths without parameters first: the parametrized ones take their values from them.
    .sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')) || a.path.localeCompare(b.path));

  const answers = new Map<string, unknown>();
  for (const { path, query } of gets) {
    const params = new URLSearchParams();
    if (query.includes('range')) params.set('range', 'all');
    if (query.includes('granularity')) params.set('granularity', 'day');
    if (query.includes('limit')) params.set('limit', '100');
    if (tz && query.includes('tz')) params.set('tz', tz);
    let urls = [path];
    for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
      const values = valuesFor(name!, path, answers);
      urls = urls.flatMap((u) => values.map((v) => u.replace(`{${name}}`, encodeURIComponent(v))));
    }
    for (const url of urls) {
      const full = params.size > 0 ? `${url}?${params}` : url;
      const res = await app.inject({ method: 'GET', url: full, headers: auth });
      const type = String(res.headers['content-type'] ?? '');
      const body: unknown = res.statusCode !== 200 ? { status: res.statusCode } : type.includes('json') ? res.json() : res.body;
      if (typeof body === 'object' && body !== null) for (const field of CLOCK_FIELDS[path] ?? []) delete (body as Record<string, unknown>)[field];
      answers.set(full, body);
    }
  }
  return answers;
}

/** Where two answers differ, as "url: path: before → after" for the first difference of each url (empty when identical). */
export function answerDifferences(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  const out: string[] = [];
  for (const url of new Set([...before.keys(), ...after.keys()])) {
    const first = firstDifference(before.get(url), after.get(url), '');
    if (first !== null) out.push(`${url}: ${first}`);
  }
  return out;
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path || '/'}: ${JSON.stringify(a)?.slice(0, 120)} → ${JSON.stringify(b)?.slice(0, 120)}`;
}
