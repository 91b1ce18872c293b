import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rules/finding.js';
import type { TableResult } from '../../src/validate/result.js';
import {
  ERROR_FILL_ARGB,
  SUMMARY_SHEET,
  WARNING_FILL_ARGB,
  annotatedName,
  writeAnnotatedCopy,
} from '../../src/writers/annotate.js';

const dir = mkdtempSync(join(tmpdir(), 'xmb-annotate-'));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A district file: every data cell shares one style (so exceljs shares the style object on reading). */
async function makeInput(path: string, extra?: (sheet: ExcelJS.Worksheet) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Sheet1');
  sheet.getCell('A1').value = '进度滞后的省市重点项目进展情况统计表';
  sheet.getCell('A2').value = '填表日期：2022年3月4日';
  const header = ['序号', '项目名称', '项目概况', '起止年限', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'];
  header.forEach((h, i) => (sheet.getRow(3).getCell(i + 1).value = h));
  const rows = [
    [1, '项目一', '概况', '2021.03-2023.12', 48000, 12000, 52000, '施工中', '用地', '', '高新区'],
    [2, '项目二', '概况', '2023.12-2021.03', 100, 50, 20, '施工中', '资金', '', '火星区'],
  ];
  rows.forEach((values, r) =>
    values.forEach((v, c) => {
      const cell = sheet.getRow(4 + r).getCell(c + 1);
      cell.value = v === '' ? null : v;
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
      cell.font = { name: '宋体', size: 11 };
    }),
  );
  sheet.getCell('H4').note = '区县原有的批注';
  extra?.(sheet);
  await wb.xlsx.writeFile(path);
}

function finding(severity: Finding['severity'], code: Finding['code'], cell: string | null, message: string, value: Finding['value'] = null): Finding {
  return { severity, code, cell, row: cell ? Number(/\d+/.exec(cell)![0]) : null, field: null, value, message };
}

function result(file: string, issues: Finding[]): TableResult {
  return { file, sheet: 'Sheet1', kind: 'lagging', group: 3, district: '高新区', fillDate: '2022-03-04', rows: 2, valid: false, issues };
}

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

const fillOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
const noteOf = (cell: ExcelJS.Cell): string => {
  const note = cell.note as unknown;
  if (!note) return '';
  if (typeof note === 'string') return note;
  return ((note as { texts: { text: string }[] }).texts ?? []).map((t) => t.text).join('');
};

describe('annotated copy', () => {
  it('names the copy 原文件名_批注.xlsx', () => {
    expect(annotatedName('/x/收件/第三组-高新区-进度滞后.xlsx')).toBe('第三组-高新区-进度滞后_批注.xlsx');
    expect(annotatedName('老格式.xls')).toBe('老格式_批注.xlsx');
  });

  it('colours and notes exactly the flagged cells, lists them first, and leaves the input alone', async () => {
    const input = join(dir, '第三组-高新区-进度滞后.xlsx');
    await makeInput(input);
    const before = sha(input);
    const issues = [
      finding('warning', 'completed-exceeds-plan', 'G4', '截至完成投资(52000)超过年度计划投资(12000)，请核实', 52000),
      finding('error', 'completed-exceeds-total', 'G4', '截至完成投资(52000)超过总投资(48000)，请核实', 52000),
      finding('error', 'period-reversed', 'D5', '起止年限结束早于开始，请改正', '2023.12-2021.03'),
      finding('error', 'district-unknown', 'K5', '“火星区”不是名单中的区县，请从下拉列表选择', '火星区'),
      finding('warning', 'serial-invalid', 'A5', '序号应为 1、2、3……', 2),
      finding('warning', 'number-as-text', 'H4', '金额写成了文字', '=1+1'),
      finding('warning', 'group-unknown', null, '无法判断报送组别，请在“报送单位”写明第几组'),
    ];
    const out = join(dir, 'out', annotatedName(input));
    const outcome = await writeAnnotatedCopy(input, [result(input, issues)], out);
    expect(outcome).toMatchObject({ content: 'original', reason: null, cells: 5, findings: 7 });
    expect(sha(input)).toBe(before);

    const wb = await read(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET, 'Sheet1']);
    const sheet = wb.getWorksheet('Sheet1')!;
    const expected: Record<string, string> = { G4: ERROR_FILL_ARGB, D5: ERROR_FILL_ARGB, K5: ERROR_FILL_ARGB, A5: WARNING_FILL_ARGB, H4: WARNING_FILL_ARGB };
    for (let r = 1; r <= 6; r++)
      for (let c = 1; c <= 11; c++) {
        const cell = sheet.getRow(r).getCell(c);
        const want = expected[cell.address];
        expect(fillOf(cell), cell.address).toBe(want);
        if (!want) expect(noteOf(cell), cell.address).toBe('');
        // The shared style was not changed: every data cell keeps its border and font.
        if (r >= 4 && r <= 5) {
          expect(cell.border?.left?.style, cell.address).toBe('thin');
          expect(cell.font?.name, cell.address).toBe('宋体');
        }
      }
    expect(sheet.getCell('G4').value).toBe(52000);
    expect(noteOf(sheet.getCell('G4'))).toBe('【错误】截至完成投资(52000)超过总投资(48000)，请核实\n【警告】截至完成投资(52000)超过年度计划投资(12000)，请核实');
    expect(noteOf(sheet.getCell('H4'))).toMatch(/^区县原有的批注\n——\n【警告】金额写成了文字$/);

    const summary = wb.getWorksheet(SUMMARY_SHEET)!;
    expect(summary.getRow(3).values).toEqual([undefined, '序号', '工作表', '单元格', '级别', '栏目', '原值', '问题及修改要求']);
    const levels = [4, 5, 6, 7, 8, 9, 10].map((r) => summary.getCell(`D${r}`).value);
    expect(levels).toEqual(['错误', '错误', '错误', '警告', '警告', '警告', '警告']);
    expect(summary.getCell('C4').value).toBe('G4');
    expect(summary.getCell('C5').value).toBe('D5');
    expect(summary.getCell('C7').value ?? null).toBeNull(); // group-unknown: no cell, listed first among warnings
    expect(summary.getCell('G7').value).toMatch(/报送单位/);
    const formulaLike = [...Array(7).keys()].map((i) => summary.getCell(`F${4 + i}`)).find((c) => c.value === '=1+1');
    expect(formulaLike?.type).toBe(ExcelJS.ValueType.String);
    expect(summary.getCell('G4').border?.left?.style).toBe('thin');
    expect(summary.getCell('A11').value ?? null).toBeNull();
  });

  it('falls back to the 校验结果 sheet alone when the file cannot be loaded', async () => {
    const input = join(dir, '不是表格.xlsx');
    writeFileSync(input, '这不是一个工作簿');
    const before = sha(input);
    const out = join(dir, 'out', annotatedName(input));
    const outcome = await writeAnnotatedCopy(input, [{ ...result(input, [finding('error', 'file-unreadable', null, '文件无法打开，请另存为 .xlsx 后重新报送')]), sheet: null, kind: null }], out);
    expect(outcome.content).toBe('summary');
    expect(outcome.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(sha(input)).toBe(before);
    const wb = await read(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET]);
    expect(String(wb.getWorksheet(SUMMARY_SHEET)!.getCell('A2').value)).toContain(outcome.reason!);
  });

  it('does not load with exceljs a file whose validation covers whole columns: the copy is rebuilt from the values and marked', async () => {
    const input = join(dir, '整列下拉.xlsx');
    await makeInput(input, (sheet) =>
      (sheet as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add('A5:K1048576', {
        type: 'list',
        allowBlank: true,
        formulae: ['"是,否"'],
      }),
    );
    const started = Date.now();
    const outcome = await writeAnnotatedCopy(input, [result(input, [finding('error', 'required-missing', 'B4', '项目名称不能为空')])], join(dir, 'out', annotatedName(input)));
    expect(outcome).toMatchObject({ content: 'rebuilt', cells: 1 });
    expect(outcome.reason).toMatch(/覆盖整列的下拉列表/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const wb = await read(join(dir, 'out', annotatedName(input)));
    expect(wb.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET, 'Sheet1']);
    expect(fillOf(wb.getWorksheet('Sheet1')!.getCell('B4'))).toBe(ERROR_FILL_ARGB);
    expect(wb.getWorksheet('Sheet1')!.getCell('G4').value).toBe(52000);
  });

  it('writes the same bytes twice', async () => {
    const input = join(dir, '第三组-高新区-进度滞后.xlsx');
    const issues = [finding('error', 'period-reversed', 'D5', '起止年限结束早于开始，请改正')];
    const a = join(dir, 'same', 'a.xlsx');
    const b = join(dir, 'same', 'b.xlsx');
    await writeAnnotatedCopy(input, [result(input, issues)], a);
    await new Promise((r) => setTimeout(r, 2100));
    await writeAnnotatedCopy(input, [result(input, issues)], b);
    expect(sha(a)).toBe(sha(b));
  });
});
