/**
 * More variants of issue 7's kinds: formulas in project rows that refer to each other (a chain of
 * unsaved results, absolute references across sheets, IF on a text, ROUND), XlsxWriter's 0 results
 * in every amount, booleans in an .xlsx (是/否, never “TRUE”, never 1 as an amount), and dates and
 * booleans in .ods/.fods.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../reader/helpers.js';
import { amounts, codes, one, texts, xlsx, type BookSpec, type CellSpec } from './book.js';
import { DONE, LAGGING_LABELS, NAMES, PLAN, SUMS, TOTAL, UNIT, laggingRow, laggingTop } from './data.js';
import { fods, ods, type OdsCell } from './ods.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let counter = 0;
const write = (spec: BookSpec): string => tmp.file(`第三组-更多-${++counter}.xlsx`, xlsx(spec));

/** 附件2 with its three projects at rows 4–6 and a 合计 at row 7; `change` edits the rows. */
function lagging(change?: (rows: CellSpec[][]) => void, total: CellSpec[] = ['合计', null, null, null, SUMS.total, SUMS.plan, SUMS.completed]): CellSpec[][] {
  const rows = [...laggingTop(), LAGGING_LABELS, ...[0, 1, 2].map((i) => laggingRow(i)), total];
  change?.(rows);
  return rows;
}

describe('formulas in project rows, without saved results', () => {
  it('a chain: 截至完成投资 = 计划 × share, 合计 = SUM of those, none saved', async () => {
    const rows = lagging(
      (r) => {
        r[3]![6] = { f: 'ROUND(F4*30000/32000,0)' };
        r[4]![6] = { f: 'F5-1000' };
        r[5]![6] = { f: 'IF(K6="高新区",2000,0)' };
      },
      ['合计', null, null, null, { f: 'SUM($E$4:$E$6)' }, { f: 'SUM(F$4:F$6)' }, { f: 'SUM(G4:G6)' }],
    );
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(amounts(table, 'completed')).toEqual(DONE);
    expect(table.totalRow?.cells.completed?.value).toMatchObject({ kind: 'number', value: SUMS.completed });
    expect(result.issues).toEqual([]);
  });

  it('comparisons as Excel makes them: a blank equals "", a number never equals its text', async () => {
    const rows = lagging(undefined, [
      '合计',
      null,
      null,
      { f: 'IF(D8="",1,0)' },
      { f: 'IF(E4="",0,SUM(E4:E6))' },
      { f: 'IF("32000"=F4,0,SUM(F4:F6))' },
      { f: 'IF(K4>=5,SUM(G4:G6),0)' },
    ]);
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(table.totalRow?.cells.total?.value).toMatchObject({ kind: 'number', value: SUMS.total });
    expect(table.totalRow?.cells.plan?.value).toMatchObject({ kind: 'number', value: SUMS.plan });
    // Text sorts after every number: "高新区" >= 5 is TRUE.
    expect(table.totalRow?.cells.completed?.value).toMatchObject({ kind: 'number', value: SUMS.completed });
    expect(result.issues).toEqual([]);
  });

  it('XlsxWriter: every amount a formula saved as 0 under fullCalcOnLoad', async () => {
    const rows = lagging(
      (r) => {
        for (let i = 0; i < 3; i++) {
          r[3 + i]![4] = { f: `${TOTAL[i]! - 1000}+1000`, v: '0' };
          r[3 + i]![5] = { f: `${PLAN[i]! / 2}*2`, v: '0' };
          r[3 + i]![6] = { f: `${DONE[i]}`, v: '0' };
        }
      },
      ['合计', null, null, null, { f: 'SUM(E4:E6)', v: '0' }, { f: 'SUM(F4:F6)', v: '0' }, { f: 'SUM(G4:G6)', v: '0' }],
    );
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }], calcPr: 'fullCalcOnLoad="1"' }));
    expect(amounts(table, 'total')).toEqual(TOTAL);
    expect(amounts(table, 'plan')).toEqual(PLAN);
    expect(amounts(table, 'completed')).toEqual(DONE);
    expect(table.totalRow?.cells.total?.value).toMatchObject({ kind: 'number', value: SUMS.total });
    expect(result.issues).toEqual([]);
  });

  it('a 合计 summing a second sheet by absolute reference (数据!$E$4:$E$6), no results', async () => {
    const rows = lagging(undefined, ['合计', null, null, null, { f: 'SUM(数据!$E$4:$E$6)' }, { f: "SUM('数据'!$F$4:$F$6)" }, { f: 'SUM(G4:G6)' }]);
    const validated = await (await import('./book.js')).check(
      write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }, { name: '数据', rows: lagging(), state: 'hidden' }] }),
    );
    const table = validated.find((v) => v.table)!.table!;
    expect(table.totalRow?.cells.total?.value).toMatchObject({ kind: 'number', value: SUMS.total });
    expect(table.totalRow?.cells.plan?.value).toMatchObject({ kind: 'number', value: SUMS.plan });
  });

  it('a division by zero in a project amount, no result: formula-error at the cell, never 0', async () => {
    const rows = lagging((r) => {
      r[4]![5] = { f: 'E5/0' };
    });
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(amounts(table, 'plan')[1]).not.toBe(0);
    expect(codes({ result, table, path: '' })).toContainEqual(['formula-error', 'F5']);
  });
});

