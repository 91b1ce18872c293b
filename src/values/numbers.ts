/**
 * Amounts in 万元. Numbers stay as they are; text is read when it is plainly a number:
 * “12,000”, “12，000”, full-width digits, spaces, the unit restated (“3000万元”, “3000万”,
 * “3000（万元）”) and 亿 (“1.2亿”, “1.2亿元” → 12000 万元). Placeholders are blank.
 *
 * Deliberately NOT read (→ invalid, the clerk writes the figure): approximations (“约500”,
 * “500左右”, “500余”), plain yuan (“3000元” — the column is 万元, so the unit is ambiguous),
 * percentages, ranges, numbers with text, and everything JS Number() reads that a clerk does not
 * write for an amount: hex/binary/octal (“0x1A”, “0b1010”, “0o7”), exponents (“1e3”), “Infinity”.
 * Negative numbers stay negative (a rule flags them).
 */
import type { CellValue } from '../reader/model.js';
import type { NormalValue } from '../table/model.js';
import { DASH_CHARS, blankOrError, cleanText, displayOf, nfkc, squeezeSpaces } from './text.js';

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const MINUS_LIKE = new RegExp(`^[${DASH_CHARS}]`);

/** Reads a number typed as text; the result is in 万元. null when the text is not plainly an amount. */
export function parseAmountText(text: string): number | null {
  let s = squeezeSpaces(nfkc(text));
  if (s === '') return null;
  // A leading minus may be any dash-like character (−, –, －).
  if (MINUS_LIKE.test(s)) s = '-' + s.slice(1);
  let factor = 1;
  // Unit restated, optionally in brackets: 3000万元, 3000万, 3000(万元), 1.2亿, 1.2亿元.
  const unit = /^(.*?)[(\[]?(万元|万|亿元|亿)[)\]]?$/.exec(s);
  if (unit) {
    s = unit[1]!;
    factor = unit[2]!.startsWith('亿') ? 10000 : 1;
  }
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s.length === 1) return null;
  }
  let value: number;
  if (PLAIN_NUMBER.test(s)) value = Number(s);
  else if (GROUPED_NUMBER.test(s)) value = Number(s.replace(/,/g, ''));
  else return null;
  if (!Number.isFinite(value)) return null;
  // Multiply by 10000 without float noise (1.2 × 10000 = 12000 exactly).
  return factor === 1 ? value : Number((value * factor).toPrecision(15));
}

export function parseAmount(raw: CellValue | undefined): NormalValue {
  const shared = blankOrError(raw);
  if (shared || !raw) return shared ?? { kind: 'blank' };
  switch (raw.type) {
    case 'number':
      return Number.isFinite(raw.number)
        ? { kind: 'number', value: raw.number, fromText: false }
        : { kind: 'invalid', text: String(raw.number) };
    case 'date':
      return { kind: 'invalid', text: raw.iso };
    case 'boolean':
      return { kind: 'invalid', text: displayOf(raw) };
    case 'string': {
      const text = cleanText(raw.text);
      const value = parseAmountText(text);
      return value === null ? { kind: 'invalid', text } : { kind: 'number', value, fromText: true };
    }
    default: // empty and error: handled by blankOrError
      return { kind: 'blank' };
  }
}
