/**
 * Number formats and date serials: which formats make a number a date, and the serial ↔ wall-clock
 * conversion in the 1900 (with Lotus's 1900-02-29 bug) and 1904 date systems.
 */

/**
 * Built-in number formats (ECMA-376 §18.8.30), with the zh-CN meaning of the locale-dependent ids
 * 27–36 and 50–58 — the Chinese date formats that a workbook saved by Chinese Excel or WPS uses
 * without writing them into styles.xml.
 */
export const BUILTIN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'yyyy/m/d',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy/m/d h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** Built-in ids that are dates or times of day. 46 ([h]:mm:ss) is a duration, so a number. */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

const dateCodeCache = new Map<string, boolean>();

/**
 * Whether a number format shows a date or time of day. For custom codes: any of y m d h s outside
 * quoted text, `\`-escapes, `_`/`*` padding and `[...]` brackets. Elapsed-time codes (`[h]`, `[mm]`,
 * `[ss]`) are durations, not dates: the number is kept.
 */
export function isDateFormat(numFmtId: number, code: string | undefined): boolean {
  if (code === undefined || (BUILTIN_FORMATS[numFmtId] !== undefined && code === BUILTIN_FORMATS[numFmtId]))
    return BUILTIN_DATE_IDS.has(numFmtId);
  const cached = dateCodeCache.get(code);
  if (cached !== undefined) return cached;
  let result: boolean;
  if (/\[(h+|m+|s+)\]/i.test(code)) result = false;
  else {
    const bare = code
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/[_*]./g, '')
      .replace(/\[[^\]]*\]/g, '')
      .replace(/general/gi, '');
    result = /[ymdhs]/i.test(bare);
  }
  if (dateCodeCache.size < 10_000) dateCodeCache.set(code, result);
  return result;
}

const DAY_MS = 86_400_000;
/** Last serial Excel shows as a date: 9999-12-31. */
const MAX_SERIAL = 2_958_465;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The wall-clock value of a date serial: "YYYY-MM-DD", plus "THH:mm:ss" when the time is not
 * midnight (rounded to the second). Undefined for negative or out-of-range serials. In the 1900
 * system serial 60 is Excel's non-existent 1900-02-29, returned as such.
 */
export function serialToIso(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial >= MAX_SERIAL + 1) return undefined;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds >= 86_400) {
    days += 1;
    seconds -= 86_400;
  }
  let date: string;
  if (date1904) date = ymd(Date.UTC(1904, 0, 1) + days * DAY_MS);
  else if (days === 60) date = '1900-02-29';
  else if (days > 60) date = ymd(Date.UTC(1899, 11, 30) + days * DAY_MS);
  else date = ymd(Date.UTC(1899, 11, 31) + days * DAY_MS);
  if (seconds === 0) return date;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${date}T${pad(h)}:${pad(m)}:${pad(s)}`;
}

function ymd(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * Reads an ISO 8601 date cell (`t="d"`) as a wall-clock value; any zone suffix is ignored, since
 * the value is what the writer saw. Returns the iso as the model writes it and its serial.
 */
export function parseIsoDate(text: string, date1904: boolean): { iso: string; serial: number } | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  let days: number;
  if (date1904) days = (ms - Date.UTC(1904, 0, 1)) / DAY_MS;
  else {
    days = (ms - Date.UTC(1899, 11, 30)) / DAY_MS;
    if (days < 61) days -= 1; // before 1900-03-01 Excel's serials are one less (no fake leap day yet)
  }
  const seconds = hour * 3600 + minute * 60 + second;
  const serial = days + seconds / 86_400;
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}` + (seconds === 0 ? '' : `T${pad(hour)}:${pad(minute)}:${pad(second)}`);
  return { iso, serial };
}

/** The format code of a style's numFmtId: custom codes first, then the built-in table. */
export function formatCode(numFmtId: number, custom: ReadonlyMap<number, string>): string | undefined {
  return custom.get(numFmtId) ?? BUILTIN_FORMATS[numFmtId];
}
