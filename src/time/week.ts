/**
 * Weeks, deadlines and periods in the configured time zone (Asia/Shanghai), whatever the machine's
 * zone is. A week runs Monday 00:00 to the next Monday 00:00 (ISO 8601); its id is "2022-W09"
 * (ISO week-numbering year). Its deadline is the config's weekday and time of that week
 * (notice 四(三): 每周五中午 12 时前 → Friday 12:00).
 *
 * The maths is plain arithmetic on day numbers and the zone's offset (calendar.ts), not TZDate:
 * a year's archive calls these tens of thousands of times. Results are TZDate objects where a
 * caller may format them (weekRange, weekDeadline), so date-fns shows them in the zone; display
 * (format, formatISO) stays with date-fns. Used by receive, merge, status and monthly.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { formatISO } from 'date-fns/formatISO';
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import { dayInZone, dayOfIso, isoOfDay, zonedInstant } from './calendar.js';
import { WEEK_ID, isoWeekOf, isoWeekOfDate, mondayOf, parseWeekId, weekId, weekOfDay, type WeekId } from './week-id.js';

export * from './week-id.js';

/** Midnight of a calendar date in the zone, or null when the text is not a real date. */
export function calendarDate(isoDate: string, timeZone: string): TZDate | null {
  const day = dayOfIso(isoDate);
  return day === null ? null : new TZDate(zonedInstant(day, timeZone), timeZone);
}

export interface WeekRange {
  week: WeekId;
  /** Monday 00:00 in the zone. */
  start: TZDate;
  /** The next Monday 00:00 in the zone (exclusive). */
  end: TZDate;
  /** The seven calendar dates, "YYYY-MM-DD", Monday first. */
  days: string[];
}

export function weekRange(id: WeekId, timeZone: string): WeekRange {
  const monday = mondayOf(id);
  return {
    week: id,
    start: new TZDate(zonedInstant(monday, timeZone), timeZone),
    end: new TZDate(zonedInstant(monday + 7, timeZone), timeZone),
    days: Array.from({ length: 7 }, (_, i) => isoOfDay(monday + i)),
  };
}

/** Monday 00:00 and the next Monday 00:00 of a week in the zone, as epoch ms (no TZDate). */
export function weekBounds(id: WeekId, timeZone: string): { start: number; end: number } {
  const monday = mondayOf(id);
  return { start: zonedInstant(monday, timeZone), end: zonedInstant(monday + 7, timeZone) };
}

/** Whether a week id names a real week (e.g. 2021-W53 does not exist). */
export function isRealWeek(id: WeekId): boolean {
  if (!WEEK_ID.test(id)) return false;
  const { week } = parseWeekId(id);
  if (week < 1 || week > 53) return false;
  return weekOfDay(mondayOf(id)) === id;
}

/** The week before (whole weeks: the zone does not matter; the parameter is kept for callers). */
export function previousWeek(id: WeekId, _timeZone?: string): WeekId {
  return weekOfDay(mondayOf(id) - 7);
}

/** The week after (see previousWeek). */
export function nextWeek(id: WeekId, _timeZone?: string): WeekId {
  return weekOfDay(mondayOf(id) + 7);
}

/** The day number of a week's deadline day (config.deadlines.weeklyWeekday, 1 = Monday). */
export function deadlineDay(id: WeekId, config: Pick<Config, 'deadlines'>): number {
  return mondayOf(id) + config.deadlines.weeklyWeekday - 1;
}

/** The calendar date "YYYY-MM-DD" of a week's deadline. */
export function deadlineDate(id: WeekId, config: Pick<Config, 'deadlines'>): string {
  return isoOfDay(deadlineDay(id, config));
}

/** The weekly deadline of a week: config.deadlines.weeklyWeekday at weeklyTime, in the zone. */
export function weekDeadline(id: WeekId, config: Pick<Config, 'deadlines' | 'timeZone'>): TZDate {
  const [hours, minutes] = config.deadlines.weeklyTime.split(':').map(Number) as [number, number];
  return new TZDate(zonedInstant(deadlineDay(id, config), config.timeZone, hours, minutes), config.timeZone);
}

/** "2022-03-04T12:00:00+08:00": an instant written with the zone's offset (the JSON form). */
export function formatZoned(instant: Date, timeZone: string): string {
  return formatISO(new TZDate(instant.getTime(), timeZone));
}

/** An instant on the zone's wall clock with a date-fns pattern, e.g. "yyyy-MM-dd HH:mm". */
export function formatWall(instant: Date, timeZone: string, pattern: string): string {
  return format(new TZDate(instant.getTime(), timeZone), pattern);
}

/** The calendar date "YYYY-MM-DD" of an instant in the zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  return isoOfDay(dayInZone(instant.getTime(), timeZone));
}

/**
 * The --week argument: "2022-W09" (also "2022W9", "2022-w9"), a date inside the week
 * ("2022-03-02", "2022/3/2", "2022.3.2"), or nothing: the week of `now` in the zone.
 */
export function parseWeekArg(arg: string | undefined | boolean, now: Date, timeZone: string): WeekId {
  if (arg === undefined || arg === true || arg === '') return isoWeekOf(now, timeZone);
  if (arg === false) throw new UserError('--week 的值有误');
  const text = arg.trim();
  const week = /^(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})$/.exec(text);
  if (week) {
    const id = weekId(Number(week[1]), Number(week[2]));
    if (!isRealWeek(id)) throw new UserError(`没有这一周：${text}（${week[1]} 年的周号为 1–${lastWeekOf(Number(week[1]))}）`);
    return id;
  }
  const date = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (date) {
    const iso = `${date[1]}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}`;
    if (dayOfIso(iso) === null) throw new UserError(`日期有误：${text}`);
    return isoWeekOfDate(iso);
  }
  throw new UserError(`无法识别的周：${text}（应写作 2022-W09，或这一周中的某一天，如 2022-03-02）`);
}

function lastWeekOf(year: number): number {
  return isRealWeek(weekId(year, 53)) ? 53 : 52;
}
