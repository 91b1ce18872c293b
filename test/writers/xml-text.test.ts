/**
 * The writers' character policy (src/writers/xml-text.ts), class by class of code point, and the
 * property that matters: whatever the text, a written workbook or document is well-formed XML 1.0
 * (checked with a strict parser) and holds the text as the policy says — merged workbooks, annotated
 * copies, templates and the 月报 alike (the same text through each writer).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { buildMonthlyReport } from '../../src/monthly/report-model.js';
import { readWorkbook } from '../../src/reader/index.js';
import { decodeOoxmlEscapes } from '../../src/reader/xml.js';
import { workbookBytes } from '../../src/writers/save.js';
import { buildTemplateWorkbook } from '../../src/writers/template-workbook.js';
import { writeMonthlyReportDocx } from '../../src/writers/monthly-report-docx.js';
import {
  EXCEL_CELL_MAX_CHARS,
  cellText,
  findUnwritable,
  ooxmlEscapeLiterals,
  safeXmlPart,
  visibleUnwritable,
  writableText,
} from '../../src/writers/xml-text.js';
import { REPO_ROOT } from '../support/cli.js';
import { OOXML_CHECK_MISSING, officeFiles, ooxmlCheck } from '../support/ooxml-check.js';
import { makeTable, source } from '../monthly/helpers.js';
import { ALL, ALL_REPORTED, ALL_WRITTEN, CLASSES } from './code-points.js';

const dir = mkdtempSync(join(tmpdir(), 'xmb-xml-text-'));

/** Every XML part of a package: valid UTF-8 and well-formed XML 1.0 (saxes is strict about characters). */
function expectWellFormed(bytes: Uint8Array): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (!/\.(xml|rels|vml)$/.test(name)) continue;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    const errors: string[] = [];
    const parser = new SaxesParser({ xmlns: false });
    parser.on('error', (e) => errors.push(e.message));
    parser.write(text).close();
    expect(errors, name).toEqual([]);
    parts[name] = text;
  }
  return parts;
}

describe('the character policy, class by class', () => {
  it.each(CLASSES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const text = `甲${c.chars}乙`;
    expect(writableText(text)).toBe(`甲${c.written}乙`);
    expect(writableText(writableText(text))).toBe(writableText(text));
    expect(findUnwritable(text)?.count ?? 0).toBe(c.reported);
    // What a strict XML parser accepts once written.
    const xml = safeXmlPart(`<t>${text.replace(/&/g, '&amp;')}</t>`);
    const errors: string[] = [];
    const parser = new SaxesParser();
    parser.on('error', (e) => errors.push(e.message));
    parser.write(xml).close();
    expect(errors).toEqual([]);
  });

  it('names what it finds, and shows it visibly', () => {
    expect(findUnwritable('项目\u0000\u001b\ufffe\ud800\u202e')).toEqual({ count: 5, kinds: ['control', 'surrogate', 'noncharacter', 'bidi'], first: 'U+0000' });
    expect(findUnwritable('项目\t名称\r\n')).toBeNull();
    expect(visibleUnwritable('a\u001b[31mb\u202e')).toBe('a[U+001B][31mb[U+202E]');
  });

  it('drops character references to forbidden code points and keeps the others', () => {
    expect(safeXmlPart('<t>a&#1;b&#x1B;c&#xFFFE;d&#13;e&#x4E2D;&#x0B;</t>')).toBe('<t>abcd&#13;e&#x4E2D;\n</t>');
  });
});

describe('Excel’s 32,767 characters a cell', () => {
  it('cuts longer text with a visible mark, and leaves shorter text alone', () => {
    const long = '概'.repeat(40_000);
    const cut = cellText(long);
    expect(cut.length).toBeLessThanOrEqual(EXCEL_CELL_MAX_CHARS);
    expect(cut.length).toBeGreaterThan(EXCEL_CELL_MAX_CHARS - 60);
    expect(cut).toMatch(/^概+……（以下已截断：原文 40000 字，超过 Excel 单元格 32767 字的上限）$/);
    expect(cellText(cut)).toBe(cut);
    const exact = '概'.repeat(EXCEL_CELL_MAX_CHARS);
    expect(cellText(exact)).toBe(exact);
  });

  it('never splits an astral character, and counts the escapes a literal _x0041_ needs', () => {
    const astral = '𠀀'.repeat(20_000);
    const cut = cellText(astral);
    expect(cut.length).toBeLessThanOrEqual(EXCEL_CELL_MAX_CHARS);
    expect(writableText(cut)).toBe(cut); // no lone surrogate left
    const literals = '_x0041_'.repeat(4_680); // 32,760 characters, 65,520 once escaped
    const cutLiterals = cellText(literals);
    expect(ooxmlEscapeLiterals(cutLiterals).length).toBeLessThanOrEqual(EXCEL_CELL_MAX_CHARS);
    expect(cutLiterals).toContain('已截断');
  });
});

describe('literal _xHHHH_ text', () => {
  const cases = ['_x0041_', '_x005F_x0041_', '__x0041__', '_x00ab_', 'a_x000D_b', '_x0041', 'x0041_', '_X0041_', '_x0041__x0042_'];
  it.each(cases)('“%s” comes back as written after escaping', (text) => {
    expect(decodeOoxmlEscapes(ooxmlEscapeLiterals(text))).toBe(text);
  });
});

