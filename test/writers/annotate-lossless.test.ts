/**
 * Annotated copies lose nothing (issue 7 item 9): a realistic district workbook — 附件2 with a
 * merged title, a date 填表日期, amounts in a custom 万元 format, a text amount and a figure over the
 * total, plus a 月报素材 sheet with Chinese-format dates — written the way other programs write it
 * (scripts/fixtures/other-writers.ts), validated, and annotated. Every copy read back with xmb's
 * reader holds every value, number format, date and merge of the original (compared here cell by
 * cell, independently of the writer's own check), and is the kind of copy the outcome says.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDistrictWorkbook, day, type DistrictWorkbookSpec, type FixtureRow } from '../../scripts/fixtures/district-workbook.js';
import { withQuirks, type PackageQuirk } from '../../scripts/fixtures/other-writers.js';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { readWorkbook } from '../../src/reader/index.js';
import { findSoffice } from '../../src/reader/convert.js';
import type { CellValue, SheetModel, WorkbookModel } from '../../src/reader/model.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { ERROR_FILL_ARGB, SUMMARY_SHEET, WARNING_FILL_ARGB, annotatedName, writeAnnotatedCopy, type CopyContent } from '../../src/writers/annotate.js';
import { OOXML_CHECK_MISSING, officeFiles, ooxmlCheck } from '../support/ooxml-check.js';

const dir = mkdtempSync(join(tmpdir(), 'xmb-lossless-'));
const out = join(dir, '退回');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function lagging(name: string, total: number, plan: number, completed: number | string, extra: FixtureRow = {}): FixtureRow {
  return {
    name,
    overview: '新建厂房及配套设施 12 万平方米',
    period: '2021.03-2023.12',
    total,
    plan,
    completed,
    progress: '主体结构施工中',
    problems: '征地拆迁未完成（高新区自然资源局）',
    coordination: '已召开协调会',
    district: '高新区',
    ...extra,
  };
}

/** 第三组's workbook as Excel writes it: two tables with findings in each. */
const SPEC: DistrictWorkbookSpec = {
  sheets: [
    {
      name: '进度滞后',
      kind: 'lagging',
      rows: [
        lagging('高新区智能制造产业园项目', 48000, 12000, 52000), // completed-exceeds-total
        lagging('郑州𠀀科创中心（二期）', 30000, 10000, '5,000'), // number-as-text, an astral CJK character
        lagging('高新区污水处理厂提标改造', 9000.5, 3000.25, 1000.75, { progress: '设备安装\n调试中' }),
      ],
      options: {
        fillDate: day('2022-03-04'),
        reportingUnit: '报送单位：第三组（高新区）',
        headerStyle: 'two-row',
        amountFormat: '#,##0.00"万元"',
        totalRow: 'formula',
        mergeDistrict: true,
      },
    },
    {
      name: '月报素材',
      kind: 'monthly',
      rows: [
        { column: '领导动态', title: '市领导调研高新区重点项目', content: '3月2日，市领导到高新区调研智能制造产业园项目建设情况。', date: day('2022-03-02') },
        { column: '项目动态', title: '污水处理厂提标改造开工', content: '3月3日，高新区污水处理厂提标改造工程开工。', date: day('2022-03-03') },
        { column: '工作简讯', title: '栏目填错', content: '“工作简讯”不是月报的栏目。', date: day('2022-03-04') }, // value-not-in-list
      ],
      options: { fillDate: '填表日期：2022年3月4日', reportingUnit: '报送单位：第三组（高新区）', dateFormat: 'm"月"d"日"' },
    },
  ],
};

const base = await buildDistrictWorkbook(SPEC);

