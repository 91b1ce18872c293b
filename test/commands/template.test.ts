import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { runTemplate } from '../../src/commands/template.js';
import { UserError } from '../../src/errors.js';
import { KINDS, KIND_ORDER, kindTitle } from '../../src/schema/kinds.js';
import { AMOUNT_FORMAT } from '../../src/writers/official-sheet.js';
import { templateDataRows, templateFileName } from '../../src/writers/template-workbook.js';

function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  return fn().finally(() => {
    process.stdout.write = write;
  });
}

async function open(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.worksheets.find((s) => s.state === 'visible');
  if (!sheet) throw new Error('no visible sheet');
  return sheet;
}

type Validations = Record<string, ExcelJS.DataValidation | undefined>;
const validationsOf = (sheet: ExcelJS.Worksheet): Validations =>
  (sheet as unknown as { dataValidations: { model: Validations } }).dataValidations.model;

describe('xmb template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmb-template-'));

  it('writes the five blank templates in the official layout', async () => {
    expect(await quiet(() => runTemplate({ out: dir }))).toBe(0);
    for (const kind of KIND_ORDER) {
      const spec = KINDS[kind];
      const sheet = await open(join(dir, templateFileName(kind, DEFAULT_CONFIG.year)));
      const { first, last } = templateDataRows(kind);

      expect(sheet.getCell('A1').value).toBe(kindTitle(kind, 2022));
      expect(String(sheet.getCell('A2').value)).toBe('填表日期：');
      expect(spec.fields.map((_, i) => sheet.getRow(3).getCell(i + 1).value)).toEqual(spec.fields.map((f) => f.label));

      // Data rows are empty but bordered; the row after them is blank, the note comes after it.
      for (let r = first; r <= last; r++)
        for (let c = 1; c <= spec.fields.length; c++) {
          const cell = sheet.getRow(r).getCell(c);
          expect(cell.value ?? null).toBeNull();
          expect(cell.border?.top?.style).toBe('thin');
        }
      expect(sheet.getRow(last + 1).cellCount).toBe(0);
      expect(String(sheet.getCell(`A${last + 2}`).value)).toMatch(/^填表说明：/);

      // Validations only on the data rows.
      const validations = validationsOf(sheet);
      for (const address of Object.keys(validations)) {
        const row = Number(/\d+$/.exec(address)?.[0]);
        expect(row).toBeGreaterThanOrEqual(first);
        expect(row).toBeLessThanOrEqual(last);
      }
      spec.fields.forEach((field, i) => {
        const letter = String.fromCharCode(65 + i);
        const v = validations[`${letter}${first}`];
        if (field.type === 'amount') {
          expect(v).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', showErrorMessage: true });
          expect(v?.error).toMatch(/万元/);
          expect(sheet.getCell(`${letter}${first}`).numFmt).toBe(AMOUNT_FORMAT);
          expect(validations[`${letter}${last}`]?.type).toBe('decimal');
        } else if (field.type === 'district') {
          expect(v?.type).toBe('list');
          const list = String(v?.formulae?.[0]);
          for (const g of DEFAULT_CONFIG.groups) expect(list).toContain(g.district);
        } else if (field.type === 'list') {
          expect(v?.type).toBe('list');
          expect(String(v?.formulae?.[0])).toBe(`"${field.list!.join(',')}"`);
        }
      });
      expect(validations[`A${last + 1}`]).toBeUndefined();

      // Widths, print setup, frozen header.
      spec.fields.forEach((f, i) => expect(sheet.getColumn(i + 1).width).toBe(f.width));
      expect(sheet.pageSetup.paperSize).toBe(spec.paper === 'A3' ? 8 : 9);
      expect(sheet.pageSetup.orientation).toBe('landscape');
      expect(sheet.pageSetup.fitToWidth).toBe(1);
      expect(sheet.pageSetup.fitToHeight).toBe(0);
      expect(sheet.pageSetup.printTitlesRow).toMatch(/^\$?3:\$?3$/);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    }
  });

  it('does not overwrite without --force, and gives the same bytes with it', async () => {
    const path = join(dir, templateFileName('lagging', 2022));
    const before = readFileSync(path);
    await expect(quiet(() => runTemplate({ out: dir, kind: 'lagging' }))).rejects.toThrow(UserError);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await quiet(() => runTemplate({ out: dir, kind: '附件2', force: true }))).toBe(0);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses an unknown kind or group in Chinese', async () => {
    await expect(quiet(() => runTemplate({ out: dir, kind: 'foo' }))).rejects.toThrow(/--kind/);
    await expect(quiet(() => runTemplate({ out: dir, group: '17' }))).rejects.toThrow(/--group/);
  });

  it('writes a group template: 报送单位 named, district filled once a project name is', async () => {
    const groupDir = mkdtempSync(join(tmpdir(), 'xmb-template-g-'));
    expect(await quiet(() => runTemplate({ out: groupDir, group: '3' }))).toBe(0);
    const path = join(groupDir, templateFileName('lagging', 2022, { number: 3, district: '高新区' }));
    expect(path).toContain('第三组_高新区_附件2_');
    const sheet = await open(path);
    expect(sheet.getCell('G2').value).toBe('报送单位：第三组（高新区）');
    const district = sheet.getCell('K4');
    expect(district.formula).toBe('IF(LEN(TRIM(B4))=0,"","高新区")');
    expect(district.result ?? '').toBe('');
    // The monthly material has no district column: only 报送单位.
    const monthly = await open(join(groupDir, templateFileName('monthly', 2022, { number: 3, district: '高新区' })));
    expect(monthly.getCell('D2').value).toBe('报送单位：第三组（高新区）');
  });

  it('keeps the committed templates/ in step with the generator', async () => {
    for (const kind of KIND_ORDER) {
      const committed = join(import.meta.dirname, '../../templates', templateFileName(kind, DEFAULT_CONFIG.year));
      const fresh = join(dir, templateFileName(kind, DEFAULT_CONFIG.year));
      let bytes: Buffer;
      try {
        bytes = readFileSync(committed);
      } catch {
        throw new Error(`templates/ is missing ${committed}: run xmb template --out templates --force`);
      }
      expect(bytes.equals(readFileSync(fresh)), `${committed} is stale: run xmb template --out templates --force`).toBe(true);
    }
  });
});

