/** Hashtags of a caption: lower-cased, without '#', each once, in order of appearance. */
export function hashtagsOf(caption: string | null | undefined): string[] {
  if (!caption) return [];
  const seen = new Set<string>();
  for (const match of caption.matchAll(/#([\p{L}\p{N}_]+)/gu)) seen.add(match[1]!.toLowerCase());
  return [...seen];
}
