/**
 * What xmb may write into an OOXML part: the one character policy every writer goes through
 * (merged workbooks, annotated copies, templates, the 月报 .docx), whatever a district typed.
 *
 * XML 1.0 allows only tab, line feed, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and
 * U+10000–U+10FFFF (§2.2 “Char”). A district's cell can hold anything: OOXML writes control
 * characters as `_x0001_`, so a file that validates clean can carry U+0000–U+001F, U+FFFE/U+FFFF
 * and lone surrogates into xmb, and a writer that copies them out makes a workbook Excel refuses.
 *
 * The policy (one place, used by the writers and by the `text-invalid-character` rule):
 *   - tab, line feed, carriage return: kept;
 *   - vertical tab and form feed (U+000B, U+000C — Word's manual line/page break pasted into a cell): a line feed;
 *   - every other control character (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F): dropped;
 *   - a lone surrogate (half of an astral character): U+FFFD �, so the clerk sees that something was lost;
 *   - noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, U+nFFFE/U+nFFFF): dropped;
 *   - bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): dropped — they
 *     reorder what a reader sees (an amount or a name shown backwards) and no Chinese table needs them;
 *   - everything else, private-use characters and astral CJK (𠀀, 𪚥) included: kept as it is.
 *
 * Spreadsheet cells have two more rules, applied by `cellText` and `ooxmlEscapeLiterals`:
 *   - Excel holds at most 32,767 characters in a cell (a longer one makes it repair the file): the
 *     text is cut and ends with a visible mark;
 *   - SpreadsheetML reads `_xHHHH_` in text as an escaped character, so a clerk's literal
 *     “_x0041_” must be written `_x005F_x0041_` (an escaped “_”) to come back as “_x0041_”.
 */

/** Excel's limit on the characters of one cell (Excel specifications and limits). */
export const EXCEL_CELL_MAX_CHARS = 32_767;

/** Why a character cannot be written as it is. */
export type UnwritableKind = 'control' | 'surrogate' | 'noncharacter' | 'bidi';

/** Chinese names of the kinds, for findings. */
export const UNWRITABLE_NAMES: Record<UnwritableKind, string> = {
  control: '控制字符',
  surrogate: '残缺的字符（半个生僻字编码）',
  noncharacter: '非字符（U+FFFE 等）',
  bidi: '文字方向控制符',
};

const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** The kind of one code point that cannot be written as it is, or null. Tab, LF and CR are writable. */
export function unwritableKind(cp: number): UnwritableKind | null {
  if (cp < 0x20) return cp === 0x09 || cp === 0x0a || cp === 0x0d ? null : 'control';
  if (cp >= 0x7f && cp <= 0x9f) return 'control';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'surrogate';
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return 'noncharacter';
  if (BIDI.has(cp)) return 'bidi';
  return null;
}

/** Every character the policy changes (a quick test before walking a string). */
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** What the policy replaces a character with ('' = dropped). */
function replacement(cp: number, kind: UnwritableKind): string {
  if (kind === 'surrogate') return '\ufffd';
  if (cp === 0x0b || cp === 0x0c) return '\n';
  return '';
}

/**
 * The text with every character XML 1.0 or the policy above does not allow replaced or dropped.
 * Idempotent: writableText(writableText(s)) === writableText(s).
 */
export function writableText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  let out = '';
  for (const ch of text) {
    // for…of yields astral characters whole and a lone surrogate on its own.
    const cp = ch.codePointAt(0)!;
    const kind = unwritableKind(cp);
    out += kind === null ? ch : replacement(cp, kind);
  }
  return out;
}

/** What a text holds that cannot be written as it is: how many characters, of which kinds, the first one. */
export interface UnwritableReport {
  count: number;
  kinds: UnwritableKind[];
  /** U+XXXX of the first one. */
  first: string;
}

/** The characters of `text` that writableText would change, or null when there are none. */
export function findUnwritable(text: string): UnwritableReport | null {
  if (!SUSPECT.test(text)) return null;
  let count = 0;
  const kinds = new Set<UnwritableKind>();
  let first = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const kind = unwritableKind(cp);
    if (kind === null) continue;
    count++;
    kinds.add(kind);
    if (!first) first = codePointName(cp);
  }
  if (count === 0) return null;
  const order: UnwritableKind[] = ['control', 'surrogate', 'noncharacter', 'bidi'];
  return { count, kinds: order.filter((k) => kinds.has(k)), first };
}

