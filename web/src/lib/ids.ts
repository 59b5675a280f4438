/**
 * Ids in the API are UUIDs (issue 11): the client never does arithmetic on
 * them, it only reads them from one answer and hands them to the next
 * request or URL. This checks one that came from a URL the user may have
 * typed or edited.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an id in the API's form (any case; the API answers lower-case). */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/**
 * An id short enough to read in a link's text ("post 3f2b8a4e"), as commit
 * hashes are shortened: eight hex digits tell a user's few thousand items
 * apart, and the link itself carries the whole id.
 */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
