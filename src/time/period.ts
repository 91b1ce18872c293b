/**
 * Months and years of weeks, in the configured time zone: which weekly deadlines fall in a month
 * (for `xmb status --month`), a year (`--year`), and the monthly report's period (21st of the
 * previous month through the 20th, from the config).
 *
 * A week belongs to the month (and year) in which its deadline falls: every Friday lies in exactly
 * one month, so each week is counted once (2022-W09, deadline 2022-03-04, is a March week).
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import { calendarDate, isoWeekOfDate, nextWeek, weekDeadline, type WeekId } from './week.js';

/** "2022-03". */
export type MonthId = string;

type TimeConfig = Pick<Config, 'deadlines' | 'timeZone'>;

export function parseMonthArg(arg: string | undefined | boolean, now: Date, timeZone: string): MonthId {
  if (arg === undefined || arg === true || arg === '') return zonedDateString(now, timeZone).slice(0, 7);
  if (arg === false) throw new UserError('--month 的值有误');
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(arg.trim());
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
    throw new UserError(`无法识别的月份：${arg}（应写作 2022-03）`);
  return `${match[1]}-${match[2]!.padStart(2, '0')}`;
}

export function parseYearArg(arg: string | undefined | boolean, now: Date, timeZone: string): number {
  if (arg === undefined || arg === true || arg === '') return Number(zonedDateString(now, timeZone).slice(0, 4));
  if (arg === false) throw new UserError('--year 的值有误');
  const match = /^(\d{4})年?$/.exec(arg.trim());
  if (!match) throw new UserError(`无法识别的年份：${arg}（应写作 2022）`);
  return Number(match[1]);
}

function zonedDateString(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The calendar date "YYYY-MM-DD" of a week's deadline. */
function deadlineDate(week: WeekId, config: TimeConfig): string {
  return format(weekDeadline(week, config), 'yyyy-MM-dd');
}

/** Weeks whose deadline falls between two calendar dates (inclusive), in order. */
export function weeksWithDeadlineBetween(first: string, last: string, config: TimeConfig): WeekId[] {
  const weeks: WeekId[] = [];
  // Start one week early: the week of `first` may have its deadline before `first`.
  let week = isoWeekOfDate(first);
  for (let guard = 0; guard < 60; guard++) {
    const day = deadlineDate(week, config);
    if (day > last) break;
    if (day >= first) weeks.push(week);
    week = nextWeek(week, config.timeZone);
  }
  return weeks;
}

export function weeksOfMonth(month: MonthId, config: TimeConfig): WeekId[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = `${month}-01`;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return weeksWithDeadlineBetween(first, `${month}-${String(lastDay).padStart(2, '0')}`, config);
}

export function weeksOfYear(year: number, config: TimeConfig): WeekId[] {
  return weeksWithDeadlineBetween(`${year}-01-01`, `${year}-12-31`, config);
}

export interface DatePeriod {
  /** First calendar day, "YYYY-MM-DD" (inclusive). */
  first: string;
  /** Last calendar day, "YYYY-MM-DD" (inclusive). */
  last: string;
}

/**
 * The monthly report's period for a month: config.monthly.periodStartDay of the previous month
 * through config.deadlines.monthlyDay of the month (default 21 Feb – 20 Mar for 2022-03).
 */
export function monthlyPeriod(month: MonthId, config: Pick<Config, 'deadlines' | 'monthly' | 'timeZone'>): DatePeriod {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const previous = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  const pad = (n: number) => String(n).padStart(2, '0');
  const first = `${previous.y}-${pad(previous.m)}-${pad(config.monthly.periodStartDay)}`;
  const last = `${y}-${pad(m)}-${pad(config.deadlines.monthlyDay)}`;
  return { first, last };
}

/** The calendar dates of a period, in order. */
export function datesOf(period: DatePeriod, timeZone: string): string[] {
  const out: string[] = [];
  let day: Date | null = calendarDate(period.first, timeZone);
  while (day && format(day, 'yyyy-MM-dd') <= period.last) {
    out.push(format(day, 'yyyy-MM-dd'));
    day = new TZDate(addDays(day, 1).getTime(), timeZone);
  }
  return out;
}
