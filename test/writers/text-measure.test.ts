import { describe, expect, it } from 'vitest';
import { breakLines, charEm, textWidth, visibleChars } from '../../src/writers/text-measure.js';

/** The body of the 月报: 三号 (16 pt) at −0.25 pt, 156 mm wide, first line indented two characters. */
const BODY = { size: 16, spacing: -5 };
const WIDTH = 8845;

describe('text width', () => {
  it.each([
    ['中', 1],
    ['，', 1],
    ['“', 1],
    ['—', 1],
    ['0', 0.5],
    ['W', 0.944],
    [' ', 0.25],
  ])('%s is %s em', (ch, em) => expect(charEm(ch)).toBe(em));

  it('adds the character spacing after every character', () => {
    expect(textWidth('重点项目', 16)).toBe(4 * 320);
    expect(textWidth('重点项目', 16, -5)).toBe(4 * 315);
    expect(textWidth('2022年', 16)).toBe(4 * 160 + 320);
  });
});

describe('line breaking', () => {
  it('sets 28 characters a line, 26 after the two-character indent (GB/T 9704)', () => {
    const text = '重'.repeat(26 + 28 * 2 + 3);
    const lines = breakLines(text, WIDTH, { ...BODY, firstLine: 640 });
    expect(lines.map((l) => [...l].length)).toEqual([26, 28, 28, 3]);
  });

  it('hangs one closing mark in the margin rather than start a line with it', () => {
    const lines = breakLines(`${'重'.repeat(28)}。后面`, WIDTH, BODY);
    expect(lines).toEqual([`${'重'.repeat(28)}。`, '后面']);
  });

  it('moves a character down with two closing marks, and never ends a line with an opening mark', () => {
    expect(breakLines(`${'重'.repeat(28)}。”后面`, WIDTH, BODY)).toEqual([`${'重'.repeat(27)}`, '重。”后面']);
    expect(breakLines(`${'重'.repeat(27)}“引号”`, WIDTH, BODY)).toEqual([`${'重'.repeat(27)}`, '“引号”']);
  });

  it('does not split a number or a Latin word', () => {
    const lines = breakLines(`${'重'.repeat(27)}2022年`, WIDTH, BODY);
    expect(lines).toEqual([`${'重'.repeat(27)}`, '2022年']);
  });

  it('the widest reader (no Times New Roman) makes more lines of digits, never fewer', () => {
    // 24 characters and four digits: 26 em for Word, one line after the indent; over 26 for the widest.
    const text = `${'重'.repeat(12)}2022${'重'.repeat(12)}`;
    expect(breakLines(text, WIDTH, { ...BODY, firstLine: 640 })).toHaveLength(1);
    expect(breakLines(text, WIDTH, { ...BODY, firstLine: 640, metrics: 'wide' })).toHaveLength(2);
    expect(textWidth(text, 16, 0, 'wide')).toBeGreaterThan(textWidth(text, 16));
    expect(breakLines('重'.repeat(100), WIDTH, { ...BODY, metrics: 'wide' })).toEqual(breakLines('重'.repeat(100), WIDTH, BODY));
  });

  it('the tightest reader sets two marks in a row in one and a half em', () => {
    // 29 characters with four pairs of marks: two lines for Word, one for a reader compressing punctuation.
    const text = `${'重点项目）；'.repeat(4)}${'重'.repeat(5)}`;
    expect([...text]).toHaveLength(29);
    expect(breakLines(text, WIDTH, BODY)).toHaveLength(2);
    expect(breakLines(text, WIDTH, { ...BODY, metrics: 'tight' })).toEqual([text]);
  });

  it('counts visible characters without punctuation', () => {
    expect(visibleChars('动。')).toBe(1);
    expect(visibleChars('（第三组）')).toBe(3);
  });
});
