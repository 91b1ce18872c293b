/**
 * Calendar and zone arithmetic without Date objects in a zone: the fast core of week.ts and
 * period.ts (issue 9: TZDate + date-fns cost ≈ 230 µs a call, and a year's archive makes tens of
 * thousands of calls).
 *
 * - A calendar date is a day number: days since 1970-01-01 (negative before), so a week is 7 of them.
 * - The zone's UTC offset comes from @date-fns/tz's `tzOffset` (the same Intl source TZDate uses),
 *   memoised per UTC day: a day whose first and last millisecond have the same offset has it
 *   throughout (no zone changes its clocks twice within a day and back); a day with a change is
 *   looked up instant by instant.
 * - A wall-clock time in the zone becomes an instant as JavaScript's own Date does it: a time that
 *   occurs twice (clocks turned back) is the earlier instant; a time skipped (clocks turned forward)
 *   is read with the offset before the change, i.e. moved forward by the gap.
 *
 * The machine's TZ is never consulted: only Date.UTC and UTC getters are used.
 * Parsing and display (format, formatISO) stay with date-fns in week.ts.
 */
import { tzOffset } from '@date-fns/tz/tzOffset';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface CivilDate {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
}

/** Day number of a calendar date (month 1–12); out-of-range parts roll over as Date.UTC does. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function civilDate(dayNum: number): CivilDate {
  const d = new Date(dayNum * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "YYYY-MM-DD" of a day number (years 0–9999). */
export function isoOfDay(dayNum: number): string {
  const { year, month, day } = civilDate(dayNum);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of "YYYY-MM-DD", or null when it is not a real date (2022-02-30). */
export function dayOfIso(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return null;
  const n = dayNumber(y, mo, d);
  const back = civilDate(n);
  return back.year === y && back.month === mo && back.day === d ? n : null;
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(dayNum: number): number {
  return ((((dayNum + 3) % 7) + 7) % 7) + 1;
}

/** The ISO week (ISO week-numbering year and week 1–53) of a day. */
export function isoWeekOfDay(dayNum: number): { year: number; week: number } {
  const thursday = dayNum + 4 - isoWeekday(dayNum);
  const year = civilDate(thursday).year;
  return { year, week: Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1 };
}

/** The Monday of ISO week `week` of ISO year `year` (4 January is always in week 1). */
export function isoWeekMonday(year: number, week: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1) + (week - 1) * 7;
}

// ---------------------------------------------------------------------------------------------
// The zone

const offsetMemo = new Map<string, Map<number, number | null>>();

function exactOffsetMs(instant: number, timeZone: string): number {
  const minutes = tzOffset(timeZone, new Date(instant));
  if (Number.isNaN(minutes)) throw new RangeError(`unknown time zone: ${timeZone}`);
  return Math.round(minutes * 60) * 1000;
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: 8 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let memo = offsetMemo.get(timeZone);
  if (!memo) offsetMemo.set(timeZone, (memo = new Map()));
  const day = Math.floor(instant / DAY_MS);
  const known = memo.get(day);
  if (typeof known === 'number') return known;
  if (known === undefined) {
    const start = exactOffsetMs(day * DAY_MS, timeZone);
    const end = exactOffsetMs(day * DAY_MS + DAY_MS - 1, timeZone);
    memo.set(day, start === end ? start : null);
    if (start === end) return start;
  }
  return exactOffsetMs(instant, timeZone); // the day of a change: instant by instant
}

/** The day number of an instant's date on the zone's wall clock. */
export function dayInZone(instant: number, timeZone: string): number {
  return Math.floor((instant + zoneOffsetMs(instant, timeZone)) / DAY_MS);
}

/**
 * The instant of a wall-clock time in the zone: `dayNum` at `hours`:`minutes` (see the file's
 * comment for times that occur twice or not at all).
 */
export function zonedInstant(dayNum: number, timeZone: string, hours = 0, minutes = 0, seconds = 0): number {
  const wall = dayNum * DAY_MS + hours * HOUR_MS + minutes * 60_000 + seconds * 1000;
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  let earliest: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (zoneOffsetMs(instant, timeZone) === offset && (earliest === null || instant < earliest)) earliest = instant;
  }
  if (earliest !== null) return earliest;
  // Skipped by a change of the clocks: read with the offset before it.
  return wall - before;
}
