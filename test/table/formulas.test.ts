/** Formulas computed where their saved result cannot be trusted (src/table/formulas.ts), on models built by hand. */
import { describe, expect, it, vi } from 'vitest';
import type { Cell, CellValue, SheetModel, WorkbookModel } from '../../src/reader/model.js';
import { loadFormulaEngine, needsFormulaEngine, resolveFormulas, type ResolvedCell } from '../../src/table/formulas.js';

await loadFormulaEngine();

type Input = number | string | null | { f: string; v?: CellValue };

function sheet(name: string, grid: Input[][]): SheetModel {
  return {
    name,
    hidden: false,
    merges: [],
    rows: grid.map((row) =>
      row.map((input): Cell | undefined => {
        if (input === null) return undefined;
        if (typeof input === 'number') return { value: { type: 'number', number: input }, formula: false };
        if (typeof input === 'string') return { value: { type: 'string', text: input }, formula: false };
        return input.v ? { value: input.v, formula: true, formulaText: input.f } : { value: { type: 'empty' }, formula: true, formulaText: input.f, uncached: true };
      }),
    ),
  };
}

function resolved(book: WorkbookModel, sheetIndex: number, row: number, col: number): ResolvedCell {
  return resolveFormulas(book).sheets[sheetIndex]!.rows[row]![col] as ResolvedCell;
}

const num = (number: number): CellValue => ({ type: 'number', number });

describe('formulas saved without a result are computed as Excel would', () => {
  const cases: [string, Input[], CellValue | 'unknown'][] = [
    ['subtraction', [48000, { f: 'A1-18000' }], num(30000)],
    ['SUM skips text in a range', [48000, '36,000', 9000, { f: 'SUM(A1:C1)' }], num(57000)],
    ['arithmetic reads text that is a number', [48000, '36,000', { f: 'A1+B1' }], num(84000)],
    ['text that is no number is #VALUE!', ['待定', { f: 'A1*2' }], { type: 'error', error: '#VALUE!' }],
    ['an error spreads through SUM', [{ f: 'A1', v: { type: 'error', error: '#REF!' } }, 5, { f: 'SUM(A1:B1)' }], { type: 'error', error: '#REF!' }],
    ['an error literal in the text', [{ f: '#REF!*0.3' }], { type: 'error', error: '#REF!' }],
    ['division by zero', [1, null, { f: 'A1/B1' }], { type: 'error', error: '#DIV/0!' }],
    ['ROUND, percent, powers, float noise', [0.1, 0.2, { f: 'ROUND((A1+B1)*10,0)+50%+2^2' }], num(7.5)],
    ['a chain of formulas without results', [100, { f: 'A1*2' }, { f: 'B1+1' }, { f: 'SUM(A1:C1)' }], num(501)],
    ['a lookup is unknown', [1, { f: 'VLOOKUP(A1,Sheet2!A:B,2,0)' }], 'unknown'],
    ['a name is unknown', [{ f: '总投资*2' }], 'unknown'],
    ['another workbook is unknown', [{ f: '[1]Sheet1!A1' }], 'unknown'],
    ['a circular reference is unknown', [{ f: 'B1+1' }, { f: 'A1+1' }], 'unknown'],
  ];
  it.each(cases)('%s', (_name, row, expected) => {
    const col = row.length - 1;
    const cell = resolved({ sheets: [sheet('S', [row])], date1904: false }, 0, 0, col);
    if (expected === 'unknown') {
      expect(cell.resolution).toBe('unknown');
      expect(cell.value).toEqual({ type: 'empty' });
    } else {
      expect(cell.resolution).toBe('computed');
      expect(cell.value).toEqual(expected);
    }
  });

  it('reads other sheets of the workbook', () => {
    const book: WorkbookModel = { sheets: [sheet('表 一', [[{ f: "SUM('数据 表'!A1:A3)" }]]), sheet('数据 表', [[1], [2], [3]])], date1904: false };
    expect(resolved(book, 0, 0, 0).value).toEqual(num(6));
  });
});

describe('saved results', () => {
  it('are trusted without fullCalcOnLoad, even for a formula xmb cannot compute', () => {
    const book: WorkbookModel = { sheets: [sheet('S', [[{ f: 'VLOOKUP(1,A:B,2,0)', v: num(0) }, { f: 'IFERROR(1/0,"#N/A")', v: num(0) }]])], date1904: false };
    for (const col of [0, 1]) {
      const cell = resolved(book, 0, 0, col);
      expect(cell.value).toEqual(num(0));
      expect(cell.resolution).toBeUndefined();
    }
  });

  it('with fullCalcOnLoad: recomputed when possible; a real result kept, 0 unknown, when not', () => {
    const book: WorkbookModel = {
      sheets: [sheet('S', [[48000, { f: 'A1-18000', v: num(0) }, { f: 'VLOOKUP(1,C:D,2,0)', v: num(1234) }, { f: 'VLOOKUP(1,C:D,2,0)', v: num(0) }]])],
      date1904: false,
      fullCalcOnLoad: true,
    };
    expect(resolved(book, 0, 0, 1)).toMatchObject({ value: num(30000), resolution: 'computed' });
    expect(resolved(book, 0, 0, 2)).toMatchObject({ value: num(1234) });
    expect(resolved(book, 0, 0, 2).resolution).toBeUndefined();
    expect(resolved(book, 0, 0, 3)).toMatchObject({ value: { type: 'empty' }, resolution: 'unknown' });
  });

  it('a long running total without results stays bounded and is computed', () => {
    const rows: Input[][] = [[1]];
    for (let r = 1; r < 5000; r++) rows.push([{ f: `A${r}+1` }]);
    const book: WorkbookModel = { sheets: [sheet('S', rows)], date1904: false };
    expect(resolved(book, 0, 4999, 0).value).toEqual(num(5000));
  });
});

describe('the formula engine is loaded only when a formula must be computed', () => {
  it('needsFormulaEngine: false for saved results, true for a formula without one or under fullCalcOnLoad', () => {
    const saved: WorkbookModel = { sheets: [sheet('表1', [[1, { f: 'A1*2', v: num(2) }]])], date1904: false };
    const unsaved: WorkbookModel = { sheets: [sheet('表1', [[1, { f: 'A1*2' }]])], date1904: false };
    expect(needsFormulaEngine(saved)).toBe(false);
    expect(needsFormulaEngine(unsaved)).toBe(true);
    expect(needsFormulaEngine({ ...saved, fullCalcOnLoad: true })).toBe(true);
  });

  it('without loadFormulaEngine, resolveFormulas refuses loudly (a bug, never a silent blank) and leaves saved results alone', async () => {
    vi.resetModules();
    const fresh = await import('../../src/table/formulas.js');
    const saved: WorkbookModel = { sheets: [sheet('表1', [[1, { f: 'A1*2', v: num(2) }]])], date1904: false };
    expect(fresh.resolveFormulas(saved)).toBe(saved);
    expect(() => fresh.resolveFormulas({ sheets: [sheet('表1', [[1, { f: 'A1*2' }]])], date1904: false })).toThrow(fresh.FormulaEngineNotLoaded);
    await fresh.loadFormulaEngine();
    expect(fresh.resolveFormulas({ sheets: [sheet('表1', [[1, { f: 'A1*2' }]])], date1904: false }).sheets[0]!.rows[0]![1]!.value).toEqual(num(2));
  });
});
