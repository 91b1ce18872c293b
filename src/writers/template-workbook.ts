/**
 * The blank templates of `xmb template` (spec §2): one workbook per kind, in the official layout
 * (official-sheet.ts), ready for a district to fill in Excel or WPS:
 *
 *   title (with the config's year), “填表日期：”, “报送单位：…”, the header from KINDS,
 *   20 (A3) or 15 (A4) empty bordered data rows with number formats on the amount columns,
 *   dropdowns (data validation lists) on the district, 落实情况 and 栏目 columns and a decimal ≥ 0
 *   check with a Chinese message on the amount columns — on the data rows only, never whole columns —,
 *   an input hint on 起止年限 and 日期, then a blank row and one line of 填表说明 (the reader stops at
 *   the first blank row, so the note is never read as data).
 *
 * With a group, 报送单位 names it (“报送单位：第三组（高新区）”) and the district column of every data
 * row holds a formula that shows the group's district as soon as the row's 项目名称 is filled in and
 * stays empty otherwise: an unfilled row stays blank for the reader, a filled row carries the
 * district without the clerk typing it (it can be overwritten from the dropdown).
 */
import type { Workbook, Worksheet, DataValidation } from 'exceljs';
import { loadExcelJS, type ExcelJS } from './exceljs-module.js';
import type { Config } from '../config/schema.js';
import { groupName } from '../config/group-name.js';
import { KINDS, kindTitle, type KindId } from '../schema/kinds.js';
import { BODY_FONT, columnLetter, layoutOfficialSheet, writeDataRow, type OfficialLayout } from './official-sheet.js';
import { saveWorkbook, setFixedMetadata } from './save.js';

/**
 * How many empty data rows a blank template offers, and their height in points, by paper: the
 * blank form with its note fits one printed page (A3: 20 rows with room for two lines; A4: 15).
 */
export const TEMPLATE_ROWS = { A3: 20, A4: 15 } as const;
export const TEMPLATE_ROW_HEIGHT = { A3: 30, A4: 24 } as const;

/** The data rows of a kind's blank template: first and last 1-based sheet rows. */
export function templateDataRows(kind: KindId, firstDataRow = 4): { first: number; last: number } {
  return { first: firstDataRow, last: firstDataRow + TEMPLATE_ROWS[KINDS[kind].paper] - 1 };
}

/** “第三组（高新区）” */
export function groupLabel(group: { number: number; district: string }): string {
  return `${groupName(group.number)}（${group.district}）`;
}

export interface TemplateOptions {
  kind: KindId;
  config: Config;
  /** A group number of the roster: names the 报送单位 and fills in the district. */
  group?: number;
}

