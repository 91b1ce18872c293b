/**
 * The formula evaluator (src/table/formulas.ts) on formulas as districts write them, checked against
 * what Excel shows: comparisons between kinds, blanks, rounding to tens or hundreds, mixed absolute
 * references, & with numbers, IF without an else, errors caught or passed on.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, CellValue, SheetModel } from '../../src/reader/model.js';
import { loadFormulaEngine, resolveFormulas, type ResolvedCell } from '../../src/table/formulas.js';

await loadFormulaEngine();

type Input = number | string | boolean | null | { f: string };

function value(row: Input[]): CellValue | 'unknown' {
  const sheet: SheetModel = {
    name: 'S',
    hidden: false,
    merges: [],
    rows: [
      row.map((input): Cell | undefined => {
        if (input === null) return undefined;
        if (typeof input === 'number') return { value: { type: 'number', number: input }, formula: false };
        if (typeof input === 'string') return { value: { type: 'string', text: input }, formula: false };
        if (typeof input === 'boolean') return { value: { type: 'boolean', value: input }, formula: false };
        return { value: { type: 'empty' }, formula: true, formulaText: input.f, uncached: true };
      }),
    ],
  };
  const cell = resolveFormulas({ sheets: [sheet], date1904: false }).sheets[0]!.rows[0]![row.length - 1] as ResolvedCell;
  return cell.resolution === 'unknown' ? 'unknown' : cell.value;
}

const num = (number: number): CellValue => ({ type: 'number', number });
const text = (t: string): CellValue => ({ type: 'string', text: t });
const bool = (b: boolean): CellValue => ({ type: 'boolean', value: b });
const error = (e: string): CellValue => ({ type: 'error', error: e });

describe('formulas as Excel shows them', () => {
  it.each<[string, Input[], CellValue | 'unknown']>([
    ['a blank equals ""', [null, { f: 'IF(A1="",1,2)' }], num(1)],
    ['a blank equals 0', [null, { f: 'IF(A1=0,1,2)' }], num(1)],
    ['a number never equals its text', ['12000', { f: 'IF(A1=12000,1,2)' }], num(2)],
    ['text compares without regard to case', ['abc', { f: 'IF(A1="ABC",1,0)' }], num(1)],
    ['text sorts after numbers', ['待定', { f: 'A1>99999' }], bool(true)],
    ['IF without an else is FALSE', [0, { f: 'IF(A1,5)' }], bool(false)],
    ['a comparison in arithmetic is 1 or 0', [{ f: '(2>1)*5' }], num(5)],
    ['ROUND to hundreds', [12345, { f: 'ROUND(A1,-2)' }], num(12300)],
    ['INT rounds down below zero', [-1.5, { f: 'INT(A1)' }], num(-2)],
    ['mixed absolute references', [1, 2, { f: '$A$1+A$1+$B1' }], num(4)],
    ['unary minus on a number typed as text', ['5', { f: '-A1' }], num(-5)],
    ['MAX skips text in a range', ['x', 5, { f: 'MAX(A1:B1)' }], num(5)],
    ['SUM counts a TRUE typed into it', [{ f: 'SUM(TRUE,1)' }], num(2)],
    ['SUM skips a TRUE in a range', [true, 1, { f: 'SUM(A1:B1)' }], num(1)],
    ['IFERROR catches a division by zero', [{ f: 'IFERROR(1/0,0)' }], num(0)],
    ['IFNA passes other errors on', [{ f: 'IFNA(1/0,0)' }], error('#DIV/0!')],
    ['& joins a number as Excel shows it', [0.1, 0.2, { f: '(A1+B1)&"万元"' }], text('0.3万元')],
    ['& joins TRUE as TRUE', [{ f: '(1>0)&""' }], text('TRUE')],
    ['AVERAGE of nothing is #DIV/0!', [null, null, { f: 'AVERAGE(A1:B1)' }], error('#DIV/0!')],
    ['a plus sign and nested brackets', [{ f: '+((1+2)*3)' }], num(9)],
  ])('%s', (_name, row, expected) => {
    expect(value(row)).toEqual(expected);
  });
});
