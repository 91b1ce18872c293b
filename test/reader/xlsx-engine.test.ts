import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/reader/index.js';
import type { Cell, ReadOutcome, SheetModel, WorkbookModel } from '../../src/reader/model.js';
import { bookBytes, tempDir, zipParts, bookParts, type BookSpec } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let counter = 0;
async function read(spec: BookSpec | Uint8Array, options: Parameters<typeof readWorkbook>[1] = {}): Promise<ReadOutcome> {
  const bytes = spec instanceof Uint8Array ? spec : bookBytes(spec);
  return readWorkbook(tmp.file(`book${++counter}.xlsx`, bytes), { convert: false, ...options });
}

async function book(spec: BookSpec | Uint8Array, options?: Parameters<typeof readWorkbook>[1]): Promise<WorkbookModel> {
  const outcome = await read(spec, options);
  if (!outcome.ok) throw new Error(`expected a workbook, got ${outcome.code}: ${outcome.message}`);
  return outcome.workbook;
}

function cell(sheet: SheetModel | undefined, ref: string): Cell | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m || !sheet) return undefined;
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + ch.charCodeAt(0) - 64;
  return sheet.rows[Number(m[2]) - 1]?.[col - 1];
}

describe('OOXML engine: cell types', () => {
  it('reads shared, inline, rich and phonetic strings, keeping line breaks and decoding _x000D_', async () => {
    const wb = await book({
      sharedStrings:
        '<si><t>项目名称</t></si>' +
        '<si><r><rPr><b/></rPr><t>投资情况</t></r><r><t xml:space="preserve">（万元）</t></r><rPh sb="0" eb="2"><t>トウシ</t></rPh><phoneticPr fontId="1"/></si>' +
        '<si><t>截至完成\n投资</t></si>' +
        '<si><t>a_x000D_b_x005F_x000D_</t></si>',
      sheets: [
        {
          name: '附件2',
          data:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
            '<row r="2"><c r="A2" t="inlineStr"><is><r><t>内联</t></r><r><t>文本</t></r><rPh><t>ない</t></rPh></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">  有空格  </t></is></c></row>',
        },
      ],
    });
    const sheet = wb.sheets[0];
    expect(cell(sheet, 'A1')?.value).toEqual({ type: 'string', text: '项目名称' });
    expect(cell(sheet, 'B1')?.value).toEqual({ type: 'string', text: '投资情况（万元）' });
    expect(cell(sheet, 'C1')?.value).toEqual({ type: 'string', text: '截至完成\n投资' });
    expect(cell(sheet, 'D1')?.value).toEqual({ type: 'string', text: 'a\rb_x000D_' });
    expect(cell(sheet, 'A2')?.value).toEqual({ type: 'string', text: '内联文本' });
    expect(cell(sheet, 'B2')?.value).toEqual({ type: 'string', text: '  有空格  ' });
  });

  it('keeps error values, booleans and formulas with their cached results', async () => {
    const wb = await book({
      sheets: [
        {
          name: 'S',
          data:
            '<row r="1"><c r="A1" t="e"><v>#REF!</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C1"><f>SUM(1,2)</f><v>3</v></c>' +
            '<c r="D1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><v>0</v></c><c r="G1"><f>A1</f></c></row>',
        },
      ],
    });
    const s = wb.sheets[0];
    expect(cell(s, 'A1')).toEqual({ value: { type: 'error', error: '#REF!' }, formula: false });
    expect(cell(s, 'B1')).toEqual({ value: { type: 'error', error: '#DIV/0!' }, formula: true, formulaText: '1/0' });
    expect(cell(s, 'C1')).toEqual({ value: { type: 'number', number: 3 }, formula: true, formulaText: 'SUM(1,2)' });
    expect(cell(s, 'D1')).toEqual({ value: { type: 'string', text: 'ab' }, formula: true, formulaText: '"a"&"b"' });
    expect(cell(s, 'E1')?.value).toEqual({ type: 'boolean', value: true });
    expect(cell(s, 'F1')?.value).toEqual({ type: 'boolean', value: false });
    // A formula never calculated: no cached value, still reported as a formula.
    expect(cell(s, 'G1')).toEqual({ value: { type: 'empty' }, formula: true, formulaText: 'A1', uncached: true });
  });

  it('stores only non-empty cells and follows cells and rows without references', async () => {
    const wb = await book({
      sheets: [
        {
          name: 'S',
          data:
            '<row r="2"><c r="A2" s="0"/><c><v>1</v></c><c><v>2</v></c><c r="E2"><v>5</v></c><c><v>6</v></c></row>' +
            '<row><c><v>7</v></c></row><row r="9"/>',
        },
      ],
    });
    const s = wb.sheets[0];
    expect(s?.rows[0]).toBeUndefined();
    expect(cell(s, 'A2')).toBeUndefined();
    expect(cell(s, 'B2')?.value).toEqual({ type: 'number', number: 1 });
    expect(cell(s, 'C2')?.value).toEqual({ type: 'number', number: 2 });
    expect(cell(s, 'E2')?.value).toEqual({ type: 'number', number: 5 });
    expect(cell(s, 'F2')?.value).toEqual({ type: 'number', number: 6 });
    expect(cell(s, 'A3')?.value).toEqual({ type: 'number', number: 7 });
    expect(s?.rows.length).toBe(3);
  });
});

