/**
 * Variants of issue 7's packages, text exports and reader notices, as other writers and clerks make
 * them: .ods/.fods with hidden rows, columns and sheets and an error cell (as LibreOffice and WPS
 * write them); a sheet part missing on the second of three sheets; a shared-string index out of
 * range in 项目名称; the same workbook under other names (.et, .xlsx.xls, .XLSX, none); a broken
 * styles.xml with the 填表日期 as a date serial; CSV with ; separators, line breaks inside quotes,
 * GB18030 four-byte characters; amounts JS reads as numbers and a clerk does not write.
 */
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../reader/helpers.js';
import { amounts, check, codes, one, parts, texts, xlsx, type BookSpec, type CellSpec } from './book.js';
import { DONE, FILL, LAGGING_LABELS, NAMES, PLAN, PROVINCIAL_LABELS, SUMS, TOTAL, UNIT, laggingRow, laggingTop, provincialRow } from './data.js';
import { fods, ods, type OdsCell, type OdsSheet } from './ods.js';
import { strToU8, zipSync } from 'fflate';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let counter = 0;

const lagging = (): CellSpec[][] => [...laggingTop(), LAGGING_LABELS, ...[0, 1, 2].map((i) => laggingRow(i)), ['合计', null, null, null, SUMS.total, SUMS.plan, SUMS.completed]];
const laggingBook = (extra: Partial<BookSpec> = {}): BookSpec => ({ sheets: [{ name: '进度滞后', rows: lagging(), merges: ['A1:K1'] }], ...extra });

