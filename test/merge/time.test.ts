import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import {
  formatZoned,
  isoWeekOf,
  isoWeekOfDate,
  parseWeekArg,
  previousWeek,
  weekDeadline,
  weekRange,
  weeksOfMonth,
  weeksOfYear,
  parseMonthArg,
} from '../../src/time/index.js';

const TZ = 'Asia/Shanghai';

describe('weeks in Asia/Shanghai', () => {
  it('names ISO weeks and their Monday–Sunday range', () => {
    expect(isoWeekOfDate('2022-03-04')).toBe('2022-W09');
    expect(isoWeekOfDate('2022-02-28')).toBe('2022-W09');
    expect(isoWeekOfDate('2022-03-06')).toBe('2022-W09');
    expect(isoWeekOfDate('2022-03-07')).toBe('2022-W10');
    expect(isoWeekOfDate('2022-01-02')).toBe('2021-W52');
    const range = weekRange('2022-W09', TZ);
    expect(range.days).toEqual(['2022-02-28', '2022-03-01', '2022-03-02', '2022-03-03', '2022-03-04', '2022-03-05', '2022-03-06']);
    expect(formatZoned(range.start, TZ)).toBe('2022-02-28T00:00:00+08:00');
    expect(formatZoned(range.end, TZ)).toBe('2022-03-07T00:00:00+08:00');
  });

  it('places an instant in the week of the Shanghai wall clock, not of UTC', () => {
    // Sunday 2022-03-06 23:30 in Shanghai is 15:30 UTC; Monday 00:30 Shanghai is Sunday 16:30 UTC.
    expect(isoWeekOf(new Date('2022-03-06T15:30:00Z'), TZ)).toBe('2022-W09');
    expect(isoWeekOf(new Date('2022-03-06T16:30:00Z'), TZ)).toBe('2022-W10');
  });

  it('puts the deadline on Friday 12:00 of the week', () => {
    const deadline = weekDeadline('2022-W09', DEFAULT_CONFIG);
    expect(formatZoned(deadline, TZ)).toBe('2022-03-04T12:00:00+08:00');
    expect(deadline.getTime()).toBe(Date.parse('2022-03-04T04:00:00Z'));
  });

  it('reads --week as a week id, a date or nothing', () => {
    const now = new Date('2022-03-02T01:00:00Z');
    expect(parseWeekArg(undefined, now, TZ)).toBe('2022-W09');
    expect(parseWeekArg(true, now, TZ)).toBe('2022-W09');
    expect(parseWeekArg('2022-W09', now, TZ)).toBe('2022-W09');
    expect(parseWeekArg('2022w9', now, TZ)).toBe('2022-W09');
    expect(parseWeekArg('2022-03-02', now, TZ)).toBe('2022-W09');
    expect(parseWeekArg('2022/3/6', now, TZ)).toBe('2022-W09');
    expect(() => parseWeekArg('2021-W53', now, TZ)).toThrow(/没有这一周/);
    expect(parseWeekArg('2020-W53', now, TZ)).toBe('2020-W53');
    expect(() => parseWeekArg('2022-02-30', now, TZ)).toThrow(/日期有误/);
    expect(() => parseWeekArg('next', now, TZ)).toThrow(/无法识别的周/);
    expect(previousWeek('2022-W09', TZ)).toBe('2022-W08');
    expect(previousWeek('2021-W01', TZ)).toBe('2020-W53');
  });

  it('counts a week in the month of its deadline', () => {
    expect(weeksOfMonth('2022-03', DEFAULT_CONFIG)).toEqual(['2022-W09', '2022-W10', '2022-W11', '2022-W12']);
    expect(weeksOfMonth('2022-04', DEFAULT_CONFIG)).toEqual(['2022-W13', '2022-W14', '2022-W15', '2022-W16', '2022-W17']);
    expect(weeksOfYear(2022, DEFAULT_CONFIG)).toHaveLength(52);
    expect(parseMonthArg(undefined, new Date('2022-02-28T17:00:00Z'), TZ)).toBe('2022-03');
  });
});
