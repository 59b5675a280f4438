/**
 * Validating parsers for the Instagram Graph API (Instagram Login,
 * graph.instagram.com). Ids are strings (17–18 digits). Insights come in two
 * shapes: `values: [{ value, end_time }]` (lifetime media metrics, time
 * series) and `total_value: { value }`; an empty `data` means "not
 * available", not zero. Timestamps use "+0000" offsets.
 */
import { count, id, isRecord, isoDate, optArray, optCount, optRecord, optStr, record, str } from '../json.js';

export interface IgUser {
  id: string;
  username: string;
  name: string | undefined;
  followersCount: number | undefined;
  mediaCount: number | undefined;
}

export interface IgMedia {
  id: string;
  caption: string | undefined;
  mediaType: string;
  mediaProductType: string | undefined;
  timestamp: Date;
  permalink: string | undefined;
  likeCount: number | undefined;
  commentsCount: number | undefined;
}

export interface IgMediaPage {
  media: IgMedia[];
  /** Cursor for the next page; undefined on the last page (no `paging.next`). */
  after: string | undefined;
}

export interface IgInsight {
  name: string;
  period: string;
  /** Time-series or lifetime values; end_time absent for lifetime. */
  values: { value: number; endTime: Date | undefined }[];
  totalValue: number | undefined;
}

export interface GraphError {
  code: number;
  subcode: number | undefined;
  type: string;
  message: string;
  fbtraceId: string | undefined;
}

export function parseUser(json: unknown): IgUser {
  const body = record(json, 'user');
  return {
    id: id(body['id'], 'id'),
    username: str(body['username'], 'username'),
    name: optStr(body['name'], 'name'),
    followersCount: optCount(body['followers_count'], 'followers_count'),
    mediaCount: optCount(body['media_count'], 'media_count'),
  };
}

export function parseMediaPage(json: unknown): IgMediaPage {
  const body = record(json, 'media');
  const media = optArray(body['data'], 'data').map((raw, i) => {
    const m = record(raw, `data[${i}]`);
    return {
      id: id(m['id'], `data[${i}].id`),
      caption: optStr(m['caption'], `data[${i}].caption`),
      mediaType: str(m['media_type'], `data[${i}].media_type`),
      mediaProductType: optStr(m['media_product_type'], `data[${i}].media_product_type`),
      timestamp: isoDate(m['timestamp'], `data[${i}].timestamp`),
      permalink: optStr(m['permalink'], `data[${i}].permalink`),
      likeCount: optCount(m['like_count'], `data[${i}].like_count`),
      commentsCount: optCount(m['comments_count'], `data[${i}].comments_count`),
    };
  });
  const paging = optRecord(body['paging'], 'paging');
  const cursors = optRecord(paging?.['cursors'], 'paging.cursors');
  // Only `next` says there is another page; a cursor alone is also sent on the last page.
  const after = paging?.['next'] !== undefined ? optStr(cursors?.['after'], 'paging.cursors.after') : undefined;
  return { media, after };
}

export function parseInsights(json: unknown): IgInsight[] {
  const body = record(json, 'insights');
  return optArray(body['data'], 'data').map((raw, i) => {
    const item = record(raw, `data[${i}]`);
    const values = optArray(item['values'], `data[${i}].values`).flatMap((v, k) => {
      const entry = record(v, `data[${i}].values[${k}]`);
      // Breakdown objects ({ "REEL": 12 }) are not plain values: skipped.
      if (typeof entry['value'] !== 'number') return [];
      const end = entry['end_time'];
      return [{ value: entry['value'], endTime: end === undefined ? undefined : isoDate(end, `data[${i}].values[${k}].end_time`) }];
    });
    const total = optRecord(item['total_value'], `data[${i}].total_value`);
    return {
      name: str(item['name'], `data[${i}].name`),
      period: str(item['period'], `data[${i}].period`),
      values,
      totalValue: total === undefined ? undefined : optCount(total['value'], `data[${i}].total_value.value`),
    };
  });
}

export function readGraphError(json: unknown): GraphError | undefined {
  const error = isRecord(json) ? json['error'] : undefined;
  if (!isRecord(error) || typeof error['code'] !== 'number') return undefined;
  return {
    code: error['code'],
    subcode: typeof error['error_subcode'] === 'number' ? error['error_subcode'] : undefined,
    type: typeof error['type'] === 'string' ? error['type'] : '',
    message: typeof error['message'] === 'string' ? error['message'] : '',
    fbtraceId: typeof error['fbtrace_id'] === 'string' ? error['fbtrace_id'] : undefined,
  };
}

/** `{ access_token, token_type, expires_in }` from access_token / refresh_access_token. */
export function parseLongLivedToken(json: unknown): { accessToken: string; expiresIn: number } {
  const body = record(json, 'token');
  return { accessToken: str(body['access_token'], 'access_token'), expiresIn: count(body['expires_in'], 'expires_in') };
}

/** api.instagram.com/oauth/access_token: `{ access_token, user_id }`, or wrapped in `data: [ ... ]`. */
export function parseShortLivedToken(json: unknown): { accessToken: string; userId: string | undefined } {
  const body = record(json, 'token');
  const inner = Array.isArray(body['data']) ? record(body['data'][0], 'data[0]') : body;
  const userId = inner['user_id'];
  return { accessToken: str(inner['access_token'], 'access_token'), userId: userId === undefined ? undefined : id(userId, 'user_id') };
}
