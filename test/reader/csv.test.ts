/**
 * CSV and text exports read straight into the model (no LibreOffice): Excel's "CSV (逗号分隔)" in
 * GBK, UTF-8 with and without BOM, "Unicode 文本" (UTF-16LE, tab-separated, .txt or .csv), and
 * the encoding told from the bytes and named to the clerk when it is not UTF-8.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { decodeText } from '../../src/reader/encoding.js';
import { readWorkbook } from '../../src/reader/index.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { encodeGbk, encodeUtf16be, encodeUtf16le } from '../support/encodings.js';
import { tempDir } from './helpers.js';
import { REPO_ROOT } from '../support/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const CASES = join(REPO_ROOT, 'test', 'cases', 'reading');

/** A 附件2 table as Excel writes it to CSV: title, 填表日期, a header with line breaks (quoted), 12,000 quoted as displayed, a 合计 row. */
function lagging(separator: ',' | '\t'): string {
  const q = (s: string): string => (s.includes(separator) || s.includes('\n') || s.includes('"') ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [
    ['进度滞后的省市重点项目进展情况统计表'],
    ['填表日期：2022年3月4日', '', '', '', '', '', '报送单位：第三组（高新区）'],
    ['序号', '项目名称', '项目概况', '起止年限\n(年月-年月)', '总投资\n(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'],
    ['1', '高新区智能传感器产业园一期', '厂房及配套，建筑面积12万平方米', '2021.03-2023.12', '48,000', '32000', '30000', '主体完工，设备安装中', '设备进口清关延误；市商务局', '已协调海关开辟绿色通道', '高新区'],
    ['2', '高新区“数字港”二期', '研发楼4栋', '2021.06-2024.06', '36000', '16000', '15000', '桩基施工', '土地手续未办结，市自然资源局', '正在协调', '高新区'],
    ['3', '高新区污水处理厂扩建', '日处理5万吨', '2022.01-2023.06', '9000', '6000', '2000', '前期手续办理中', '环评批复滞后；市生态环境局', '', '高新区'],
    ['合计', '', '', '', '93000', '54000', '47000'],
  ];
  return rows.map((r) => r.map(q).join(separator)).join('\r\n') + '\r\n';
}

async function validate(name: string, bytes: Uint8Array | string) {
  const path = tmp.file(name, bytes);
  return (await validateFile(path, { config: DEFAULT_CONFIG, convert: false })).map((v) => v.result);
}

describe('the case: CSV saved by Excel on Chinese Windows (GBK)', () => {
  it('reads 3 projects, valid, and says it was read as GBK', async () => {
    const results = (await validateFile(join(CASES, '13_Excel另存CSV_GBK编码_第三组.csv'), { config: DEFAULT_CONFIG, convert: false })).map((v) => v.result);
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result).toMatchObject({ kind: 'lagging', group: 3, fillDate: '2022-03-04', rows: 3, valid: true });
    expect(result!.issues.map((i) => [i.code, i.severity])).toEqual([['file-encoding', 'warning']]);
    expect(result!.issues[0]!.message).toContain('GBK');
  });
});

describe('every encoding and separator Excel, WPS and Notepad write gives the same table', () => {
  const text = lagging(',');
  const tabbed = lagging('\t');
  it.each([
    ['GBK .csv', 'gbk.csv', () => encodeGbk(text), 'GBK'],
    ['UTF-8 with BOM .csv', 'bom.csv', () => `\uFEFF${text}`, null],
    ['UTF-8 without BOM .csv', 'plain.csv', () => text, null],
    ['Unicode text (UTF-16LE, tabs) .txt', 'unicode.txt', () => encodeUtf16le(tabbed), 'UTF-16'],
    ['Unicode text (UTF-16LE, tabs) saved as .csv', 'unicode.csv', () => encodeUtf16le(tabbed), 'UTF-16'],
    ['UTF-16LE without BOM', 'nobom.txt', () => encodeUtf16le(tabbed, false), 'UTF-16'],
    ['UTF-16BE with BOM', 'be.txt', () => encodeUtf16be(tabbed), 'UTF-16'],
    ['GBK, tab-separated .txt', 'gbk.txt', () => encodeGbk(tabbed), 'GBK'],
  ])('%s', async (_label, name, bytes, encoding) => {
    const [result, ...rest] = await validate(name, bytes());
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ kind: 'lagging', group: 3, district: '高新区', fillDate: '2022-03-04', rows: 3, valid: true });
    const notices = result!.issues.filter((i) => i.code === 'file-encoding');
    if (encoding === null) expect(notices).toEqual([]);
    else {
      expect(notices).toHaveLength(1);
      expect(notices[0]!.message).toContain(encoding);
    }
    // Numbers as Excel wrote them are numbers (12,000 too), so no number-as-text; the 合计 adds up.
    expect(result!.issues.filter((i) => i.code !== 'file-encoding')).toEqual([]);
  });

  it('reads quoted fields with separators, quotes and line breaks as one cell each', async () => {
    const outcome = await readWorkbook(tmp.file('quoted.csv', lagging(',')), { convert: false });
    if (!outcome.ok) throw new Error(outcome.message);
    const rows = outcome.workbook.sheets[0]!.rows;
    expect(outcome.workbook.sheets[0]!.name).toBe('quoted');
    expect(rows[2]?.[3]?.value).toEqual({ type: 'string', text: '起止年限\n(年月-年月)' });
    expect(rows[3]?.[2]?.value).toEqual({ type: 'string', text: '厂房及配套，建筑面积12万平方米' });
    expect(rows[3]?.[4]?.value).toEqual({ type: 'number', number: 48000, format: '#,##0' });
    expect(rows[4]?.[1]?.value).toEqual({ type: 'string', text: '高新区“数字港”二期' });
  });
});