describe('OpenDocument as LibreOffice and WPS write it', () => {
  const odsRows = (change?: (rows: OdsCell[][]) => void): OdsCell[][] => {
    const rows: OdsCell[][] = [
      [{ span: 11, text: '进度滞后的省市重点项目进展情况统计表' }],
      [FILL, null, null, null, null, null, null, null, UNIT],
      LAGGING_LABELS,
      ...[0, 1, 2].map((i) => laggingRow(i) as OdsCell[]),
      ['合计', null, null, null, SUMS.total, SUMS.plan, SUMS.completed],
    ];
    change?.(rows);
    return rows;
  };
  const both = (sheets: OdsSheet[]): [string, string][] => [
    ['ods', tmp.file(`第三组-${++counter}.ods`, ods(sheets))],
    ['fods', tmp.file(`第三组-${++counter}.fods`, fods(sheets))],
  ];

  it('a hidden row, a hidden amount column and a filtered row are read and named', async () => {
    for (const [format, path] of both([{ name: '进度滞后', rows: odsRows(), rowVisibility: { 5: 'collapse', 6: 'filter' }, hiddenColumns: [7] }])) {
      const { result, table } = await one(path);
      expect(texts(table, 'name'), format).toEqual(NAMES);
      expect(amounts(table, 'completed'), format).toEqual(DONE);
      expect(codes({ result, table, path }), format).toEqual([
        ['hidden-cells', 'G3'],
        ['hidden-cells', 'B5'],
        ['hidden-cells', 'B6'],
      ]);
      expect(result.issues.map((i) => i.message).join('\n'), format).toMatch(/G 列“截至完成投资[\s\S]*第5行是隐藏行[\s\S]*第6行被筛选隐藏/);
    }
  });

  it('a hidden sheet (an old week kept in the file) is skipped, as in an .xlsx', async () => {
    const old = odsRows((rows) => {
      rows[1] = ['填表日期：2022年2月25日'];
    });
    for (const [format, path] of both([
      { name: '上周', rows: old, hidden: true },
      { name: '本周', rows: odsRows() },
    ])) {
      const validated = await check(path);
      expect(validated.map((v) => v.result.sheet), format).toEqual(['本周']);
      expect(validated[0]!.result.fillDate, format).toBe('2022-03-04');
    }
  });

  it('the only table in a hidden sheet (a cover sheet visible): read, with a warning naming the sheet', async () => {
    for (const [format, path] of both([
      { name: '封面', rows: [['第三组（高新区）重点项目进展情况']] },
      { name: '数据', rows: odsRows(), hidden: true },
    ])) {
      const { result, table } = await one(path);
      expect(texts(table, 'name'), format).toEqual(NAMES);
      expect(codes({ result, table, path }), format).toEqual([['hidden-cells', null]]);
      expect(result.issues[0]!.message, format).toContain('隐藏的工作表“数据”');
    }
  });

  it('formulas a generator saved without any value (of:=SUM([.E4:.E6]), [.F4]*[$进度滞后.G4]): computed, never blank', async () => {
    const f = (formula: string): OdsCell => ({ attrs: `table:formula="${formula}"` });
    const rows = odsRows((r) => {
      r[4]![6] = f('of:=ROUND([.F5]*15000/16000;0)');
      r[6] = ['合计', null, null, null, f('of:=SUM([.E4:.E6])'), f("of:=SUM(['进度滞后'.F4:.F6])"), f('of:=[.G4]+[$进度滞后.G5]+[.$G$6]')];
    });
    for (const [format, path] of both([{ name: '进度滞后', rows }])) {
      const { result, table } = await one(path);
      expect(amounts(table, 'completed'), format).toEqual(DONE);
      expect(table.totalRow?.cells.total?.value, format).toMatchObject({ kind: 'number', value: SUMS.total });
      expect(table.totalRow?.cells.plan?.value, format).toMatchObject({ kind: 'number', value: SUMS.plan });
      expect(table.totalRow?.cells.completed?.value, format).toMatchObject({ kind: 'number', value: SUMS.completed });
      expect(result.issues, format).toEqual([]);
    }
  });

  it('an error cell (#REF! in 年度计划投资, as LibreOffice saves it) is formula-error, never a blank', async () => {
    const rows = odsRows((r) => {
      r[4]![5] = { attrs: 'table:formula="of:=#REF!*0.3" office:value-type="string" office:string-value="" calcext:value-type="error"', text: '#REF!' };
      r[6]![5] = { attrs: 'table:formula="of:=SUM([.F4:.F6])" office:value-type="string" office:string-value="" calcext:value-type="error"', text: '#REF!' };
    });
    for (const [format, path] of both([{ name: '进度滞后', rows }])) {
      const { result, table } = await one(path);
      expect(table.rows[1]!.cells.plan?.value, format).toEqual({ kind: 'error', error: '#REF!' });
      expect(codes({ result, table, path }), format).toEqual([
        ['formula-error', 'F5'],
        ['formula-error', 'F7'],
      ]);
    }
  });
});

