import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import {
  addMonths,
  inPeriod,
  issueNumber,
  monthPeriod,
  periodText,
} from '../../src/monthly/period.js';
import { parseMonthArg } from '../../src/time/index.js';

describe('month period', () => {
  it('runs from the 21st of the previous month through the 20th', () => {
    const p = monthPeriod('2022-03', DEFAULT_CONFIG);
    expect(p).toMatchObject({ start: '2022-02-21', end: '2022-03-20', year: 2022, monthNumber: 3 });
    expect(periodText(p)).toBe('2022年2月21日至2022年3月20日');
  });

  it('takes the 20th in and leaves the 21st to the next month', () => {
    const march = monthPeriod('2022-03', DEFAULT_CONFIG);
    const april = monthPeriod('2022-04', DEFAULT_CONFIG);
    expect(inPeriod('2022-03-20', march)).toBe(true);
    expect(inPeriod('2022-03-21', march)).toBe(false);
    expect(inPeriod('2022-03-21', april)).toBe(true);
    expect(inPeriod('2022-02-21', march)).toBe(true);
    expect(inPeriod('2022-02-20', march)).toBe(false);
  });

  it('reaches into December of the previous year for January', () => {
    const p = monthPeriod('2023-01', DEFAULT_CONFIG);
    expect(p).toMatchObject({ start: '2022-12-21', end: '2023-01-20', year: 2023 });
    expect(periodText(p)).toBe('2022年12月21日至2023年1月20日');
  });

  it('follows the config', () => {
    const config = { ...DEFAULT_CONFIG, deadlines: { ...DEFAULT_CONFIG.deadlines, monthlyDay: 25 }, monthly: { ...DEFAULT_CONFIG.monthly, periodStartDay: 26 } };
    expect(monthPeriod('2022-03', config)).toMatchObject({ start: '2022-02-26', end: '2022-03-25' });
  });

  it('handles February in a leap year without trouble (days ≤ 28)', () => {
    expect(monthPeriod('2024-03', DEFAULT_CONFIG)).toMatchObject({ start: '2024-02-21', end: '2024-03-20' });
  });

  it('adds months across years', () => {
    expect(addMonths('2022-01', -1)).toBe('2021-12');
    expect(addMonths('2022-12', 1)).toBe('2023-01');
  });
});

describe('default month (no --month)', () => {
  it('is the month of today in the zone, before and after the 20th', () => {
    expect(parseMonthArg(undefined, new Date('2022-03-18T02:00:00Z'), 'Asia/Shanghai')).toBe('2022-03');
    expect(parseMonthArg(undefined, new Date('2022-03-25T02:00:00Z'), 'Asia/Shanghai')).toBe('2022-03');
  });

  it('reads the day in the zone, not the machine clock', () => {
    // 31 March 17:00 UTC is already 1 April in Shanghai.
    expect(parseMonthArg(undefined, new Date('2022-03-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2022-04');
  });
});

describe('issue number', () => {
  it('counts from the first issue month', () => {
    expect(issueNumber('2022-03', DEFAULT_CONFIG)).toBe(1);
    expect(issueNumber('2022-04', DEFAULT_CONFIG)).toBe(2);
    expect(issueNumber('2022-12', DEFAULT_CONFIG)).toBe(10);
    expect(issueNumber('2023-01', DEFAULT_CONFIG)).toBe(1);
    expect(issueNumber('2023-12', DEFAULT_CONFIG)).toBe(12);
    expect(issueNumber('2022-02', DEFAULT_CONFIG)).toBe(0);
  });
});

describe('--month', () => {
  it('accepts the usual spellings', () => {
    const now = new Date('2022-05-01T00:00:00Z');
    for (const text of ['2022-03', '2022-3', '2022/3', '202203', '2022年3月']) expect(parseMonthArg(text, now, 'Asia/Shanghai')).toBe('2022-03');
  });
  it('rejects others in Chinese', () => {
    const now = new Date('2022-05-01T00:00:00Z');
    expect(() => parseMonthArg('2022-13', now, 'Asia/Shanghai')).toThrow(/无法识别的月份/);
    expect(() => parseMonthArg('202213', now, 'Asia/Shanghai')).toThrow(/无法识别的月份/);
    expect(() => parseMonthArg('March', now, 'Asia/Shanghai')).toThrow(/无法识别的月份/);
  });
});