describe('OOXML engine: numbers and dates', () => {
  const numFmts =
    '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>' +
    '<numFmt numFmtId="177" formatCode="#,##0.00&quot;万元&quot;"/>' +
    '<numFmt numFmtId="178" formatCode="[h]:mm:ss"/>' +
    '<numFmt numFmtId="179" formatCode="[$-804]yyyy/mm/dd\\ hh:mm"/>' +
    '<numFmt numFmtId="180" formatCode="[Red]0.00;[Blue]-0.00"/>';
  // style index:      0  1   2   3   4    5    6    7    8   9   10
  const xfs = [0, 14, 27, 31, 57, 176, 177, 178, 179, 4, 180];
  const row = (values: [number, number][]): string =>
    '<row r="1">' + values.map(([s, v], i) => `<c r="${String.fromCharCode(65 + i)}1" s="${s}"><v>${v}</v></c>`).join('') + '</row>';

  it('turns numbers with date formats into dates: built-in 14, the Chinese 27/31/57, custom 年月日; keeps durations and amounts as numbers', async () => {
    const wb = await book({
      numFmts,
      xfs,
      sheets: [{ name: 'S', data: row([[1, 44624], [2, 44624], [3, 44624], [4, 44624], [5, 44624], [6, 12000.5], [7, 1.5], [8, 44624.5], [9, 3000], [0, 44624], [10, 1]]) }],
    });
    const s = wb.sheets[0];
    for (const ref of ['A1', 'B1', 'C1', 'D1', 'E1']) expect(cell(s, ref)?.value).toEqual({ type: 'date', iso: '2022-03-04', serial: 44624 });
    expect(cell(s, 'F1')?.value).toEqual({ type: 'number', number: 12000.5, format: '#,##0.00"万元"' });
    expect(cell(s, 'G1')?.value).toEqual({ type: 'number', number: 1.5, format: '[h]:mm:ss' });
    expect(cell(s, 'H1')?.value).toEqual({ type: 'date', iso: '2022-03-04T12:00:00', serial: 44624.5 });
    expect(cell(s, 'I1')?.value).toEqual({ type: 'number', number: 3000, format: '#,##0.00' });
    expect(cell(s, 'J1')?.value).toEqual({ type: 'number', number: 44624 });
    expect(cell(s, 'K1')?.value).toEqual({ type: 'number', number: 1, format: '[Red]0.00;[Blue]-0.00' });
  });

  it('honours date1904 and the 1900 leap-year bug', async () => {
    const w1904 = await book({ date1904: true, xfs: [0, 14], sheets: [{ name: 'S', data: row([[1, 0], [1, 43162]]) }] });
    expect(w1904.date1904).toBe(true);
    expect(cell(w1904.sheets[0], 'A1')?.value).toEqual({ type: 'date', iso: '1904-01-01', serial: 0 });
    expect(cell(w1904.sheets[0], 'B1')?.value).toEqual({ type: 'date', iso: '2022-03-04', serial: 43162 });
    const w1900 = await book({ xfs: [0, 14], sheets: [{ name: 'S', data: row([[1, 1], [1, 59], [1, 60], [1, 61]]) }] });
    expect(w1900.date1904).toBe(false);
    const iso = ['A1', 'B1', 'C1', 'D1'].map((r) => {
      const v = cell(w1900.sheets[0], r)?.value;
      return v?.type === 'date' ? v.iso : v?.type;
    });
    expect(iso).toEqual(['1900-01-01', '1900-02-28', '1900-02-29', '1900-03-01']);
  });

  it('reads ISO date cells (t="d") as wall-clock dates', async () => {
    const wb = await book({ sheets: [{ name: 'S', data: '<row r="1"><c r="A1" t="d"><v>2022-03-04T00:00:00Z</v></c><c r="B1" t="d"><v>2022-03-04T08:30:00</v></c><c r="C1" t="d"><v>not a date</v></c></row>' }] });
    const s = wb.sheets[0];
    expect(cell(s, 'A1')?.value).toEqual({ type: 'date', iso: '2022-03-04', serial: 44624 });
    expect(cell(s, 'B1')?.value).toMatchObject({ type: 'date', iso: '2022-03-04T08:30:00' });
    expect(cell(s, 'C1')?.value).toEqual({ type: 'string', text: 'not a date' });
  });
});