describe('reader notices, on other sheets and columns', () => {
  it('xlsx: the only table in a hidden or very hidden sheet is read, with a warning naming the sheet', async () => {
    for (const state of ['hidden', 'veryHidden'] as const) {
      const path = tmp.file(`第三组-隐藏表-${++counter}.xlsx`, xlsx({ sheets: [{ name: '封面', rows: [['第三组报表']] }, { name: '数据', rows: lagging(), merges: ['A1:K1'], state }] }));
      const { result, table } = await one(path);
      expect(texts(table, 'name'), state).toEqual(NAMES);
      expect(codes({ result, table, path }), state).toEqual([['hidden-cells', null]]);
    }
  });

  it('a sheet part missing on the SECOND of three sheets: the first and third are read, the second named', async () => {
    const provincial: CellSpec[][] = [['2022年省领导联系重点项目进展情况统计表'], [FILL], PROVINCIAL_LABELS, ...[0, 1, 2].map((i) => provincialRow(i))];
    const municipal: CellSpec[][] = [['2022年市领导联系重点项目进展情况统计表'], [FILL], PROVINCIAL_LABELS.map((l) => (l === '省分管领导' ? '市分管领导' : l)), ...[0, 1, 2].map((i) => provincialRow(i))];
    const path = tmp.file(
      '第三组-三表.xlsx',
      xlsx({
        sheets: [
          { name: '附件2', rows: lagging(), merges: ['A1:K1'] },
          { name: '附件3', rows: provincial },
          { name: '附件4', rows: municipal },
        ],
        omit: ['xl/worksheets/sheet2.xml'],
      }),
    );
    const validated = await check(path);
    expect(validated.map((v) => [v.result.sheet, v.result.kind, v.result.rows, v.result.valid])).toEqual([
      ['附件2', 'lagging', 3, true],
      ['附件4', 'municipal', 3, true],
      ['附件3', null, 0, false],
    ]);
    expect(validated[2]!.result.issues.map((i) => i.code)).toEqual(['sheet-unreadable']);
    expect(validated[2]!.result.issues[0]!.message).toContain('附件3');
  });

  it('a shared-string index out of range in 项目名称: cell-unreadable at B5, not “未填”, the table invalid', async () => {
    const spec = laggingBook();
    const path = tmp.file(
      '第三组-共享字符串.xlsx',
      xlsx({
        ...spec,
        patch: {
          'xl/worksheets/sheet1.xml': (text) => text.replace(/<c r="B5" t="s"><v>\d+<\/v><\/c>/, '<c r="B5" t="s"><v>9999</v></c>'),
        },
      }),
    );
    const { result, table } = await one(path);
    expect(table.rows).toHaveLength(3);
    expect(codes({ result, table, path })).toEqual([['cell-unreadable', 'B5']]);
    expect(result.valid).toBe(false);
  });

  it('a broken styles.xml with the 填表日期 as a date serial beside its label: still 2022-03-04, and formats-ignored', async () => {
    const rows = lagging();
    rows[1] = ['填表日期：', { n: 44624, s: 1 }, null, null, null, null, null, null, UNIT];
    const path = tmp.file('第三组-样式坏.xlsx', xlsx({ ...laggingBook(), sheets: [{ name: '进度滞后', rows, merges: ['A1:K1'] }], xfs: [0, 14], patch: { 'xl/styles.xml': (t) => t.slice(0, 200) } }));
    const { result, table } = await one(path);
    expect(result.fillDate).toBe('2022-03-04');
    expect(texts(table, 'name')).toEqual(NAMES);
    expect(codes({ result, table, path })).toEqual([['formats-ignored', null]]);
  });

  it('relationship targets written with \\ (worksheets\\sheet1.xml) and entry names with \\', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const [name, text] of Object.entries(parts(laggingBook())))
      files[name.replace(/\//g, '\\')] = strToU8(name.endsWith('.rels') ? text.replace(/Target="([^"]+)"/g, (_m, t: string) => `Target="${t.replace(/\//g, '\\')}"`) : text);
    const path = tmp.file('第三组-反斜杠.xlsx', zipSync(files));
    const { result, table } = await one(path);
    expect(texts(table, 'name')).toEqual(NAMES);
    expect(result.issues).toEqual([]);
  });
});

describe('the same workbook under the names attachments and clerks give it', () => {
  it.each(['第三组进度表.et', '第三组进度表.xlsx.xls', '第三组进度表.XLSX', '第三组进度表', '第三组进度表.xlsx.zip', '第三组进度表.xls.xlsx'])('%s', async (name) => {
    const path = tmp.file(name, xlsx(laggingBook()));
    const { result, table } = await one(path);
    expect(texts(table, 'name')).toEqual(NAMES);
    expect(result.group).toBe(3);
    expect(result.issues).toEqual([]);
  });
});

