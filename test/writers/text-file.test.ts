/** The plain text files xmb writes (催报退回.txt): BOM, CRLF, and the character policy of every written file. */
import { describe, expect, it } from 'vitest';
import { windowsTextBytes } from '../../src/writers/text-file.js';

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('windowsTextBytes', () => {
  it('starts with a BOM and ends every line with CRLF, line breaks inside a line too', () => {
    expect(decode(windowsTextBytes(['第一行', '第二\n行', '第三\r\n行']))).toBe('\uFEFF第一行\r\n第二\r\n行\r\n第三\r\n行\r\n');
  });

  it('drops control and direction characters copied from a cell and replaces half a surrogate pair', () => {
    const text = decode(windowsTextBytes(['G5：项目\u0007名称\u202e有误', '生僻字\ud842', '分页\u000c之后']));
    expect(text).toBe('\uFEFFG5：项目名称有误\r\n生僻字\ufffd\r\n分页\r\n之后\r\n');
    // a whole astral character stays as it is
    expect(decode(windowsTextBytes(['𠀀']))).toBe('\uFEFF𠀀\r\n');
  });
});
