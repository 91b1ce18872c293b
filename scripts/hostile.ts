/**
 * Hostile files, generated (never committed): what a crafted or broken workbook can declare to make
 * a reader work or allocate without bound. Used by test/reader/hostile.test.ts (which proves the
 * bounds by counting, and by the peak memory of a child process), by `npm run bench` (which prints
 * time and memory) and by the fuzz run.
 *
 *   tsx scripts/hostile.ts measure FILE   validate FILE (the whole pipeline) in this process and
 *                                         print {ms, peakRssMb, codes, rows} as JSON
 */
import { deflateRawSync } from 'node:zlib';
import { READER_LIMITS } from '../src/reader/limits.js';
import { bookParts, bookWithRawSheet, deflate, deflateBomb, rawZip, zipParts, type RawEntry } from '../test/reader/helpers.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const SHEET_START = `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>`;

/** A realistic 附件2 sheetData of `rows` projects (title, 填表日期, header, rows), inline strings. */
export function districtSheetData(rows: number): string {
  const t = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const v = (ref: string, n: number): string => `<c r="${ref}"><v>${n}</v></c>`;
  const header = ['序号', '项目名称', '项目概况', '起止年限(年月-年月)', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'];
  const cols = 'ABCDEFGHIJK';
  let xml = `<row r="1">${t('A1', '进度滞后的省市重点项目进展情况统计表')}</row>`;
  xml += `<row r="2">${t('A2', '填表日期：2022年3月4日')}${t('G2', '报送单位：第三组（高新区）')}</row>`;
  xml += `<row r="3">${header.map((h, i) => t(`${cols[i]}3`, h)).join('')}</row>`;
  for (let i = 0; i < rows; i++) {
    const r = i + 4;
    xml +=
      `<row r="${r}">${v(`A${r}`, i + 1)}${t(`B${r}`, `高新区项目${i + 1}`)}${t(`C${r}`, '厂房')}${t(`D${r}`, '2021.03-2023.12')}` +
      `${v(`E${r}`, 48000)}${v(`F${r}`, 32000)}${v(`G${r}`, 30000)}${t(`H${r}`, '施工中')}${t(`I${r}`, '资金不足；市财政局')}${t(`J${r}`, '正在协调')}${t(`K${r}`, '高新区')}</row>`;
  }
  return xml;
}

/** One part declares 1 KB and inflates to `mebibytes` MiB (the issue's 90–120 MB case). */
export function lyingPart(mebibytes = 100): Uint8Array {
  return bookWithRawSheet(deflateBomb(mebibytes, SHEET_START), 1000);
}

/** Every part lies: each declares a tenth of what it inflates to (the issue's "297 KB file whose parts lie about their sizes"). */
export function lyingSizes(): Uint8Array {
  const parts = bookParts({ sheets: [{ name: 'S1', data: districtSheetData(2000) }, { name: 'S2', data: districtSheetData(2000) }] });
  const entries: RawEntry[] = Object.entries(parts).map(([name, text]) => {
    const bytes = Buffer.from(text, 'utf8');
    return { name, data: deflate(bytes), declaredSize: name.includes('worksheets') ? Math.ceil(bytes.length / 10) : bytes.length };
  });
  return rawZip(entries);
}

/** `count` hyperlinks, each over the whole sheet (A1:XFD1048576), on a `rows`-project table. */
export function manyHyperlinks(count: number, rows = 200): Uint8Array {
  const links = Array.from({ length: count }, (_, i) => `<hyperlink ref="A1:XFD1048576" r:id="rL${i}"/>`).join('');
  const targets: Record<string, string> = {};
  for (let i = 0; i < count; i++) targets[`rL${i}`] = `https://example.com/${i}`;
  return zipParts(bookParts({ sheets: [{ name: '进度滞后', data: districtSheetData(rows), after: `<hyperlinks>${links}</hyperlinks>`, links: targets }] }));
}

/** `count` merges, each over the whole sheet (overlapping), on a `rows`-project table. */
export function manyMerges(count: number, rows = 200): Uint8Array {
  const merges = Array.from({ length: count }, (_, i) => `<mergeCell ref="${i % 2 ? 'A1:XFD1048576' : `A${(i % 50) + 1}:K1048576`}"/>`).join('');
  return zipParts(bookParts({ sheets: [{ name: '进度滞后', data: districtSheetData(rows), after: `<mergeCells count="${count}">${merges}</mergeCells>` }] }));
}

/** A realistic district table of `rows` projects (11 columns), sizes declared truthfully. */
export function bigDistrictTable(rows: number): Uint8Array {
  return zipParts(bookParts({ sheets: [{ name: '进度滞后', data: districtSheetData(rows) }] }));
}

/**
 * The most an honest file may hold: 25,000 rows (the row limit) × 12 numbers = 300,000 cells (the
 * workbook's cell cap), declared sizes true. What memory the reader needs for the data it is allowed to keep.
 */
export function honestLargest(rows = READER_LIMITS.maxDataRows, columns = READER_LIMITS.maxCells / READER_LIMITS.maxDataRows): Uint8Array {
  const pieces: string[] = [SHEET_START];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < columns; c++) row += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r * 10 + c}</v></c>`;
    pieces.push(row, '</row>');
  }
  pieces.push('</sheetData></worksheet>');
  const sheet = Buffer.from(pieces.join(''), 'utf8');
  return bookWithRawSheet(new Uint8Array(deflateRawSync(sheet, { level: 9 })), sheet.length);
}

/** Reads a file through validateFile in this process; prints time, peak RSS and the codes found. */
async function measure(file: string): Promise<void> {
  const { validateFile } = await import('../src/validate/pipeline.js');
  const { DEFAULT_CONFIG } = await import('../src/config/defaults.js');
  const start = process.hrtime.bigint();
  const validated = await validateFile(file, { config: DEFAULT_CONFIG, convert: false });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const codes = [...new Set(validated.flatMap((v) => v.result.issues.map((i) => i.code)))];
  const rows = validated.reduce((n, v) => n + v.result.rows, 0);
  process.stdout.write(JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, codes, rows }));
}

if (process.argv[2] === 'measure') void measure(process.argv[3]!);
