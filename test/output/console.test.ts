/**
 * The console on Windows (code page 936) and elsewhere: ✓ ✗ become GBK's √ ×, box drawing becomes
 * ASCII where the console gives it two columns, and piped output is encoded in the console's code
 * page; a UTF-8 console and Linux get everything unchanged.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { codePageOfLocale, consolePlan, consoleText, setupConsole } from '../../src/output/console.js';
import { REPO_ROOT } from '../support/cli.js';

const zh = () => 'zh-CN';
const en = () => 'en-US';
const never = () => {
  throw new Error('the locale is asked only on Windows');
};

describe('consolePlan', () => {
  it.each([
    ['Linux terminal', {}, 'linux', true, never, { gbkSymbols: false, asciiBoxes: false, encoding: 'utf8' }],
    ['Linux pipe', {}, 'linux', false, never, { gbkSymbols: false, asciiBoxes: false, encoding: 'utf8' }],
    ['cmd.exe on 936 (launcher)', { XMB_CODEPAGE: '936' }, 'win32', true, en, { gbkSymbols: true, asciiBoxes: true, encoding: 'utf8' }],
    ['cmd.exe on 936, redirected', { XMB_CODEPAGE: '936' }, 'win32', false, en, { gbkSymbols: true, asciiBoxes: true, encoding: 'cp936' }],
    ['chcp 65001', { XMB_CODEPAGE: '65001' }, 'win32', false, zh, { gbkSymbols: false, asciiBoxes: false, encoding: 'utf8' }],
    ['“Active code page: 65001.”', { XMB_CODEPAGE: '65001.' }, 'win32', true, zh, { gbkSymbols: false, asciiBoxes: false, encoding: 'utf8' }],
    ['exe on Chinese Windows, piped (no launcher)', {}, 'win32', false, zh, { gbkSymbols: true, asciiBoxes: true, encoding: 'cp936' }],
    ['exe on English Windows, piped', {}, 'win32', false, en, { gbkSymbols: true, asciiBoxes: true, encoding: 'utf8' }],
    ['cp437 console', { XMB_CODEPAGE: '437' }, 'win32', false, en, { gbkSymbols: true, asciiBoxes: false, encoding: 'cp437' }],
    ['XMB_ENCODING=utf8 on Windows', { XMB_ENCODING: 'UTF-8', XMB_CODEPAGE: '936' }, 'win32', false, zh, { gbkSymbols: false, asciiBoxes: false, encoding: 'utf8' }],
    ['XMB_ENCODING=gbk on Linux, piped', { XMB_ENCODING: 'gbk' }, 'linux', false, never, { gbkSymbols: true, asciiBoxes: true, encoding: 'gbk' }],
  ] as const)('%s', (_label, env, platform, tty, locale, expected) => {
    expect(consolePlan(env, platform, tty, locale)).toEqual(expected);
  });

  it('maps display languages to code pages', () => {
    expect(codePageOfLocale('zh-CN')).toBe(936);
    expect(codePageOfLocale('zh-Hans-CN')).toBe(936);
    expect(codePageOfLocale('zh-TW')).toBe(950);
    expect(codePageOfLocale('en-US')).toBeUndefined();
  });
});

describe('consoleText', () => {
  const gbk = { gbkSymbols: true, asciiBoxes: true, encoding: 'cp936' };
  it('replaces ✓ ✗ and box drawing, keeps Chinese and other punctuation', () => {
    expect(consoleText('  ✓ 校验通过。', gbk)).toBe('  √ 校验通过。');
    expect(consoleText('  ✗ 第三组（高新区）', gbk)).toBe('  × 第三组（高新区）');
    expect(consoleText('┌──┬──┐\n│组│状│\n├──┼──┤\n└──┴──┘', gbk)).toBe('+--+--+\n|组|状|\n+--+--+\n+--+--+');
    expect(consoleText('“总投资”—…', gbk)).toBe('“总投资”—…');
  });
  it('changes nothing for a UTF-8 console', () => {
    const text = '✓ ✗ ┌─┐│';
    expect(consoleText(text, { gbkSymbols: false, asciiBoxes: false, encoding: 'utf8' })).toBe(text);
  });
  it('keeps the display width of every line (tables stay aligned)', () => {
    const table = '┌────┬──┐\n│ 第三组 │ ✓ │\n└────┴──┘';
    const out = consoleText(table, gbk).split('\n');
    expect(out.map((l) => [...l].length)).toEqual(table.split('\n').map((l) => [...l].length));
  });
});

/** A stream that keeps what it is given. */
function sink(isTTY: boolean): NodeJS.WriteStream & { chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  }) as unknown as NodeJS.WriteStream & { chunks: Buffer[] };
  stream.isTTY = isTTY;
  stream.chunks = chunks;
  return stream;
}

describe('setupConsole', () => {
  it('writes GBK bytes to a redirected stream on a code page 936 console', async () => {
    const out = sink(false);
    await setupConsole({ XMB_CODEPAGE: '936' }, 'win32', [out]);
    out.write('✗ 第12组（航空港区）缺 进度滞后\n');
    const bytes = Buffer.concat(out.chunks);
    expect(new TextDecoder('gbk', { fatal: true }).decode(bytes)).toBe('× 第12组（航空港区）缺 进度滞后\n');
  });

  it('leaves Linux output alone', async () => {
    const out = sink(false);
    await setupConsole({}, 'linux', [out]);
    out.write('✓ ┌─┐\n');
    expect(Buffer.concat(out.chunks).toString('utf8')).toBe('✓ ┌─┐\n');
  });
});

describe('what xmb prints, on a code page 936 console', () => {
  it('the sample week’s status report is all GBK, tables in ASCII, marks in √ ×', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'xmb.js'), 'status', '--week', '2022-W09', '--inbox', 'fixtures/inbox'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', XMB_ENCODING: 'gbk', XMB_NOW: '2022-03-05T10:00:00+08:00' },
    });
    expect(run.status).toBe(0);
    const text = new TextDecoder('gbk', { fatal: true }).decode(run.stdout);
    expect(text).toContain('中牟县');
    expect(text).not.toMatch(/[\u2500-\u257F✓✗]/);
    expect(text).toMatch(/^\+[-+]+\+$/m);
    // Nothing became “?” that was not one before.
    const utf8 = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'xmb.js'), 'status', '--week', '2022-W09', '--inbox', 'fixtures/inbox'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', XMB_NOW: '2022-03-05T10:00:00+08:00' },
      encoding: 'utf8',
    });
    expect(text.split('?').length).toBe(utf8.stdout.split('?').length);
  });
});