describe('booleans', () => {
  it('an .xlsx TRUE/FALSE in 项目概况 reads 是/否; TRUE in an amount is not 1', async () => {
    const rows = lagging((r) => {
      r[3]![2] = { raw: '<v>1</v>', t: 'b' };
      r[4]![2] = { raw: '<v>0</v>', t: 'b' };
      r[5]![6] = { raw: '<v>1</v>', t: 'b' };
    });
    const { result, table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(texts(table, 'overview').slice(0, 2)).toEqual(['是', '否']);
    expect(amounts(table, 'completed')[2]).not.toBe(1);
    expect(codes({ result, table, path: '' }).map(([code, cell]) => `${code}@${cell}`).join(' ')).toMatch(/G6/);
  });

  it('a formula whose saved result is a boolean (t="b") in 项目概况 reads 是', async () => {
    const rows = lagging((r) => {
      r[3]![2] = { f: 'E4>0', v: '1', t: 'b' };
    });
    const { table } = await one(write({ sheets: [{ name: 'Sheet1', rows, merges: ['A1:K1'] }] }));
    expect(texts(table, 'overview')[0]).toBe('是');
  });
});

describe('dates and booleans in .ods and .fods', () => {
  const rows = (): OdsCell[][] => [
    [{ span: 11, text: '进度滞后的省市重点项目进展情况统计表' }],
    ['填表日期：', { attrs: 'office:value-type="date" office:date-value="2022-03-04T00:00:00" calcext:value-type="date"', text: '2022/3/4' }, null, null, null, null, null, null, UNIT],
    LAGGING_LABELS,
    ...[0, 1, 2].map((i) => laggingRow(i) as OdsCell[]),
    ['合计', null, null, null, SUMS.total, SUMS.plan, SUMS.completed],
  ];
  it('a 填表日期 date cell beside its label, a boolean in 项目概况', async () => {
    const sheet = rows();
    sheet[3]![2] = { attrs: 'office:value-type="boolean" office:boolean-value="true" calcext:value-type="boolean"', text: 'TRUE' };
    for (const [format, bytes] of [
      ['ods', ods([{ name: '进度滞后', rows: sheet }])],
      ['fods', fods([{ name: '进度滞后', rows: sheet }])],
    ] as const) {
      const { result, table } = await one(tmp.file(`第三组-${++counter}.${format}`, bytes));
      expect(table.fillDate, format).toMatchObject({ iso: '2022-03-04' });
      expect(texts(table, 'name'), format).toEqual(NAMES);
      expect(texts(table, 'overview')[0], format).toBe('是');
      expect(amounts(table, 'plan'), format).toEqual(PLAN);
      expect(result.issues, format).toEqual([]);
    }
  });
});
