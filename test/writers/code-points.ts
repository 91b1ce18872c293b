/**
 * Every class of code point a district's text can carry, with what the writers must make of it
 * (the policy of src/writers/xml-text.ts, written out here independently), and how a file stores
 * such text the OOXML way (`_xHHHH_`), as the case in test/cases/outputs/ does.
 */

const range = (from: number, to: number, skip: number[] = []): string => {
  let s = '';
  for (let cp = from; cp <= to; cp++) if (!skip.includes(cp)) s += String.fromCodePoint(cp);
  return s;
};

export interface CodePointClass {
  name: string;
  /** The characters as a district's cell holds them. */
  chars: string;
  /** What a written workbook or document holds instead. */
  written: string;
  /** How many of them validate reports (text-invalid-character). */
  reported: number;
}

export const CLASSES: CodePointClass[] = [
  { name: 'C0 controls (U+0000–U+001F but tab, LF, VT, FF, CR)', chars: range(0x00, 0x1f, [0x09, 0x0a, 0x0b, 0x0c, 0x0d]), written: '', reported: 27 },
  { name: 'vertical tab and form feed (Word line and page breaks)', chars: '\u000b\u000c', written: '\n\n', reported: 2 },
  { name: 'tab, line feed, carriage return', chars: '\t\n\r', written: '\t\n\r', reported: 0 },
  { name: 'DEL', chars: '\u007f', written: '', reported: 1 },
  { name: 'C1 controls (U+0080–U+009F)', chars: range(0x80, 0x9f), written: '', reported: 32 },
  { name: 'lone high surrogate', chars: '\ud800', written: '\ufffd', reported: 1 },
  { name: 'lone low surrogate', chars: '\udfff', written: '\ufffd', reported: 1 },
  { name: 'a surrogate pair in the wrong order', chars: '\udc00\ud800', written: '\ufffd\ufffd', reported: 2 },
  { name: 'noncharacters U+FFFE, U+FFFF', chars: '\ufffe\uffff', written: '', reported: 2 },
  { name: 'noncharacters U+FDD0–U+FDEF', chars: range(0xfdd0, 0xfdef), written: '', reported: 32 },
  { name: 'astral noncharacters U+1FFFE, U+2FFFF, U+10FFFF', chars: '\u{1fffe}\u{2ffff}\u{10ffff}', written: '', reported: 3 },
  { name: 'bidirectional controls', chars: '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069', written: '', reported: 12 },
  { name: 'private use (BMP and planes 15–16)', chars: '\ue000\uf8ff\u{f0000}\u{10fffd}', written: '\ue000\uf8ff\u{f0000}\u{10fffd}', reported: 0 },
  { name: 'astral CJK (Ext. B, G) and 𪚥', chars: '\u{20000}\u{2a6a5}\u{30000}𪚥', written: '\u{20000}\u{2a6a5}\u{30000}𪚥', reported: 0 },
  { name: 'CJK, full-width, emoji, U+FFFD itself', chars: '项目（一期）１２３😀\ufffd', written: '项目（一期）１２３😀\ufffd', reported: 0 },
  { name: 'a literal “_x0041_” typed by a clerk', chars: '_x0041_ _x005F_x0041_', written: '_x0041_ _x005F_x0041_', reported: 0 },
];

/** Every class in one text, each between 〔 〕. */
export const ALL = CLASSES.map((c) => `〔${c.chars}〕`).join('');
/** What the writers make of ALL. */
export const ALL_WRITTEN = CLASSES.map((c) => `〔${c.written}〕`).join('');
export const ALL_REPORTED = CLASSES.reduce((n, c) => n + c.reported, 0);

/**
 * A text as Excel stores it in a `<t>` element (XML-escaped): `_` before `xHHHH_` escaped as
 * `_x005F_`, characters XML cannot hold raw (controls, carriage return, U+FFFE/U+FFFF, surrogate
 * halves) as `_xHHHH_`.
 */
export function ooxmlStored(text: string): string {
  let out = '';
  const units = text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
  for (const ch of units) {
    const cp = ch.codePointAt(0)!;
    const raw = cp === 0x09 || cp === 0x0a || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    if (raw) out += ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch;
    else out += `_x${cp.toString(16).toUpperCase().padStart(4, '0')}_`;
  }
  return out;
}
