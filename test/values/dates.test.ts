import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/reader/model.js';
import { isoFromParts, isoFromSerial, parseDate, SERIAL_MAX, SERIAL_MIN } from '../../src/values/dates.js';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';

const text = (t: string): CellValue => ({ type: 'string', text: t });

describe('parseDate: dates that read', () => {
  const cases: [string, CellValue, string][] = [
    ['年月日', text('2022年3月4日'), '2022-03-04'],
    ['年月日 with spaces', text('2022 年 3 月 4 日'), '2022-03-04'],
    ['年月号', text('2022年3月4号'), '2022-03-04'],
    ['年月日 full stop', text('2022年03月04日。'), '2022-03-04'],
    ['ISO', text('2022-03-04'), '2022-03-04'],
    ['ISO with time', text('2022-03-04 10:30'), '2022-03-04'],
    ['dots', text('2022.3.4'), '2022-03-04'],
    ['slashes', text('2022/3/4'), '2022-03-04'],
    ['slashes with time', text('2022/3/4 10:30:00'), '2022-03-04'],
    ['compact', text('20220304'), '2022-03-04'],
    ['full-width digits', text('２０２２年３月４日'), '2022-03-04'],
    ['leap day', text('2024-02-29'), '2024-02-29'],
    ['a date cell', { type: 'date', iso: '2022-03-04', serial: 44624 }, '2022-03-04'],
    ['a date cell with time', { type: 'date', iso: '2022-03-04T09:00:00', serial: 44624.375 }, '2022-03-04'],
    ['an Excel serial', { type: 'number', number: 44624 }, '2022-03-04'],
    ['an Excel serial with time', { type: 'number', number: 44624.5 }, '2022-03-04'],
    ['a compact number', { type: 'number', number: 20220304 }, '2022-03-04'],
  ];
  it.each(cases)('%s', (_name, raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });
  it('a serial in the 1904 system', () => {
    expect(parseDate({ type: 'number', number: 44624 - 1462 }, { date1904: true })).toBe('2022-03-04');
  });
});

describe('parseDate: near-misses are null', () => {
  const cases: [string, CellValue][] = [
    ['Feb 30', text('2022-02-30')],
    ['Feb 29 in a common year', text('2022年2月29日')],
    ['month 13', text('2022.13.1')],
    ['month 0', text('2022/0/4')],
    ['day 32', text('20220332')],
    ['year and month only', text('2022年3月')],
    ['two-digit year', text('22.3.4')],
    ['mixed separators', text('2022.3/4')],
    ['words', text('三月四日')],
    ['empty text', text('')],
    ['a small number', { type: 'number', number: 12 }],
    ['a serial out of range', { type: 'number', number: 1000 }],
    ['a serial far in the future', { type: 'number', number: 99999 }],
    ['a bad compact number', { type: 'number', number: 20221340 }],
    ['empty', { type: 'empty' }],
    ['boolean', { type: 'boolean', value: true }],
    ['error', { type: 'error', error: '#VALUE!' }],
  ];
  it.each(cases)('%s', (_name, raw) => {
    expect(parseDate(raw)).toBeNull();
  });
});

describe('calendar arithmetic agrees with date-fns (which it replaced)', () => {
  it('isoFromParts: every year 1898–2102, month −1–14, day −1–33', () => {
    const reference = (y: number, m: number, d: number): string | null => {
      if (y < 1900 || y > 2100) return null;
      const date = parse(`${y}-${m}-${d}`, 'y-M-d', new Date(2000, 0, 1));
      return isValid(date) ? format(date, 'yyyy-MM-dd') : null;
    };
    let checked = 0;
    let valid = 0;
    for (let y = 1898; y <= 2102; y++)
      for (let m = -1; m <= 14; m++)
        for (let d = -1; d <= 33; d++) {
          const expected = reference(y, m, d);
          if (isoFromParts(y, m, d) !== expected) expect({ y, m, d, got: isoFromParts(y, m, d) }).toEqual({ y, m, d, got: expected });
          checked++;
          if (expected !== null) valid++;
        }
    expect(checked).toBe(205 * 16 * 35);
    expect(valid).toBe(73_414); // 1900-01-01 … 2100-12-31
    expect(isoFromParts(2022.5, 1, 1)).toBeNull();
    expect(isoFromParts(Number.NaN, 1, 1)).toBeNull();
  });

  it('isoFromSerial: every serial in range, both date systems', () => {
    for (let serial = SERIAL_MIN - 1500; serial <= SERIAL_MAX + 1; serial++) {
      const days = Math.floor(serial);
      const inRange1900 = days >= SERIAL_MIN && days <= SERIAL_MAX;
      const inRange1904 = days + 1462 >= SERIAL_MIN && days + 1462 <= SERIAL_MAX;
      expect(isoFromSerial(serial + 0.25)).toBe(inRange1900 ? format(addDays(new Date(1899, 11, 30), days), 'yyyy-MM-dd') : null);
      expect(isoFromSerial(serial, { date1904: true })).toBe(inRange1904 ? format(addDays(new Date(1904, 0, 1), days), 'yyyy-MM-dd') : null);
    }
  });
});
