import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { runTemplate } from '../../src/commands/template.js';
import { UserError } from '../../src/errors.js';
import { KINDS, KIND_ORDER, kindTitle, type KindId } from '../../src/schema/kinds.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { AMOUNT_FORMAT } from '../../src/writers/official-sheet.js';
import { buildTemplateWorkbook, templateDataRows, templateFileName } from '../../src/writers/template-workbook.js';

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


describe('a template filled in as a clerk would validates clean', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmb-template-filled-'));
  const project = '郑州高新区智能传感器产业园';
  const rows: Record<KindId, (string | number | Date)[][]> = {
    lagging: [
      [1, project, '总建筑面积12万平方米', '2021.03-2023.12', 48000, 12000, 9000.5, '主体结构施工中', '用地手续未办结，涉及市自然资源局', '已协调加快办理', '高新区'],
      [2, '高新区污水处理厂扩建', '日处理5万吨', '2022.01-2022.12', 3000, 3000, 0, '前期手续办理中', '环评未批复，涉及市生态环境局', '', '高新区'],
    ],
    provincial: [[1, '张三', project, '概况', '主体施工', '无', 12000, 9000, 48000, '2021年3月-2023年12月', '高新区']],
    municipal: [[1, '李四', project, '概况', '主体施工', '', 12000, 9000, 48000, '2021.3—2023.12', '郑州高新区']],
    whitelist: [[1, project, '概况', '高新区', '部分落实', '用地', '已协调', '']],
    monthly: [[1, '督导服务', '第三组赴高新区督导', '督导项目3个，协调解决问题2个。', new Date(Date.UTC(2022, 2, 3)), project]],
  };

  async function fill(kind: KindId, group: number | undefined, count: number): Promise<string> {
    const wb = buildTemplateWorkbook(ExcelJS, { kind, config: DEFAULT_CONFIG, group });
    const sheet = wb.worksheets[0]!;
    sheet.getCell('A2').value = '填表日期：2022年3月4日';
    if (group === undefined)
      sheet.getRow(2).eachCell((cell) => {
        if (String(cell.value).startsWith('报送单位')) cell.value = '报送单位：第三组（高新区）';
      });
    const districtIndex = KINDS[kind].fields.findIndex((f) => f.type === 'district');
    rows[kind].slice(0, count).forEach((values, r) =>
      values.forEach((v, c) => {
        const cell = sheet.getRow(4 + r).getCell(c + 1);
        if (group !== undefined && c === districtIndex) {
          // Left as the template's formula; Excel shows (and caches) the district once the name is typed.
          cell.value = { formula: cell.formula!, result: DEFAULT_CONFIG.groups[group - 1]!.district };
        } else if (v !== '') cell.value = v;
      }),
    );
    const path = join(dir, `${kind}-${group ?? 0}-${count}.xlsx`);
    await wb.xlsx.writeFile(path);
    return path;
  }

  for (const group of [undefined, 3])
    for (const kind of KIND_ORDER)
      it(`${kind}${group ? ' (第三组)' : ''}`, async () => {
        for (const count of [rows[kind].length, 0]) {
          const results = await validateFile(await fill(kind, group, count), { config: DEFAULT_CONFIG, convert: false });
          expect(results).toHaveLength(1);
          const result = results[0]!.result;
          expect(result.issues).toEqual([]);
          expect(result).toMatchObject({ kind, group: 3, district: '高新区', fillDate: '2022-03-04', rows: count, valid: true });
        }
      });
});
