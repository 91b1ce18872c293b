/**
 * Encoders for the files Chinese Windows writes, for tests: Node's TextEncoder only writes UTF-8, so
 * the GBK table is built from Node's own GB18030 decoder (every two-byte sequence, decoded once).
 */
let gbkTable: Map<string, number[]> | undefined;

function table(): Map<string, number[]> {
  if (gbkTable) return gbkTable;
  gbkTable = new Map();
  const decoder = new TextDecoder('gb18030', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      let char: string;
      try {
        char = decoder.decode(new Uint8Array([lead, trail]));
      } catch {
        continue;
      }
      if (char.length === 1 && char !== '\uFFFD' && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
    }
  return gbkTable;
}

/** The GBK bytes of a text (what Excel's "CSV (逗号分隔)" and Notepad's "ANSI" write on Chinese Windows). Throws for a character GBK lacks. */
export function encodeGbk(text: string): Uint8Array {
  const out: number[] = [];
  const map = table();
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = map.get(char);
      if (!bytes) throw new Error(`GBK has no ${char}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

/** UTF-16LE bytes, with the byte-order mark Excel's "Unicode 文本" and Notepad's "Unicode" write unless `bom` is false. */
export function encodeUtf16le(text: string, bom = true): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
}

/** UTF-16BE bytes with a byte-order mark. */
export function encodeUtf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), le]));
}
