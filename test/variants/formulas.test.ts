/**
 * Variants of issue 7's formulas and hidden cells, written the way other writers write them: Go's
 * excelize (shared formulas, empty <v></v>), openpyxl (no <v>, 序号 as =ROW()-3), WPS (a <f> on
 * constant cells, its own namespaces), XlsxWriter (fullCalcOnLoad) with results that happen to be
 * right, formulas across sheets, SUBTOTAL and IFERROR in a 合计 (what Excel's AutoSum inserts under a
 * filter); hidden columns holding amounts, rows hidden by a collapsed outline or a zero height.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../reader/helpers.js';
import { amounts, check, codes, one, texts, xlsx, type BookSpec, type CellSpec } from './book.js';
import { DONE, LAGGING_LABELS, NAMES, PLAN, PROVINCIAL_LABELS, SUMS, TOTAL, laggingRow, laggingTop, provincialRow } from './data.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let counter = 0;

const write = (spec: BookSpec): string => tmp.file(`第三组-公式-${++counter}.xlsx`, xlsx(spec));

/** 附件2 with its three projects at rows 4–6 and a 合计 at row 7. */
function lagging(total: CellSpec[] = ['合计', null, null, null, SUMS.total, SUMS.plan, SUMS.completed], change?: (rows: CellSpec[][]) => void): CellSpec[][] {
  const rows = [...laggingTop(), LAGGING_LABELS, ...[0, 1, 2].map((i) => laggingRow(i)), total];
  change?.(rows);
  return rows;
}

function expectSums(table: Awaited<ReturnType<typeof one>>['table']): void {
  expect(table.totalRow?.cells.total?.value).toMatchObject({ kind: 'number', value: SUMS.total });
  expect(table.totalRow?.cells.plan?.value).toMatchObject({ kind: 'number', value: SUMS.plan });
  expect(table.totalRow?.cells.completed?.value).toMatchObject({ kind: 'number', value: SUMS.completed });
}

