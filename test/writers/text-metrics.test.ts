/**
 * Row heights and column widths are computed by xmb (no program fits rows to their text when it
 * opens a file): how many lines a text wraps to, how wide a column must be for its amounts and
 * header, and the base font that makes a width mean the same in Excel, WPS and LibreOffice.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  CALIBRI_METRICS,
  SONG_METRICS,
  fitColumnWidths,
  formattedAmount,
  heightForLines,
  layoutOfficialSheet,
  writeDataRow,
  wrappedLines,
  type OfficialColumn,
} from '../../src/writers/official-sheet.js';
import { setBaseFont, workbookBytes } from '../../src/writers/save.js';

const song = { metrics: SONG_METRICS };

describe('wrappedLines (宋体 base)', () => {
  const cases: { text: string; width: number; fontSize?: number; indent?: boolean; lines: number }[] = [
    { text: '', width: 10, lines: 1 },
    { text: '中原区', width: 10, lines: 1 },
    // 16 characters of 1.875 units: 30 units, in a column of 32 (usable 31.5) one line, of 31 (30.5) …
    { text: '一二三四五六七八九十一二三四五六', width: 32, lines: 1 },
    { text: '一二三四五六七八九十一二三四五六', width: 30, lines: 2 },
    // … and with an indent (1.4 units) in 32 too.
    { text: '一二三四五六七八九十一二三四五六七', width: 32, indent: true, lines: 2 },
    // Line breaks in the text are kept.
    { text: '截至完成投资\n(万元)', width: 20, lines: 2 },
    { text: '甲\n\n乙', width: 20, lines: 3 },
    // A Latin word is not broken when it fits on the next line …
    { text: '中原区中原区 lagging', width: 14, lines: 2 },
    // … a word longer than a line starts a new line and is broken between characters.
    { text: '第09组_惠济区_lagging+provincial+municipal_20220304-0919.xlsx', width: 28, fontSize: 9, lines: 3 },
    // A filed name with Chinese kind names breaks anywhere between characters: two lines at 9 pt.
    { text: '第09组_惠济区_进度滞后+省领导联系+市领导联系_20220304-0919.xlsx', width: 28, fontSize: 9, indent: true, lines: 2 },
    { text: '第08组_管城回族区_进度滞后_20220303-1416.xlsx', width: 38, fontSize: 9, indent: true, lines: 1 },
    // Break after a hyphen.
    { text: '2021.03-2023.12', width: 9, lines: 2 },
    // Digits with no break opportunity: broken between characters.
    { text: '12345678901234567890', width: 11, lines: 2 },
  ];
  for (const c of cases)
    it(`${JSON.stringify(c.text)} in ${c.width}${c.fontSize ? ` at ${c.fontSize} pt` : ''} → ${c.lines}`, () =>
      expect(wrappedLines(c.text, c.width, { ...song, fontSize: c.fontSize, indent: c.indent })).toBe(c.lines));

  it('a 宋体 unit holds more characters than a Calibri one', () => {
    const text = '一二三四五六七八九十一二三四五六七八九十';
    expect(wrappedLines(text, 30, song)).toBeLessThanOrEqual(wrappedLines(text, 30, { metrics: CALIBRI_METRICS }));
  });

  it('rows are as tall as their lines: one line is the minimum, each further line adds a line', () => {
    expect(heightForLines(1, 24, SONG_METRICS)).toBe(24);
    const two = heightForLines(2, 24, SONG_METRICS);
    const three = heightForLines(3, 24, SONG_METRICS);
    expect(three - two).toBeCloseTo(SONG_METRICS.lineHeight, 0);
    expect(two).toBeLessThan(2.5 * SONG_METRICS.lineHeight);
  });
});

describe('fitColumnWidths', () => {
  const columns: OfficialColumn[] = [
    { label: '序号', width: 5, type: 'serial' },
    { label: '项目名称', width: 20, type: 'text' },
    { label: '总投资\n(万元)', width: 8, type: 'amount' },
    { label: '年度计划投资\n(万元)', width: 8, type: 'amount' },
    { label: '所在区\n(县)', width: 8, type: 'district' },
  ];
  const rows = [
    [1, '一个名字很长很长很长很长很长很长很长的项目', 539000, 2000, '管城回族区'],
    [null, '合计', 18449200, 2000, null],
  ];
  const fitted = fitColumnWidths(columns, rows, SONG_METRICS);

  it('makes an amount column wide enough for its longest amount as printed', () => {
    expect(formattedAmount(18449200)).toBe('18,449,200.00 ');
    expect(formattedAmount(-1234.5)).toBe('-1,234.50 ');
    expect(wrappedLines(formattedAmount(18449200), fitted[2]!.width, song)).toBe(1);
  });

  it('makes every header line fit on one line (no 资 left alone)', () => {
    expect(wrappedLines('年度计划投资', fitted[3]!.width, song)).toBe(1);
  });

  it('grows a short centred column a little, and leaves text columns to wrap', () => {
    expect(wrappedLines('管城回族区', fitted[4]!.width, song)).toBe(1);
    expect(fitted[1]!.width).toBe(20);
    expect(fitted[0]!.width).toBeGreaterThanOrEqual(5);
  });
});

describe('the 宋体 base font', () => {
  it('replaces the Normal style font in styles.xml, and nothing else', () => {
    const styles =
      '<styleSheet><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><sz val="20"/><name val="黑体"/></font></fonts></styleSheet>';
    const out = setBaseFont(styles, { name: '宋体', size: 11, charset: 134 });
    expect(out).toContain('<fonts count="2"><font><sz val="11"/><color theme="1"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><sz val="20"/><name val="黑体"/></font>');
    expect(out).not.toContain('Calibri');
  });

  it('is written into a workbook saved with it, and widths and heights follow from it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('表');
    const layout = layoutOfficialSheet(sheet, {
      kind: 'lagging',
      year: 2022,
      title: '标题',
      fillDateText: '填表日期：',
      columns: [
        { label: '组别', width: 9, type: 'district' },
        { label: '说明', width: 20, type: 'text' },
      ],
      metrics: SONG_METRICS,
    });
    const one = writeDataRow(sheet, layout, 4, ['第一组', '短']);
    const three = writeDataRow(sheet, layout, 5, ['第一组', '一二三四五六七八九十一二三四五六七八九十一二三四五']);
    expect(one.height).toBe(24);
    expect(three.height).toBe(heightForLines(3, 24, SONG_METRICS));
    const bytes = await workbookBytes(workbook, undefined, { baseFont: SONG_METRICS.baseFont });
    const files = unzipSync(bytes);
    expect(strFromU8(files['xl/styles.xml']!)).toMatch(/<fonts[^>]*><font><sz val="11"\/><color theme="1"\/><name val="宋体"\/>/);
    // exceljs drops a width of exactly 9 (its default): the 组别 column must still be written.
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toMatch(/<col min="1" max="1" width="9\.01"/);
  });
});
