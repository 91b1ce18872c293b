import { describe, expect, it } from 'vitest';
import type { Cell, CellValue } from '../../src/reader/model.js';
import type { FieldType } from '../../src/schema/kinds.js';
import type { NormalValue } from '../../src/table/model.js';
import { normaliseCell } from '../../src/values/normalise.js';

const cell = (value: CellValue, formula = false): Cell => ({ value, formula });
const text = (t: string) => cell({ type: 'string', text: t });
const num = (n: number) => cell({ type: 'number', number: n });

describe('normaliseCell', () => {
  const cases: [string, Cell | undefined, FieldType, string, NormalValue][] = [
    ['missing cell', undefined, 'text', '', { kind: 'blank' }],
    ['text trimmed', text('  高新区 \n'), 'district', '高新区', { kind: 'text', text: '高新区' }],
    ['text keeps inner line breaks', text('一是…\r\n二是…'), 'text', '一是…\n二是…', { kind: 'text', text: '一是…\n二是…' }],
    ['placeholder in a text column', text('—'), 'text', '—', { kind: 'blank' }],
    ['无 in a text column', text('无'), 'text', '无', { kind: 'blank' }],
    ['a number in a text column', num(12), 'text', '12', { kind: 'text', text: '12' }],
    ['error in a text column', cell({ type: 'error', error: '#REF!' }, true), 'text', '#REF!', { kind: 'error', error: '#REF!' }],
    ['list value', text('已落实 '), 'list', '已落实', { kind: 'text', text: '已落实' }],
    ['serial number', num(1), 'serial', '1', { kind: 'number', value: 1, fromText: false }],
    ['serial as text', text('２'), 'serial', '２', { kind: 'number', value: 2, fromText: true }],
    ['serial with a dot', text('3.'), 'serial', '3.', { kind: 'number', value: 3, fromText: true }],
    ['serial not a number', text('一'), 'serial', '一', { kind: 'text', text: '一' }],
    ['amount without float noise', num(0.1 + 0.2), 'amount', '0.3', { kind: 'number', value: 0.1 + 0.2, fromText: false }],
    ['amount as text', text('12,000'), 'amount', '12,000', { kind: 'number', value: 12000, fromText: true }],
    ['amount unreadable', text('约500'), 'amount', '约500', { kind: 'invalid', text: '约500' }],
    ['amount formula result', cell({ type: 'number', number: 300 }, true), 'amount', '300', { kind: 'number', value: 300, fromText: false }],
    [
      'period',
      text('2021.03-2023.12'),
      'period',
      '2021.03-2023.12',
      { kind: 'period', startYear: 2021, startMonth: 3, endYear: 2023, endMonth: 12, yearOnly: false },
    ],
    ['date cell', cell({ type: 'date', iso: '2022-03-04T00:00:00', serial: 44624 }), 'date', '2022-03-04', { kind: 'date', iso: '2022-03-04' }],
    ['date text', text('2022年3月4日'), 'date', '2022-03-04', { kind: 'date', iso: '2022-03-04' }],
    ['date serial', num(44624), 'date', '2022-03-04', { kind: 'date', iso: '2022-03-04' }],
    ['date invalid', text('2022-02-30'), 'date', '2022-02-30', { kind: 'invalid', text: '2022-02-30' }],
    ['date blank', text('/'), 'date', '/', { kind: 'blank' }],
  ];
  it.each(cases)('%s', (_name, input, type, display, value) => {
    expect(normaliseCell(input, type)).toEqual({ display, value });
  });
});
