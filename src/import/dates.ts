/**
 * Dates as the exports write them, read strictly (never through the
 * locale-dependent Date.parse):
 *   2024-05-01 · 2024-05-01 12:00 +0000 · 2024-05-01T12:00:00Z   (ISO-like; X legacy)
 *   05/01/2024 14:30 · 5/1/2024 2:30 PM                          (Meta: MM/DD/YYYY)
 *   Fri, Jun 5, 2026 · Jun 5, 2026 · June 5, 2026                 (X current, YouTube Studio)
 *   August 31 · Aug 31                                           (TikTok Studio: no year)
 *   31 de agosto [de 2026] · 5 Jun 2026                          (Spanish TikTok, day-first English)
 * A value without a zone is a wall-clock time; the caller says in which zone.
 */
import { zoneOffsetMs } from '../platforms/time.js';

export interface CalendarValue {
  year: number | null;
  month: number; // 1–12
  day: number;
  time: { h: number; m: number; s: number } | null;
  /** Offset from UTC in minutes when the text carries one. */
  offsetMinutes: number | null;
  weekday: number | null; // 0 = Sunday, when the text names one
}

const MONTHS: Record<string, number> = {};
const addMonths = (names: string[]): void => names.forEach((n, i) => { MONTHS[n] = i + 1; });
addMonths(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
addMonths(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
addMonths(['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']);
addMonths(['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic']);
MONTHS['sept'] = 9;
MONTHS['setiembre'] = 9;
MONTHS['set'] = 9;

const WEEKDAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([ap])\.?\s*m\.?)?`;
const ZONE = String.raw`(?:\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+${TIME}${ZONE})?$`, 'i');
const US = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+${TIME})?$`, 'i');
const MONTH_FIRST = new RegExp(String.raw`^(?:([a-z]{3})[a-z]*\.?,?\s+)?([a-zé]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?(?:,?\s+${TIME})?$`, 'i');
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})\s+(?:de\s+)?([a-zé]+)\.?(?:,?\s+(?:de\s+)?(\d{4}))?(?:,?\s+${TIME})?$`, 'i');

function time(h?: string, m?: string, s?: string, ampm?: string): CalendarValue['time'] {
  if (h === undefined || m === undefined) return null;
  let hour = Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return { h: 99, m: 0, s: 0 }; // rejected by the range check
    hour = (hour % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
  }
  return { h: hour, m: Number(m), s: s === undefined ? 0 : Number(s) };
}

function zone(z: string | undefined): number | null {
  if (z === undefined) return null;
  if (/^(z|utc|gmt)$/i.test(z)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Parses the text, or null when it is none of the shapes above or not a real date. */
export function parseCalendar(raw: string): CalendarValue | null {
  const s = raw.trim().replace(/\s+/g, ' ');
  let v: CalendarValue | null = null;
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(s))) {
    v = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), time: time(m[4], m[5], m[6], m[7]), offsetMinutes: zone(m[8]), weekday: null };
  } else if ((m = US.exec(s))) {
    v = { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), time: time(m[4], m[5], m[6], m[7]), offsetMinutes: null, weekday: null };
  } else if ((m = MONTH_FIRST.exec(s)) && MONTHS[m[2]!.toLowerCase()] !== undefined) {
    const wd = m[1] === undefined ? null : WEEKDAYS[m[1].toLowerCase()];
    if (wd === undefined) return null;
    v = { year: m[4] ? Number(m[4]) : null, month: MONTHS[m[2]!.toLowerCase()]!, day: Number(m[3]), time: time(m[5], m[6], m[7], m[8]), offsetMinutes: null, weekday: wd };
  } else if ((m = DAY_FIRST.exec(s)) && MONTHS[m[2]!.toLowerCase()] !== undefined) {
    v = { year: m[3] ? Number(m[3]) : null, month: MONTHS[m[2]!.toLowerCase()]!, day: Number(m[1]), time: time(m[4], m[5], m[6], m[7]), offsetMinutes: null, weekday: null };
  }
  if (!v) return null;
  if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > 31) return null;
  if (v.time && (v.time.h > 23 || v.time.m > 59 || v.time.s > 59)) return null;
  if (v.year !== null && !isRealDay(v.year, v.month, v.day)) return null;
  if (v.year !== null && v.weekday !== null && new Date(Date.UTC(v.year, v.month - 1, v.day)).getUTCDay() !== v.weekday) return null;
  return v;
}

export function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function dayString(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The instant of a calendar value whose year is known: its own offset when it
 * has one, else the wall-clock time in `zone` (midnight when it has no time).
 */
export function instantOf(v: CalendarValue & { year: number }, zoneName: string): Date {
  const t = v.time ?? { h: 0, m: 0, s: 0 };
  const wall = Date.UTC(v.year, v.month - 1, v.day, t.h, t.m, t.s);
  if (v.offsetMinutes !== null) return new Date(wall - v.offsetMinutes * 60_000);
  // Two passes: the offset at the guess may differ from the offset at the answer across a DST change.
  let instant = wall - zoneOffsetMs(new Date(wall), zoneName);
  instant = wall - zoneOffsetMs(new Date(instant), zoneName);
  return new Date(instant);
}
