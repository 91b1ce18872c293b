/**
 * What a district's text does to what xmb writes, end to end as a clerk runs it (issue 8 items 13
 * and 16): the case file test/cases/outputs/第五组_巩义市_进度滞后_控制字符.xlsx (control characters,
 * U+FFFE/U+FFFF and a lone surrogate written the OOXML way, `_x0000_` …) and a 第三组 file carrying
 * every class of code point, a clerk's literal “_x0041_” and a 项目概况 of 40,000 characters are
 * validated, received and merged, and annotated. Every merged workbook and annotated copy is
 * well-formed XML 1.0, holds the text as the writers' policy says, and passes ooxml-check.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDistrictWorkbook, day } from '../../scripts/fixtures/district-workbook.js';
import { readWorkbook } from '../../src/reader/index.js';
import type { SheetModel } from '../../src/reader/model.js';
import { validateOutputSchema } from '../../src/validate/result-schema.js';
import { EXCEL_CELL_MAX_CHARS } from '../../src/writers/xml-text.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { OOXML_CHECK_MISSING, officeFiles, ooxmlCheck } from '../support/ooxml-check.js';
import { ALL, ALL_WRITTEN, ooxmlStored } from './code-points.js';

/** validate compares 填表日期 with when a file came in: “now” is the afternoon of the 填表日期. */
const XMB_NOW = '2022-03-04T18:00:00+08:00';
const CASE = join(REPO_ROOT, 'test', 'cases', 'outputs', '第五组_巩义市_进度滞后_控制字符.xlsx');

let root: string;
let incoming: string;
let inbox: string;
let merged: string;
let returned: string;

/** 第三组's 附件2: row 1 carries every class of code point, row 2 a clerk's “_x0041_”, row 3 a 40,000-character 项目概况. */
async function everyClassFile(path: string): Promise<void> {
  const bytes = await buildDistrictWorkbook({
    sheets: [
      {
        name: '进度滞后',
        kind: 'lagging',
        rows: [
          { name: '高新区智能制造产业园项目', overview: 'PLACEHOLDER-ALL', period: '2021.03-2023.12', total: 48000, plan: 12000, completed: 10000, progress: '主体施工', problems: '征地未完成', district: '高新区' },
          { name: 'PLACEHOLDER-LITERAL', overview: '概况', period: '2021.03-2023.12', total: 30000, plan: 10000, completed: 5000, progress: '主体施工', problems: '资金缺口', district: '高新区' },
          { name: '高新区污水处理厂提标改造', overview: '概'.repeat(40_000), period: '2021.03-2023.12', total: 9000, plan: 3000, completed: 1000, progress: '设备安装', problems: '电力接入', district: '高新区' },
        ],
        options: { fillDate: day('2022-03-04'), reportingUnit: '报送单位：第三组（高新区）' },
      },
    ],
  });
  // Stored the way Excel stores such text: escapes in sharedStrings.
  const files = unzipSync(bytes);
  const sst = strFromU8(files['xl/sharedStrings.xml']!)
    .replace('PLACEHOLDER-ALL', ooxmlStored(ALL))
    .replace('PLACEHOLDER-LITERAL', ooxmlStored('高新区_x0041_项目'));
  files['xl/sharedStrings.xml'] = strToU8(sst);
  writeFileSync(path, zipSync(files));
}

/**
 * The case file as Excel saves it: the case was written without the cached results of the
 * template's district formulas (=IF(LEN(TRIM(B15))=0,"","巩义市") in its empty rows), which Excel
 * and WPS store (an empty text) on every save. With them the table validates without errors and merges.
 */
function caseAsExcelSaves(): Uint8Array {
  const files = unzipSync(readFileSync(CASE));
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const saved = sheet.replace(/<c r="([A-Z]+\d+)" s="(\d+)"><f>([^<]*)<\/f><\/c>/g, '<c r="$1" s="$2" t="str"><f>$3</f><v></v></c>');
  expect(saved).not.toBe(sheet);
  files['xl/worksheets/sheet1.xml'] = strToU8(saved);
  return zipSync(files);
}

