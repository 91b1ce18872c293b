import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapToWidth } from '../../src/output/validation-text.js';

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
