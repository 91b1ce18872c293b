import { describe, expect, it } from 'vitest';
import type { Cell, SheetModel } from '../../src/reader/model.js';
import { LAGGING_HEADER, detect, laggingRow, sheet, workbook, type Input } from './helpers.js';

const formula = (cell: Cell['value']): Cell => ({ value: cell, formula: true });

describe('findTables on strangers’ workbooks never throws', () => {
  const grid = (rows: number, cols: number, value: (r: number, c: number) => Input): Input[][] =>
    Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => value(r, c)));
  const cases: [string, SheetModel[]][] = [
    ['no sheets', []],
    ['one cell', [sheet([['你好']])]],
    ['one number', [sheet([[42]])]],
    ['numbers everywhere', [sheet(grid(200, 60, (r, c) => r * c))]],
    ['error values everywhere', [sheet(grid(50, 20, () => ({ type: 'error', error: '#REF!' })))]],
    ['booleans and dates', [sheet(grid(40, 12, (r) => (r % 2 ? { type: 'boolean', value: true } : { type: 'date', iso: '2022-03-04', serial: 44624 })))]],
    ['text that is not a header', [sheet(grid(100, 15, (r, c) => `第${r}行第${c}列`))]],
    [
      'merges over everything',
      [
        sheet([['标题'], ['序号']], {
          merges: [
            { top: 0, left: 0, bottom: 1_048_575, right: 16_383 },
            { top: 5, left: 5, bottom: 1_048_575, right: 5 },
          ],
        }),
      ],
    ],
  ];
  it.each(cases)('%s → no table', (_name, sheets) => {
    expect(detect(workbook(...sheets))).toEqual([]);
  });

  it('formulas everywhere: cached results are read, errors kept as errors', () => {
    const model = sheet([LAGGING_HEADER, laggingRow(1, '甲项目', 5000)]);
    const row = model.rows[1]!;
    row[4] = formula({ type: 'error', error: '#REF!' });
    row[5] = formula({ type: 'number', number: 2000 });
    const [table] = detect(workbook(model));
    expect(table!.rows[0]!.cells.total?.value).toEqual({ kind: 'error', error: '#REF!' });
    expect(table!.rows[0]!.cells.plan?.value).toEqual({ kind: 'number', value: 2000, fromText: false });
  });

  it('sparse rows (holes in the rows array) are blank rows', () => {
    const model = sheet([LAGGING_HEADER, laggingRow(1, '甲项目', 5000)]);
    model.rows[5] = laggingRow(2, '乙项目', 1).map((v) => (v === null ? undefined : { value: { type: 'string', text: String(v) }, formula: false }));
    const [table] = detect(workbook(model));
    expect(table!.rows.map((r) => r.row)).toEqual([2]);
  });

  it('a long table is read to its first blank row', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => laggingRow(i + 1, `项目${i + 1}`, i));
    const [table] = detect(workbook(sheet([LAGGING_HEADER, ...rows, [], laggingRow(0, '之后', 1)])));
    expect(table!.rows).toHaveLength(20_000);
    expect(table!.rows[19_999]!.cells.name?.display).toBe('项目20000');
  });

  it('a header is looked for in the first 30 rows only', () => {
    const padding = (n: number): Input[][] => Array.from({ length: n }, (_, i) => [`说明${i}`]);
    expect(detect(workbook(sheet([...padding(29), LAGGING_HEADER, laggingRow(1, '甲', 1)])))).toHaveLength(1);
    expect(detect(workbook(sheet([...padding(30), LAGGING_HEADER, laggingRow(1, '甲', 1)])))).toEqual([]);
  });

  it('a table that starts in a later column', () => {
    const shift = (row: Input[]): Input[] => [null, null, ...row];
    const [table] = detect(workbook(sheet([shift(LAGGING_HEADER), shift(laggingRow(1, '甲', 1)), ['填表人：张三']])));
    expect(table!.columns.find((c) => c.field === 'serial')!.col).toBe(2);
    expect(table!.rows).toHaveLength(1);
  });
});
