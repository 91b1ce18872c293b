import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { describeCopy, wrapToWidth } from '../../src/output/validation-text.js';

describe('wrapping findings for the terminal', () => {
  const cases: [string, string, number][] = [
    ['a number is never split', '年度计划投资“120,172”是按文字填写的，已读作 591000（万元）；请核对', 12],
    ['an error value is never split', '第6行“截至完成投资(万元)”的公式出错（#REF!，引用的单元格已被删除）', 10],
    ['a cell reference is never split', '与第4行重复，见单元格 AB1234 和 G7 的说明文字', 9],
  ];
  it.each(cases)('%s', (_name, text, width) => {
    const lines = wrapToWidth(text, width).split('\n');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    // Nothing lost but the spaces a line break replaces.
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    for (const token of text.match(/[\x21-\x7e，,.%]+/g) ?? []) expect(lines.some((l) => l.includes(token)), token).toBe(true);
  });

  it('cuts a token longer than a line rather than overflow', () => {
    const lines = wrapToWidth('1234567890123', 5).split('\n');
    expect(lines).toEqual(['12345', '67890', '123']);
  });
});

describe('what each annotated copy holds', () => {
  const copy = { file: '下载/a.xlsx', path: '退回/a_批注.xlsx', findings: 3 };
  it.each([
    [{ ...copy, content: 'original' as const, reason: null, cells: 2 }, /^原表，已标注 2 个单元格$/],
    [{ ...copy, content: 'original' as const, reason: null, cells: 0 }, /^原表，没有可标注的单元格，问题见“校验结果”页$/],
    [
      { ...copy, content: 'rebuilt' as const, reason: '原表按原样另存会改变 1 处内容（如 进度滞后!B2原为日期 2022-03-04，副本中为2022）', cells: 2 },
      /^按读出的内容重建，已标注 2 个单元格；原表的字体、颜色、边框和公式未保留，因为原表按原样另存会改变 1 处内容（如 进度滞后!B2/,
    ],
    [{ ...copy, content: 'summary' as const, reason: '原文件无法读取', cells: 0 }, /^只有“校验结果”一页（3 个问题），未在原表上标注，因为原文件无法读取$/],
  ])('%#', (c, expected) => {
    expect(describeCopy(c)).toMatch(expected);
  });
});
