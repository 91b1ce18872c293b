import { readFileSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';
import type { ReadOutcome } from '../../src/reader/model.js';
import { hasFilePass } from '../../src/reader/sniff.js';
import { bookBytes, bookParts, tempDir, zipParts } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const CHINESE = /[\u4e00-\u9fff]/;

function expectFailure(outcome: ReadOutcome, code: string): string {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return '';
  expect(outcome.code).toBe(code);
  expect(outcome.message).toMatch(CHINESE);
  expect(outcome.message).not.toMatch(/\n|Error|at \w+ \(/);
  return outcome.message;
}

/** A minimal CFB container whose directory holds the given stream names (sector size 512). */
function cfb(streams: { name: string; data?: Uint8Array }[]): Uint8Array {
  const sector = 512;
  // Layout: header, sector 0 = FAT, sector 1 = directory, sectors 2.. = stream data (each ≥ 4096 bytes, so in the FAT).
  const dataSectors = streams.map((s) => Math.ceil(Math.max(s.data?.length ?? 0, 4096) / sector));
  const totalSectors = 2 + dataSectors.reduce((a, b) => a + b, 0);
  const bytes = new Uint8Array(sector * (1 + totalSectors));
  const view = new DataView(bytes.buffer);
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].forEach((b, i) => (bytes[i] = b));
  view.setUint16(0x18, 0x3e, true);
  view.setUint16(0x1a, 3, true);
  view.setUint16(0x1c, 0xfffe, true);
  view.setUint16(0x1e, 9, true);
  view.setUint16(0x20, 6, true);
  view.setUint32(0x2c, 1, true); // one FAT sector
  view.setUint32(0x30, 1, true); // directory at sector 1
  view.setUint32(0x38, 4096, true);
  view.setUint32(0x3c, 0xfffffffe, true);
  view.setUint32(0x44, 0xfffffffe, true);
  for (let i = 0; i < 109; i++) view.setUint32(0x4c + i * 4, i === 0 ? 0 : 0xffffffff, true);
  const fat = (i: number, v: number): void => view.setUint32(sector + i * 4, v, true);
  for (let i = 0; i < sector / 4; i++) fat(i, 0xffffffff);
  fat(0, 0xfffffffd);
  fat(1, 0xfffffffe);
  const dirAt = sector * 2;
  const entry = (index: number, name: string, type: number, start: number, size: number): void => {
    const at = dirAt + index * 128;
    for (let i = 0; i < name.length; i++) view.setUint16(at + i * 2, name.charCodeAt(i), true);
    view.setUint16(at + 64, (name.length + 1) * 2, true);
    bytes[at + 66] = type;
    view.setUint32(at + 116, start, true);
    view.setUint32(at + 120, size, true);
  };
  entry(0, 'Root Entry', 5, 0xfffffffe, 0);
  let next = 2;
  streams.forEach((s, i) => {
    const data = s.data ?? new Uint8Array(4096);
    const count = dataSectors[i] as number;
    for (let k = 0; k < count; k++) fat(next + k, k === count - 1 ? 0xfffffffe : next + k + 1);
    bytes.set(data, sector * (1 + next));
    entry(i + 1, s.name, 2, next, Math.max(data.length, 4096));
    next += count;
  });
  return bytes;
}

/** A BIFF8 workbook stream start: BOF, then optionally FILEPASS. */
function biff(filePass: boolean): Uint8Array {
  const records = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  if (filePass) records.push(0x2f, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00);
  records.push(0xe1, 0x00, 0x02, 0x00, 0xb0, 0x04);
  const out = new Uint8Array(4096);
  out.set(records);
  return out;
}

describe('sniffing and bad input', () => {
  it('refuses an empty file, a missing path and a folder with file-unreadable', async () => {
    expectFailure(await readWorkbook(tmp.file('空.xlsx', new Uint8Array(0))), 'file-unreadable');
    expectFailure(await readWorkbook(`${tmp.dir}/不存在 的文件.xlsx`), 'file-unreadable');
    expectFailure(await readWorkbook(tmp.dir), 'file-unreadable');
  });

  it('refuses a text file named .xlsx, reads CSV itself and offers conversion for SpreadsheetML', async () => {
    expectFailure(await readWorkbook(tmp.file('文本.xlsx', '项目名称,总投资\n某某,100\n'), { convert: false }), 'file-unreadable');
    const csv = await readWorkbook(tmp.file('表格.csv', '项目名称,总投资\n某某,100\n'), { convert: false });
    if (!csv.ok) throw new Error(csv.message);
    expect(csv.workbook.sheets[0]?.rows[1]?.map((c) => c?.value)).toEqual([{ type: 'string', text: '某某' }, { type: 'number', number: 100 }]);
    const xml = '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>';
    expectFailure(await readWorkbook(tmp.file('表格.xml', xml), { convert: false }), 'file-format-unsupported');
    expectFailure(await readWorkbook(tmp.file('其他.xml', '<?xml version="1.0"?><root/>'), { convert: false }), 'file-unreadable');
  });

  it('tells encrypted OOXML (EncryptedPackage) and BIFF with FILEPASS apart from plain .xls and other OLE files', async () => {
    expectFailure(await readWorkbook(tmp.file('加密.xlsx', cfb([{ name: 'EncryptionInfo' }, { name: 'EncryptedPackage' }]))), 'file-encrypted');
    expect(hasFilePass(biff(true))).toBe(true);
    expect(hasFilePass(biff(false))).toBe(false);
    expectFailure(await readWorkbook(tmp.file('加密.xls', cfb([{ name: 'Workbook', data: biff(true) }]))), 'file-encrypted');
    const plain = expectFailure(await readWorkbook(tmp.file('旧格式.xls', cfb([{ name: 'Workbook', data: biff(false) }])), { convert: false }), 'file-format-unsupported');
    expect(plain).toContain('.xls');
    expectFailure(await readWorkbook(tmp.file('文档.doc', cfb([{ name: 'WordDocument' }]))), 'file-unreadable');
  });

  it('refuses a .docx, a stranger zip, a truncated xlsx and broken XML with file-unreadable', async () => {
    const docx = zipParts({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document xmlns:w="x"/>' });
    expect(expectFailure(await readWorkbook(tmp.file('文档.docx', docx)), 'file-unreadable')).toContain('Word');
    expectFailure(await readWorkbook(tmp.file('压缩包.xlsx', zipParts({ 'readme.txt': 'hello' }))), 'file-unreadable');
    const good = bookBytes({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    expectFailure(await readWorkbook(tmp.file('截断.xlsx', good.subarray(0, Math.floor(good.length * 0.6)))), 'file-unreadable');
    const flipped = good.slice();
    for (let i = 200; i < flipped.length - 200; i += 7) flipped[i] = (flipped[i] as number) ^ 0x5a;
    expectFailure(await readWorkbook(tmp.file('损坏.xlsx', flipped)), 'file-unreadable');
    const parts = bookParts({ sheets: [{ name: 'S' }] });
    // Broken XML in the workbook part costs the file; in a sheet, that sheet (a notice names it).
    const badBook = { ...parts, 'xl/workbook.xml': '<workbook><sheets><sheet name="S" r:id="rId1"></workbook>' };
    expectFailure(await readWorkbook(tmp.file('坏工作簿.xlsx', zipParts(badBook))), 'file-unreadable');
    parts['xl/worksheets/sheet1.xml'] = '<worksheet><sheetData><row><c><v>1</v></row></sheetData>';
    const badSheet = await readWorkbook(tmp.file('坏XML.xlsx', zipParts(parts)));
    if (!badSheet.ok) throw new Error(badSheet.message);
    expect(badSheet.workbook.sheets[0]?.rows).toEqual([]);
    expect(badSheet.workbook.notices).toEqual([expect.objectContaining({ code: 'sheet-unreadable', severity: 'error', sheet: 'S' })]);
    parts['xl/worksheets/sheet1.xml'] = '<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>';
    const entity = await readWorkbook(tmp.file('实体.xlsx', zipParts(parts)));
    expect(entity.ok === true || entity.code === 'file-unreadable').toBe(true);
  });

  it('offers conversion for .xlsb packages and reads .ods itself', async () => {
    const xlsb = zipParts({ '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': new Uint8Array([1, 2, 3]) });
    expect(expectFailure(await readWorkbook(tmp.file('二进制.xlsb', xlsb), { convert: false }), 'file-format-unsupported')).toContain('.xlsb');
    const ods = zipParts({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' });
    const odsOutcome = await readWorkbook(tmp.file('开放.ods', ods), { convert: false });
    expect(odsOutcome).toMatchObject({ ok: true, workbook: { sheets: [] } });
  });

  it('never changes the input file', async () => {
    const path = tmp.file('原件.xlsx', bookBytes({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }] }));
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    expect((await readWorkbook(path)).ok).toBe(true);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });
});
