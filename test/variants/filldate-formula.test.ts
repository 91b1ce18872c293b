/**
 * A 填表日期 written as a formula (=TODAY(), or the label and the date in one formula) that was saved
 * without a result — openpyxl, xlsx-populate and the like never calculate. The date such a cell
 * shows is the day it is opened, not the day the table was filled, so xmb does not make one up: the
 * finding names the cell, says it is a formula without a saved value and what to do. With a saved
 * result (Excel, WPS), the result is the date; a formula the engine computes (text joined with &)
 * gives its value.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../reader/helpers.js';
import { one, xlsx, type CellSpec } from './book.js';
import { LAGGING_LABELS, UNIT, laggingRow } from './data.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let counter = 0;

async function read(fillRow: CellSpec[]) {
  const rows: CellSpec[][] = [['进度滞后的省市重点项目进展情况统计表'], fillRow, LAGGING_LABELS, ...[0, 1, 2].map((i) => laggingRow(i))];
  const path = tmp.file(`第三组-填表日期公式-${++counter}.xlsx`, xlsx({ sheets: [{ name: '报表', rows, merges: ['A1:K1'] }] }));
  return one(path);
}

const filldate = (v: Awaited<ReturnType<typeof read>>) => v.result.issues.filter((i) => i.code.startsWith('filldate'));

describe('填表日期 as a formula', () => {
  it.each<[string, CellSpec[], string]>([
    ['=TODAY() in the cell after 填表日期：, no saved result', ['填表日期：', { f: 'TODAY()' }, null, null, null, null, null, null, UNIT], 'B2'],
    ['=NOW() in the cell after 填报日期, no saved result', ['填报日期', { f: 'NOW()' }, null, null, null, null, null, null, UNIT], 'B2'],
    ['the label and the date in one formula, no saved result', [{ f: '"填表日期："&TEXT(TODAY(),"yyyy年m月d日")' }, null, null, null, null, null, null, null, UNIT], 'A2'],
  ])('%s: one warning at the cell, saying it is a formula without a saved value', async (_name, fillRow, cell) => {
    const v = await read(fillRow);
    expect(v.table.rows).toHaveLength(3);
    expect(v.result.fillDate).toBeNull();
    const found = filldate(v);
    expect(found.map((f) => [f.code, f.severity, f.cell])).toEqual([['filldate-missing', 'warning', cell]]);
    expect(found[0]!.message).toContain(`${cell}：填表日期是公式`);
    expect(found[0]!.message).toContain('保存时没有计算结果');
    expect(found[0]!.message).toMatch(/直接填写.*日期/);
    // the cell is named once, not also as an uncalculated formula
    expect(v.result.issues.filter((i) => i.cell === cell)).toHaveLength(1);
  });

  it('=TODAY() saved with its result by Excel: that result is the 填表日期', async () => {
    const v = await read(['填表日期：', { f: 'TODAY()', v: '44624', s: 1 }, null, null, null, null, null, null, UNIT]);
    expect(filldate(v)).toEqual([]);
    expect(v.result.fillDate).toBe('2022-03-04');
  });

  it('=DATE(2022,3,4) without a saved result (DATE is not computed here): the same warning, naming the formula', async () => {
    const v = await read(['填表日期：', { f: 'DATE(2022,3,4)' }, null, null, null, null, null, null, UNIT]);
    expect(filldate(v).map((f) => [f.code, f.cell, f.value])).toEqual([['filldate-missing', 'B2', '=DATE(2022,3,4)']]);
    expect(v.result.fillDate).toBeNull();
  });

  it('a formula that is computed (="2022年3月4日" as text) is read as the date it gives', async () => {
    const v = await read(['填表日期：', { f: '"2022年3月"&"4日"' }, null, null, null, null, null, null, UNIT]);
    expect(filldate(v)).toEqual([]);
    expect(v.result.fillDate).toBe('2022-03-04');
  });
});
