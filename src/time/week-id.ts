/**
 * Week ids ("2022-W09") and the plain arithmetic on them: the ISO week of an instant in the
 * configured zone or of a calendar date, a week's Monday, and the week as printed. No date-fns:
 * validate's rules (filldate-stale) need only these, and loading date-fns costs a clerk's every
 * run ≈ 80 ms. week.ts re-exports all of it, with what needs TZDate and date-fns formatting.
 */
import { civilDate, dayInZone, dayOfIso, isoWeekMonday, isoWeekOfDay } from './calendar.js';

/** "2022-W09". */
export type WeekId = string;

/** A week id's form (isRealWeek also checks that the week exists). */
export const WEEK_ID = /^(\d{4})-W(\d{2})$/;

export interface WeekParts {
  year: number;
  week: number;
}

export function weekId(year: number, week: number): WeekId {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function parseWeekId(id: WeekId): WeekParts {
  const match = WEEK_ID.exec(id);
  if (!match) throw new Error(`not a week id: ${id}`);
  return { year: Number(match[1]), week: Number(match[2]) };
}

export function weekOfDay(dayNum: number): WeekId {
  const { year, week } = isoWeekOfDay(dayNum);
  return weekId(year, week);
}

/** The ISO week that contains an instant, as seen on the wall clock of `timeZone`. */
export function isoWeekOf(instant: Date, timeZone: string): WeekId {
  return weekOfDay(dayInZone(instant.getTime(), timeZone));
}

/** The ISO week of a calendar date "YYYY-MM-DD" (a 填表日期): no time zone is involved. Throws on a date that does not exist. */
export function isoWeekOfDate(isoDate: string): WeekId {
  const day = dayOfIso(isoDate);
  if (day === null) throw new Error(`not a date: ${isoDate}`);
  return weekOfDay(day);
}


/** The day number of a week's Monday. */
export function mondayOf(id: WeekId): number {
  const { year, week } = parseWeekId(id);
  return isoWeekMonday(year, week);
}

/** "2022年第9周": the week as printed (titles, headings, screen), without a leading zero. */
export function weekLabel(id: WeekId): string {
  const { year, week } = parseWeekId(id);
  return `${year}年第${week}周`;
}

/**
 * "2022年第09周": the week in a file name, zero-padded so that a folder of merged workbooks sorts
 * by week (第09周 before 第10周).
 */
export function weekFileLabel(id: WeekId): string {
  const { year, week } = parseWeekId(id);
  return `${year}年第${String(week).padStart(2, '0')}周`;
}

/** “2022年3月4日”: the day of an instant on the zone's wall clock (formatWall's 'yyyy年M月d日' without date-fns). */
export function dayLabel(instant: Date, timeZone: string): string {
  const { year, month, day } = civilDate(dayInZone(instant.getTime(), timeZone));
  return `${year}年${month}月${day}日`;
}
