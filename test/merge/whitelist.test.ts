/**
 * The 白名单 has no amount columns: its merged sheet's 合计 row counts the projects by 落实情况, and
 * its 本周变化 sheet has no investment columns but reports a change of 落实情况 instead.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { weekChanges } from '../../src/merge/changes.js';
import { identifyProjects } from '../../src/merge/identity.js';
import { planMerge } from '../../src/merge/plan.js';
import { mergeKind } from '../../src/merge/rows.js';
import { selectWeek } from '../../src/merge/select.js';
import { buildMergedWorkbook, CHANGES_SHEET } from '../../src/writers/merged-workbook.js';
import { submission } from './support.js';

const config = DEFAULT_CONFIG;

const w = (name: string, status: string) => ({ name, overview: '概况', district: '中原区', status, problems: '无' });

const subs = [
  // W08
  submission({ group: 1, kind: 'whitelist', receivedAt: '2022-02-25T09:00:00+08:00', rows: [w('白名单甲', '未落实'), w('白名单乙', '部分落实')] }),
  // W09
  submission({ group: 1, kind: 'whitelist', receivedAt: '2022-03-03T09:00:00+08:00', rows: [w('白名单甲', '已落实'), w('白名单乙', '部分落实'), w('白名单丙', '未落实')] }),
  submission({ group: 2, kind: 'whitelist', receivedAt: '2022-03-03T10:00:00+08:00', district: '二七区', rows: [w('白名单丁', '已落实')] }),
];

function rowValues(sheet: ExcelJS.Worksheet, r: number): unknown[] {
  return (sheet.getRow(r).values as unknown[]).slice(1);
}

describe('白名单 in the merge', () => {
  const plan = planMerge(subs, '2022-W09', config, '2022-03-04');
  const output = plan.outputs.find((o) => o.kinds.includes('whitelist'))!;

  it('counts the projects by 落实情况', () => {
    const merged = mergeKind(plan.selection, 'whitelist');
    expect(merged.amountFields).toEqual([]);
    expect(merged.statusCounts).toEqual({ 已落实: 2, 部分落实: 1, 未落实: 1 });
  });

  it('reports a change of 落实情况 between the weeks', () => {
    const before = selectWeek(subs, '2022-W08', ['whitelist'], config);
    const changes = weekChanges(plan.selection, before, 'whitelist', identifyProjects([plan.selection, before], config));
    expect(changes.statusChanges).toEqual([expect.objectContaining({ group: 1, name: '白名单甲', before: '未落实', after: '已落实' })]);
  });

  it('writes a 合计 row with the project count by 落实情况', () => {
    const workbook = buildMergedWorkbook(ExcelJS, output, plan, config);
    const sheet = workbook.getWorksheet('白名单')!;
    // header on row 3, four projects on rows 4–7, the 合计 row on row 8
    expect(sheet.getCell('A8').value).toBe('合计');
    expect(sheet.getCell('B8').value).toBe('共 4 个项目：已落实 2，部分落实 1，未落实 1');
    expect(sheet.getCell('A9').value ?? null).toBeNull();
  });

  it('has no investment columns in 本周变化 and shows 未落实 → 已落实 as a change line', () => {
    const workbook = buildMergedWorkbook(ExcelJS, output, plan, config);
    const sheet = workbook.getWorksheet(CHANGES_SHEET)!;
    const header = rowValues(sheet, 3).map(String);
    expect(header.some((h) => h.includes('投资') || h.includes('变化额'))).toBe(false);
    const lines: unknown[][] = [];
    for (let r = 4; r <= sheet.rowCount; r++) lines.push(rowValues(sheet, r));
    const change = lines.find((l) => l.includes('落实情况变化'));
    expect(change).toBeDefined();
    expect(change).toContain('白名单甲');
    expect(change).toContain('未落实 → 已落实');
    expect(lines.find((l) => l.includes('新增'))).toContain('白名单丙');
  });

  it('keeps the investment columns for kinds with amounts', () => {
    const lagging = plan.outputs.find((o) => o.kinds.includes('lagging'))!;
    const workbook = buildMergedWorkbook(ExcelJS, lagging, plan, config);
    const header = rowValues(workbook.getWorksheet(CHANGES_SHEET)!, 3).map(String);
    expect(header).toContain('变化额\n(万元)');
    expect(header.some((h) => h.includes('落实情况'))).toBe(false);
  });
});