describe('formulas other writers save', () => {
  it('excelize: a shared SUM across the 合计 row and a shared formula down G, every <v></v> empty', async () => {
    const rows = lagging(['合计', null, null, null, { f: 'SUM(E4:E6)', si: 0, ref: 'E7:G7', v: '' }, { si: 0, v: '' }, { si: 0, v: '' }], (r) => {
      r[3]![6] = { f: 'E4-18000', si: 1, ref: 'G4:G5', v: '' };
      r[4]![6] = { si: 1, v: '' };
    });
    // G5 = E5-18000 = 18000 (not the table's 15000): the formula is what the file says.
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(amounts(table, 'completed')).toEqual([30000, 18000, 2000]);
    expect(table.totalRow?.cells.completed?.value).toMatchObject({ value: 50000 });
    expect(table.totalRow?.cells.total?.value).toMatchObject({ value: SUMS.total });
    expect(codes({ result, table, path: '' })).toEqual([['completed-exceeds-plan', 'G5']]);
  });

  it('openpyxl: 序号 as =ROW()-3 and 合计 as =SUM(E4:E6), no results saved', async () => {
    const rows = lagging(['合计', null, null, null, { f: 'SUM(E4:E6)' }, { f: 'SUM(F4:F6)' }, { f: 'SUM(G4:G6)' }], (r) => {
      for (let i = 3; i <= 5; i++) r[i]![0] = { f: 'ROW()-3' };
    });
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(amounts(table, 'serial')).toEqual([1, 2, 3]);
    expectSums(table);
    expect(result.issues).toEqual([]);
  });

  it.each<[string, CellSpec[]]>([
    ['SUBTOTAL(9, …) as AutoSum writes it under a filter', [{ f: 'SUBTOTAL(9,E4:E6)' }, { f: 'SUBTOTAL(109,F4:F6)' }, { f: 'SUBTOTAL(9,G4:G6)' }]],
    ['E4+E5+E6 with absolute references', [{ f: '$E$4+$E$5+$E$6' }, { f: 'F4+F5+F6' }, { f: 'SUM(G4,G5,G6)' }]],
    ['=E4*10000/10000 style unit juggling', [{ f: 'SUM(E4:E6)*10000/10000' }, { f: 'ROUND(SUM(F4:F6),2)' }, { f: 'SUM(G4:G6)/1' }]],
    ['IFERROR and IF around the sum', [{ f: 'IFERROR(SUM(E4:E6),0)' }, { f: 'IF(SUM(F4:F6)>0,SUM(F4:F6),"")' }, { f: 'IF(COUNT(G4:G6)=3,SUM(G4:G6),0)' }]],
    ['SUMIF over the district column', [{ f: 'SUMIF(K4:K6,"高新区",E4:E6)' }, { f: 'SUMIFS(F4:F6,K4:K6,"高新区")' }, { f: 'SUMPRODUCT(G4:G6)' }]],
  ])('a 合计 written as %s, saved without results, is computed', async (_name, cells) => {
    const rows = lagging(['合计', null, null, null, ...cells]);
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expectSums(table);
    expect(result.issues).toEqual([]);
  });

  it('=E4*10000/10000 in a project row, on an amount typed as text, without a result', async () => {
    const rows = lagging(undefined, (r) => {
      r[3]![4] = '48,000';
      r[3]![6] = { f: 'E4*10000/10000-18000' };
    });
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(amounts(table, 'completed')).toEqual(DONE);
    expect(codes({ result, table, path: '' })).toEqual([['number-as-text', 'E4']]);
  });

  it('a 合计 on 附件3 that sums the 附件2 sheet of the same file (another sheet, quoted name), no results', async () => {
    const provincial: CellSpec[][] = [
      ['2022年省领导联系重点项目进展情况统计表'],
      ['填表日期：2022年3月4日'],
      PROVINCIAL_LABELS,
      ...[0, 1, 2].map((i) => provincialRow(i, i + 1, [{ f: `'进度滞后 (2)'!F${4 + i}` }, { f: `'进度滞后 (2)'!G${4 + i}` }, { f: `'进度滞后 (2)'!E${4 + i}` }])),
      ['合计', null, null, null, null, null, { f: "SUM('进度滞后 (2)'!F4:F6)" }, { f: 'SUM(H4:H6)' }, { f: 'SUM(I4:I6)' }],
    ];
    const path = write({
      sheets: [
        { name: '进度滞后 (2)', rows: lagging(), merges: ['A1:K1'] },
        { name: '省领导', rows: provincial, merges: ['A1:K1'] },
      ],
    });
    const validated = await check(path);
    expect(validated.map((v) => v.result.kind)).toEqual(['lagging', 'provincial']);
    const table = validated[1]!.table!;
    expect(amounts(table, 'plan')).toEqual(PLAN);
    expect(amounts(table, 'total')).toEqual(TOTAL);
    expect(table.totalRow?.cells.plan?.value).toMatchObject({ value: SUMS.plan });
    expect(validated.flatMap((v) => v.result.issues)).toEqual([]);
  });

  it('XlsxWriter-style fullCalcOnLoad, with results that happen to be right and a lookup xmb cannot compute', async () => {
    const rows = lagging(['合计', null, null, null, { f: 'SUM(E4:E6)', v: '93000' }, { f: 'SUM(F4:F6)', v: '54000' }, { f: 'SUM(G4:G6)', v: '47000' }], (r) => {
      r[3]![6] = { f: 'VLOOKUP(B4,数据!A:C,3,0)', v: '30000' };
    });
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }], calcPr: 'fullCalcOnLoad="1"' }));
    expect(amounts(table, 'completed')).toEqual(DONE);
    expectSums(table);
    expect(result.issues).toEqual([]);
  });

  it('WPS: a <f> on constant cells and text formulas, its namespaces and extra parts, results saved', async () => {
    const rows = lagging(['合计', null, null, null, { f: 'SUM(E4:E6)', v: '93000' }, { f: 'SUM(F4:F6)', v: '54000' }, { f: 'SUM(G4:G6)', v: '47000' }], (r) => {
      for (let i = 0; i < 3; i++) {
        r[3 + i]![4] = { f: String(TOTAL[i]), v: String(TOTAL[i]) };
        r[3 + i]![10] = { f: '"高新区"', t: 'str', v: '高新区' };
      }
    });
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }], wps: true }));
    expect(amounts(table, 'total')).toEqual(TOTAL);
    expect(texts(table, 'district')).toEqual(['高新区', '高新区', '高新区']);
    expect(result.issues).toEqual([]);
  });

  it('a project name built by a formula (="高新区"&"数字港二期"), without a result', async () => {
    const rows = lagging(undefined, (r) => {
      r[4]![1] = { f: '"高新区"&"数字港二期"' };
      r[4]![10] = { f: 'LEFT(B5,3)' };
    });
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(texts(table, 'name')).toEqual(NAMES);
    expect(texts(table, 'district')).toEqual(['高新区', '高新区', '高新区']);
    expect(result.issues).toEqual([]);
  });

  it('a formula xmb cannot know in 合计 (a defined name), no result: formula-uncalculated at each cell, never 0', async () => {
    const rows = lagging(['合计', null, null, null, { f: '总投资合计' }, { f: 'SUM(F4:F6)' }, { f: 'INDIRECT("G4")+G5+G6' }]);
    const { result, table } = await one(
      write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }], definedNames: { 总投资合计: 'Sheet1!$E$4:$E$6' } }),
    );
    expect(table.totalRow?.cells.plan?.value).toMatchObject({ value: SUMS.plan });
    expect(codes({ result, table, path: '' })).toEqual([
      ['formula-uncalculated', 'E7'],
      ['formula-uncalculated', 'G7'],
    ]);
  });
});