describe('amounts a program reads as numbers and a clerk does not write', () => {
  const withAmount = (cell: CellSpec): string => {
    const rows = lagging();
    rows[4]![4] = cell;
    rows[6]![4] = null; // no 合计 to compare with
    return tmp.file(`第三组-金额-${++counter}.xlsx`, xlsx({ sheets: [{ name: '进度滞后', rows, merges: ['A1:K1'] }], numFmts: '<numFmt numFmtId="164" formatCode="#,##0;(#,##0)"/>', xfs: [0, 164] }));
  };
  it.each(['1e3', '0X1A', '１e３', 'Infinity', 'NaN', '(5000)', '0x1a', '1E+3', '5,000.00.0', '½'])('%j typed as text is number-invalid', async (text) => {
    const { result, table } = await one(withAmount(text));
    expect(table.rows[1]!.cells.total?.value).toEqual({ kind: 'invalid', text });
    expect(codes({ result, table, path: '' })).toEqual([['number-invalid', 'E5']]);
  });

  it.each<[string, number]>([
    ['+5000', 5000],
    ['5000.', 5000],
    ['.5', 0.5],
    ['３６０００', 36000],
    ['36 000', 36000],
  ])('%j typed as text is read as %d with number-as-text', async (text, value) => {
    const { result, table } = await one(withAmount(text));
    expect(table.rows[1]!.cells.total?.value).toEqual({ kind: 'number', value, fromText: true });
    expect(codes({ result, table, path: '' }).filter(([c]) => c !== 'plan-exceeds-total' && c !== 'completed-exceeds-total')).toEqual([['number-as-text', 'E5']]);
  });

  it('a number cell shown as (5000) by an accounting format is -5000: number-negative', async () => {
    const { result, table } = await one(withAmount({ n: -5000, s: 1 }));
    expect(table.rows[1]!.cells.total?.value).toEqual({ kind: 'number', value: -5000, fromText: false });
    expect(codes({ result, table, path: '' })).toContainEqual(['number-negative', 'E5']);
  });

  it.each<[string, string, number | 'invalid']>([
    ['<v>0x1A</v>', 'hex in a number cell', 'invalid'],
    ['<v>Infinity</v>', 'Infinity in a number cell', 'invalid'],
    ['<v>NaN</v>', 'NaN in a number cell', 'invalid'],
    ['<v>3.6E4</v>', 'an exponent as Excel itself writes large numbers', 36000],
  ])('%s (%s)', async (raw, _name, expected) => {
    const { result, table } = await one(withAmount({ raw }));
    const value = table.rows[1]!.cells.total?.value;
    if (expected === 'invalid') {
      expect(value?.kind).toBe('invalid');
      expect(codes({ result, table, path: '' })).toEqual([['number-invalid', 'E5']]);
    } else {
      expect(value).toEqual({ kind: 'number', value: expected, fromText: false });
      expect(result.issues).toEqual([]);
    }
  });
});