describe('every writer writes only XML 1.0, whatever the text', () => {
  it('a template whose district name carries every class', async () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.groups[2]!.district = `高新区${ALL}`;
    const workbook = buildTemplateWorkbook(ExcelJS, { kind: 'lagging', config, group: 3 });
    const bytes = await workbookBytes(workbook);
    const path = join(dir, '模板.xlsx');
    writeFileSync(path, bytes);
    expectWellFormed(bytes);
    const read = await readWorkbook(path);
    if (!read.ok) throw new Error(read.message);
    const texts = read.workbook.sheets.flatMap((s) => s.rows.flatMap((r) => (r ?? []).map((c) => (c?.value.type === 'string' ? c.value.text : ''))));
    expect(texts.some((t) => t.includes(`高新区${ALL_WRITTEN}`)), texts.join('|')).toBe(true);
  });

  it('cells, rich text, notes, formulas’ results and sheet names of a workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('进度滞后');
    sheet.getCell('A1').value = ALL;
    sheet.getCell('A2').value = { richText: [{ text: ALL.slice(0, 40) }, { text: ALL.slice(40), font: { bold: true } }] };
    sheet.getCell('A3').value = { formula: 'A1', result: ALL } as ExcelJS.CellValue;
    sheet.getCell('A4').value = '_x0041_';
    sheet.getCell('A5').value = '概'.repeat(40_000);
    sheet.getCell('A6').note = ALL;
    sheet.headerFooter = { oddFooter: `&C${ALL}` };
    const bytes = await workbookBytes(workbook);
    const path = join(dir, '单元格.xlsx');
    writeFileSync(path, bytes);
    expectWellFormed(bytes);
    const read = await readWorkbook(path);
    if (!read.ok) throw new Error(read.message);
    const cell = (r: number) => read.workbook.sheets[0]!.rows[r]![0]!.value;
    expect(cell(0)).toEqual({ type: 'string', text: ALL_WRITTEN });
    expect(cell(1)).toEqual({ type: 'string', text: ALL_WRITTEN });
    expect(cell(2)).toEqual({ type: 'string', text: ALL_WRITTEN });
    expect(cell(3)).toEqual({ type: 'string', text: '_x0041_' });
    const long = cell(4);
    expect(long.type === 'string' && long.text.length <= EXCEL_CELL_MAX_CHARS && long.text.endsWith('上限）')).toBe(true);
    // exceljs, reading the copy as Excel would, gets the clerk's literal text too.
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(back.worksheets[0]!.getCell('A4').value).toBe('_x0041_');
  });

  it('the 月报 .docx with every class in a 月报素材 item', async () => {
    const table = makeTable('monthly', 3, '2022-03-15', [
      { serial: 1, column: '项目动态', title: `高新区项目${ALL}`, content: `内容${ALL}`, date: '2022-03-10' },
    ]);
    const report = buildMonthlyReport([source(table)], DEFAULT_CONFIG, { month: '2022-03' });
    const bytes = await writeMonthlyReportDocx(report);
    writeFileSync(join(dir, '月报.docx'), bytes);
    const parts = expectWellFormed(bytes);
    const body = parts['word/document.xml']!;
    for (const kept of ['\ue000', '\u{f0000}', '\u{20000}', '𪚥', '😀', '_x0041_']) expect(body).toContain(kept);
    for (const dropped of ['\u202e', '\u0085', '\ufdd0', '\u{1fffe}']) expect(body).not.toContain(dropped);
  });

  it('names as many characters as the policy changes', () => {
    expect(findUnwritable(ALL)?.count).toBe(ALL_REPORTED);
  });
});

describe('one way out', () => {
  /** Every .ts file under src/, with its text. */
  function sources(dir = join(REPO_ROOT, 'src')): { path: string; text: string }[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return sources(path);
      return e.name.endsWith('.ts') ? [{ path: path.slice(REPO_ROOT.length + 1), text: readFileSync(path, 'utf8') }] : [];
    });
  }

  it('every workbook is serialised by save.ts and every document through safePackage', () => {
    const serialising = sources().filter((f) => /\.xlsx\.(writeBuffer|writeFile|write)\(|Packer\.to/.test(f.text)).map((f) => f.path);
    expect(serialising.sort()).toEqual(['src/writers/monthly-report-docx.ts', 'src/writers/save.ts']);
    const docx = sources().find((f) => f.path === 'src/writers/monthly-report-docx.ts')!.text;
    for (const call of docx.match(/Packer\.to\w+\([^\n]*\n[^\n]*/g) ?? []) expect(call).toMatch(/safePackage\(/);
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ooxml-check', () => {
  if (OOXML_CHECK_MISSING) console.log(`ooxml-check of written workbooks: skipped, ${OOXML_CHECK_MISSING}`);
  it.skipIf(OOXML_CHECK_MISSING !== null)('passes every workbook and document these tests wrote', () => {
    const files = officeFiles(dir);
    expect(files.length).toBe(3);
    const check = ooxmlCheck(files);
    expect(check.code, check.output).toBe(0);
  });
});