/** Every XML part well-formed XML 1.0 (a strict parser), in valid UTF-8. */
function expectWellFormed(path: string): void {
  for (const [name, data] of Object.entries(unzipSync(readFileSync(path)))) {
    if (!/\.(xml|rels|vml)$/.test(name)) continue;
    const errors: string[] = [];
    const parser = new SaxesParser();
    parser.on('error', (e) => errors.push(e.message));
    parser.write(new TextDecoder('utf-8', { fatal: true }).decode(data)).close();
    expect(errors, `${path} ${name}`).toEqual([]);
  }
}

async function sheet(path: string, name: string): Promise<SheetModel> {
  const read = await readWorkbook(path);
  if (!read.ok) throw new Error(read.message);
  const found = read.workbook.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`${path}: no sheet ${name}`);
  return found;
}

const texts = (s: SheetModel): string[] => s.rows.flatMap((row) => (row ?? []).map((c) => (c?.value.type === 'string' ? c.value.text : '')));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xmb-safe-output-'));
  incoming = join(root, '下载');
  inbox = join(root, '收件');
  merged = join(root, '汇总');
  returned = join(root, '退回');
  mkdirSync(incoming, { recursive: true });
  writeFileSync(join(incoming, '第五组_巩义市_进度滞后_控制字符.xlsx'), caseAsExcelSaves());
  await everyClassFile(join(incoming, '第三组-高新区-进度滞后.xlsx'));
  const receive = runCli(['receive', ...readdirSync(incoming).map((n) => join(incoming, n)), '--inbox', inbox], { env: { XMB_NOW: '2022-03-04T10:00:00+08:00' } });
  expect(receive.stderr).toBe('');
  const merge = runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', merged], { env: { XMB_NOW: '2022-03-04T15:00:00+08:00' } });
  expect(merge.stderr).toBe('');
  expect(merge.code).toBe(0);
});

describe('validate warns at the cell', () => {
  it('the case file: every text cell holding control characters, U+FFFE or a lone surrogate', () => {
    const run = runCli(['validate', CASE, '--json'], { env: { XMB_NOW } });
    const doc = validateOutputSchema.parse(JSON.parse(run.stdout));
    const issues = doc.results.flatMap((r) => r.issues).filter((i) => i.code === 'text-invalid-character');
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    const at = new Map(issues.map((i) => [i.cell, i]));
    expect(at.get('B4')?.value).toMatch(/^CTL\[U\+0000\]\[U\+0001\]/);
    expect(at.get('B4')?.message).toMatch(/^B4：第4行“项目名称”有 29 个看不见的特殊字符（控制字符，第一个是 U\+0000/);
    expect(at.get('I4')?.value).toBe('[U+FFFE][U+FFFF]非字符');
    expect(at.get('J4')?.value).toBe('[U+D800]孤立代理');
    expect(at.get('J5')?.value).toBe('a[U+000B]b[U+000C]c');
    // “x[31m原始控制字符” holds no control character (the file could not store a raw ESC).
    expect(at.has('B10')).toBe(false);
    expect(issues).toHaveLength(30);
  });

  it('the case as Excel saves it: nothing but those warnings, so it merges', () => {
    const run = runCli(['validate', join(incoming, '第五组_巩义市_进度滞后_控制字符.xlsx'), '--json'], { env: { XMB_NOW } });
    expect(run.code).toBe(0);
    const doc = validateOutputSchema.parse(JSON.parse(run.stdout));
    expect(new Set(doc.results.flatMap((r) => r.issues.map((i) => i.code)))).toEqual(new Set(['text-invalid-character']));
  });

  it('text over 32,767 characters, and every class of code point', () => {
    const run = runCli(['validate', join(incoming, '第三组-高新区-进度滞后.xlsx'), '--json'], { env: { XMB_NOW } });
    const doc = validateOutputSchema.parse(JSON.parse(run.stdout));
    const issues = doc.results.flatMap((r) => r.issues);
    expect(issues.map((i) => `${i.code} ${i.cell}`).sort()).toEqual(['text-invalid-character C4', 'text-too-long C6']);
    expect(issues.find((i) => i.cell === 'C6')?.message).toMatch(/有 40000 字，超过 Excel 单元格最多 32767 字/);
  });
});

