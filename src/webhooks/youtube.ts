/**
 * YouTube push notifications (PubSubHubbub / WebSub). The hub POSTs a small
 * Atom feed per new or updated video:
 *
 *   <feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" ...>
 *     <entry><yt:videoId>VIDEO</yt:videoId><yt:channelId>UC…</yt:channelId>…</entry>
 *   </feed>
 *
 * and, for a deleted video, an `<at:deleted-entry ref="yt:video:VIDEO">` whose
 * `<at:by><uri>` is the channel URL. A few regular expressions read that; no
 * XML library, no entity expansion, no DTDs (a body with one is refused).
 */
import { WebhookPayloadError } from './meta.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const PREFIX = '(?:[A-Za-z_][\\w.-]*:)?';

export interface YouTubeNotification {
  channelIds: string[];
  videoIds: string[];
}

function elementTexts(xml: string, local: string): string[] {
  const re = new RegExp(`<${PREFIX}${local}(?:\\s[^>]*)?>([^<]*)</${PREFIX}${local}\\s*>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1]!.trim());
}

/** The channel id of a channel feed topic, https://www.youtube.com/xml/feeds/videos.xml?channel_id=UC…; null otherwise. */
export function channelOfTopic(topic: string): string | null {
  let url: URL;
  try {
    url = new URL(topic);
  } catch {
    return null;
  }
  if (!['www.youtube.com', 'youtube.com'].includes(url.hostname) || url.pathname !== '/xml/feeds/videos.xml') return null;
  const id = url.searchParams.get('channel_id');
  return id !== null && ID.test(id) ? id : null;
}

export function parseYouTubeNotification(raw: Buffer): YouTubeNotification {
  const text = raw.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WebhookPayloadError('document type declarations are not accepted');
  // Comments could hide ids that are not really there.
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  if (!/<(?:[A-Za-z_][\w.-]*:)?feed[\s>]/.test(xml)) throw new WebhookPayloadError('the body is not an Atom feed');
  const channels = new Set(elementTexts(xml, 'channelId').filter((id) => ID.test(id)));
  const videos = new Set(elementTexts(xml, 'videoId').filter((id) => ID.test(id)));
  const deleted = new RegExp(`<${PREFIX}deleted-entry\\b([^>]*)>([\\s\\S]*?)</${PREFIX}deleted-entry\\s*>`, 'g');
  for (const [, attrs, inner] of xml.matchAll(deleted)) {
    const ref = /\bref\s*=\s*"yt:video:([A-Za-z0-9_-]{1,64})"/.exec(attrs ?? '');
    if (ref) videos.add(ref[1]!);
    for (const uri of elementTexts(inner ?? '', 'uri')) {
      const channel = /^https?:\/\/(?:www\.)?youtube\.com\/channel\/([A-Za-z0-9_-]{1,64})\/?$/.exec(uri);
      if (channel) channels.add(channel[1]!);
    }
  }
  return { channelIds: [...channels], videoIds: [...videos] };
}