describe('CSV and text exports as other machines write them', () => {
  const header = ['序号', '项目名称', '项目概况', '起止年限', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '协调解决情况', '所在区(县)'];
  const records = (names = NAMES): string[][] => [
    ['进度滞后的省市重点项目进展情况统计表', '', '', '', '', '', '', '', '', '', ''],
    ['填表日期：2022年3月4日', '', '', '', '', '', '', '', '报送单位：第三组（高新区）', '', ''],
    header,
    ...[0, 1, 2].map((i) => [String(i + 1), names[i]!, '厂房及配套', '2021.03-2023.12', String(TOTAL[i]), String(PLAN[i]), String(DONE[i]), '主体施工', '土地手续未办结,市自然资源局', '正在协调', '高新区']),
    ['合计', '', '', '', String(SUMS.total), String(SUMS.plan), String(SUMS.completed), '', '', '', ''],
  ];
  const csv = (rows: string[][], separator: string, eol = '\r\n'): string =>
    rows.map((r) => r.map((f) => (f.includes(separator) || f.includes('"') || f.includes('\n') ? `"${f.replace(/"/g, '""')}"` : f)).join(separator)).join(eol) + eol;

  async function expectTable(name: string, bytes: Uint8Array | string, names = NAMES, encoding: string | null = null): Promise<void> {
    const { result, table } = await one(tmp.file(name, bytes));
    expect(texts(table, 'name')).toEqual(names);
    expect(amounts(table, 'total')).toEqual(TOTAL);
    expect(result.fillDate).toBe('2022-03-04');
    expect(result.group).toBe(3);
    const notices = result.issues.filter((i) => i.code === 'file-encoding');
    expect(notices.map((n) => n.message.includes(encoding ?? '')), name).toEqual(encoding === null ? [] : [true]);
    expect(result.issues.filter((i) => i.code !== 'file-encoding')).toEqual([]);
  }

  it('; separators (Excel on a machine with a European list separator), a half-width comma inside a text', async () => {
    await expectTable('第三组-分号.csv', csv(records(), ';'));
  });

  it('quoted multi-line cells (a header and a 存在问题 with line breaks), CRLF inside the quotes', async () => {
    const rows = records();
    rows[2] = header.map((h) => h.replace('(万元)', '\r\n(万元)'));
    rows[3]![8] = '1.土地手续未办结；\r\n2.市自然资源局';
    await expectTable('第三组-换行.csv', `\uFEFF${csv(rows, ',')}`);
  });

  it('GB18030 four-byte characters in a project name (𠮷, 䶮), saved as “ANSI” by Chinese Windows', async () => {
    const names = ['高新区𠮷祥智能传感器产业园一期', '高新区数字港二期（䶮园）', NAMES[2]!];
    await expectTable('第三组-四字节.csv', new Uint8Array(iconv.encode(csv(records(names), ','), 'gb18030')), names, 'GBK');
  });

  it('Excel’s “Unicode text”: UTF-16LE, tabs, .txt, numbers shown as 48,000 in quotes', async () => {
    const rows = records().map((r, i) => (i >= 3 && i <= 5 ? r.map((f, c) => (c === 4 ? Number(f).toLocaleString('en-US') : f)) : r));
    const text = csv(rows, '\t');
    await expectTable('第三组-Unicode文本.txt', new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), NAMES, 'UTF-16');
  });

  it('TRUE/FALSE as Excel exports a logical cell: 是/否 in a text column, not a number in an amount', async () => {
    const rows = records();
    rows[3]![2] = 'TRUE';
    rows[4]![2] = 'FALSE';
    rows[5]![5] = 'TRUE';
    const { result, table } = await one(tmp.file('第三组-逻辑值.csv', `\uFEFF${csv(rows, ',')}`));
    expect(texts(table, 'overview').slice(0, 2)).toEqual(['是', '否']);
    expect(amounts(table, 'plan')[2]).not.toBe(1);
    expect(codes({ result, table, path: '' })).toContainEqual(['number-invalid', 'F6']);
  });

  it('UTF-8 without a BOM (a Mac, LibreOffice or a script wrote it)', async () => {
    await expectTable('第三组-无BOM.csv', new TextEncoder().encode(csv(records(), ',')));
  });

  it('UTF-16LE without tabs: comma-separated, with its BOM', async () => {
    await expectTable('第三组-UTF16逗号.csv', new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(records(), ','), 'utf16le')])), NAMES, 'UTF-16');
  });

  it('UTF-16BE with its BOM, tab-separated', async () => {
    const le = Buffer.from(csv(records(), '\t'), 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i + 1 < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    await expectTable('第三组-UTF16BE.txt', new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), NAMES, 'UTF-16');
  });

  it('GBK with amounts quoted as "48,000" and a semicolon inside a text', async () => {
    const rows = records().map((r, i) => (i >= 3 && i <= 5 ? r.map((f, c) => (c === 4 ? Number(f).toLocaleString('en-US') : c === 8 ? `${f}；另：待批` : f)) : r));
    await expectTable('第三组-GBK千分位.csv', new Uint8Array(iconv.encode(csv(rows, ','), 'gbk')), NAMES, 'GBK');
  });

  it('UTF-8 with a BOM, LF line ends, trailing empty fields cut short (WPS)', async () => {
    const rows = records().map((r) => {
      const copy = [...r];
      while (copy.length > 0 && copy[copy.length - 1] === '') copy.pop();
      return copy;
    });
    await expectTable('第三组-WPS.csv', `\uFEFF${csv(rows, ',', '\n')}`);
  });
});
