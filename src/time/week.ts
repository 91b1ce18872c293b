/**
 * Weeks, deadlines and periods in the configured time zone (Asia/Shanghai), whatever the machine's
 * zone is. A week runs Monday 00:00 to the next Monday 00:00 (ISO 8601); its id is "2022-W09"
 * (ISO week-numbering year). Its deadline is the config's weekday and time of that week
 * (notice 四(三): 每周五中午 12 时前 → Friday 12:00).
 *
 * All maths goes through TZDate, so date-fns computes in the zone, not in the process's TZ.
 * Used by receive, merge, status and monthly.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { addWeeks } from 'date-fns/addWeeks';
import { format } from 'date-fns/format';
import { formatISO } from 'date-fns/formatISO';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';

/** "2022-W09". */
export type WeekId = string;

const WEEK_ID = /^(\d{4})-W(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/** The ISO week that contains an instant, as seen on the wall clock of `timeZone`. */
export function isoWeekOf(instant: Date, timeZone: string): WeekId {
  const zoned = new TZDate(instant.getTime(), timeZone);
  return weekId(getISOWeekYear(zoned), getISOWeek(zoned));
}

/** The ISO week of a calendar date "YYYY-MM-DD" (a 填表日期): no time zone is involved. */
export function isoWeekOfDate(isoDate: string): WeekId {
  const date = calendarDate(isoDate, 'UTC');
  if (!date) throw new Error(`not a date: ${isoDate}`);
  return weekId(getISOWeekYear(date), getISOWeek(date));
}

/** Midnight of a calendar date in the zone, or null when the text is not a real date. */
export function calendarDate(isoDate: string, timeZone: string): TZDate | null {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new TZDate(y, m - 1, d, timeZone);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null;
  return date;
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
  const { year, week } = parseWeekId(id);
  // 4 January is always in week 1 of its ISO year.
  const jan4 = new TZDate(year, 0, 4, timeZone);
  const start = new TZDate(addWeeks(startOfISOWeek(jan4), week - 1).getTime(), timeZone);
  const end = new TZDate(addWeeks(start, 1).getTime(), timeZone);
  const days = Array.from({ length: 7 }, (_, i) => format(addDays(start, i), 'yyyy-MM-dd'));
  return { week: id, start, end, days };
}

/** Whether a week id names a real week (e.g. 2021-W53 does not exist). */
export function isRealWeek(id: WeekId): boolean {
  if (!WEEK_ID.test(id)) return false;
  const { week } = parseWeekId(id);
  if (week < 1 || week > 53) return false;
  return isoWeekOf(weekRange(id, 'UTC').start, 'UTC') === id;
}

export function previousWeek(id: WeekId, timeZone: string): WeekId {
  return isoWeekOf(addWeeks(weekRange(id, timeZone).start, -1), timeZone);
}

export function nextWeek(id: WeekId, timeZone: string): WeekId {
  return isoWeekOf(weekRange(id, timeZone).end, timeZone);
}

/** The weekly deadline of a week: config.deadlines.weeklyWeekday at weeklyTime, in the zone. */
export function weekDeadline(id: WeekId, config: Pick<Config, 'deadlines' | 'timeZone'>): TZDate {
  const { start } = weekRange(id, config.timeZone);
  const [hours, minutes] = config.deadlines.weeklyTime.split(':').map(Number) as [number, number];
  const day = addDays(start, config.deadlines.weeklyWeekday - 1);
  return new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes, 0, config.timeZone);
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
  return formatWall(instant, timeZone, 'yyyy-MM-dd');
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
    if (!calendarDate(iso, 'UTC')) throw new UserError(`日期有误：${text}`);
    return isoWeekOfDate(iso);
  }
  throw new UserError(`无法识别的周：${text}（应写作 2022-W09，或这一周中的某一天，如 2022-03-02）`);
}

function lastWeekOf(year: number): number {
  return isRealWeek(weekId(year, 53)) ? 53 : 52;
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
