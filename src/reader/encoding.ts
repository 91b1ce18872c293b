/**
 * Which encoding a text file is in — CSV and tab-separated 'Unicode text' from Excel/WPS, and
 * xmb.config.json edited in Notepad — decided from the bytes, never guessed blindly:
 * 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
 * 2. UTF-16 without a mark, told by its zero bytes (ASCII characters have one in every pair);
 * 3. valid UTF-8 (pure ASCII included) is UTF-8;
 * 4. otherwise GB18030 (which includes GBK and GB2312: what Excel on Chinese Windows and Notepad's
 *    "ANSI" write), when it decodes without error and reads as Chinese text (most non-ASCII
 *    characters are CJK ideographs or CJK/full-width punctuation);
 * 5. anything else is refused with its reason (e.g. Big5, or binary data).
 * Node's own TextDecoder does the decoding (with full ICU, as Node ships by default).
 */

export type TextEncodingId = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** The Chinese name of each encoding, as a clerk knows it from Excel's and Notepad's save dialogs. */
export const ENCODING_NAMES: Record<TextEncodingId, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16（Unicode）',
  'utf-16be': 'UTF-16 大端（Unicode big endian）',
  'gb18030': 'GBK（GB18030，“ANSI”）',
};

export type DecodedText =
  | {
      ok: true;
      text: string;
      encoding: TextEncodingId;
      /** A byte-order mark was there (and is not in `text`). */
      bom: boolean;
    }
  | { ok: false; /** Chinese, names what the bytes looked like. */ reason: string };

/** Share of non-ASCII characters that must be CJK for GB18030 bytes to count as Chinese text. */
const CHINESE_SHARE = 0.8;

function decode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** CJK ideographs (with extension A and compatibility), CJK punctuation, full-width forms, general punctuation (“”…—). */
const isChinese = (code: number): boolean =>
  (code >= 0x4e00 && code <= 0x9fff) ||
  (code >= 0x3400 && code <= 0x4dbf) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0x3000 && code <= 0x303f) ||
  (code >= 0xff00 && code <= 0xffef) ||
  (code >= 0x2010 && code <= 0x206f) ||
  code === 0x00b7 ||
  code === 0x00d7;

function chineseShare(text: string): number {
  let other = 0;
  let chinese = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) continue;
    if (isChinese(code)) chinese++;
    else other++;
  }
  return chinese + other === 0 ? 1 : chinese / (chinese + other);
}

/** Zero bytes at even or odd offsets among the first 4 KB: UTF-16 without a byte-order mark. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.3 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.3 && odd < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * Decodes the bytes of a text file, telling its encoding as above. The text has no byte-order mark.
 * Never throws.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const startsWith = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  const done = (encoding: TextEncodingId, bom: boolean, start: number): DecodedText => {
    const text = decode(bytes.subarray(start), encoding);
    if (text === undefined) return { ok: false, reason: `文件开头标明是 ${ENCODING_NAMES[encoding]} 编码，但内容不是有效的 ${ENCODING_NAMES[encoding]} 文字` };
    return { ok: true, text, encoding, bom };
  };
  if (startsWith(0xef, 0xbb, 0xbf)) return done('utf-8', true, 3);
  if (startsWith(0xff, 0xfe, 0x00, 0x00) || startsWith(0x00, 0x00, 0xfe, 0xff))
    return { ok: false, reason: '文件是 UTF-32 编码' };
  if (startsWith(0xff, 0xfe)) return done('utf-16le', true, 2);
  if (startsWith(0xfe, 0xff)) return done('utf-16be', true, 2);
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    const text = decode(bytes, utf16);
    if (text !== undefined && !text.includes('\0')) return { ok: true, text, encoding: utf16, bom: false };
  }
  if (bytes.includes(0)) return { ok: false, reason: '文件中有二进制数据，不是文本文件' };
  const utf8 = decode(bytes, 'utf-8');
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'utf-8', bom: false };
  const gb = decode(bytes, 'gb18030');
  if (gb !== undefined && chineseShare(gb) >= CHINESE_SHARE) return { ok: true, text: gb, encoding: 'gb18030', bom: false };
  const big5 = decode(bytes, 'big5');
  if (big5 !== undefined && chineseShare(big5) >= CHINESE_SHARE) return { ok: false, reason: '文件像是繁体中文 Big5 编码' };
  return { ok: false, reason: '文件既不是 UTF-8 也不是 GBK 编码（可能已损坏或是其他语言的编码）' };
}
