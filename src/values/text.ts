/**
 * Small text helpers shared by the value parsers: how a cell reads as text, what counts as a
 * placeholder (“—”, “/”, “无” …) and how numbers are shown without floating-point noise.
 */
import type { NormalValue } from '../table/model.js';
import type { CellValue } from '../reader/model.js';

/** The error values Excel shows in a cell. */
const ERROR_TEXTS = new Set(['#REF!', '#VALUE!', '#DIV/0!', '#N/A', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!']);

/** Dash-like characters people use for “nothing” or as a range separator. */
export const DASH_CHARS = '\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D';

const PLACEHOLDER_PATTERN = new RegExp(`^(?:[${DASH_CHARS}]+|[/\\\\]+|无|暂无|空|N/?A)$`, 'i');

/**
 * Code units that are their own NFKC form and never change when a neighbour is normalised (quick
 * check Yes, combining class 0): ASCII, the CJK Unified Ideographs, 、。〈〉《》「」『』【】 and curly
 * quotes. A text made only of these is already NFKC.
 */
function nfkcStable(code: number): boolean {
  return (
    code < 0x80 ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3001 && code <= 0x3002) ||
    (code >= 0x3008 && code <= 0x3011) ||
    code === 0x2018 ||
    code === 0x2019 ||
    code === 0x201c ||
    code === 0x201d
  );
}

/**
 * `text.normalize('NFKC')`, without the call for the texts that need none (plain ASCII and Chinese,
 * most cells): the same string either way.
 */
export function nfkc(text: string): string {
  for (let i = 0; i < text.length; i++) if (!nfkcStable(text.charCodeAt(i))) return text.normalize('NFKC');
  return text;
}

/**
 * Whether a text is NFKC-stable and holds no whitespace: normalising it and removing its
 * whitespace (or trimming it) gives it back unchanged. Most names and short cells are.
 */
export function isSqueezed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d) || !nfkcStable(code)) return false;
  }
  return true;
}

/** leadingCode's answer for a text of whitespace only. */
export const LEAD_BLANK = -1;
/** leadingCode's answer when only normalising can tell the first character. */
export const LEAD_UNKNOWN = -2;

/**
 * The first character of a text once NFKC'd and whitespace removed, as its UTF-16 code, when that
 * can be told without normalising: the first non-space code unit when it and the one after it are
 * NFKC-stable; LEAD_BLANK for a text of whitespace only; LEAD_UNKNOWN when only normalising can
 * tell. No string is made (a one-character string of a Chinese character is a new string each time).
 */
export function leadingCode(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) continue;
    if (!nfkcStable(code) || (i + 1 < text.length && !nfkcStable(text.charCodeAt(i + 1)))) return LEAD_UNKNOWN;
    return code;
  }
  return LEAD_BLANK;
}

/**
 * The first character of a text once NFKC'd and whitespace removed, when that can be told without
 * normalising (leadingCode as a string): '' for a text of whitespace only; undefined when only
 * normalising can tell.
 */
export function leadingChar(text: string): string | undefined {
  const code = leadingCode(text);
  return code === LEAD_BLANK ? '' : code === LEAD_UNKNOWN ? undefined : String.fromCharCode(code);
}

/** The codes of a string's characters, for telling a leading character (leadingCode) by a set. */
export function codesOf(chars: string): ReadonlySet<number> {
  return new Set([...chars].map((c) => c.charCodeAt(0)));
}

/** Removes every kind of whitespace, line breaks included (after NFKC, U+3000 is a plain space). */
export function squeezeSpaces(text: string): string {
  return SPACES.test(text) ? text.replace(SPACES_ALL, '') : text;
}
const SPACES = /[\s\u200B\uFEFF]/;
const SPACES_ALL = /[\s\u200B\uFEFF]+/g;

/** True for “—”, “–”, “－”, “-”, “/”, “\”, “无”, “暂无”, “空”, “N/A” (whitespace ignored). */
export function isPlaceholder(text: string): boolean {
  // Most texts start with a character no placeholder starts with: told without normalising.
  const lead = leadingCode(text);
  if (lead >= 0 && !PLACEHOLDER_LEADS.has(lead)) return false;
  const squeezed = squeezeSpaces(nfkc(text));
  return squeezed !== '' && PLACEHOLDER_PATTERN.test(squeezed);
}
/** The characters a placeholder starts with (PLACEHOLDER_PATTERN, after NFKC and without whitespace). */
const PLACEHOLDER_LEADS = codesOf(`${DASH_CHARS.replace(/\\/g, '')}/\\无暂空Nn`);

/** A number as a person reads it: no float noise (0.1 + 0.2 → “0.3”), no exponent for usual sizes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  // Most amounts (1234.56) already print with at most 12 significant digits, and rounding to 12
  // digits would give the same number back: no toPrecision round trip for them.
  const shortest = String(value);
  if (significantDigits(shortest) <= 12) return shortest;
  const rounded = Number(value.toPrecision(12));
  return String(rounded);
}

/** The significant digits of a number as String() prints it without an exponent (“-0.0150” → 3); Infinity with one. */
function significantDigits(printed: string): number {
  let digits = 0;
  let leading = true;
  for (let i = 0; i < printed.length; i++) {
    const code = printed.charCodeAt(i);
    if (code === 0x65 /* e */) return Infinity;
    if (code < 0x30 || code > 0x39) continue;
    if (leading && code === 0x30) continue;
    leading = false;
    digits++;
  }
  return digits;
}

/** Trims, turns CR/LF into LF. Keeps inner line breaks. */
export function cleanText(text: string): string {
  return (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trim();
}

/** The date part of the reader's wall-clock iso; the time is kept only when it is not midnight. */
export function displayIso(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?$/.exec(iso);
  if (!match) return iso;
  const [, day, time] = match;
  return !time || time === '00:00:00' ? day! : `${day} ${time}`;
}

/** What a person reads in the cell: trimmed text, numbers without float noise, dates as YYYY-MM-DD, booleans as 是/否. */
export function displayOf(value: CellValue | undefined): string {
  if (!value) return '';
  switch (value.type) {
    case 'empty':
      return '';
    case 'string':
      return cleanText(value.text);
    case 'number':
      return formatNumber(value.number);
    case 'date':
      return displayIso(value.iso);
    case 'boolean':
      // A clerk reads 是/否 (a checkbox or TRUE typed in Excel), never the English TRUE/FALSE.
      return value.value ? '是' : '否';
    case 'error':
      return value.error;
  }
}

/**
 * What every column type reads alike: no value, or a placeholder (—, /, 无) typed as text, is blank;
 * an error value (#REF! …), or its exact text (“#REF!” saved as a string), is an error. null: the cell holds something to read for its type.
 */
export function blankOrError(value: CellValue | undefined): NormalValue | null {
  if (!value || value.type === 'empty') return { kind: 'blank' };
  if (value.type === 'error') return { kind: 'error', error: value.error };
  if (value.type === 'string') return blankOrErrorText(cleanText(value.text));
  return null;
}

/** blankOrError of a string cell, its text already cleaned (cleanText). */
export function blankOrErrorText(text: string): NormalValue | null {
  if (text === '' || isPlaceholder(text)) return { kind: 'blank' };
  // “#REF!” written as text (a formula's string result, a writer that cannot store errors) is that error.
  if (text.charCodeAt(0) === 0x23 && ERROR_TEXTS.has(text.toUpperCase())) return { kind: 'error', error: text.toUpperCase() };
  return null;
}
