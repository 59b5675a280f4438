/** The import's pure parts: decoding, dates, year inference, cells, and detection of every fixture. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { count, numericId, number } from '../src/import/cells.js';
import { parseCalendar, instantOf } from '../src/import/dates.js';
import { decodeExport } from '../src/import/decode.js';
import { CellError } from '../src/import/errors.js';
import { mapExport } from '../src/import/import.js';
import { readRows } from '../src/import/table.js';
import { latestYearNotAfter, seriesYears } from '../src/import/years.js';

const ctx = { timezone: 'UTC', observedAt: new Date('2026-11-25T12:00:00Z'), today: '2026-11-25', year: null };
const fixture = (p: string) => readFileSync(new URL(`./fixtures/exports/${p}`, import.meta.url));

describe('detection by header row', () => {
  it.each([
    ['youtube/Table data.csv', 'youtube_studio_table'],
    ['youtube/Chart data.csv', 'youtube_studio_chart'],
    ['youtube/Totals.csv', 'youtube_studio_chart'],
    ['x/tweet_activity_metrics_pulse_demo_20240501_20240601_en.csv', 'x_tweet_activity'],
    ['x/account_analytics_content.csv', 'x_content'],
    ['x/content_subset.csv', 'x_content'],
    ['x/account_overview.csv', 'x_account_overview'],
    ['x/video_overview.csv', 'x_video_overview'],
    ['instagram/content.csv', 'instagram_content'],
    ['instagram/Reach.csv', 'instagram_metric_series'],
    ['tiktok/Overview.csv', 'tiktok_overview'],
    ['tiktok/FollowerHistory.csv', 'tiktok_follower_history'],
    ['tiktok/Viewers.csv', 'tiktok_viewers'],
    ['tiktok/content.csv', 'tiktok_content'],
    ['tiktok/content_es.csv', 'tiktok_content'],
  ])('%s → %s', (path, id) => {
    expect(mapExport(fixture(path), ctx).format.id).toBe(id);
  });

  it('the platform hint picks among formats and rejects a file of another platform', () => {
    expect(() => mapExport(fixture('tiktok/Overview.csv'), ctx, 'youtube')).toThrow(/platform/);
  });
});

describe('decoding', () => {
  const text = 'Date,Followers\nOctober 1,5\n';
  it('reads UTF-8 with and without BOM, UTF-16LE/BE with BOM and UTF-16LE without', () => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le]) {
      expect(decodeExport(bytes).text).toBe(text);
    }
  });
  it('rejects bytes that are not text', () => {
    expect(() => decodeExport(Buffer.from([0xc3, 0x28, 0x41, 0x42]))).toThrow(/not valid UTF-8/);
  });
  it('drops a sep= line and uses its delimiter', () => {
    const { rows, delimiter } = readRows('sep=;\nDate;Primary\n2026-04-01;"1,5"\n');
    expect(delimiter).toBe(';');
    expect(rows.map((r) => [r.cells, r.line])).toEqual([[['Date', 'Primary'], 2], [['2026-04-01', '1,5'], 3]]);
  });
});

describe('dates', () => {
  it.each([
    ['Fri, Jun 5, 2026', { year: 2026, month: 6, day: 5 }],
    ['June 5, 2026', { year: 2026, month: 6, day: 5 }],
    ['2024-05-01 12:00 +0000', { year: 2024, month: 5, day: 1, offsetMinutes: 0, time: { h: 12, m: 0, s: 0 } }],
    ['04/02/2026 08:15', { year: 2026, month: 4, day: 2, time: { h: 8, m: 15, s: 0 } }],
    ['5/1/2024 2:30 PM', { year: 2024, month: 5, day: 1, time: { h: 14, m: 30, s: 0 } }],
    ['August 31', { year: null, month: 8, day: 31 }],
    ['10 de febrero', { year: null, month: 2, day: 10 }],
    ['31 de agosto de 2025', { year: 2025, month: 8, day: 31 }],
    ['2026-04-01T00:00:00', { year: 2026, month: 4, day: 1 }],
  ])('%s', (text, expected) => {
    expect(parseCalendar(text)).toMatchObject(expected);
  });
  it.each(['Sat, Jun 5, 2026', 'Feb 30, 2026', '13/45/2026 10:00', '2026-02-29', 'yesterday', '25:00'])('rejects %s', (text) => {
    expect(parseCalendar(text)).toBeNull();
  });
  it('reads wall-clock times in the given zone, and offsets as written', () => {
    expect(instantOf({ ...parseCalendar('04/02/2026 08:15')!, year: 2026 }, 'Europe/Berlin').toISOString()).toBe('2026-04-02T06:15:00.000Z');
    expect(instantOf({ ...parseCalendar('2024-05-01 12:00 +0200')!, year: 2024 }, 'Asia/Tokyo').toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });
});

describe('years for dates without one', () => {
  const md = (...pairs: [number, number][]) => pairs.map(([month, day]) => ({ month, day }));
  it('a series from December into January, ascending or descending', () => {
    const dec = md([12, 30], [12, 31], [1, 1], [1, 2]);
    expect(seriesYears(dec, { year: null, today: '2026-01-05' })).toEqual([2025, 2025, 2026, 2026]);
    expect(seriesYears([...dec].reverse(), { year: null, today: '2026-01-05' })).toEqual([2026, 2026, 2025, 2025]);
    expect(seriesYears(dec, { year: 2023, today: '2026-01-05' })).toEqual([2023, 2023, 2024, 2024]);
  });
  it('never after the upload day; 29 February goes back to a leap year', () => {
    expect(latestYearNotAfter({ month: 11, day: 26 }, '2026-11-25')).toBe(2025);
    expect(latestYearNotAfter({ month: 11, day: 25 }, '2026-11-25')).toBe(2026);
    expect(latestYearNotAfter({ month: 2, day: 29 }, '2026-11-25')).toBe(2024);
  });
});

describe('cells', () => {
  it('numbers with thousands separators; absent is undefined, never 0', () => {
    expect(number('12,400', 'Views')).toBe(12400);
    expect(number('1,234,567.5', 'Views')).toBe(1234567.5);
    for (const absent of ['', ' ', 'undefined', '-', 'N/A']) expect(number(absent, 'Views')).toBeUndefined();
    expect(number('0', 'Views')).toBe(0);
    expect(() => number('1,5', 'Views')).toThrow(CellError);
    expect(() => count('2.5', 'Likes')).toThrow(/whole number/);
  });
  it('ids stay exact strings; a spreadsheet-rounded id is refused', () => {
    expect(numericId('1930000000000000001', 'Post id')).toBe('1930000000000000001');
    expect(() => numericId('1.93E+18', 'Post id')).toThrow(/spreadsheet/);
  });
});