describe('merged workbooks', () => {
  it('are well-formed XML 1.0 and hold the case’s text without the characters XML forbids', async () => {
    const files = readdirSync(merged).filter((n) => n.endsWith('.xlsx'));
    expect(files).toHaveLength(3);
    for (const name of files) expectWellFormed(join(merged, name));
    const lagging = files.find((n) => n.includes('进度滞后'))!;
    const names = texts(await sheet(join(merged, lagging), '进度滞后'));
    for (const expected of ['CTL\t\n\n\n\n#1', '=1+1#2', '[31m红色[0m#3', '非字符#4', '\ufffd孤立代理#5', 'a\nb\nc#6', 'x[31m原始控制字符#7']) expect(names).toContain(expected);
  });

  it('keep private-use and astral characters and a literal “_x0041_”, and cut text over 32,767 characters with a mark', async () => {
    const lagging = readdirSync(merged).find((n) => n.includes('进度滞后'))!;
    const all = texts(await sheet(join(merged, lagging), '进度滞后'));
    // The merge keeps text as validate reads it (line breaks as LF, trimmed); the writer drops what XML cannot hold.
    expect(all).toContain(ALL_WRITTEN.replace(/\r\n?/g, '\n'));
    expect(all).toContain('高新区_x0041_项目');
    const long = all.find((t) => t.startsWith('概概概'))!;
    expect(long.length).toBeLessThanOrEqual(EXCEL_CELL_MAX_CHARS);
    expect(long).toMatch(/……（以下已截断：原文 40000 字，超过 Excel 单元格 32767 字的上限）$/);
  });
});

describe('annotated copies', () => {
  it('are the marked originals, hold the same text, and say so', async () => {
    const run = runCli(['validate', incoming, '--annotate', returned], { env: { XMB_NOW } });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/已写出 2 份批注副本/);
    expect(run.stdout.match(/原表，已标注 \d+ 个单元格/g)).toHaveLength(2);
    const copies = readdirSync(returned).filter((n) => n.endsWith('.xlsx'));
    expect(copies).toHaveLength(2);
    for (const name of copies) expectWellFormed(join(returned, name));
    const caseCopy = texts(await sheet(join(returned, '第五组_巩义市_进度滞后_控制字符_批注.xlsx'), '进度滞后'));
    for (const expected of ['CTL\t\n\n\n\r#1', '=1+1#2', '非字符#4', '\ufffd孤立代理#5', 'a\nb\nc#6']) expect(caseCopy).toContain(expected);
    const everyClass = texts(await sheet(join(returned, '第三组-高新区-进度滞后_批注.xlsx'), '进度滞后'));
    expect(everyClass).toContain(ALL_WRITTEN);
    expect(everyClass).toContain('高新区_x0041_项目');
  });

  it('--json says what each copy holds', () => {
    const out = join(root, '退回-json');
    const run = runCli(['validate', incoming, '--annotate', out, '--json'], { env: { XMB_NOW } });
    const doc = validateOutputSchema.parse(JSON.parse(run.stdout));
    expect(doc.annotated?.map((a) => [a.content, a.reason])).toEqual([
      ['original', null],
      ['original', null],
    ]);
    expect(doc.annotated?.every((a) => a.cells > 0)).toBe(true);
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ooxml-check', () => {
  if (OOXML_CHECK_MISSING) console.log(`ooxml-check of merged workbooks and annotated copies: skipped, ${OOXML_CHECK_MISSING}`);
  it.skipIf(OOXML_CHECK_MISSING !== null)('passes every merged workbook and annotated copy these tests wrote', () => {
    const files = officeFiles(root).filter((f) => !f.startsWith(incoming) && !f.startsWith(inbox));
    expect(files.length).toBe(7);
    const check = ooxmlCheck(files);
    expect(check.code, check.output).toBe(0);
  });
});