describe('OOXML engine: workbook structure', () => {
  it('reports hidden and very hidden sheets, merges as ranges, hyperlinks', async () => {
    const wb = await book({
      sheets: [
        {
          name: '进度滞后',
          data: '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row><row r="3"><c r="B3" t="inlineStr"><is><t>网站</t></is></c><c r="C3" t="inlineStr"><is><t>内部</t></is></c></row>',
          after:
            '<mergeCells count="2"><mergeCell ref="A1:K1"/><mergeCell ref="A2:A3"/></mergeCells>' +
            '<hyperlinks><hyperlink ref="B3" r:id="rIdL1"/><hyperlink ref="C3" location="Sheet2!A1"/></hyperlinks>',
          links: { rIdL1: 'https://example.com/项目' },
        },
        { name: '隐藏', state: 'hidden' },
        { name: '深度隐藏', state: 'veryHidden' },
      ],
    });
    expect(wb.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['进度滞后', false],
      ['隐藏', true],
      ['深度隐藏', true],
    ]);
    const s = wb.sheets[0];
    // Merges are clamped to the rows and columns that hold data (here A1:C3).
    expect(s?.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 2 },
      { top: 1, left: 0, bottom: 2, right: 0 },
    ]);
    // Only the master holds the value: the other cells of the merge are not filled in.
    expect(cell(s, 'B1')).toBeUndefined();
    expect(cell(s, 'B3')?.hyperlink).toBe('https://example.com/项目');
    expect(cell(s, 'C3')?.hyperlink).toBe('#Sheet2!A1');
  });

  it('reads strict OOXML, prefixed tags, absolute targets and upper-case part names', async () => {
    const strict = await book({
      strict: true,
      absoluteTargets: true,
      upperCaseSheets: true,
      sharedStrings: ['严格'],
      sheets: [{ name: 'S', data: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2.5</v></c></row>' }],
    });
    expect(cell(strict.sheets[0], 'A1')?.value).toEqual({ type: 'string', text: '严格' });
    expect(cell(strict.sheets[0], 'B1')?.value).toEqual({ type: 'number', number: 2.5 });

    const parts = bookParts({ sheets: [{ name: 'S' }] });
    parts['xl/worksheets/sheet1.xml'] =
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>7</x:v></x:c></x:row></x:sheetData>' +
      '<x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>';
    const prefixed = await book(zipParts(parts));
    expect(cell(prefixed.sheets[0], 'A1')?.value).toEqual({ type: 'string', text: '前缀' });
    expect(cell(prefixed.sheets[0], 'B1')?.value).toEqual({ type: 'number', number: 7 });
    expect(prefixed.sheets[0]?.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 1 }]);
  });

  it('ignores a whole-column data validation and keeps a whole-sheet merge clamped to the data', async () => {
    const validation =
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A5:K1048576"><formula1>"已落实,部分落实,未落实"</formula1></dataValidation></dataValidations>';
    const wb = await book({
      sheets: [
        { name: 'DV', data: '<row r="1"><c r="A1"><v>1</v></c></row>', after: validation },
        { name: 'Merge', data: '<row r="1"><c r="A1"><v>1</v></c></row>', after: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' },
      ],
    });
    expect(cell(wb.sheets[0], 'A1')?.value).toEqual({ type: 'number', number: 1 });
    expect(wb.sheets[0]?.rows.length).toBe(1);
    // A1:XFD1048576 over a sheet whose data is A1 covers just A1: nothing left to merge.
    expect(wb.sheets[1]?.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 0 }]);
    expect(wb.sheets[1]?.truncated).toBe(true);
    expect(wb.sheets[1]?.rows.length).toBe(1);
  });

  it('stops at the row and column caps and flags the sheet; refuses past the cell cap', async () => {
    const rows = Array.from({ length: 30 }, (_, r) => `<row r="${r + 1}">${Array.from({ length: 8 }, (_, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}"><v>${r}</v></c>`).join('')}</row>`).join('');
    const spec: BookSpec = { sheets: [{ name: 'Big', data: rows }] };
    const capped = await book(spec, { limits: { maxRows: 10, maxColumns: 5 } });
    expect(capped.sheets[0]?.truncated).toBe(true);
    expect(capped.sheets[0]?.rows.length).toBe(10);
    expect(capped.sheets[0]?.rows[0]?.length).toBe(5);
    const full = await book(spec);
    expect(full.sheets[0]?.truncated).toBeUndefined();
    expect(full.sheets[0]?.rows.length).toBe(30);

    const refused = await read(spec, { limits: { maxCells: 100 } });
    expect(refused).toMatchObject({ ok: false, code: 'file-too-large' });
  });
});

describe('OOXML engine: files written by exceljs (the writer districts’ templates come from)', () => {
  it('reads a district-like table: title merge, 填表日期, line-broken headers, Chinese date formats, formulas', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('进度滞后项目');
    ws.mergeCells('A1:K1');
    ws.getCell('A1').value = '进度滞后的省市重点项目进展情况统计表';
    ws.getCell('A2').value = '填表日期：';
    ws.getCell('B2').value = new Date(Date.UTC(2022, 2, 4));
    ws.getCell('B2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getRow(3).values = ['序号', '项目名称', '项目概况', '起止年限\n(年月-年月)', '总投资\n（万元）'];
    ws.getRow(4).values = [1, '某某大道工程', '长 5 公里', '2021.03-2023.12', 48000];
    ws.getCell('E4').numFmt = '#,##0';
    ws.getCell('E5').value = { formula: 'SUM(E4:E4)', result: 48000 };
    ws.getCell('F4').value = { richText: [{ text: '红色', font: { color: { argb: 'FFFF0000' } } }, { text: '部分' }] };
    ws.getCell('G4').value = { text: '链接', hyperlink: 'https://example.com' };
    workbook.addWorksheet('隐藏表');
    workbook.getWorksheet('隐藏表')!.state = 'hidden';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const wb = await book(bytes);
    const s = wb.sheets[0];
    expect(s?.name).toBe('进度滞后项目');
    // The title merge A1:K1, clamped to the columns that hold data (A–G here).
    expect(s?.merges).toContainEqual({ top: 0, left: 0, bottom: 0, right: 6 });
    expect(cell(s, 'A1')?.value).toEqual({ type: 'string', text: '进度滞后的省市重点项目进展情况统计表' });
    expect(cell(s, 'B1')).toBeUndefined();
    expect(cell(s, 'B2')?.value).toEqual({ type: 'date', iso: '2022-03-04', serial: 44624 });
    expect(cell(s, 'D3')?.value).toEqual({ type: 'string', text: '起止年限\n(年月-年月)' });
    expect(cell(s, 'E4')?.value).toEqual({ type: 'number', number: 48000, format: '#,##0' });
    expect(cell(s, 'E5')).toEqual({ value: { type: 'number', number: 48000 }, formula: true, formulaText: 'SUM(E4:E4)' });
    expect(cell(s, 'F4')?.value).toEqual({ type: 'string', text: '红色部分' });
    expect(cell(s, 'G4')?.hyperlink).toBe('https://example.com');
    expect(wb.sheets[1]).toMatchObject({ name: '隐藏表', hidden: true });
  });
});