describe('hidden cells other ways', () => {
  const book = (extra: Partial<BookSpec['sheets'][number]>): string =>
    write({ sheets: [{ name: 'Sheet1', rows: lagging(), merges: ['A1:K1'], ...extra }] });

  it('hidden columns that hold the amounts (E:G in one <col> span)', async () => {
    const { result, table } = await one(book({ cols: '<col min="1" max="4" width="12"/><col min="5" max="7" width="12" hidden="1"/><col min="8" max="11" width="20"/>' }));
    expect(amounts(table, 'total')).toEqual(TOTAL);
    expect(codes({ result, table, path: '' })).toEqual([['hidden-cells', 'E3']]);
    expect(result.issues[0]!.message).toMatch(/E 列“总投资[\s\S]*G 列“截至完成投资/);
  });

  it('rows hidden by a collapsed outline (分级显示)', async () => {
    const { result, table } = await one(book({ rowAttrs: { 4: 'hidden="1" outlineLevel="1"', 5: 'hidden="1" outlineLevel="1"', 7: 'collapsed="1"' } }));
    expect(texts(table, 'name')).toEqual(NAMES);
    expect(codes({ result, table, path: '' })).toEqual([['hidden-cells', 'B4']]);
    expect(result.issues[0]!.message).toContain('第4行、第5行是隐藏行');
  });

  it('a row of zero height (ht="0"), as openpyxl writes a row “hidden” by height', async () => {
    const { result, table } = await one(book({ rowAttrs: { 5: 'ht="0" customHeight="1"' } }));
    expect(texts(table, 'name')).toEqual(NAMES);
    expect(codes({ result, table, path: '' })).toEqual([['hidden-cells', 'B5']]);
  });

  it('a column of zero width (width="0"), not marked hidden', async () => {
    const { result, table } = await one(book({ cols: '<col min="7" max="7" width="0" customWidth="1"/>' }));
    expect(amounts(table, 'completed')).toEqual(DONE);
    expect(codes({ result, table, path: '' })).toEqual([['hidden-cells', 'G3']]);
  });

  it('a hidden helper column outside the table, and a hidden blank row after the 合计, are not the clerk’s business', async () => {
    const rows = lagging();
    rows[3]![13] = 'x';
    const { result } = await one(book({ rows, cols: '<col min="14" max="14" hidden="1"/>', rowAttrs: { 9: 'hidden="1"' } }));
    expect(result.issues).toEqual([]);
  });
});