describe('fields are typed as Excel types them, no more', () => {
  it.each([
    ['48000', { type: 'number', number: 48000 }],
    ['-3.5', { type: 'number', number: -3.5 }],
    ['0.25', { type: 'number', number: 0.25 }],
    ['1,234,567.5', { type: 'number', number: 1234567.5, format: '#,##0' }],
    ['0371', { type: 'string', text: '0371' }],
    ['1e3', { type: 'string', text: '1e3' }],
    ['0x1A', { type: 'string', text: '0x1A' }],
    ['Infinity', { type: 'string', text: 'Infinity' }],
    ['12,00', { type: 'string', text: '12,00' }],
    ['2022/3/4', { type: 'string', text: '2022/3/4' }],
    ['=SUM(E4:E6)', { type: 'string', text: '=SUM(E4:E6)' }],
  ])('%j', async (field, value) => {
    const outcome = await readWorkbook(tmp.file('typed.csv', `名称,值\n甲,"${field}"\n`), { convert: false });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.workbook.sheets[0]!.rows[1]?.[1]?.value).toEqual(value);
  });

  it('an amount typed 1e3 or 0x1A in a CSV is number-invalid', async () => {
    const text = lagging(',').replace('9000,6000,2000', '1e3,0x1A,2000');
    const [result] = await validate('amounts.csv', text);
    expect(result!.issues.filter((i) => i.code === 'number-invalid').map((i) => i.cell)).toEqual(['E6', 'F6']);
  });
});

describe('encodings that cannot be told are refused with the reason, never read as garbage', () => {
  it('tells GBK, UTF-8, UTF-16 and refuses Latin-1 and UTF-32', () => {
    expect(decodeText(encodeGbk('项目名称,总投资'))).toMatchObject({ ok: true, encoding: 'gb18030', text: '项目名称,总投资' });
    expect(decodeText(new TextEncoder().encode('项目名称'))).toMatchObject({ ok: true, encoding: 'utf-8', bom: false });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toMatchObject({ ok: true, encoding: 'utf-8', bom: true, text: 'A' });
    expect(decodeText(encodeUtf16le('项目,1'))).toMatchObject({ ok: true, encoding: 'utf-16le', text: '项目,1' });
    expect(decodeText(encodeUtf16le('name,1', false))).toMatchObject({ ok: true, encoding: 'utf-16le', text: 'name,1' });
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0xe0, 0x20, 0x6c, 0xe0]))).toMatchObject({ ok: false });
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toMatchObject({ ok: false, reason: expect.stringContaining('UTF-32') });
  });

  it('a .csv in an unknown encoding is file-unreadable with a Chinese reason', async () => {
    // "café,1 / naïve,2" in Latin-1: a lone high byte before ASCII is neither UTF-8 nor GBK.
    const [result] = await validate('latin1.csv', new Uint8Array(Buffer.from('café,1\nnaïve,2\n', 'latin1')));
    expect(result!.issues).toHaveLength(1);
    expect(result!.issues[0]).toMatchObject({ code: 'file-unreadable', severity: 'error' });
    expect(result!.issues[0]!.message).toMatch(/编码/);
  });

  it('an unclosed quote is file-unreadable, not a crash', async () => {
    const [result] = await validate('quote.csv', '项目名称,总投资\n"某项目,100\n');
    expect(result!.issues[0]).toMatchObject({ code: 'file-unreadable' });
  });
});