/** A sheet's values, row by row, without trailing empties (formulas are compared by their results). */
function values(sheet: SheetModel): CellValue[][] {
  const rows = sheet.rows.map((row) => {
    const cells = Array.from({ length: row?.length ?? 0 }, (_, c) => row?.[c]?.value ?? ({ type: 'empty' } as CellValue));
    while (cells.length && cells[cells.length - 1]!.type === 'empty') cells.pop();
    return cells;
  });
  while (rows.length && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}

const models = new Map<string, WorkbookModel>();
async function model(path: string): Promise<WorkbookModel> {
  const known = models.get(path);
  if (known) return known;
  const read = await readWorkbook(path);
  if (!read.ok) throw new Error(`${path}: ${read.message}`);
  models.set(path, read.workbook);
  return read.workbook;
}

/** The copy holds every sheet of the original with the same values and merges, 校验结果 first. */
async function expectLossless(input: string, copy: string): Promise<void> {
  const original = await model(input);
  const back = await model(copy);
  expect(back.sheets[0]!.name).toBe(SUMMARY_SHEET);
  for (const sheet of original.sheets) {
    const other = back.sheets.find((s) => s.name === sheet.name);
    expect(other, sheet.name).toBeDefined();
    expect(values(other!), sheet.name).toEqual(values(sheet));
    const key = (m: SheetModel['merges'][number]) => `${m.top},${m.left},${m.bottom},${m.right}`;
    expect(other!.merges.map(key).sort(), sheet.name).toEqual(sheet.merges.map(key).sort());
  }
}

const fillOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
const noteOf = (cell: ExcelJS.Cell): string => {
  const note = cell.note as unknown;
  if (!note) return '';
  if (typeof note === 'string') return note;
  return ((note as { texts: { text: string }[] }).texts ?? []).map((t) => t.text).join('');
};

/** Validates and annotates `input`; checks the copy is lossless, marked, and of the expected kind. */
async function annotate(input: string, content: CopyContent) {
  const before = sha(input);
  const validated = await validateFile(input, { config: DEFAULT_CONFIG, convert: true });
  const results = validated.map((v) => v.result);
  const flagged = results.flatMap((r) => r.issues.filter((i) => i.cell).map((i) => ({ sheet: r.sheet!, cell: i.cell!, severity: i.severity })));
  expect(flagged.length).toBeGreaterThan(0);
  const copy = join(out, annotatedName(input));
  const outcome = await writeAnnotatedCopy(input, results, copy);
  expect(outcome.content, outcome.reason ?? '').toBe(content);
  expect(sha(input)).toBe(before);
  await expectLossless(input, copy);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(copy);
  const cells = new Map<string, { sheet: string; cell: string; error: boolean }>();
  for (const f of flagged) {
    const key = `${f.sheet}!${f.cell}`;
    cells.set(key, { sheet: f.sheet, cell: f.cell, error: (cells.get(key)?.error ?? false) || f.severity === 'error' });
  }
  for (const [key, f] of cells) {
    const cell = wb.getWorksheet(f.sheet)!.getCell(f.cell);
    expect(fillOf(cell), key).toBe(f.error ? ERROR_FILL_ARGB : WARNING_FILL_ARGB);
    expect(noteOf(cell), key).toMatch(/【(错误|警告)】/);
  }
  expect(outcome.cells).toBe(cells.size);
  return { outcome, copy, wb };
}

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const MARKED: { quirks: PackageQuirk[]; why: string }[] = [
  { quirks: [], why: 'as Excel writes it' },
  { quirks: ['inline-strings'], why: 'inline strings (xlsx-populate, SheetJS)' },
  { quirks: ['iso-dates'], why: 'ISO date cells under a date format (exceljs reads 1905-07-14)' },
  { quirks: ['iso-dates-general'], why: 'ISO date cells without a format (exceljs reads 2022)' },
  { quirks: ['builtin-cjk-formats'], why: 'Chinese date formats by built-in id (exceljs drops them)' },
  { quirks: ['no-theme'], why: 'no theme part, as LibreOffice saves (exceljs points at a theme it does not write)' },
  { quirks: ['minimal-styles'], why: 'a styles part with only number and cell formats (no fonts, fills or borders)' },
  { quirks: ['inline-strings', 'iso-dates', 'builtin-cjk-formats', 'no-theme'], why: 'all of these at once' },
];

describe('an annotated copy is the marked original whenever it can hold every value', () => {
  it.each(MARKED.map((c) => [c.why, c] as const))('%s', async (_why, c) => {
    const input = write(`第三组-${c.quirks.join('+') || 'excel'}.xlsx`, withQuirks(base, c.quirks));
    const { outcome, wb } = await annotate(input, 'original');
    expect(outcome.reason).toBeNull();
    // The district's own formatting is still there: the title keeps its font (where the file has fonts), the columns their widths.
    const sheet = wb.getWorksheet('进度滞后')!;
    if (!c.quirks.includes('minimal-styles')) expect(sheet.getCell('A1').font?.name).toBe('方正小标宋简体');
    expect(sheet.getColumn(2).width).toBeGreaterThan(10);
  });
});

describe('a copy that cannot be the original is rebuilt from what xmb read, and says why', () => {
  it('inline strings exceljs cannot load (a plain <t> before a formatted run)', async () => {
    const input = write('第三组-inline-mixed.xlsx', withQuirks(base, ['inline-mixed']));
    const { outcome, wb } = await annotate(input, 'rebuilt');
    expect(outcome.reason).toMatch(/不能按原样另存/);
    const summary = wb.getWorksheet(SUMMARY_SHEET)!;
    expect(String(summary.getCell('A2').value)).toMatch(/按读出的内容重建/);
  });

  it('inline strings with a phonetic run: exceljs empties the cells after them, the 合计 formulas included', async () => {
    const input = write('第三组-inline-phonetic.xlsx', withQuirks(base, ['inline-phonetic', 'no-theme']));
    const { outcome } = await annotate(input, 'rebuilt');
    // The values exceljs dropped are put back before saving; the formulas of the 合计 row cannot be.
    expect(outcome.reason).toMatch(/原表按原样另存会改变 \d+ 处内容.*进度滞后!E8原为87000\.5/);
  });

  it('a value exceljs would change on saving: an ISO date cached by a formula; widths kept from the original', async () => {
    const files = unzipSync(withQuirks(base, []));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const patched = sheet.replace(/<c r="B2" s="(\d+)"><v>[\d.]+<\/v><\/c>/, '<c r="B2" s="$1" t="d"><f>DATE(2022,3,4)</f><v>2022-03-04</v></c>');
    expect(patched).not.toBe(sheet);
    files['xl/worksheets/sheet1.xml'] = strToU8(patched);
    const input = write('第三组-formula-date.xlsx', zipSync(files));
    const { outcome, wb } = await annotate(input, 'rebuilt');
    expect(outcome.reason).toMatch(/进度滞后!B2原为日期 2022-03-04/);
    const original = new ExcelJS.Workbook();
    await original.xlsx.readFile(input);
    for (const name of ['进度滞后', '月报素材'])
      for (let c = 1; c <= 11; c++) expect(wb.getWorksheet(name)!.getColumn(c).width, `${name} ${c}`).toBe(original.getWorksheet(name)!.getColumn(c).width);
  });
});

const soffice = findSoffice();
if (!soffice) console.log('LibreOffice-saved annotated copies: skipped, LibreOffice (soffice) is not installed');

describe.skipIf(!soffice)('workbooks saved by LibreOffice', () => {
  const convert = (input: string, format: string, to: string): string => {
    const outDir = mkdtempSync(join(dir, 'lo-'));
    const profile = mkdtempSync(join(dir, 'lo-profile-'));
    execFileSync(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--calc', '--convert-to', format, '--outdir', outDir, input], { timeout: 120_000, stdio: 'ignore' });
    const converted = join(outDir, input.replace(/^.*\//, '').replace(/\.xlsx$/, `.${to}`));
    const target = join(dir, `LibreOffice-${to}-${input.replace(/^.*\//, '').replace(/\.xlsx$/, `.${to}`)}`);
    copyFileSync(converted, target);
    return target;
  };

  it('an .xlsx saved by LibreOffice is marked as it is (no theme part, no dangling reference)', async () => {
    const input = convert(write('第三组-给LibreOffice.xlsx', base), 'xlsx:Calc MS Excel 2007 XML', 'xlsx');
    expect(Object.keys(unzipSync(readFileSync(input))).some((n) => n.startsWith('xl/theme/'))).toBe(false);
    await annotate(input, 'original');
  });

  it('an .xls converted for reading is rebuilt from its values and marked', async () => {
    const input = convert(write('第三组-旧格式.xlsx', base), 'xls:MS Excel 97', 'xls');
    const { outcome } = await annotate(input, 'rebuilt');
    expect(outcome.reason).toMatch(/不是 \.xlsx 格式/);
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ooxml-check', () => {
  if (OOXML_CHECK_MISSING) console.log(`ooxml-check of annotated copies: skipped, ${OOXML_CHECK_MISSING}`);
  it.skipIf(OOXML_CHECK_MISSING !== null)('passes every annotated copy these tests wrote', () => {
    mkdirSync(out, { recursive: true });
    const files = officeFiles(out);
    expect(files.length).toBeGreaterThanOrEqual(MARKED.length + 3);
    const check = ooxmlCheck(files);
    expect(check.code, check.output).toBe(0);
  });
});
