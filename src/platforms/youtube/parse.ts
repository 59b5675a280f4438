/**
 * Validating parsers for YouTube Data API v3 and YouTube Analytics v2
 * responses. They keep the platform's own names and units; mapping onto the
 * common model happens in mapper.ts. Data API counts arrive as strings
 * ("viewCount": "12345") and are turned into numbers here; a missing count
 * (likes or comments disabled) stays undefined.
 */
import { MalformedResponse, array, bool, id, isoDate, optArray, optCount, optRecord, optStr, record, str, type JsonRecord } from '../json.js';

export interface YtChannel {
  id: string;
  title: string;
  customUrl: string | undefined;
  publishedAt: Date;
  uploadsPlaylistId: string | undefined;
  subscriberCount: number | undefined;
  hiddenSubscriberCount: boolean;
  viewCount: number | undefined;
  videoCount: number | undefined;
}

export interface YtPlaylistPage {
  items: { videoId: string; videoPublishedAt: Date | undefined }[];
  nextPageToken: string | undefined;
}

export interface YtVideo {
  id: string;
  publishedAt: Date;
  title: string;
  description: string | undefined;
  durationSeconds: number | undefined;
  viewCount: number | undefined;
  likeCount: number | undefined;
  commentCount: number | undefined;
}

export interface YtReport {
  columns: { name: string; columnType: string; dataType: string }[];
  rows: (string | number | null)[][];
}

export function parseChannelList(json: unknown): YtChannel[] {
  const body = record(json, 'channels');
  return optArray(body['items'], 'items').map((raw, i) => {
    const item = record(raw, `items[${i}]`);
    const snippet = record(item['snippet'], `items[${i}].snippet`);
    const details = optRecord(item['contentDetails'], `items[${i}].contentDetails`);
    const related = optRecord(details?.['relatedPlaylists'], 'relatedPlaylists');
    const stats = optRecord(item['statistics'], `items[${i}].statistics`) ?? {};
    return {
      id: id(item['id'], `items[${i}].id`),
      title: str(snippet['title'], 'snippet.title'),
      customUrl: optStr(snippet['customUrl'], 'snippet.customUrl'),
      publishedAt: isoDate(snippet['publishedAt'], 'snippet.publishedAt'),
      uploadsPlaylistId: optStr(related?.['uploads'], 'relatedPlaylists.uploads') || undefined,
      subscriberCount: optCount(stats['subscriberCount'], 'statistics.subscriberCount'),
      hiddenSubscriberCount: bool(stats['hiddenSubscriberCount'], 'statistics.hiddenSubscriberCount') ?? false,
      viewCount: optCount(stats['viewCount'], 'statistics.viewCount'),
      videoCount: optCount(stats['videoCount'], 'statistics.videoCount'),
    };
  });
}

export function parsePlaylistItems(json: unknown): YtPlaylistPage {
  const body = record(json, 'playlistItems');
  return {
    items: optArray(body['items'], 'items').map((raw, i) => {
      const details = record(record(raw, `items[${i}]`)['contentDetails'], `items[${i}].contentDetails`);
      const published = details['videoPublishedAt'];
      return {
        videoId: id(details['videoId'], `items[${i}].contentDetails.videoId`),
        // Absent for private or deleted uploads still listed in the playlist.
        videoPublishedAt: published === undefined ? undefined : isoDate(published, 'videoPublishedAt'),
      };
    }),
    nextPageToken: optStr(body['nextPageToken'], 'nextPageToken') || undefined,
  };
}

/** ISO-8601 duration as YouTube writes it (PT4M13S, P1DT2H, P0D) to seconds. */
export function isoDurationSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m) return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

export function parseVideoList(json: unknown): YtVideo[] {
  const body = record(json, 'videos');
  return optArray(body['items'], 'items').map((raw, i) => {
    const item = record(raw, `items[${i}]`);
    const snippet = record(item['snippet'], `items[${i}].snippet`);
    const details = optRecord(item['contentDetails'], `items[${i}].contentDetails`);
    const stats: JsonRecord = optRecord(item['statistics'], `items[${i}].statistics`) ?? {};
    // favoriteCount (always "0") and dislikeCount (hidden since 2021) are deliberately not read.
    return {
      id: id(item['id'], `items[${i}].id`),
      publishedAt: isoDate(snippet['publishedAt'], 'snippet.publishedAt'),
      title: str(snippet['title'], 'snippet.title'),
      description: optStr(snippet['description'], 'snippet.description'),
      durationSeconds: isoDurationSeconds(optStr(details?.['duration'], 'contentDetails.duration')),
      viewCount: optCount(stats['viewCount'], 'statistics.viewCount'),
      likeCount: optCount(stats['likeCount'], 'statistics.likeCount'),
      commentCount: optCount(stats['commentCount'], 'statistics.commentCount'),
    };
  });
}

export function parseReport(json: unknown): YtReport {
  const body = record(json, 'report');
  const columns = array(body['columnHeaders'], 'columnHeaders').map((raw, i) => {
    const col = record(raw, `columnHeaders[${i}]`);
    return {
      name: str(col['name'], `columnHeaders[${i}].name`),
      columnType: str(col['columnType'], `columnHeaders[${i}].columnType`),
      dataType: str(col['dataType'], `columnHeaders[${i}].dataType`),
    };
  });
  // `rows` is left out, not [], when there is no data.
  const rows = optArray(body['rows'], 'rows').map((raw, r) =>
    array(raw, `rows[${r}]`).map((cell, c) => {
      if (cell === null || typeof cell === 'string' || typeof cell === 'number') return cell;
      throw new MalformedResponse(`rows[${r}][${c}]`, 'a string or number');
    }),
  );
  return { columns, rows };
}

/**
 * The Analytics result table can carry an `errors` object inside an HTTP 200
 * (`{ code, requestId, error: [{ reason, ... }] }`). Returns its reason text, or
 * undefined when the report is clean.
 */
export function reportErrors(json: unknown): { code: string; reasons: string[] } | undefined {
  const body = record(json, 'report');
  const errors = body['errors'];
  if (errors === undefined || errors === null) return undefined;
  const rec = record(errors, 'errors');
  const reasons = optArray(rec['error'], 'errors.error').map((e, i) => {
    const item = record(e, `errors.error[${i}]`);
    return optStr(item['reason'], 'reason') ?? optStr(item['code'], 'code') ?? 'unknown';
  });
  return { code: optStr(rec['code'], 'errors.code') ?? 'UNKNOWN', reasons };
}
