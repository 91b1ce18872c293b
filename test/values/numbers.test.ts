import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/reader/model.js';
import { parseAmount } from '../../src/values/numbers.js';

const text = (t: string): CellValue => ({ type: 'string', text: t });

describe('parseAmount: readable amounts', () => {
  const cases: [string, CellValue, number, boolean][] = [
    ['a number', { type: 'number', number: 48000 }, 48000, false],
    ['a negative number stays negative', { type: 'number', number: -5 }, -5, false],
    ['a fraction', { type: 'number', number: 0.5 }, 0.5, false],
    ['plain text', text('12000'), 12000, true],
    ['thousands commas', text('12,000'), 12000, true],
    ['full-width comma', text('12，000'), 12000, true],
    ['full-width digits', text('１２０００'), 12000, true],
    ['trailing spaces', text('3000  '), 3000, true],
    ['ideographic spaces', text('\u30003000\u3000'), 3000, true],
    ['decimal text', text('1234.56'), 1234.56, true],
    ['万元 restated', text('3000万元'), 3000, true],
    ['万 restated', text('3000万'), 3000, true],
    ['1.2万 (unit restated)', text('1.2万'), 1.2, true],
    ['(万元) in brackets', text('3000（万元）'), 3000, true],
    ['亿 converts to 万元', text('1.2亿'), 12000, true],
    ['亿元 converts to 万元', text('1.2亿元'), 12000, true],
    ['0.35亿 without float noise', text('0.35亿'), 3500, true],
    ['negative text', text('-200'), -200, true],
    ['full-width minus', text('－200'), -200, true],
    ['grouped with decimals', text('1,234,567.5'), 1234567.5, true],
    ['space inside the number', text('12 000'), 12000, true],
  ];
  it.each(cases)('%s', (_name, raw, value, fromText) => {
    expect(parseAmount(raw)).toEqual({ kind: 'number', value, fromText });
  });
});

describe('parseAmount: placeholders are blank', () => {
  it.each(['—', '–', '－', '-', '/', '\\', '无', '暂无', '空', 'N/A', 'n/a', '——', '  ', ''])('%j', (t) => {
    expect(parseAmount(text(t))).toEqual({ kind: 'blank' });
  });
  it('an empty cell and a missing cell', () => {
    expect(parseAmount({ type: 'empty' })).toEqual({ kind: 'blank' });
    expect(parseAmount(undefined)).toEqual({ kind: 'blank' });
  });
});

describe('parseAmount: near-misses are invalid, not numbers', () => {
  it.each([
    '约500',
    '500左右',
    '500余',
    '3000元',
    '50%',
    '100-200',
    '12,00',
    '1,2000',
    '一千万',
    '12000万元以上',
    'abc',
    '1.2.3',
    '万元',
    '+',
    '待定',
    // Everything JS Number() reads that a clerk never writes for an amount.
    '0x1A',
    '0X1a',
    '0b1010',
    '0o7',
    '1e3',
    '2E+4',
    'Infinity',
    '-Infinity',
    'NaN',
    '1_000',
    '.',
    '0x1A万元',
  ])('%j', (t) => {
    expect(parseAmount(text(t))).toEqual({ kind: 'invalid', text: t });
  });
  it('a date cell is not an amount', () => {
    expect(parseAmount({ type: 'date', iso: '2022-03-04', serial: 44624 })).toEqual({ kind: 'invalid', text: '2022-03-04' });
  });
  it('a boolean is not an amount, and shows as 是/否, never TRUE', () => {
    expect(parseAmount({ type: 'boolean', value: true })).toEqual({ kind: 'invalid', text: '是' });
    expect(parseAmount({ type: 'boolean', value: false })).toEqual({ kind: 'invalid', text: '否' });
  });
  it('an error value stays an error', () => {
    expect(parseAmount({ type: 'error', error: '#REF!' })).toEqual({ kind: 'error', error: '#REF!' });
  });
});
