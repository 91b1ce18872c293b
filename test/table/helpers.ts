/** Builds neutral workbook models directly, so table tests do not depend on the reader. */
import type { Cell, CellValue, MergeRange, SheetModel, WorkbookModel } from '../../src/reader/model.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { findTables } from '../../src/table/detect.js';
import { loadFormulaEngine } from '../../src/table/formulas.js';

// Formulas to compute load their engine on demand (validate's pipeline awaits it); these tests call findTables directly.
await loadFormulaEngine();
import type { Table } from '../../src/table/model.js';

export type Input = string | number | CellValue | null | undefined;

function toCell(input: Input): Cell | undefined {
  if (input === null || input === undefined || input === '') return undefined;
  if (typeof input === 'string') return { value: { type: 'string', text: input }, formula: false };
  if (typeof input === 'number') return { value: { type: 'number', number: input }, formula: false };
  return { value: input, formula: false };
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "A1:K1" → a 0-based MergeRange. */
export function range(a1: string): MergeRange {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(a1);
  if (!m) throw new Error(`bad range ${a1}`);
  return { top: Number(m[2]) - 1, left: columnIndex(m[1]!), bottom: Number(m[4]) - 1, right: columnIndex(m[3]!) };
}

export interface SheetOptions {
  name?: string;
  merges?: (string | MergeRange)[];
  hidden?: boolean;
}

export function sheet(grid: Input[][], options: SheetOptions = {}): SheetModel {
  return {
    name: options.name ?? 'Sheet1',
    hidden: options.hidden ?? false,
    rows: grid.map((row) => row.map(toCell)),
    merges: (options.merges ?? []).map((m) => (typeof m === 'string' ? range(m) : m)),
  };
}

export function workbook(...sheets: SheetModel[]): WorkbookModel {
  return { sheets, date1904: false };
}

export function detect(book: WorkbookModel, file = '收件/报表.xlsx', groupOverride?: number): Table[] {
  return findTables(book, { file, config: DEFAULT_CONFIG, groupOverride });
}

export const LAGGING_HEADER = [
  '序号',
  '项目名称',
  '项目概况',
  '起止年限\n(年月-年月)',
  '总投资\n(万元)',
  '年度计划投资\n(万元)',
  '截至完成投资\n(万元)',
  '进展情况',
  '存在问题及\n涉及单位',
  '协调解\n决情况',
  '所在区\n(县)',
];

export const LEADER_HEADER = (leader: string) => [
  '序号',
  leader,
  '项目名称',
  '项目概况',
  '进展情况',
  '存在问题及涉及单位',
  '本年计划投资(万元)',
  '截至完成投资(万元)',
  '总投资额(万元)',
  '起止年限(年月-年月)',
  '项目所在地',
];

export const WHITELIST_HEADER = ['序号', '项目名称', '项目概况', '所在区(县)', '落实情况', '存在问题及涉及单位', '协调解决情况', '备注'];
export const MONTHLY_HEADER = ['序号', '栏目', '标题', '内容', '日期', '涉及项目'];

/** A lagging data row: serial, name, amounts and district vary; the rest is filled in. */
export function laggingRow(serial: Input, name: string, total: Input, district: Input = '高新区'): Input[] {
  return [serial, name, '新建厂房', '2021.03-2023.12', total, 2000, 1000, '主体施工', '土地手续未办结', '已协调', district];
}

/** The usual district file: title, 填表日期 row, header, rows. */
export function laggingSheet(rows: Input[][], options: SheetOptions & { fillDateRow?: Input[] } = {}): SheetModel {
  return sheet(
    [['进度滞后的省市重点项目进展情况统计表'], options.fillDateRow ?? ['填表日期：2022年3月4日'], LAGGING_HEADER, ...rows],
    { merges: ['A1:K1'], ...options },
  );
}
