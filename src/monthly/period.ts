/**
 * The period of a month's report (notice 四(三): 每月20日前…中心将以月报形式进行通报) and its issue number.
 *
 * A month's period runs from `config.monthly.periodStartDay` of the previous month through
 * `config.deadlines.monthlyDay` of the month, both days included: 2022-03 → 2022-02-21 … 2022-03-20;
 * 2023-01 → 2022-12-21 … 2023-01-20. (Should a config set a start day not after the end day, the
 * period lies within the month itself.) Dates are calendar dates "YYYY-MM-DD"; no clock is involved
 * except for "today", which is read in the config's time zone.
 *
 * `xmb monthly` without --month reports on the month of today in the zone (parseMonthArg in
 * src/time), whatever the day: up to the 20th its period is the one being collected, and from the
 * 21st on it is the period that has just closed — the report that is due. `--month` picks any other.
 */
import type { Config } from '../config/schema.js';

/** "2022-03". */
export type MonthId = string;

const MONTH_ID = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthParts {
  year: number;
  /** 1–12. */
  month: number;
}

export interface MonthPeriod {
  month: MonthId;
  year: number;
  /** 1–12. */
  monthNumber: number;
  /** First day, included, "YYYY-MM-DD". */
  start: string;
  /** Last day, included, "YYYY-MM-DD". */
  end: string;
}

export function parseMonthId(text: string): MonthParts | null {
  const match = MONTH_ID.exec(text.trim());
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function monthId(year: number, month: number): MonthId {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The month before/after: addMonths('2022-01', -1) = '2021-12'. */
export function addMonths(id: MonthId, delta: number): MonthId {
  const parts = parseMonthId(id);
  if (!parts) throw new Error(`not a month id: ${id}`);
  const index = parts.year * 12 + (parts.month - 1) + delta;
  return monthId(Math.floor(index / 12), (index % 12) + 1);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function monthPeriod(id: MonthId, config: Pick<Config, 'monthly' | 'deadlines'>): MonthPeriod {
  const parts = parseMonthId(id);
  if (!parts) throw new Error(`not a month id: ${id}`);
  const endDay = config.deadlines.monthlyDay;
  const startDay = config.monthly.periodStartDay;
  const startMonth = startDay > endDay ? addMonths(id, -1) : id;
  const sm = parseMonthId(startMonth)!;
  return {
    month: id,
    year: parts.year,
    monthNumber: parts.month,
    start: isoDate(sm.year, sm.month, startDay),
    end: isoDate(parts.year, parts.month, endDay),
  };
}

/** Whether a calendar date "YYYY-MM-DD" lies in the period (both ends included). */
export function inPeriod(date: string, period: Pick<MonthPeriod, 'start' | 'end'>): boolean {
  return date >= period.start && date <= period.end;
}

/**
 * 第N期 of the month's year ({year}年第N期): config.monthly.firstIssueMonth is 第1期 of its year, and
 * every later year starts again at 第1期 in January. A month before the first issue gives 0 or less
 * (the command then asks for --issue).
 */
export function issueNumber(id: MonthId, config: Pick<Config, 'monthly'>): number {
  const first = parseMonthId(config.monthly.firstIssueMonth);
  const parts = parseMonthId(id);
  if (!first || !parts) throw new Error(`not a month id: ${id}`);
  if (parts.year > first.year) return parts.month;
  return (parts.year - first.year) * 12 + (parts.month - first.month) + 1;
}

/** "2022年2月21日". */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** "3月5日". */
export function chineseMonthDay(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日`;
}

/** "统计时段：2022年2月21日至2022年3月20日". */
export function periodText(period: Pick<MonthPeriod, 'start' | 'end'>): string {
  return `${chineseDate(period.start)}至${chineseDate(period.end)}`;
}
