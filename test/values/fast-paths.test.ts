/**
 * The per-cell fast paths (issue 9) read every text exactly as the general path does: each case is
 * read once as written (fast path when it applies) and once in a form that forces the general path
 * but means the same (a leading space or full-width space, which normalising removes).
 */
import { describe, expect, it } from 'vitest';
import { footerKind } from '../../src/table/footer.js';
import { parsePeriodText } from '../../src/values/period.js';
import { LEAD_BLANK, LEAD_UNKNOWN, formatNumber, isPlaceholder, isSqueezed, leadingChar, leadingCode } from '../../src/values/text.js';
import { squeeze } from '../../src/rules/util.js';

describe('footerKind: a cell told by its first character reads as normalising it would', () => {
  const texts = [
    '合计', '总计', '总合计', '小计', '全区合计', '高新区合计（3个）', '3个项目合计', '产业项目小计', '填表人：张三', '审核人',
    '联系电话：0371-1234', '制表人', '单位负责人', '负责人：李四', '备注：无', '注：单位万元', '说明：', '填报说明', '填表说明',
    '高新区', '1', '0', '项目名称', '合 计', '小  计', '计划', '合同', '统计', '⼩计', '㊟：单位万元', '🈴计', 'ＡＢＣ', '说', '',
    '  ', '\n合计', '高新区合\n计', '建设内容包括合计算中心', '总投资', '单位', '负担',
  ];
  const rows: string[][] = [];
  for (const a of texts) {
    rows.push([a]);
    for (const b of texts) rows.push([a, b], ['0', a, b]);
  }
  it.each(rows.map((row) => [row]))('%j', (row) => {
    // U+3000 before a text is not NFKC-stable, so footerKind normalises that text; NFKC makes it a space, which it ignores.
    expect(footerKind(row)).toBe(footerKind(row.map((t) => `\u3000${t}`)));
  });
  it('can tell a footer from a data row', () => {
    expect(footerKind(['0', '高新区合计'])).toBe(null);
    expect(footerKind(['高新区合计', '100'])).toBe('total');
    expect(footerKind(['1', '项目', '填表人：张三'])).toBe('end');
  });
});

describe('parsePeriodText: 2021.03-2023.12 read without normalising as with it', () => {
  const cases = [
    '2021.03-2023.12', '2021.3-2023.12', '2021/03-2023/12', '2021/3-2023.12', '2021.12-2021.01', '2021.00-2023.12',
    '2021.13-2023.12', '1899.01-2023.12', '2021.01-2101.01', '2100.12-2100.12', '1900.1-1900.1', '2021.03-2023.99',
  ];
  it.each(cases)('%s', (text) => {
    expect(parsePeriodText(text)).toEqual(parsePeriodText(` ${text}`));
  });
  it('reads the usual form as a period', () => {
    expect(parsePeriodText('2021.03-2023.12')).toEqual({ kind: 'period', startYear: 2021, startMonth: 3, endYear: 2023, endMonth: 12, yearOnly: false });
    expect(parsePeriodText('2021.13-2023.12')).toBe(null);
  });
});

describe('formatNumber: no float noise, the same with or without the short cut', () => {
  const values = [
    0.1 + 0.2, 1234.56, 12345.678, -0.015, 0.000123, 1e-7, 123456789.123456, 98765.4321, 1 / 3, 2 / 3, 1e21 + 0.5, 1.5e-10,
    123456789012.5, 1234567890123.25, 0.30000000000000004, 99999.99999999999, -1234.5,
  ];
  it.each(values)('%s', (value) => {
    expect(formatNumber(value)).toBe(String(Number(value.toPrecision(12))));
  });
});

describe('isPlaceholder: a text told by its first character’s code reads as normalising it would', () => {
  const texts = [
    '—', '－', '-', '–', '/', '\\', '无', '暂无', '空', 'N/A', 'n/a', 'NA', '——', '//', '无 ', ' 暂 无', '有', '高新区', '1', '0',
    '项目名称', '无锡', '空港', 'Nothing', '/ 无', '⁄', '⼀', '＼', '∕', '', ' ', '\n', '㊀', '🈚', '暂', 'ＮＡ', 'Ｎ/Ａ',
  ];
  it.each(texts)('%j', (text) => {
    // U+3000 before a text is not NFKC-stable, so isPlaceholder normalises it; NFKC makes it a space, which it ignores.
    expect(isPlaceholder(text)).toBe(isPlaceholder(`\u3000${text}`));
  });
  it('tells placeholders from values', () => {
    expect(isPlaceholder('暂无')).toBe(true);
    expect(isPlaceholder('无锡')).toBe(false);
  });
});

describe('leadingCode: the first character’s code, as leadingChar tells it', () => {
  const texts = ['合计', '  小计', '\t填表人', '1', 'abc', '', '   ', '\u3000合计', 'ｱ', '合\u0301', '⼩计', '“引号”'];
  it.each(texts)('%j', (text) => {
    const code = leadingCode(text);
    const char = leadingChar(text);
    if (code === LEAD_BLANK) expect(char).toBe('');
    else if (code === LEAD_UNKNOWN) expect(char).toBe(undefined);
    else {
      expect(char).toBe(String.fromCharCode(code));
      // What normalising would give as the first character.
      expect(text.normalize('NFKC').replace(/\s+/g, '')[0]).toBe(char);
    }
  });
});

describe('squeeze (rules/util.ts): a plain text given back as it is, as normalising and removing whitespace would give it', () => {
  const texts = [
    '高新区智能制造产业园项目', 'ABC-123', '项目（一期）', '项目(一期)', '项目 一期', '项目\n一期', ' 项目', '项目\t', '',
    '“引号”', '‘单引号’', '、。〈〉《》「」『』【】', 'ｱｲｳ', '１２３', '\u00a0项目', '项目\u3000一期', '㈱', '⑴', 'ﬁ', 'e\u0301',
    'é', 'Å', '\ufeff项目', '项目\u200b', '¨', '\u2028',
  ];
  it.each(texts)('%j', (text) => {
    expect(squeeze(text)).toBe(text.normalize('NFKC').replace(/\s+/g, ''));
    if (isSqueezed(text)) expect(squeeze(text)).toBe(text);
  });
});
