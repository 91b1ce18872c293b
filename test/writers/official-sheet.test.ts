import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { KINDS, kindTitle } from '../../src/schema/kinds.js';
import {
  AMOUNT_FORMAT,
  HEADER_FILL_ARGB,
  PAGE_FOOTER,
  kindColumns,
  layoutOfficialSheet,
  writeDataRow,
  writeTotalRow,
} from '../../src/writers/official-sheet.js';
import { saveWorkbook, setFixedMetadata } from '../../src/writers/save.js';

async function build(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  setFixedMetadata(wb);
  const sheet = wb.addWorksheet('进度滞后');
  const columns = [...kindColumns('lagging'), { label: '报送组别', width: 10, type: 'text' as const }];
  const layout = layoutOfficialSheet(sheet, {
    kind: 'lagging',
    year: 2022,
    title: kindTitle('lagging', 2022),
    fillDateText: '填表日期：2022年3月4日',
    reportingUnitText: '报送单位：第三组（高新区）',
    columns,
  });
  writeDataRow(sheet, layout, layout.firstDataRow, [
    1,
    '=SUM(A1:A3)',
    '+危险的开头',
    '2021.03-2023.12',
    48000,
    12000.5,
    3000,
    '-主体结构施工中',
    '@用地手续未办结',
    null,
    '高新区',
    '第三组',
  ]);
  writeDataRow(sheet, layout, layout.firstDataRow + 1, [2, '项目二', '', '2022.01-2022.12', 100, 50, 20, '进展', '问题', '', '高新区', '第三组']);
  writeTotalRow(sheet, layout, layout.firstDataRow + 2, new Map([[4, 48100], [5, 12050.5], [6, 3020]]));
  await saveWorkbook(wb, path);
}

describe('official sheet layout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmb-official-'));
  const path = join(dir, 'official.xlsx');

  it('writes title, info row, header, data, total and print setup that read back', async () => {
    await build(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.getWorksheet('进度滞后')!;
    expect(wb.creator).toBe('xmb');

    // Title merged across all 12 columns.
    expect(sheet.getCell('A1').value).toBe('进度滞后的省市重点项目进展情况统计表');
    expect(sheet.getCell('L1').master.address).toBe('A1');
    expect(sheet.getCell('A1').font.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('填表日期：2022年3月4日');
    expect(sheet.getCell('G2').value).toBe('报送单位：第三组（高新区）');
    expect(sheet.getCell('G2').alignment.horizontal).toBe('right');

    // Header labels in order, styled.
    const labels = KINDS.lagging.fields.map((f) => f.label).concat('报送组别');
    labels.forEach((label, i) => expect(sheet.getRow(3).getCell(i + 1).value).toBe(label));
    expect(sheet.getCell('A3').font.name).toBe('黑体');
    expect((sheet.getCell('E3').fill as ExcelJS.FillPattern).fgColor?.argb).toBe(HEADER_FILL_ARGB);

    // Text stays text, never a formula.
    for (const ref of ['B4', 'C4', 'H4', 'I4']) {
      expect(sheet.getCell(ref).type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getCell(ref).formula).toBeUndefined();
    }
    expect(sheet.getCell('B4').value).toBe('=SUM(A1:A3)');

    // Amounts: numbers with the amount format; borders on every table cell, blanks included.
    expect(sheet.getCell('E4').value).toBe(48000);
    expect(sheet.getCell('E4').numFmt).toBe(AMOUNT_FORMAT);
    expect(sheet.getCell('J4').border.left?.style).toBe('thin');
    expect(sheet.getCell('C5').border.bottom?.style).toBe('thin');
    expect(sheet.getCell('A4').alignment.wrapText).toBe(true);

    // Total row.
    expect(sheet.getCell('A6').value).toBe('合计');
    expect(sheet.getCell('D6').master.address).toBe('A6');
    expect(sheet.getCell('E6').value).toBe(48100);
    expect(sheet.getCell('F6').value).toBe(12050.5);

    // Print setup and frozen header.
    expect(sheet.pageSetup.paperSize).toBe(8);
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.fitToPage).toBe(true);
    expect(sheet.pageSetup.fitToWidth).toBe(1);
    expect(sheet.pageSetup.fitToHeight).toBe(0);
    expect(sheet.pageSetup.horizontalCentered).toBe(true);
    expect(sheet.pageSetup.printTitlesRow).toMatch(/^\$?3:\$?3$/);
    expect(sheet.headerFooter.oddFooter).toBe(PAGE_FOOTER);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('gives the same bytes for the same content', async () => {
    const second = join(dir, 'official-2.xlsx');
    await new Promise((r) => setTimeout(r, 2100)); // past the zip's 2-second time resolution
    await build(second);
    expect(readFileSync(second).equals(readFileSync(path))).toBe(true);
  });
});
