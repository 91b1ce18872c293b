/**
 * .ods and .fods read by xmb itself (no LibreOffice): typed cells keep their type — a date cell
 * without a date style is a date (LibreOffice's .xlsx conversion made it the number 44624), a
 * boolean is 是/否 — repeated rows and columns cost nothing, spans are merges. Then a realistic
 * 附件2 written by LibreOffice itself, when it is installed, gives the same table as the .xlsx.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { findSoffice } from '../../src/reader/convert.js';
import { readWorkbook } from '../../src/reader/index.js';
import { validateFile } from '../../src/validate/pipeline.js';
import { REPO_ROOT } from '../support/cli.js';
import { tempDir, zipParts } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
const cell = (attrs: string, text = ''): string => `<table:table-cell ${attrs}>${text === '' ? '' : `<text:p>${text}</text:p>`}</table:table-cell>`;
const str = (t: string, extra = ''): string => cell(`office:value-type="string" ${extra}`, t);
const num = (n: number): string => cell(`office:value-type="float" office:value="${n}"`, String(n));
const row = (cells: string, extra = ''): string => `<table:table-row ${extra}>${cells}</table:table-row>`;

/** A 附件2 table as ODS content: title spanned across, 填表日期 as a date cell with no style, two projects, the empty rest repeated. */
function lagging(): string {
  const header = ['序号', '项目名称', '项目概况', '起止年限(年月-年月)', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'];
  const project = (i: number, name: string) =>
    row(num(i) + str(name) + str('厂房<text:line-break/>二期') + str('2021.03-2023.12') + num(48000) + num(32000) + num(30000) + str('施工中') + str('资金不足；市财政局') + str('正在协调') + str('高新区'));
  return (
    `<table:table table:name="进度滞后">` +
    row(str('进度滞后的省市重点项目进展情况统计表', 'table:number-columns-spanned="11"') + '<table:covered-table-cell table:number-columns-repeated="10"/>') +
    row(str('填表日期：') + cell('office:value-type="date" office:date-value="2022-03-04"', '2022-03-04') + cell('table:number-columns-repeated="4"') + str('报送单位：第三组（高新区）')) +
    row(header.map((h) => str(h)).join('') + cell('table:number-columns-repeated="16373"')) +
    project(1, '高新区智能传感器产业园') +
    project(2, '高新区数字港') +
    row(cell('table:number-columns-repeated="16384"'), 'table:number-rows-repeated="1048570"') +
    `</table:table>`
  );
}

const fods = (tables: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document>`;
const ods = (tables: string): Uint8Array =>
  zipParts({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>` });

describe('.ods and .fods, read directly', () => {
  it.each([
    ['.fods', () => tmp.file('表.fods', fods(lagging()))],
    ['.ods', () => tmp.file('表.ods', ods(lagging()))],
  ])('%s: a 附件2 table with a date cell, spans and repeated empties', async (_name, file) => {
    const path = file();
    const outcome = await readWorkbook(path, { convert: false });
    if (!outcome.ok) throw new Error(outcome.message);
    const sheet = outcome.workbook.sheets[0]!;
    expect(sheet.name).toBe('进度滞后');
    expect(sheet.rows[1]?.[1]?.value).toEqual({ type: 'date', iso: '2022-03-04', serial: 44624 });
    expect(sheet.rows[3]?.[2]?.value).toEqual({ type: 'string', text: '厂房\n二期' });
    expect(sheet.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 10 }]);
    expect(sheet.rows.length).toBe(5);
    const [v] = await validateFile(path, { config: DEFAULT_CONFIG, convert: false });
    expect(v!.result).toMatchObject({ kind: 'lagging', group: 3, fillDate: '2022-03-04', rows: 2, valid: true, issues: [] });
  });

  it('typed cells keep their type: booleans, dates with time, percentages, formulas with errors, annotations skipped', async () => {
    const table =
      `<table:table table:name="类型">` +
      row(
        cell('office:value-type="boolean" office:boolean-value="true"', 'TRUE') +
          cell('office:value-type="date" office:date-value="2022-03-04T08:30:00"', '') +
          cell('office:value-type="percentage" office:value="0.25"', '25%') +
          cell('table:formula="of:=1/0" office:value-type="string" office:string-value="#DIV/0!"', '#DIV/0!') +
          `<table:table-cell office:value-type="string"><office:annotation><text:p>批注</text:p></office:annotation><text:p>正文<text:s text:c="2"/>末尾</text:p></table:table-cell>` +
          cell('office:value-type="float" office:value="7" table:number-columns-repeated="3"', '7'),
      ) +
      `</table:table>`;
    const outcome = await readWorkbook(tmp.file('类型.fods', fods(table)), { convert: false });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.workbook.sheets[0]!.rows[0]!.map((c) => c?.value)).toEqual([
      { type: 'boolean', value: true },
      { type: 'date', iso: '2022-03-04T08:30:00', serial: 44624 + 8.5 / 24 },
      { type: 'number', number: 0.25 },
      { type: 'error', error: '#DIV/0!' },
      { type: 'string', text: '正文  末尾' },
      { type: 'number', number: 7 },
      { type: 'number', number: 7 },
      { type: 'number', number: 7 },
    ]);
  });

  it('a non-empty cell repeated a million times is cut at the column cap, not allocated', async () => {
    const table = `<table:table table:name="重复">` + row(num(1).replace('<table:table-cell ', '<table:table-cell table:number-columns-repeated="1048576" '), 'table:number-rows-repeated="3"') + `</table:table>`;
    const outcome = await readWorkbook(tmp.file('重复.fods', fods(table)), { convert: false });
    if (!outcome.ok) throw new Error(outcome.message);
    const sheet = outcome.workbook.sheets[0]!;
    expect(sheet.truncated).toBe(true);
    expect(sheet.rows.length).toBe(3);
    expect(sheet.rows[0]!.length).toBe(200);
  });
});

const soffice = findSoffice();
if (!soffice) console.log('ods.test: LibreOffice (soffice) is not installed, so the .ods/.fods written by LibreOffice itself are not checked');

describe.skipIf(!soffice)('files LibreOffice writes', () => {
  it.each(['ods', 'fods'])('the 两行表头 fixture saved as .%s gives the same table as the .xlsx', async (format) => {
    const source = join(REPO_ROOT, 'fixtures', 'validate', '第三组-高新区-进度滞后-两行表头（正确）.xlsx');
    const dir = join(tmp.dir, `lo-${format}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(source, join(dir, 'input.xlsx'));
    spawnSync(soffice!, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', format, '--outdir', dir, join(dir, 'input.xlsx')], { timeout: 120_000 });
    const produced = readdirSync(dir).find((n) => n.endsWith(`.${format}`));
    expect(produced).toBeDefined();
    const summary = async (path: string) =>
      (await validateFile(path, { config: DEFAULT_CONFIG, convert: false })).map(({ result: r }) => [r.kind, r.group, r.fillDate, r.rows, r.valid, r.issues.map((i) => i.code)]);
    expect(await summary(join(dir, produced!))).toEqual(await summary(source));
  });
});
