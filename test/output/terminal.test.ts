/**
 * What reaches the terminal is safe: cell text with terminal escape codes (set the window title,
 * clear the screen) or a right-to-left override is shown escaped in every line xmb prints —
 * validate's report, --json, receive's lines, merge's and status's tables, one-line errors — and
 * the one function every output path uses (src/output/terminal.ts) never lets a sequence through
 * but a colour code.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonText, safeOutput, terminalSafe } from '../../src/output/terminal.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { bookParts, zipParts } from '../reader/helpers.js';
import { writeFileSync } from 'node:fs';

const root = mkdtempSync(join(tmpdir(), 'xmb-terminal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Anything a terminal would act on: C0 controls but LF, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
const DANGEROUS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Like DANGEROUS, but a colour code (ESC [ … m) is allowed. */
// eslint-disable-next-line no-control-regex
const dangerousBesidesColour = (text: string): boolean => DANGEROUS.test(text.replace(/\u001b\[[0-9;]*m/g, ''));

describe('terminalSafe, safeOutput, jsonText', () => {
  it.each([
    ['ESC ] OSC title + BEL', '\u001b]0;pwned\u0007', '␛]0;pwned␇'],
    ['clear screen', '\u001b[2J12', '␛[2J12'],
    ['carriage return', '500\r900', '500␍900'],
    ['a tab is a space', '甲\t乙', '甲 乙'],
    ['DEL', 'a\u007fb', 'a␡b'],
    ['C1 CSI', '\u009b2J', '<U+009B>2J'],
    ['right-to-left override', '\u202Eexe.xslx 项目', '<U+202E>exe.xslx 项目'],
    ['isolates and marks', '\u2066a\u2069\u200f', '<U+2066>a<U+2069><U+200F>'],
    ['line separator', 'a\u2028b', 'a<U+2028>b'],
    ['Chinese, full-width and line feeds unchanged', '高新区（一期）\n第二行—“引号”', '高新区（一期）\n第二行—“引号”'],
  ])('%s', (_name, input, shown) => {
    expect(terminalSafe(input)).toBe(shown);
    expect(DANGEROUS.test(terminalSafe(input))).toBe(false);
  });

  it('safeOutput keeps colour codes and nothing else', () => {
    const red = '\u001b[31m错误\u001b[39m';
    expect(safeOutput(`${red} \u001b]0;x\u0007 \u001b[2J \u202E`)).toBe(`${red} ␛]0;x␇ ␛[2J <U+202E>`);
    expect(safeOutput('纯文字')).toBe('纯文字');
  });

  it('jsonText parses back to the same values and shows no control character', () => {
    const value = { a: '\u001b]0;pwned\u0007', b: '\u202Eexe.xslx', c: 'x\u007fy\u0085', d: ['高新区', 1, null] };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(DANGEROUS.test(text.replace(/\n/g, ''))).toBe(false);
  });
});

/** A 附件2 table whose cells hold escape codes (written the OOXML way, _x001B_) and a right-to-left override. */
function hostileBook(): Uint8Array {
  const strings = [
    '进度滞后的省市重点项目进展情况统计表',
    '填表日期：2022年3月4日',
    '报送单位：第三组（高新区）',
    '序号', '项目名称', '起止年限(年月-年月)', '总投资(万元)', '年度计划投资(万元)', '截至完成投资(万元)', '进展情况', '存在问题及涉及单位', '所在区(县)',
    '_x001B_[2J_x001B_[H清屏项目',
    '\u202Eexe.xslx 项目',
    '_x001B_]0;pwned_x0007_12',
    '2021.03-2023.12',
    '施工中',
    '资金_x009B_2J不足',
    '高新区',
  ];
  const s = (i: number): string => `<c t="s"><v>${i}</v></c>`;
  const n = (v: number): string => `<c><v>${v}</v></c>`;
  const row = (r: number, cells: string): string => `<row r="${r}">${cells}</row>`;
  const data =
    row(1, s(0)) +
    row(2, s(1) + '<c/><c/><c/><c/>' + s(2)) +
    row(3, [3, 4, 5, 6, 7, 8, 9, 10, 11].map(s).join('')) +
    row(4, n(1) + s(12) + s(15) + n(48000) + n(32000) + s(14) + s(16) + s(17) + s(18)) +
    row(5, n(2) + s(13) + s(15) + n(36000) + n(16000) + n(15000) + s(16) + s(17) + s(18));
  return zipParts(bookParts({ sheets: [{ name: '进度滞后\u202E', data }], sharedStrings: strings }));
}

describe('every line xmb prints shows them escaped', () => {
  const caseFile = join(root, 'terminal-escape-in-amount.xlsx');
  copyFileSync(join(REPO_ROOT, 'test', 'cases', 'reading', 'terminal-escape-in-amount.xlsx'), caseFile);
  const variant = join(root, '第三组-\u001b]0;t\u0007进度\u202E.xlsx');
  writeFileSync(variant, hostileBook());

  const check = (run: { stdout: string; stderr: string }, colour = false): void => {
    for (const text of [run.stdout, run.stderr]) {
      if (colour) expect(dangerousBesidesColour(text)).toBe(false);
      else expect(DANGEROUS.test(text)).toBe(false);
    }
  };

  it.each([
    ['the case file', caseFile],
    ['a variant (escapes in a name, an amount, a problem, the sheet name and the file name)', variant],
  ])('validate, text and --json: %s', (_name, file) => {
    const text = runCli(['validate', file]);
    check(text);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('␛');
    const coloured = runCli(['validate', file], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    check(coloured, true);
    expect(coloured.stdout).toMatch(/\u001b\[\d+m/);
    const json = runCli(['validate', '--json', file]);
    check({ stdout: json.stdout.replace(/\n/g, ''), stderr: json.stderr });
    // The values themselves are kept: JSON parses back to the escape codes the cell holds.
    expect(json.stdout).toContain('\\u001b');
  });

  it('the variant: the override in a project name, a sheet name and a file name is shown as <U+202E>', () => {
    const run = runCli(['validate', variant]);
    expect(run.stdout).toContain('<U+202E>');
    expect(run.stdout).toContain('␛]0;pwned␇12');
  });

  it('receive, merge and status lines', () => {
    const inbox = join(root, '收件');
    const out = join(root, '汇总');
    const env = { XMB_NOW: '2022-03-04T11:00:00+08:00' };
    for (const file of [caseFile, variant]) check(runCli(['receive', file, '--inbox', inbox, '--group', '3'], { env }));
    const merge = runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', out], { env: { XMB_NOW: '2022-03-04T15:00:00+08:00' } });
    check(merge);
    expect(merge.code).not.toBe(3);
    check(runCli(['status', '--week', '2022-W09', '--inbox', inbox], { env }));
    check(runCli(['merge', '--week', '2022-W09', '--inbox', inbox, '--out', out, '--json'], { env: { XMB_NOW: '2022-03-04T15:00:00+08:00' } }));
  });

  it('one-line errors', () => {
    const missing = runCli(['validate', join(root, '\u001b[2J不存在\u202E.xlsx')]);
    expect(missing.code).toBe(2);
    check(missing);
    expect(missing.stderr).toContain('␛[2J不存在<U+202E>');
    check(runCli(['validate', variant, '--group', '\u001b[2J']));
    check(runCli(['merge', '--week', '\u001b]0;x\u0007']));
  });
});