/** A title fit for a file name: no quotes, no characters Windows refuses. */
function fileSafe(text: string): string {
  return text.replace(/[“”"'‘’]/g, '').replace(/[\\/:*?<>|]/g, '_');
}

/**
 * The template's file name: the annex and the title for 附件2–4 (附件2_进度滞后的省市重点项目进展情况统计表.xlsx),
 * the short name and the title for our own kinds (白名单_…, 月报素材_…), prefixed with the group
 * (第三组_高新区_…) when there is one.
 */
export function templateFileName(kind: KindId, year: number, group?: { number: number; district: string }): string {
  const spec = KINDS[kind];
  const prefix = spec.annex.startsWith('附件') ? spec.annex : spec.shortName;
  const title = fileSafe(kindTitle(kind, year).replace(`（${spec.shortName}）`, ''));
  const byGroup = group ? `${groupName(group.number)}_${group.district}_` : '';
  return `${byGroup}${prefix}_${title}.xlsx`;
}

/** Excel's limit on an inline list (the formula "a,b,c" of a list validation). */
const INLINE_LIST_LIMIT = 250;

/** Builds the blank template workbook of one kind. `ExcelJS` is the loaded module (lazy import). */
export function buildTemplateWorkbook(excel: ExcelJS, options: TemplateOptions): Workbook {
  const { kind, config } = options;
  const spec = KINDS[kind];
  const group = options.group === undefined ? undefined : config.groups.find((g) => g.number === options.group);
  if (options.group !== undefined && !group) throw new Error(`group ${options.group} is not in the roster`);

  const workbook = new excel.Workbook();
  setFixedMetadata(workbook);
  workbook.title = kindTitle(kind, config.year);
  const sheet = workbook.addWorksheet(spec.shortName, { properties: { defaultRowHeight: 18 } });
  const layout = layoutOfficialSheet(sheet, {
    kind,
    year: config.year,
    title: kindTitle(kind, config.year),
    fillDateText: '填表日期：',
    reportingUnitText: `报送单位：${group ? groupLabel(group) : ''}`,
  });

  const { first, last } = templateDataRows(kind, layout.firstDataRow);
  for (let r = first; r <= last; r++) writeDataRow(sheet, layout, r, [], { height: TEMPLATE_ROW_HEIGHT[spec.paper] });

  addValidations(workbook, sheet, layout, config, kind, first, last);

  const districtIndex = spec.fields.findIndex((f) => f.type === 'district');
  const nameIndex = spec.fields.findIndex((f) => f.id === 'name');
  if (group && districtIndex >= 0 && nameIndex >= 0) {
    const districtLetter = layout.letters[districtIndex]!;
    const nameLetter = layout.letters[nameIndex]!;
    const quoted = group.district.replace(/"/g, '""');
    for (let r = first; r <= last; r++) {
      sheet.getCell(`${districtLetter}${r}`).value = {
        formula: `IF(LEN(TRIM(${nameLetter}${r}))=0,"","${quoted}")`,
        result: '',
      };
    }
  }

  // A blank row, then one line of 填表说明 (not bordered, not read as data).
  const noteRow = last + 2;
  const lastLetter = layout.letters[layout.letters.length - 1]!;
  sheet.mergeCells(`A${noteRow}:${lastLetter}${noteRow}`);
  const note = sheet.getCell(`A${noteRow}`);
  note.value = templateNote(kind);
  note.font = { ...BODY_FONT, size: 10 };
  note.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
  sheet.getRow(noteRow).height = 46;

  return workbook;
}

/** Builds and writes one blank template to `path` (temporary name + rename, deterministic bytes). */
export async function writeTemplate(options: TemplateOptions, path: string): Promise<void> {
  const excel = await loadExcelJS();
  await saveWorkbook(buildTemplateWorkbook(excel, options), path);
}

/** The 填表说明 line under a template. */
export function templateNote(kind: KindId): string {
  const spec = KINDS[kind];
  const parts: string[] = [];
  const hasAmounts = spec.fields.some((f) => f.type === 'amount');
  if (hasAmounts) parts.push('金额单位为万元，只填数字（可带小数，不要写“万元”）');
  if (spec.fields.some((f) => f.type === 'period')) parts.push('起止年限按“2021.03-2023.12”填写');
  const district = spec.fields.find((f) => f.type === 'district');
  if (district) parts.push(`${district.label.replace(/\s+/g, '')}从下拉列表选择`);
  if (kind === 'whitelist') parts.push('落实情况从下拉列表选择（已落实/部分落实/未落实）');
  if (kind === 'monthly') parts.push('栏目从下拉列表选择，一行填一条信息');
  const required = spec.fields.filter((f) => f.required).map((f) => f.label.replace(/\s+/g, ''));
  parts.push(`必填：${required.join('、')}`);
  parts.push('行数不够时，复制最后一行后用“插入复制的单元格”添加（下拉列表和公式会一起带上）；项目之间不要留空行，空行以下的内容不会被读取');
  if (kind === 'lagging') parts.push('本周无进度滞后项目时保留表头、不填数据行照常报送');
  return `填表说明：${parts.join('；')}。`;
}

function addValidations(
  workbook: Workbook,
  sheet: Worksheet,
  layout: OfficialLayout,
  config: Config,
  kind: KindId,
  first: number,
  last: number,
): void {
  layout.columns.forEach((column, i) => {
    const letter = layout.letters[i]!;
    const range = `${letter}${first}:${letter}${last}`;
    let validation: DataValidation | null = null;
    const field = KINDS[kind].fields[i];
    if (column.type === 'amount') {
      validation = {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [0],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '金额有误',
        error: '请填写不小于 0 的数字，单位为万元（不要写“万元”二字）。',
      };
    } else if (column.type === 'district') {
      validation = listValidation(workbook, 'district', config.groups.map((g) => g.district), '所在区县有误', '请从下拉列表中选择区县（市）。');
    } else if (column.type === 'list' && field?.list) {
      validation = listValidation(workbook, field.id, [...field.list], `${field.label}有误`, `请从下拉列表中选择：${field.list.join('、')}。`);
    } else if (column.type === 'period') {
      validation = {
        type: 'any',
        allowBlank: true,
        showInputMessage: true,
        promptTitle: '起止年限',
        prompt: '按“开始年月-结束年月”填写，如 2021.03-2023.12',
      } as unknown as DataValidation;
    } else if (column.type === 'date') {
      validation = {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(2000, 0, 1))],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '日期有误',
        error: '请填写日期，如 2022-03-04。',
        showInputMessage: true,
        promptTitle: '日期',
        prompt: '如 2022-03-04',
      };
    }
    if (validation) validationsOf(sheet).add(range, validation);
  });
}

/** exceljs keeps a sheet's validations by address (a cell or a range); its typings omit the field. */
function validationsOf(sheet: Worksheet): { add(address: string, validation: DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(address: string, validation: DataValidation): void } }).dataValidations;
}

/**
 * A list validation: inline ("a,b,c") when short enough, else the values on a very hidden sheet
 * “下拉列表” that the list refers to (a long roster from a custom config).
 */
function listValidation(workbook: Workbook, key: string, values: string[], errorTitle: string, error: string): DataValidation {
  const inline = `"${values.join(',')}"`;
  let formula = inline;
  if (inline.length > INLINE_LIST_LIMIT || values.some((v) => v.includes(','))) {
    const lists = workbook.getWorksheet('下拉列表') ?? workbook.addWorksheet('下拉列表', { state: 'veryHidden' });
    const col = lists.columnCount + 1;
    lists.getCell(1, col).value = key;
    values.forEach((v, i) => (lists.getCell(i + 2, col).value = v));
    const letter = columnLetter(col);
    formula = `下拉列表!$${letter}$2:$${letter}$${values.length + 1}`;
  }
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle,
    error,
  };
}
