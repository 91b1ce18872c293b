/**
 * The reading cases of issue 7 (test/cases/reading/, copied from shared/cases/reading): each file shows
 * one kind of fault that once read silently wrong. Each must now give exactly its three projects with
 * the amounts Excel shows, or the finding that names the cell.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import type { FieldId } from '../../src/schema/kinds.js';
import type { Table } from '../../src/table/model.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { REPO_ROOT } from '../support/cli.js';

const CASES = join(REPO_ROOT, 'test', 'cases', 'reading');
const NAMES = ['高新区智能传感器产业园一期', '高新区数字港二期', '高新区污水处理厂扩建'];

async function read(file: string) {
  const validated = await validateFile(join(CASES, file), { config: DEFAULT_CONFIG, convert: false });
  expect(validated).toHaveLength(1);
  return validated[0]!;
}

function amounts(table: Table, field: FieldId): (number | string)[] {
  return table.rows.map((row) => {
    const value = row.cells[field]?.value;
    return value?.kind === 'number' ? value.value : (value?.kind ?? 'missing');
  });
}

function sumOf(table: Table, field: FieldId): number | string | undefined {
  const value = table.totalRow?.cells[field]?.value;
  return value?.kind === 'number' ? value.value : value?.kind;
}

describe('issue 7 reading cases', () => {
  it.each(['01_公式无缓存值_openpyxl写出_第三组.xlsx', '02_公式缓存值为0_XlsxWriter式_第三组.xlsx'])(
    '%s: the formulas are computed as Excel would show them',
    async (file) => {
      const { result, table } = await read(file);
      expect(table!.rows.map((r) => r.cells.name?.display)).toEqual(NAMES);
      expect(amounts(table!, 'completed')).toEqual([30000, 15000, 2000]);
      expect(table!.rows[0]!.cells.completed?.formula).toBe('E4-18000');
      expect([sumOf(table!, 'total'), sumOf(table!, 'plan'), sumOf(table!, 'completed')]).toEqual([93000, 54000, 47000]);
      expect(result.issues).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );

  it('10: a hidden project row is read and named in a warning', async () => {
    const { result, table } = await read('10_隐藏行_第三组.xlsx');
    expect(table!.rows.map((r) => r.cells.name?.display)).toEqual(NAMES);
    expect(result.issues.map((i) => [i.severity, i.code, i.cell, i.row])).toEqual([['warning', 'hidden-cells', 'B5', 5]]);
    expect(result.issues[0]!.message).toContain('第5行是隐藏行');
    expect(result.valid).toBe(true);
  });

  it('19: 合计 at the top and categories merged across: three projects, each with its category', async () => {
    const { result, table } = await read('19_合计行在前_分类标题行_第三组.xlsx');
    expect(table!.rows.map((r) => [r.row, r.cells.name?.display, r.category])).toEqual([
      [6, NAMES[0], ['一、产业项目（2个）']],
      [7, NAMES[1], ['一、产业项目（2个）']],
      [9, NAMES[2], ['二、基础设施项目（1个）']],
    ]);
    expect(table!.totalRow?.row).toBe(4);
    expect(result.issues).toEqual([]);
    expect(result.categories).toEqual([
      { label: '一、产业项目（2个）', row: 5, level: 1, rows: [6, 7] },
      { label: '二、基础设施项目（1个）', row: 8, level: 1, rows: [9] },
    ]);
  });

  it('20: a 栏次 row under the header is part of the header', async () => {
    const { result, table } = await read('20_表头下有栏次行_第三组.xlsx');
    expect(table!.numberingRows).toEqual([4]);
    expect(table!.rows.map((r) => r.row)).toEqual([5, 6, 7]);
    expect(result.issues).toEqual([]);
  });

  it('21: a three-row header whose labels are merged down is read whole, and the data under it', async () => {
    const { result, table } = await read('21_三行表头_投资情况合并_第三组.xlsx');
    expect(table!.headerRows).toEqual([3, 4, 5]);
    expect(table!.rows.map((r) => r.cells.name?.display)).toEqual(NAMES);
    expect(amounts(table!, 'total')).toEqual([48000, 36000, 9000]);
    expect(result.rows).toBe(3);
    expect(result.issues).toEqual([]);
  });
});
