/**
 * workbookBytes lets cells with equal styles share one style object while exceljs writes (save.ts
 * shareEqualStyles): the bytes must be those exceljs writes without that, and every cell must get
 * its own style object back.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { Cell, Workbook } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { XMB_AUTHOR } from '../../src/reader/own-output.js';
import { FIXED_DATE, makeWorkbookWritable, repackZip, workbookBytes } from '../../src/writers/save.js';

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };

/** A sheet as the writers make one (every cell its own style object), and the cases where a cell's type decides its style. */
function sample(): Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const sheet = workbook.addWorksheet('汇总');
  for (let r = 1; r <= 40; r++)
    for (let c = 1; c <= 8; c++) {
      const cell = sheet.getCell(r, c);
      cell.value = c === 1 ? r : c === 2 ? r * 1.5 : `第${r}行第${c}列`;
      cell.font = { name: '宋体', size: r === 1 ? 12 : 11, bold: r === 1 };
      cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
      cell.alignment = { horizontal: c <= 2 ? 'right' : 'left', vertical: 'middle', wrapText: true };
      if (c === 2) cell.numFmt = '#,##0.00';
      if (r % 7 === 0) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    }
  // A date with no number format (exceljs gives its style mm-dd-yy) before a number styled alike,
  // and a number before a date styled alike: each keeps the format exceljs gives it alone.
  const plain = () => ({ font: { name: '宋体', size: 11 }, alignment: { horizontal: 'center' as const } });
  sheet.getCell('J1').value = new Date(Date.UTC(2022, 2, 4));
  sheet.getCell('J1').style = plain();
  sheet.getCell('J2').value = 7;
  sheet.getCell('J2').style = plain();
  sheet.getCell('K1').value = 8;
  sheet.getCell('K1').style = plain();
  sheet.getCell('K2').value = new Date(Date.UTC(2022, 2, 5));
  sheet.getCell('K2').style = plain();
  // A merged date and a formula with a date result, styled alike.
  sheet.mergeCells('L1:M1');
  sheet.getCell('L1').value = new Date(Date.UTC(2022, 2, 6));
  sheet.getCell('L1').style = plain();
  sheet.getCell('N1').value = { formula: 'DATE(2022,3,7)', result: new Date(Date.UTC(2022, 2, 7)) };
  sheet.getCell('N1').style = plain();
  sheet.getCell('N2').value = 9;
  sheet.getCell('N2').style = plain();
  workbook.addWorksheet('说明').getCell('A1').value = '第二张表';
  return workbook;
}

/** What workbookBytes writes, without the sharing. */
async function unshared(workbook: Workbook): Promise<Uint8Array> {
  makeWorkbookWritable(workbook);
  workbook.lastModifiedBy = XMB_AUTHOR;
  workbook.modified ??= FIXED_DATE;
  const raw = await workbook.xlsx.writeBuffer();
  return repackZip(new Uint8Array(raw as ArrayBuffer), FIXED_DATE, { marker: workbook.modified });
}

describe('equal styles shared while writing', () => {
  it('writes the bytes exceljs writes when every cell has its own style', async () => {
    const expected = await unshared(sample());
    const written = await workbookBytes(sample());
    const parts = (bytes: Uint8Array) => Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]);
    expect(parts(written)).toEqual(parts(expected));
    expect(Buffer.from(written).equals(Buffer.from(expected))).toBe(true);
  });

  it('gives every cell its own style object back', async () => {
    const workbook = sample();
    const styles = new Map<Cell, unknown>();
    workbook.worksheets.forEach((s) => s.eachRow((row) => row.eachCell((cell) => styles.set(cell, cell.style))));
    await workbookBytes(workbook);
    for (const [cell, style] of styles) expect(cell.style).toBe(style);
    const a = workbook.getWorksheet('汇总')!.getCell('C3');
    a.font = { name: '黑体', size: 11 };
    expect(workbook.getWorksheet('汇总')!.getCell('C4').font.name).toBe('宋体');
  });
});
