/**
 * How wide text is on the printed page, and where it breaks into lines — an estimate good enough to
 * size table columns, keep headings on one line and foresee where pages end, without the fonts.
 *
 * Model (measures in twips, 1/20 pt):
 * - A Chinese character, a full-width form and any character outside ASCII is one em (the font
 *   size) wide: CJK fonts are monospaced, and the runs of the 月报 name their East Asian font with
 *   hint eastAsia, so quotes, dashes and ellipses between Chinese text are drawn full width too.
 * - ASCII is set in Times New Roman: its Adobe metrics (digits half an em).
 * - Character spacing (w:spacing, twips) is added after every character, as Word does.
 * - Lines break anywhere between Chinese characters, but not inside a run of ASCII letters and
 *   digits; a closing mark (，。、）” …) never starts a line — it hangs in the margin, as Word's
 *   “允许标点溢出边界” and LibreOffice's hanging punctuation do — and an opening mark (（“《 …) never
 *   ends one. The documents disable the extra space Word puts between Chinese and Latin text
 *   (autoSpaceDE/DN off), so this model holds.
 */

/** Times New Roman advance widths of printable ASCII (0x20 … 0x7E), in 1/1000 em (Adobe Times-Roman AFM). */
const TIMES: readonly number[] = [
  250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, // space … /
  500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, // 0 … ?
  921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, // @ … O
  556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, // P … _
  333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, // ` … o
  500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, // p … ~
];

/** Marks that must not start a line (they hang at the end of the previous one). */
const CLOSING = new Set([...'，。、；：！？）】》〉」』”’…—·,.;:!?)]}%‰℃']);
/** Marks that must not end a line. */
const OPENING = new Set([...'（【《〈「『“‘([{']);

/** The width of one character in em (1 = the font size). */
export function charEm(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code >= 0x20 && code <= 0x7e) return TIMES[code - 0x20]! / 1000;
  if (code < 0x20) return 0;
  return 1;
}

/**
 * How readers may differ from the model (`LineOptions.metrics`), to foresee page breaks on both sides:
 * - 'wide': a stand-in font whose digits are 0.6 em wide (LibreOffice without Times New Roman; 0.55–0.64
 *   measured) and about a quarter em of extra space where Chinese meets Latin text or digits (Word's
 *   autoSpaceDE/DN, which LibreOffice 7.4 applies whatever the document says) — the most lines;
 * - 'tight': two full-width marks in a row (“）；”) in one and a half em, as a reader set to compress
 *   punctuation (压缩标点, an option in Word and WPS) sets them — the fewest. The documents ask for
 *   no compression (characterSpacingControl doNotCompress), so this is a margin, not the rule.
 */
const WIDE_ASCII_EM = 0.6;
const WIDE_GAP_EM = 0.25;
const PUNCTUATION = new Set([...'，。、；：！？（）【】《》〈〉「」『』“”‘’']);

/** Characters of a string (code points, so a rare CJK character beyond the BMP counts once). */
function chars(text: string): string[] {
  return [...text];
}

export type Metrics = 'word' | 'wide' | 'tight';

const isAscii = (ch: string | undefined) => ch !== undefined && ch >= '\u0021' && ch <= '\u007e';

/** The advance of each character of `cs` in twips, under `metrics` (see WIDE_ASCII_EM). */
function advances(cs: string[], sizePt: number, spacing: number, metrics: Metrics): number[] {
  const em = sizePt * 20;
  return cs.map((ch, i) => {
    if (metrics === 'tight' && PUNCTUATION.has(ch) && PUNCTUATION.has(cs[i + 1] ?? '')) return 0.5 * em + spacing;
    if (metrics !== 'wide' || !isAscii(ch)) return charEm(ch) * em + spacing;
    // Wide: a stand-in font's width, and a gap where Chinese text meets it (either side).
    const gaps = (i === 0 || isAscii(cs[i - 1]) ? 0 : 1) + (i === cs.length - 1 || isAscii(cs[i + 1]) ? 0 : 1);
    return Math.max(charEm(ch), WIDE_ASCII_EM) * em + gaps * WIDE_GAP_EM * em + spacing;
  });
}

/**
 * The width of `text` in twips at `sizePt` with `spacing` twips added after each character; with
 * metrics 'wide', as wide as any reader may set it (for room that must hold on every machine).
 */
export function textWidth(text: string, sizePt: number, spacing = 0, metrics: Metrics = 'word'): number {
  return advances(chars(text), sizePt, spacing, metrics).reduce((a, b) => a + b, 0);
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_.%]/.test(ch);

export interface LineOptions {
  /** Font size in points. */
  size: number;
  /** Character spacing in twips (−5 for −0.25 pt). */
  spacing?: number;
  /** The first line's indent in twips (negative for a hanging first line is not supported). */
  firstLine?: number;
  /** The indent of the lines after the first, in twips (a hanging indent). */
  hanging?: number;
  /** 'word' (the default: Word with Times New Roman), or the widest or tightest a reader may set it (see WIDE_ASCII_EM). */
  metrics?: Metrics;
}

/**
 * `text` broken into lines no wider than `width` twips (see the file's comment for the rules). An
 * empty text is one empty line; a newline in the text forces a break.
 */
export function breakLines(text: string, width: number, options: LineOptions): string[] {
  const lines: string[] = [];
  for (const part of text.split('\n')) lines.push(...breakParagraph(part, width, options));
  return lines;
}

function breakParagraph(text: string, width: number, options: LineOptions): string[] {
  const cs = chars(text);
  if (cs.length === 0) return [''];
  const widths = advances(cs, options.size, options.spacing ?? 0, options.metrics ?? 'word');
  const advanceAt = (i: number) => widths[i]!;
  const lines: string[] = [];
  let start = 0;
  while (start < cs.length) {
    const available = width - (lines.length === 0 ? (options.firstLine ?? 0) : (options.hanging ?? 0));
    let used = 0;
    let end = start;
    while (end < cs.length && used + advanceAt(end) <= available + 0.5) used += advanceAt(end++);
    if (end >= cs.length) {
      lines.push(cs.slice(start).join(''));
      break;
    }
    if (end === start) end = start + 1; // a character wider than the line: one per line
    // One closing mark hangs in the margin; otherwise step back so that no ASCII word is split, no
    // line starts with a closing mark and none ends with an opening mark.
    if (CLOSING.has(cs[end]!) && !CLOSING.has(cs[end + 1] ?? '')) end++;
    else {
      let e = end;
      while (e > start + 1 && (CLOSING.has(cs[e]!) || OPENING.has(cs[e - 1]!) || (isWordChar(cs[e]) && isWordChar(cs[e - 1])))) e--;
      end = e;
    }
    lines.push(cs.slice(start, end).join(''));
    start = end;
  }
  return lines;
}

/** Characters on a line that are not punctuation (the measure of a “lonely” last line). */
export function visibleChars(line: string): number {
  return chars(line).filter((ch) => !CLOSING.has(ch) && !OPENING.has(ch) && ch.trim() !== '').length;
}
