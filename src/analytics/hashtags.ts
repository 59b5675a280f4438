/**
 * Hashtags from free text: lower-cased, without '#', first occurrence order,
 * no duplicates. Letters and digits of any script count (#café, #東京), as do
 * underscores; a tag ends at anything else.
 */
export function hashtagsFrom(text: string | null | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  for (const match of text.matchAll(/#([\p{L}\p{N}_]+)/gu)) {
    const tag = match[1];
    if (tag) seen.add(tag.toLowerCase());
  }
  return [...seen];
}
