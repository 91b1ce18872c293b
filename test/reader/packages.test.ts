/**
 * Packages other writers make, and nothing dropped or invented by the reader (issue 7, items 5 and
 * 10): zip names with `\` or a leading `/`, data descriptors with and without their signature,
 * stored entries, zip64 entries; a damaged styles.xml; sheets whose part or relationship is missing
 * or whose XML is broken; shared-string references out of range; invalid UTF-8; amounts written as
 * 0x1A. The reading cases from the shared folder first, then variants built from the fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { readWorkbook } from '../../src/reader/index.js';
import type { TableResult } from '../../src/validate/result.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { REPO_ROOT } from '../support/cli.js';
import { bookParts, rawEntries, rawZip, tempDir, zipParts } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const CASES = join(REPO_ROOT, 'test', 'cases', 'reading');
const FIXTURES = join(REPO_ROOT, 'fixtures', 'validate');
const TWO_ROW = '第三组-高新区-进度滞后-两行表头（正确）.xlsx';
const WPS = '第十四组-经开区-省市领导-WPS格式（正确）.xlsx';
const MONTHLY = '第十三组-金水区-月报素材-栏目填错.xlsx';

async function results(path: string): Promise<TableResult[]> {
  return (await validateFile(path, { config: DEFAULT_CONFIG, convert: false })).map((v) => v.result);
}
const summary = (rs: TableResult[]) =>
  rs.map((r) => ({ sheet: r.sheet, kind: r.kind, group: r.group, fillDate: r.fillDate, rows: r.rows, valid: r.valid, codes: r.issues.map((i) => i.code) }));
const fixtureParts = (name: string): Record<string, Uint8Array> => unzipSync(new Uint8Array(readFileSync(join(FIXTURES, name))));
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('the reading cases', () => {
  it('07: zip entry names with \\ — read: 3 rows, valid', async () => {
    expect(summary(await results(join(CASES, '07_压缩包路径用反斜杠_第三组.xlsx')))).toEqual([
      { sheet: '进度滞后', kind: 'lagging', group: 3, fillDate: '2022-03-04', rows: 3, valid: true, codes: [] },
    ]);
  });

  it('a correct zip64 entry is read', async () => {
    const [r] = await results(join(CASES, 'valid-zip64-extra-rejected.xlsx'));
    expect(r).toMatchObject({ kind: 'whitelist', group: 4, rows: 4 });
    expect(r!.issues.map((i) => i.code)).not.toContain('file-too-large');
  });

  it('amounts 0x1A, 0b1010, 0o7 are number-invalid at their cells', async () => {
    const [r] = await results(join(CASES, 'hex-octal-binary-amounts.xlsx'));
    expect(r!.issues.filter((i) => i.code === 'number-invalid').map((i) => [i.cell, i.value])).toEqual([
      ['E6', '0x1A'],
      ['F6', '0b1010'],
      ['G6', '0o7'],
    ]);
    expect(r!.valid).toBe(false);
  });

  it('a sheet whose part is missing gets a finding naming it; the other sheet is read', async () => {
    const rs = await results(join(CASES, 'sheet-part-missing-silently-dropped.xlsx'));
    expect(summary(rs)).toEqual([
      { sheet: '市领导', kind: 'municipal', group: 1, fillDate: '2022-03-17', rows: 3, valid: true, codes: [] },
      { sheet: '省领导', kind: null, group: null, fillDate: null, rows: 0, valid: false, codes: ['sheet-unreadable'] },
    ]);
    expect(rs[1]!.issues[0]!.message).toContain('省领导');
  });
});

describe('zip layouts other writers make give the same table', () => {
  const parts = fixtureParts(TWO_ROW);
  let expected: ReturnType<typeof summary>;
  it.each([
    ['every name with \\', rawZip(rawEntries(parts, {}, (n) => n.replace(/\//g, '\\')))],
    ['every name with a leading /', rawZip(rawEntries(parts, {}, (n) => `/${n}`))],
    ['only the workbook part with \\', rawZip(rawEntries(parts, {}, (n) => (n === 'xl/workbook.xml' ? 'xl\\workbook.xml' : n)))],
    ['upper-case names', rawZip(rawEntries(parts, {}, (n) => n.toUpperCase().replace('[CONTENT_TYPES]', '[Content_Types]')))],
    ['data descriptors with their signature', rawZip(rawEntries(parts, { descriptor: 'signed' }))],
    ['data descriptors without their signature', rawZip(rawEntries(parts, { descriptor: 'unsigned' }))],
    ['zip64 sizes in every entry', rawZip(rawEntries(parts, { zip64: true }))],
    ['zip64 and data descriptors and \\', rawZip(rawEntries(parts, { zip64: true, descriptor: 'unsigned' }, (n) => n.replace(/\//g, '\\')))],
    ['stored, not deflated', zipSync(parts, { level: 0 })],
  ])('%s', async (name, bytes) => {
    expected ??= summary(await results(join(FIXTURES, TWO_ROW)));
    expect(expected[0]).toMatchObject({ kind: 'lagging', valid: true });
    expect(summary(await results(tmp.file(`${name.replace(/[\\/]/g, '_')}.xlsx`, bytes)))).toEqual(expected);
  });
});

describe('a damaged styles.xml costs the formats, not the values', () => {
  it.each([TWO_ROW, WPS, MONTHLY])('%s: same table, a formats-ignored warning, dates still dates', async (name) => {
    const original = await results(join(FIXTURES, name));
    const parts = fixtureParts(name);
    const stylesName = Object.keys(parts).find((n) => /styles\.xml$/i.test(n))!;
    parts[stylesName] = new TextEncoder().encode('<?xml version="1.0"?><styleSheet xmlns="x"><numFmts><numFmt numFmtId="164"</styleSheet>');
    const damaged = await results(tmp.file(`坏样式-${name}`, zipSync(parts)));
    expect(damaged.map((r) => [r.kind, r.fillDate, r.rows, r.valid])).toEqual(original.map((r) => [r.kind, r.fillDate, r.rows, r.valid]));
    for (const [i, r] of damaged.entries()) {
      expect(r.issues.filter((f) => f.code === 'formats-ignored').map((f) => f.severity)).toEqual(['warning']);
      expect(r.issues.filter((f) => f.code !== 'formats-ignored').map((f) => [f.code, f.cell])).toEqual(original[i]!.issues.map((f) => [f.code, f.cell]));
    }
  });

  it('the 月报素材 日期 column still reads dates (serials in a date column)', async () => {
    const parts = fixtureParts(MONTHLY);
    const stylesName = Object.keys(parts).find((n) => /styles\.xml$/i.test(n))!;
    delete parts[stylesName];
    const [v] = await validateFile(tmp.file('无样式-月报素材.xlsx', zipSync(parts)), { config: DEFAULT_CONFIG, convert: false });
    const dates = v!.table!.rows.map((row) => row.cells.date?.value);
    expect(dates.length).toBeGreaterThan(0);
    for (const date of dates) expect(date).toMatchObject({ kind: 'date', iso: expect.stringMatching(/^2022-0[23]-\d\d$/) });
  });
});

describe('nothing dropped in silence', () => {
  const base = () => bookParts({ sheets: [{ name: '甲', data: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }, { name: '乙', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }], sharedStrings: ['文字'] });

  it.each([
    ['the relationship id is missing', (p: Record<string, string>) => void (p['xl/_rels/workbook.xml.rels'] = p['xl/_rels/workbook.xml.rels']!.replace(/<Relationship Id="rId1"[^>]*\/>/, ''))],
    ['the relationship points outside the package', (p: Record<string, string>) => void (p['xl/_rels/workbook.xml.rels'] = p['xl/_rels/workbook.xml.rels']!.replace('Target="worksheets/sheet1.xml"', 'Target="../../sheet1.xml" TargetMode="External"'))],
    ['the relationship has the wrong type', (p: Record<string, string>) => void (p['xl/_rels/workbook.xml.rels'] = p['xl/_rels/workbook.xml.rels']!.replace(/relationships\/worksheet" Target="worksheets\/sheet1/, 'relationships/image" Target="worksheets/sheet1'))],
    ['the part is missing', (p: Record<string, string>) => void delete p['xl/worksheets/sheet1.xml']],
    ['its XML is broken', (p: Record<string, string>) => void (p['xl/worksheets/sheet1.xml'] = '<worksheet><sheetData><row><c><v>1</row>')],
  ])('a sheet whose %s: sheet-unreadable naming it, the other sheet read', async (_name, damage) => {
    const parts = base();
    damage(parts);
    const outcome = await readWorkbook(tmp.file('损坏的工作表.xlsx', zipParts(parts)));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.workbook.sheets.map((s) => s.name)).toEqual(['甲', '乙']);
    expect(outcome.workbook.notices).toEqual([expect.objectContaining({ code: 'sheet-unreadable', severity: 'error', sheet: '甲', message: expect.stringContaining('甲') })]);
    expect(outcome.workbook.sheets[1]!.rows[0]![0]!.value).toEqual({ type: 'number', number: 1 });
  });

  it('a workbook none of whose sheets can be read says so, not "not a report"', async () => {
    const parts = base();
    delete parts['xl/worksheets/sheet1.xml'];
    delete parts['xl/worksheets/sheet2.xml'];
    const rs = await results(tmp.file('都读不了.xlsx', zipParts(parts)));
    expect(rs.flatMap((r) => r.issues.map((i) => i.code))).toEqual(['sheet-unreadable', 'sheet-unreadable']);
  });

  it('shared-string references out of range: cell-unreadable at each cell, never a blank', async () => {
    const parts = fixtureParts(TWO_ROW);
    const sheetName = Object.keys(parts).find((n) => /worksheets\/sheet1\.xml$/i.test(n))!;
    let xml = text(parts[sheetName]);
    // The second project's name (a shared string) now points past the end of the table.
    const original = await results(join(FIXTURES, TWO_ROW));
    const nameCell = /<c r="(B\d+)"[^>]*t="s"[^>]*><v>\d+<\/v><\/c>/g;
    const cells = [...xml.matchAll(nameCell)];
    const target = cells[cells.length - 2]!;
    xml = xml.replace(target[0], target[0].replace(/<v>\d+<\/v>/, '<v>99999</v>'));
    parts[sheetName] = new TextEncoder().encode(xml);
    const [r] = await results(tmp.file('共享字符串越界.xlsx', zipSync(parts)));
    const atCell = r!.issues.filter((i) => i.cell === target[1]);
    expect(atCell.map((i) => i.code)).toEqual(['cell-unreadable']);
    expect(r!.valid).toBe(false);
    expect(r!.rows).toBe(original[0]!.rows);
  });

  it('invalid UTF-8 in the shared strings: encoding-invalid at the cells that lost characters', async () => {
    const parts = fixtureParts(TWO_ROW);
    const stringsName = Object.keys(parts).find((n) => /sharedStrings\.xml$/i.test(n))!;
    const raw = parts[stringsName]!;
    const at = text(raw).indexOf('高新区');
    const bytesAt = new TextEncoder().encode(text(raw).slice(0, at)).length;
    const damaged = new Uint8Array(raw.length + 1);
    damaged.set(raw.subarray(0, bytesAt));
    damaged[bytesAt] = 0xff;
    damaged.set(raw.subarray(bytesAt), bytesAt + 1);
    parts[stringsName] = damaged;
    const [r] = await results(tmp.file('无效UTF8.xlsx', zipSync(parts)));
    const found = r!.issues.filter((i) => i.code === 'encoding-invalid');
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.severity).toBe('error');
      if (f.cell) expect(String(f.value)).toContain('\uFFFD');
    }
  });

  it('a U+FFFD written as such is not a finding', async () => {
    const outcome = await readWorkbook(tmp.file('替换字符.xlsx', zipParts(bookParts({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1" t="inlineStr"><is><t>\uFFFD原文</t></is></c></row>' }] }))));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.workbook.notices).toEqual([]);
  });

  it('a U+FFFD written across the 64 KB decoding step is not a finding; an invalid byte beside written ones is', async () => {
    // The sheet part is decoded 64 KB at a time: put a written U+FFFD (EF BF BD) across that boundary.
    const sheetXml = (pad: number): string =>
      bookParts({ sheets: [{ name: 'S', data: `<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(pad)}\uFFFD原文</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>第二行OK</t></is></c></row>` }] })[
        'xl/worksheets/sheet1.xml'
      ]!;
    const probe = Buffer.from(sheetXml(70_000), 'utf8');
    const pad = 70_000 - (probe.indexOf(Buffer.from('\uFFFD', 'utf8')) - (64 * 1024 - 1));
    const parts: Record<string, string | Uint8Array> = bookParts({ sheets: [{ name: 'S', data: '' }] });
    const sheet = Buffer.from(sheetXml(pad), 'utf8');
    expect(sheet.indexOf(Buffer.from('\uFFFD', 'utf8'))).toBe(64 * 1024 - 1);
    parts['xl/worksheets/sheet1.xml'] = new Uint8Array(sheet);
    const written = await readWorkbook(tmp.file('跨块替换字符.xlsx', zipParts(parts)));
    if (!written.ok) throw new Error(written.message);
    expect(written.workbook.notices).toEqual([]);
    expect(written.workbook.sheets[0]!.rows[0]![0]!.value).toEqual({ type: 'string', text: `${'x'.repeat(pad)}\uFFFD原文` });

    const damaged = Buffer.from(sheet);
    damaged[damaged.indexOf(Buffer.from('OK', 'utf8'))] = 0xff;
    parts['xl/worksheets/sheet1.xml'] = new Uint8Array(damaged);
    const invalid = await readWorkbook(tmp.file('跨块替换字符加坏字节.xlsx', zipParts(parts)));
    if (!invalid.ok) throw new Error(invalid.message);
    // Which U+FFFD was written and which the decoder made cannot be told apart: every cell showing one is named.
    expect((invalid.workbook.notices ?? []).map((n) => [n.code, n.cell])).toEqual([
      ['encoding-invalid', 'A1'],
      ['encoding-invalid', 'A2'],
    ]);
    expect(invalid.workbook.notices?.[1]).toMatchObject({ value: '第二行\uFFFDK' });
  });

  it('invalid UTF-8 in a sheet name: a file-level encoding-invalid', async () => {
    const parts: Record<string, string | Uint8Array> = bookParts({ sheets: [{ name: 'SHEETNAME', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    const workbook = Buffer.from(parts['xl/workbook.xml'] as string, 'utf8');
    const at = workbook.indexOf('SHEETNAME');
    workbook[at] = 0xc3;
    parts['xl/workbook.xml'] = new Uint8Array(workbook);
    const outcome = await readWorkbook(tmp.file('表名.xlsx', zipParts(parts)));
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.workbook.notices).toEqual([expect.objectContaining({ code: 'encoding-invalid', severity: 'error' })]);
  });

  it('booleans read as 是/否 in a text column, and are number-invalid in an amount column', async () => {
    const parts = fixtureParts(TWO_ROW);
    const sheetName = Object.keys(parts).find((n) => /worksheets\/sheet1\.xml$/i.test(n))!;
    let xml = text(parts[sheetName]);
    const amount = [...xml.matchAll(/<c r="(E\d+)"( s="\d+")?><v>[\d.]+<\/v><\/c>/g)][0]!;
    xml = xml.replace(amount[0], `<c r="${amount[1]}" t="b"><v>1</v></c>`);
    parts[sheetName] = new TextEncoder().encode(xml);
    const [r] = await results(tmp.file('逻辑值.xlsx', zipSync(parts)));
    const finding = r!.issues.find((i) => i.cell === amount[1]);
    if (!finding) throw new Error(`${amount[1]}: ${JSON.stringify(r!.issues)}`);
    // The JSON keeps the stored value (true); what a clerk reads says 是.
    expect(finding).toMatchObject({ code: 'number-invalid', value: true });
    expect(finding.message).toContain('“是”');
    expect(finding.message).not.toMatch(/TRUE|true/);
  });
});
