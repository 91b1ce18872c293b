/**
 * Months and years of weeks, in the configured time zone: the --month and --year arguments, and
 * which weekly deadlines fall in a month (for `xmb status --month`) or a year (`--year`). The
 * monthly report's own period (21st … 20th) is in src/monthly/period.ts.
 *
 * A week belongs to the month (and year) in which its deadline falls: every Friday lies in exactly
 * one month, so each week is counted once (2022-W09, deadline 2022-03-04, is a March week).
 */
import type { Config } from '../config/schema.js';
import { UserError } from '../errors.js';
import { dateInZone, deadlineDate, isoWeekOfDate, nextWeek, type WeekId } from './week.js';

/** "2022-03". */
export type MonthId = string;

/** --month: "2022-03", "2022-3", "2022/3", "202203" or "2022年3月"; nothing is this month in the zone. */

type TimeConfig = Pick<Config, 'deadlines' | 'timeZone'>;

export function parseMonthArg(arg: string | undefined | boolean, now: Date, timeZone: string): MonthId {
  if (arg === undefined || arg === true || arg === '') return dateInZone(now, timeZone).slice(0, 7);
  if (arg === false) throw new UserError('--month 的值有误');
  const match = /^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})|(\d{2}))\s*月?$/.exec(arg.trim());
  const month = match ? (match[2] ?? match[3])! : '';
  if (!match || Number(month) < 1 || Number(month) > 12) throw new UserError(`无法识别的月份：${arg}（应写作 2022-03）`);
  return `${match[1]}-${month.padStart(2, '0')}`;
}

export function parseYearArg(arg: string | undefined | boolean, now: Date, timeZone: string): number {
  if (arg === undefined || arg === true || arg === '') return Number(dateInZone(now, timeZone).slice(0, 4));
  if (arg === false) throw new UserError('--year 的值有误');
  const match = /^(\d{4})年?$/.exec(arg.trim());
  if (!match) throw new UserError(`无法识别的年份：${arg}（应写作 2022）`);
  return Number(match[1]);
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
    week = nextWeek(week);
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
