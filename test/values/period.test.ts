import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/reader/model.js';
import { parsePeriod } from '../../src/values/period.js';

const text = (t: string): CellValue => ({ type: 'string', text: t });
const period = (startYear: number, startMonth: number, endYear: number, endMonth: number, yearOnly = false) => ({
  kind: 'period',
  startYear,
  startMonth,
  endYear,
  endMonth,
  yearOnly,
});

describe('parsePeriod: the ways people write 起止年限', () => {
  const cases: [string, ReturnType<typeof period>][] = [
    ['2021.03-2023.12', period(2021, 3, 2023, 12)],
    ['2021.3—2023.12', period(2021, 3, 2023, 12)],
    ['2021.3——2023.12', period(2021, 3, 2023, 12)],
    ['2021.3–2023.12', period(2021, 3, 2023, 12)],
    ['2021.3－2023.12', period(2021, 3, 2023, 12)],
    ['2021年3月-2023年12月', period(2021, 3, 2023, 12)],
    ['2021年3月—2023年12月', period(2021, 3, 2023, 12)],
    ['2021/03～2023/12', period(2021, 3, 2023, 12)],
    ['2021/03~2023/12', period(2021, 3, 2023, 12)],
    ['2021/03〜2023/12', period(2021, 3, 2023, 12)],
    ['202103-202312', period(2021, 3, 2023, 12)],
    ['2021-03-2023-12', period(2021, 3, 2023, 12)],
    ['2021.03至2023.12', period(2021, 3, 2023, 12)],
    ['2021.03到2023.12', period(2021, 3, 2023, 12)],
    ['2021.03 - 2023.12', period(2021, 3, 2023, 12)],
    ['2021.03-\n2023.12', period(2021, 3, 2023, 12)],
    ['２０２１．０３－２０２３．１２', period(2021, 3, 2023, 12)],
    ['2021年3月—2023年底', period(2021, 3, 2023, 12)],
    ['2021年初-2023年末', period(2021, 1, 2023, 12)],
    ['2021年3月-2023年12月底', period(2021, 3, 2023, 12)],
    ['2021年3月起至2023年12月止', period(2021, 3, 2023, 12)],
    ['2021.03.01-2023.12.31', period(2021, 3, 2023, 12)],
    ['2021-2023', period(2021, 1, 2023, 12, true)],
    ['2021年-2023年', period(2021, 1, 2023, 12, true)],
    ['2021—2023', period(2021, 1, 2023, 12, true)],
    ['2021.3-2023', period(2021, 3, 2023, 12)],
    ['2023.12-2021.03 (reversed: read, a rule flags it)', period(2023, 12, 2021, 3)],
  ];
  it.each(cases)('%s', (t, expected) => {
    expect(parsePeriod(text(t.replace(/ \(.*\)$/, '')))).toEqual(expected);
  });
});

describe('parsePeriod: near-misses are invalid', () => {
  it.each([
    '2021.03',
    '202103',
    '2021年3月',
    '2021.13-2023.12',
    '2021.00-2023.12',
    '2021.03-2023.13',
    '2021.02.30-2023.12.31',
    '21.03-23.12',
    '2021.03-2023.12-2024.01',
    '2021.03至2023.12至2024',
    '三年',
    '2021年3月开工',
    '2021.03-',
    '-2023.12',
    '1800-1900',
    '2021年3月中-2023年',
    '起-止',
  ])('%j', (t) => {
    expect(parsePeriod(text(t))).toEqual({ kind: 'invalid', text: t });
  });
  it('a date cell alone is not a period', () => {
    expect(parsePeriod({ type: 'date', iso: '2021-03-01', serial: 44256 })).toEqual({ kind: 'invalid', text: '2021-03-01' });
  });
  it('a number alone is not a period', () => {
    expect(parsePeriod({ type: 'number', number: 2021.03 })).toEqual({ kind: 'invalid', text: '2021.03' });
  });
  it('placeholders and empties are blank, errors stay errors', () => {
    expect(parsePeriod(text('—'))).toEqual({ kind: 'blank' });
    expect(parsePeriod({ type: 'empty' })).toEqual({ kind: 'blank' });
    expect(parsePeriod(undefined)).toEqual({ kind: 'blank' });
    expect(parsePeriod({ type: 'error', error: '#N/A' })).toEqual({ kind: 'error', error: '#N/A' });
  });
});