/** "U+001B" */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with each character writableText would change shown as [U+XXXX] (for messages and the terminal). */
export function visibleUnwritable(text: string): string {
  if (!SUSPECT.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += unwritableKind(cp) === null ? ch : `[${codePointName(cp)}]`;
  }
  return out;
}

/** How many characters Excel counts in the text once `_xHHHH_` literals are escaped. */
function excelLength(text: string): number {
  const literals = text.match(OOXML_LITERAL)?.length ?? 0;
  return text.length + 6 * literals;
}

/** The mark at the end of a text cut at Excel's limit. */
export function truncationMark(originalLength: number): string {
  return `……（以下已截断：原文 ${originalLength} 字，超过 Excel 单元格 ${EXCEL_CELL_MAX_CHARS} 字的上限）`;
}

/**
 * A cell's text as a spreadsheet writer must store it: writableText, then cut to Excel's 32,767
 * characters (counted as Excel counts them, in UTF-16 units, the `_x005F_` escapes included) with
 * a visible mark at the end. Never splits an astral character. Idempotent.
 */
export function cellText(text: string): string {
  const safe = writableText(text);
  if (safe.length <= EXCEL_CELL_MAX_CHARS && excelLength(safe) <= EXCEL_CELL_MAX_CHARS) return safe;
  const mark = truncationMark(safe.length);
  const budget = EXCEL_CELL_MAX_CHARS - mark.length;
  const literals = new Set([...safe.matchAll(OOXML_LITERAL)].map((m) => m.index));
  let used = 0;
  let end = 0;
  while (end < safe.length) {
    const size = safe.codePointAt(end)! > 0xffff ? 2 : 1;
    const cost = size + (literals.has(end) ? 6 : 0);
    if (used + cost > budget) break;
    used += cost;
    end += size;
  }
  return safe.slice(0, end) + mark;
}

/** A `_` that SpreadsheetML would read as the start of an `_xHHHH_` escape. */
const OOXML_LITERAL = /_(?=x[0-9A-Fa-f]{4}_)/g;

/**
 * Escapes the literal `_xHHHH_` sequences of a SpreadsheetML text (`<t>`, `<v>`): every `_` that
 * starts one becomes `_x005F_`, so a reader decoding left to right (Excel, LibreOffice, exceljs,
 * xmb's reader) gets the clerk's text back.
 */
export function ooxmlEscapeLiterals(text: string): string {
  return text.includes('_x') ? text.replace(OOXML_LITERAL, '_x005F_') : text;
}

/** Character references to code points XML 1.0 forbids (`&#1;`, `&#xFFFE;`). */
const BAD_REFERENCE = /&#(x[0-9A-Fa-f]+|[0-9]+);/g;

/**
 * A serialised XML part made safe: writableText over the whole text (markup is ASCII, so only
 * character data and attribute values change), and character references to forbidden code points
 * dropped. With `spreadsheet`, inside `<t>` and `<v>` the `_xHHHH_` literals are escaped and a
 * carriage return is written `_x000D_` as Excel writes it (an XML parser turns a raw one into a
 * line feed).
 */
export function safeXmlPart(xml: string, options: { spreadsheet?: boolean } = {}): string {
  let out = writableText(xml);
  if (out.includes('&#'))
    out = out.replace(BAD_REFERENCE, (ref, num: string) => {
      const cp = num.startsWith('x') ? parseInt(num.slice(1), 16) : parseInt(num, 10);
      if (cp > 0x10ffff) return '';
      const ch = String.fromCodePoint(cp);
      return writableText(ch) === ch ? ref : writableText(ch);
    });
  if (options.spreadsheet && (out.includes('_x') || out.includes('\r')))
    out = out.replace(
      /(<(t|v)\b[^>]*>)([^<]*)(<\/\2>)/g,
      (_m, open: string, _tag, text: string, close: string) => `${open}${ooxmlEscapeLiterals(text).replace(/\r/g, '_x000D_')}${close}`,
    );
  return out;
}
