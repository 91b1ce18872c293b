/**
 * The row limit (READER_LIMITS.maxDataRows): a sheet with more rows of data than it is refused with
 * file-too-large and one Chinese line naming the sheet — decided before any cell is parsed, from the
 * sheet's <dimension> or, when that is missing or spans formatted empty rows, from a count of the rows
 * that hold a value; a <dimension> that understates is caught while reading. The limit is lowered
 * here so the files stay small; the mechanism is the same at 25,000.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';
import type { ReadOutcome } from '../../src/reader/model.js';
import { bookParts, tempDir, zipParts, type BookSpec } from './helpers.js';
import { buildDistrictWorkbook, type FixtureRow } from '../../scripts/fixtures/district-workbook.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const LIMIT = 20;
let counter = 0;

/** Reads a package, its shared strings replaced by broken XML: parsing them would give file-unreadable. */
async function read(spec: BookSpec, limit = LIMIT, brokenStrings = true): Promise<ReadOutcome> {
  const parts: Record<string, string> = bookParts({ ...spec, sharedStrings: ['项目名称'] });
  if (brokenStrings) parts['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst xmlns="${MAIN}"><si><t>项目</si>`;
  return readWorkbook(tmp.file(`rows${++counter}.xlsx`, zipParts(parts)), { convert: false, limits: { maxDataRows: limit } });
}

const letters = 'ABCDEFGHIJK';
/** `count` rows of eleven numbers from row `from`, written as `prefix`-ed tags (x: for prefixed writers). */
function dataRows(from: number, count: number, prefix = ''): string {
  let xml = '';
  for (let r = from; r < from + count; r++) {
    xml += `<${prefix}row r="${r}">`;
    for (const c of letters) xml += `<${prefix}c r="${c}${r}"><${prefix}v>${r}</${prefix}v></${prefix}c>`;
    xml += `</${prefix}row>`;
  }
  return xml;
}
/** Rows that only carry a style (a border drawn down the sheet): they hold no data. */
function styledRows(from: number, count: number): string {
  let xml = '';
  for (let r = from; r < from + count; r++) xml += `<row r="${r}"><c r="A${r}" s="0"/><c r="K${r}" s="0"/></row>`;
  return xml;
}
const sheet = (name: string, dimension: string | undefined, data: string, prefix = ''): BookSpec['sheets'][number] => ({
  name,
  whole:
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${prefix}worksheet xmlns${prefix ? `:${prefix.slice(0, -1)}` : ''}="${MAIN}">` +
    `<${prefix}sheetPr/>${dimension === undefined ? '' : `<${prefix}dimension ref="${dimension}"/>`}<${prefix}sheetViews/>` +
    `<${prefix}sheetData>${data}</${prefix}sheetData></${prefix}worksheet>`,
});

function expectRefused(outcome: ReadOutcome, sheetName: string): void {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.code).toBe('file-too-large');
  expect(outcome.message).toContain(`工作表“${sheetName}”有超过 ${LIMIT} 行数据`);
  expect(outcome.message).not.toMatch(/\n/);
}

describe('row limit: refused before parsing', () => {
  it('refuses from the <dimension>, before the shared strings are parsed', async () => {
    expectRefused(await read({ sheets: [sheet('进度滞后项目', 'A1:K21', dataRows(1, 21))] }), '进度滞后项目');
  });

  it('accepts exactly the limit (the broken shared strings are then read and reported)', async () => {
    const outcome = await read({ sheets: [sheet('进度滞后项目', 'A1:K20', dataRows(1, 20))] });
    expect(outcome).toMatchObject({ ok: false, code: 'file-unreadable' });
    const whole = await read({ sheets: [sheet('进度滞后项目', 'A1:K20', dataRows(1, 20))] }, LIMIT, false);
    expect(whole.ok && whole.workbook.sheets[0]!.rows.length).toBe(20);
  });

  it('counts the rows when there is no <dimension>, in any sheet of the workbook', async () => {
    const spec = { sheets: [sheet('说明', undefined, dataRows(1, 3)), sheet('附件2', undefined, dataRows(1, 25))] };
    expectRefused(await read(spec), '附件2');
    expect((await read({ sheets: [sheet('附件2', undefined, dataRows(1, 20))] }, LIMIT, false)).ok).toBe(true);
  });

  it('counts rows in prefixed (x:) parts and inline strings', async () => {
    const inline = Array.from({ length: 25 }, (_, i) => `<x:row r="${i + 1}"><x:c r="A${i + 1}" t="inlineStr"><x:is><x:t>项目${i}</x:t></x:is></x:c></x:row>`).join('');
    expectRefused(await read({ sheets: [sheet('附件2', undefined, inline, 'x:')] }), '附件2');
    expectRefused(await read({ sheets: [sheet('附件2', 'A1:K25', dataRows(1, 25, 'x:'), 'x:')] }), '附件2');
  });

  it('accepts a <dimension> past the limit that only spans formatted empty rows', async () => {
    const outcome = await read({ sheets: [sheet('附件2', 'A1:K5000', dataRows(1, 15) + styledRows(16, 4985))] }, LIMIT, false);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.workbook.sheets[0]!.rows.filter(Boolean).length).toBe(15);
  });

  it('catches a <dimension> that understates while reading', async () => {
    const outcome = await read({ sheets: [sheet('附件2', 'A1:K5', dataRows(1, 30))] }, LIMIT, false);
    expectRefused(outcome, '附件2');
  });
});

describe('row limit: a district table as exceljs writes it', () => {
  const rows = (n: number): FixtureRow[] =>
    Array.from({ length: n }, (_, i) => ({
      name: `高新区第${i + 1}号项目`,
      overview: '新建厂房',
      period: '2021.03-2023.12',
      total: 1000 + i,
      plan: 500,
      completed: 200,
      progress: '主体施工',
      problems: '用地手续未办结',
      coordination: null,
      district: '高新区',
    }));
  const file = async (n: number): Promise<string> =>
    tmp.file(
      `district${n}.xlsx`,
      await buildDistrictWorkbook({
        sheets: [{ name: '进度滞后项目', kind: 'lagging', rows: rows(n), options: { fillDate: '填表日期：2022年3月4日', totalRow: 'formula' } }],
      }),
    );

  it('refuses past the limit, reads up to it', async () => {
    // Title, 填表日期, header and 合计 rows count as rows with data too.
    const over = await readWorkbook(await file(LIMIT), { convert: false, limits: { maxDataRows: LIMIT } });
    expectRefused(over, '进度滞后项目');
    const within = await readWorkbook(await file(LIMIT - 6), { convert: false, limits: { maxDataRows: LIMIT } });
    expect(within.ok).toBe(true);
  });
});

describe('row limit: CSV and ODS alike', () => {
  it('refuses a CSV with more rows of data than the limit, reads one at it', async () => {
    const csv = (n: number): string => ['序号,项目名称,总投资', ...Array.from({ length: n }, (_, i) => `${i + 1},项目${i + 1},${100 + i}`)].join('\n');
    const over = await readWorkbook(tmp.file('rows-over.csv', csv(LIMIT)), { convert: false, limits: { maxDataRows: LIMIT } });
    expect(over).toMatchObject({ ok: false, code: 'file-too-large' });
    if (!over.ok) expect(over.message).toContain(`有超过 ${LIMIT} 行数据`);
    const at = await readWorkbook(tmp.file('rows-at.csv', csv(LIMIT - 1)), { convert: false, limits: { maxDataRows: LIMIT } });
    expect(at.ok).toBe(true);
  });
});
